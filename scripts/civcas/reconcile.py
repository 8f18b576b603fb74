"""One value per figure per official statement, with the sources that support it."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from civcas.fields import (
    DATE_FIGURES,
    FIGURES,
    ISO_DATE,
    MONTHLY_ID,
    QUALIFIER_RANK,
    QUALIFIERS,
    RELEASE_KINDS,
    records,
    spreadsheet_row,
)
from civcas.problems import Problem

Row = dict[str, str]


@dataclass
class Reconciled:
    """The reconciled statements, every disagreement between sources, and what went wrong."""

    statements: pd.DataFrame
    conflicts: pd.DataFrame
    support: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _releases: tuple[pd.DataFrame, pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    @property
    def releases(self) -> pd.DataFrame:
        """The official releases among the statements: selected once for the statements as they are (pages
        read them dozens of times a build; nothing changes the frame in place)."""
        if self._releases is None or self._releases[0] is not self.statements:
            kept = self.statements[self.statements["statement_kind"].isin(RELEASE_KINDS)]
            self._releases = (self.statements, kept.reset_index(drop=True))
        return self._releases[1]


def candidate_rows(rows: list[Row], figure: str) -> list[Row]:
    """Rows that state the figure; for strikes, exact counts outrank bounds and round figures."""
    stated = [r for r in rows if r[figure]]
    if figure == "cum_strikes":
        exact = [r for r in stated if r["cum_strikes_qualifier"] in ("exact", "")]
        if exact:
            return exact
    return stated


def value_type_problem(figure: str, value: str) -> str | None:
    """Why a resolution's value cannot be a value of the figure it resolves (empty means: take none)."""
    if not value:
        return None
    if figure in DATE_FIGURES:
        if not ISO_DATE.match(value) or not valid_date(value):
            return f"'{value}' is not a date written YYYY-MM-DD or YYYY-MM"
        return None
    if not value.isascii() or not value.isdigit():
        return f"'{value}' is not a whole number written in the digits 0-9"
    return None


def valid_date(value: str) -> bool:
    try:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        return False
    return True


def value_order(value: str) -> tuple[int, str]:
    """Numbers by size, dates by date: both are right-aligned once the lengths match."""
    return len(value), value


def strongest(values: list[str]) -> str:
    present = [v for v in values if v in QUALIFIER_RANK]
    return min(present, key=QUALIFIER_RANK.index) if present else ""


def sort_key(row: dict) -> tuple[str, str]:
    """Monthly reports by data month, other releases by the month they were issued; on a tie, the earlier issue."""
    return row["data_month"] or row["release_date"][:7] or "9999", row["release_date"] or "9999"


