"""Corrections: every published value that a later version changed, with the reason on record.

A correction is a cell that held a value in one version and holds another (or none) in the next, or a row
that was removed. A figure found where none was known, a new column or a new row adds to the data and is not
a correction. Which documents support a release (`sources`, `source_count`) grows as sources are found and is
not listed either.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civcas.context import SiteContext
from civcas.diff import diff_package
from civcas.fields import LABELS, records
from civcas.kept import kept_object
from civcas.pages import date_text, report_ref
from civcas.snapshots import Snapshot, diffs_key
from civcas.templating import render

NOT_CORRECTIONS = {"sources", "source_count"}
REWORDED = "The reason for the value that stands was reworded; the value is unchanged."
NOTES = {"note", "reason"}  # explanations: shown as the reason of a change, not as a change of their own


@dataclass
class Correction:
    table: str
    key: str
    column: str
    before: str
    after: str
    reason: str


@dataclass
class Step:
    """From one version to the next: `after` is a release number, or '' for the data not yet released."""

    before: str
    after: str
    corrections: list[Correction] = field(default_factory=list)


def row_notes(frame: pd.DataFrame | None, key: list[str]) -> dict[str, str]:
    """Each row's note (or reason) by its key as the diff writes it; the first row of a key counts."""
    if frame is None or not {"note", "reason"} & set(frame.columns):
        return {}
    column_name = "note" if "note" in frame.columns else "reason"
    notes: dict[str, str] = {}
    for row in records(frame):
        notes.setdefault(" / ".join(str(row[k]) for k in key), str(row[column_name]))
    return notes


def reason_for(table: str, key: str, column: str, notes: Callable[[str], dict[str, str]],
               resolutions: dict[tuple[str, str], str]) -> str:
    """The resolution of that figure, or the note of the row as it now reads (`notes` gives a table's)."""
    report_id = key.split(" / ")[0]
    if (report_id, column) in resolutions and table in ("releases", "observations"):
        return resolutions[(report_id, column)]
    return notes(table).get(key, "")


def step_corrections(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame],
                     keys: dict[str, list[str]]) -> list[Correction]:
    resolutions = {}
    if "resolutions" in after:
        resolutions = {(r["report_id"], r["field"]): r["reason"] for r in records(after["resolutions"])}
    by_table: dict[str, dict[str, str]] = {}

    def notes(table: str) -> dict[str, str]:
        if table not in by_table:
            by_table[table] = row_notes(after.get(table), keys.get(table, []))
        return by_table[table]
    found = []
    for diff in diff_package(before, after, keys):
        for change in diff.changed:
            column = change["column"]
            if change["before"] == "" or column in NOT_CORRECTIONS:
                continue
            if column in NOTES and diff.table != "resolutions":
                continue
            reason = REWORDED if column == "reason" else reason_for(
                diff.table, change["key"], column, notes, resolutions)
            found.append(Correction(diff.table, change["key"], column, change["before"], change["after"], reason))
        found += [Correction(diff.table, k, "", "", "", "") for k in diff.removed]
    return found


def release_notes(changes: str) -> dict[str, str]:
    """Each version's own words in CHANGES.md: what comes before its table of row counts."""
    out = {}
    for section in re.split(r"^## ", changes, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        prose = [p.strip() for p in body.split("\n\n") if p.strip() and not p.strip().startswith(
            ("Permanent address:", "Rows per table", "- "))]
        out[heading.split(" ")[0]] = " ".join(" ".join(p.split()) for p in prose)
    return out


def steps(ctx: SiteContext) -> list[Step]:
    """Each release against the one before it, from 1.0.0 on, then the data not yet released against the
    latest release."""
    versions = list(ctx.snapshots)
    if ctx.unreleased_changes and versions:
        versions.append(Snapshot("", Path(), ctx.table_files))
    return [Step(a.version, b.version, released_step(a, b, ctx.cache) if b.version else unreleased_step(a, b))
            for a, b in zip(versions, versions[1:], strict=False)]


_RELEASED: dict[str, bytes] = {}
_UNRELEASED: dict[str, bytes] = {}


def step_key(before: Snapshot, after: Snapshot) -> str:
    return hashlib.sha256(diffs_key([before, after]).encode() + Path(__file__).read_bytes()).hexdigest()


def released_step(before: Snapshot, after: Snapshot, cache: Path | None = None) -> list[Correction]:
    """The corrections between two frozen releases, found once (kept in this process, and in `cache` if
    given): frozen releases do not change, and a live preview builds again after every edit."""
    key = step_key(before, after)
    path = cache / f"corrections-{key}.pickle" if cache else None
    return kept_object(_RELEASED, key, path,  # type: ignore[return-value]
                       lambda: step_corrections(before.tables, after.tables, after.keys()), latest_only=False)


def unreleased_step(latest: Snapshot, working: Snapshot) -> list[Correction]:
    """The corrections from the latest release to the data not yet released, found again only when the
    tables change (kept in this process: an edit of prose, or a rebuild for another address, leaves them)."""
    return kept_object(_UNRELEASED, step_key(latest, working), None,  # type: ignore[return-value]
                       lambda: step_corrections(latest.tables, working.tables, working.keys()))


def row_ref(ctx: SiteContext, table: str, key: str) -> dict | str:
    report_id, _, rest = key.partition(" / ")
    if table in ("releases", "observations", "resolutions") and report_id in ctx.release_ids:
        ref = report_ref(report_id, "")
        if table == "observations":
            return {**ref, "text": f"{ref['text']}, as {rest} gives it"}
        return ref
    if table == "monitor_counts":
        return {"href": f"monitors.html#mon-{key}", "text": key}
    return key


def page(ctx: SiteContext, changes: str = "") -> str:
    notes = release_notes(changes)
    sections = []
    for step in reversed(steps(ctx)):
        dated = {s.version: s.date for s in ctx.snapshots}
        title = (f"Release {step.after} ({date_text(dated[step.after])}), since {step.before}" if step.after
                 else f"Since release {step.before}, not yet released")
        rows = [[row_ref(ctx, c.table, c.key), c.table,
                 (LABELS.get(c.column) or c.column.replace("_", " ")) if c.column else "row removed",
                 c.before, c.after, c.reason] for c in step.corrections]
        sections.append({"title": title, "notes": notes.get(step.after, ""), "rows": rows})
    return render("corrections.html", sections=sections, first=ctx.snapshots[0].version if ctx.snapshots else "")
