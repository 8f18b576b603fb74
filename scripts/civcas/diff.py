"""What changed between two versions of the published tables: rows added, removed and changed, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from civcas.fields import records


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[dict[str, str]] = field(default_factory=list)  # key, column, before, after

    @property
    def changed_rows(self) -> list[str]:
        return sorted({c["key"] for c in self.changed})

    def summary(self) -> str:
        return (f"{self.table}: {len(self.added)} added, {len(self.removed)} removed, "
                f"{len(self.changed_rows)} changed")


def row_key(row: dict, key: list[str]) -> str:
    return " / ".join(row[k] for k in key)


def diff_table(name: str, before: pd.DataFrame | None, after: pd.DataFrame, key: list[str]) -> TableDiff:
    """Rows are matched by primary key; a column added or dropped shows as changed cells."""
    if before is not None and before.equals(after):  # most tables of a release and the next are the same
        return TableDiff(name, added=[], removed=[])
    old = {row_key(r, key): r for r in (records(before) if before is not None else [])}
    new = {row_key(r, key): r for r in records(after)}
    result = TableDiff(name, added=sorted(new.keys() - old.keys()), removed=sorted(old.keys() - new.keys()))
    for k in sorted(new.keys() & old.keys()):
        if new[k] == old[k]:
            continue
        columns = list(dict.fromkeys([*new[k], *old[k]]))
        for column in columns:
            was, now = old[k].get(column, ""), new[k].get(column, "")
            if was != now:
                result.changed.append({"key": k, "column": column, "before": was, "after": now})
    return result


# Comparisons made in this process, by the two frames compared (held here, so their ids stay theirs): the
# tables of releases are parsed once a process (snapshots.parsed), so an edit that leaves a table as it was
# gives the same frames, and a live preview compares the working tables with the latest release after every edit.
_COMPARED: dict[tuple, tuple[pd.DataFrame | None, pd.DataFrame, TableDiff]] = {}


def diff_package(before: dict[str, pd.DataFrame] | None, after: dict[str, pd.DataFrame],
                 keys: dict[str, list[str]]) -> list[TableDiff]:
    return [compared(name, (before or {}).get(name), after[name], keys[name]) for name in after]


def compared(name: str, before: pd.DataFrame | None, after: pd.DataFrame, key: list[str]) -> TableDiff:
    """`diff_table`, kept for the frames it compared. Frames compared here are read, never changed."""
    ids = (name, id(before), id(after), tuple(key))
    if ids not in _COMPARED:
        if len(_COMPARED) > 64:
            _COMPARED.clear()
        _COMPARED[ids] = (before, after, diff_table(name, before, after, key))
    return _COMPARED[ids][2]


def summary(diffs: list[TableDiff]) -> str:
    return "; ".join(d.summary() for d in diffs)