class _Reconciler:
    def __init__(self, resolutions: pd.DataFrame, obs_path: str, res_path: str):
        self.resolutions = {(r["report_id"], r["field"]): (i, r) for i, r in enumerate(records(resolutions))}
        self.used_resolutions: set[tuple[str, str]] = set()
        self.obs_path, self.res_path = obs_path, res_path
        self.problems: list[Problem] = []
        self.conflicts: list[dict] = []
        self.support: dict[tuple[str, str], list[str]] = {}

    def figure(self, report_id: str, rows: list[Row], figure: str) -> tuple[str, str, list[str]]:
        candidates = candidate_rows(rows, figure)
        values = sorted({r[figure] for r in candidates}, key=value_order)
        stated = {r[figure] for r in rows} - {""}
        key = (report_id, figure)
        chosen = values[0] if len(values) == 1 else ""
        if key in self.resolutions:
            self.used_resolutions.add(key)
            index, resolution = self.resolutions[key]
            chosen = resolution["value"]
            wrong = value_type_problem(figure, chosen)
            if not wrong and chosen and chosen not in stated:
                wrong = (f"'{chosen}' is not a value any source states "
                         f"({', '.join(sorted(stated, key=value_order)) or 'nothing'})")
            if wrong:
                self.problems.append(Problem(self.res_path, spreadsheet_row(index), "value",
                                             f"report {report_id}, {figure}: {wrong}", "resolution"))
                chosen = ""
        elif len(values) > 1:
            said = "; ".join(f"{v} ({', '.join(r['source_id'] for r in candidates if r[figure] == v)})"
                             for v in values)
            self.problems.append(Problem(
                self.obs_path, spreadsheet_row(candidates[0]["_index"]), figure,
                f"report {report_id}: sources disagree: {said}; add a resolution to resolutions.csv",
                "unresolved-conflict"))
        if len(stated) > 1 or key in self.resolutions:
            self.record_conflict(report_id, rows, figure, chosen, key in self.resolutions)
        supporting = [r for r in rows if chosen and r[figure] == chosen]
        sources = sorted(r["source_id"] for r in supporting)
        if chosen:
            self.support[key] = sources
        qualifier = QUALIFIERS.get(figure)
        return chosen, strongest([r[qualifier] for r in supporting]) if qualifier else "", sources

    def record_conflict(self, report_id: str, rows: list[Row], figure: str, chosen: str, resolved: bool) -> None:
        for value in sorted({r[figure] for r in rows} - {""}, key=value_order):
            self.conflicts.append({
                "report_id": report_id, "field": figure, "value": value,
                "sources": " ".join(sorted(r["source_id"] for r in rows if r[figure] == value)),
                "stands": value == chosen, "resolved": resolved,
            })

    def statement(self, report_id: str, rows: list[Row]) -> dict:
        kind = rows[0]["statement_kind"]
        monthly = kind == "monthly-report" and re.match(MONTHLY_ID, report_id) is not None
        out: dict = {"report_id": report_id, "statement_kind": kind, "data_month": report_id if monthly else ""}
        all_sources: set[str] = set()
        inferred: set[str] = set()
        for figure in FIGURES:
            value, qualifier, sources = self.figure(report_id, rows, figure)
            out[figure] = value
            if figure in QUALIFIERS:
                out[QUALIFIERS[figure]] = qualifier
            all_sources.update(sources)
            # Inferred only when no supporting source states the figure directly.
            if sources and all(figure in r["inferred_fields"].split() for r in rows if r["source_id"] in sources):
                inferred.add(figure)
        out["period_start"] = min((r["period_start"] for r in rows if r["period_start"]), default="")
        out["figures_found"] = "true" if any(r["figures_found"] == "true" for r in rows) else "false"
        out["inferred_fields"] = " ".join(f for f in FIGURES if f in inferred)
        out["resolved_fields"] = " ".join(f for f in FIGURES if (report_id, f) in self.resolutions)
        out["sources"] = " ".join(sorted(all_sources))
        out["source_count"] = len(all_sources)
        return out

    def unused_resolutions(self) -> None:
        for key, (index, _) in self.resolutions.items():
            if key not in self.used_resolutions:
                self.problems.append(Problem(
                    self.res_path, spreadsheet_row(index), "report_id",
                    f"resolution of {key[1]} for report '{key[0]}', which is not a report of {self.obs_path}",
                    "resolution"))


COLUMNS = list(dict.fromkeys([
    "report_id", "statement_kind", "data_month", "release_date", "release_date_basis", "period_start", "period_end",
    "period_end_basis", "cum_killed", "cum_strikes", "cum_strikes_qualifier", *FIGURES[3:],
    "inferred_fields", "figures_found", "resolved_fields", "sources", "source_count"]))


def reconcile(observations: pd.DataFrame, resolutions: pd.DataFrame, obs_path: str = "observations.csv",
              res_path: str = "resolutions.csv") -> Reconciled:
    worker = _Reconciler(resolutions, obs_path, res_path)
    by_report: dict[str, list[Row]] = defaultdict(list)
    for index, row in enumerate(records(observations)):
        by_report[row["report_id"]].append({**row, "_index": index})
    rows = [worker.statement(report_id, by_report[report_id]) for report_id in sorted(by_report)]
    worker.unused_resolutions()
    rows.sort(key=sort_key)
    conflicts = pd.DataFrame(worker.conflicts, columns=["report_id", "field", "value", "sources", "stands", "resolved"])
    return Reconciled(pd.DataFrame(rows, columns=COLUMNS), conflicts, worker.support, worker.problems)
