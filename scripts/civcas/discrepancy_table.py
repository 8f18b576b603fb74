"""Where sources disagree, sorted by what the disagreement can change: the headline total first, date
precision apart."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civcas.fields import CUMULATIVE, DATE_FIGURES, records

KINDS = {
    "headline": "Disputes over the headline total (civilians assessed killed since August 2014)",
    "total": "Disputes over another running total",
    "figure": "Disputes over a figure of the month",
    "single": "One stated value, set aside or kept by a resolution",
    "precision": "Dates that differ only in precision (a month against a day in it)",
}
TOTAL_AFFECTED = {
    "cum_killed": "yes: the headline total",
    "cum_strikes": "a running total (strikes)",
    "cum_engagements": "a running total (engagements)",
    "cum_reports": "a running total (reports received)",
    "cum_credible": "a running total (reports found credible)",
}


@dataclass(frozen=True)
class Dispute:
    report_id: str
    field: str
    values: list[dict]  # each: value, sources, stands
    kind: str

    @property
    def standing(self) -> str:
        return next((v["value"] for v in self.values if v["stands"]), "")


def kind_of(field: str, values: list[dict]) -> str:
    distinct = {v["value"] for v in values}
    longest = max(distinct, key=len)
    if field in DATE_FIGURES and len(distinct) > 1 and all(longest.startswith(v) for v in distinct):
        return "precision"
    if len(distinct) == 1:
        return "single"
    if field == "cum_killed":
        return "headline"
    return "total" if field in CUMULATIVE else "figure"


def disputes(conflicts: pd.DataFrame) -> list[Dispute]:
    """One entry per (report, figure), in the order of KINDS, then by report and figure."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in records(conflicts):
        grouped.setdefault((row["report_id"], row["field"]), []).append(
            {"value": row["value"], "sources": row["sources"], "stands": row["stands"]})
    out = [Dispute(report_id, field, values, kind_of(field, values))
           for (report_id, field), values in sorted(grouped.items())]
    order = list(KINDS)
    return sorted(out, key=lambda d: (order.index(d.kind), d.report_id, d.field))
