"""The monitors' figures as a reader compares them: one row per distinct figure (a figure re-quoted by several
outlets is one row, "also reported by" the rest) and the latest figure of each monitor."""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_LABELS = {
    "estimate": "estimate", "lower-bound": "lower bound", "range": "range", "allegation-tally": "allegation tally",
    "media-tally": "media tally", "documented-tally": "documented tally", "admitted-count": "admitted count",
    "not-a-count": "not a count",
}
# The monitor's own assessment of the deaths, as opposed to a tally of another kind or a figure it relays.
OWN_ASSESSMENT = ("estimate", "lower-bound", "range", "documented-tally")
PERIOD_LABELS = {"cumulative": "whole campaign", "year": "one year", "half-year": "half a year",
                 "quarter": "one quarter", "month": "one month", "battle": "one battle", "other": "other"}


@dataclass
class FigureRow:
    """One distinct figure: the first statement of it, and every later re-quote."""

    first: dict
    requotes: list[dict] = field(default_factory=list)

    @property
    def date(self) -> str:
        return self.first["statement_date"]


def same_figure(row: dict) -> tuple | None:
    """What makes two statements the same figure; None for a statement without a figure (never merged)."""
    if not row["figure_low"]:
        return None
    return (row["monitor"], row["figure_low"], row["figure_high"], row["area"], row["period_kind"],
            row["figure_kind"], row["attributed_to"])


def chronological(row: dict) -> tuple:
    """Dated statements first, earliest first (a year or month sorts before days within it); undated last."""
    return (row["statement_date"] == "", row["statement_date"], row["count_id"])


def collapse(counts: list[dict]) -> list[FigureRow]:
    """Statements of the same figure merged into one row, headed by its earliest statement."""
    rows: dict[object, FigureRow] = {}
    for row in sorted(counts, key=chronological):
        key = same_figure(row) or ("alone", row["count_id"])
        if key in rows:
            rows[key].requotes.append(row)
        else:
            rows[key] = FigureRow(row)
    return list(rows.values())


def newest_first(rows: list[FigureRow]) -> list[FigureRow]:
    """Newest statement first, undated ones last (in the order of their identifiers)."""
    dated = sorted((r for r in rows if r.date), key=lambda r: (r.date, r.first["count_id"]), reverse=True)
    return dated + sorted((r for r in rows if not r.date), key=lambda r: r.first["count_id"])


def latest_per_monitor(rows: list[FigureRow]) -> list[FigureRow]:
    """Each monitor's latest figure, and beside it every undated one, which may be later.

    A monitor's own assessment (estimate, bound, range, documented tally) is preferred to a tally of another
    kind or a figure it relays, and a whole-campaign figure to one for a shorter span, where it has any.
    Monitors whose latest figure is their own assessment come first."""
    chosen: list[FigureRow] = []
    for monitor in sorted({r.first["monitor"] for r in rows}):
        mine = [r for r in rows if r.first["monitor"] == monitor]
        for prefer in (lambda r: r.first["figure_kind"] in OWN_ASSESSMENT, lambda r: True):
            if any(prefer(r) for r in mine):
                mine = [r for r in mine if prefer(r)]
                break
        campaign = [r for r in mine if r.first["period_kind"] == "cumulative"]
        mine = campaign or mine
        dated = [r for r in mine if r.date]
        if dated:
            chosen.append(max(dated, key=lambda r: (r.date, r.first["count_id"])))
        chosen += sorted((r for r in mine if not r.date), key=lambda r: r.first["count_id"])
    return sorted(chosen, key=lambda r: r.first["figure_kind"] not in OWN_ASSESSMENT)
