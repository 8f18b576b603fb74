"""The consistency findings as a table: one row per finding, in plain columns, in the order of the reports.

`finding_rows(ctx)` is what the consistency page shows and what a download of the findings writes."""

from __future__ import annotations

from dataclasses import dataclass

from civcas.context import SiteContext
from civcas.fields import RELEASE_KINDS
from civcas.pages import report_label, source_label


@dataclass(frozen=True)
class Check:
    name: str  # the check in plain words
    rule: str  # what should hold
    figures: tuple[str, ...]  # the report's figures it compares: their sources' notes may explain a gap
    arithmetic: bool = True  # False: the report's own figures set against the allegations it lists


CHECKS = {
    "total-grows-by-deaths": Check(
        "Running total against the month's deaths",
        "the running total should rise by the deaths in the report's credible findings", ("cum_killed", "deaths")),
    "assessments-add-up": Check(
        "Assessments completed against their verdicts",
        "credible + not credible + duplicates should equal the assessments completed",
        ("credible", "non_credible", "duplicates", "completed")),
    "open-reports-balance": Check(
        "Reports still open",
        "reports carried over + new reports - assessments completed should equal the reports still open",
        ("carried_over", "new_reports", "completed", "still_open")),
    "carried-over-matches": Check(
        "Reports carried over from the month before",
        "the reports carried into a month should equal those open at the end of the month before",
        ("carried_over",)),
    "allegations-listed": Check(
        "Allegations listed against assessments completed",
        "the allegations listed for the report should number its completed assessments", (), arithmetic=False),
    "allegation-deaths": Check(
        "Deaths in the listed credible allegations",
        "the deaths in the credible allegations listed should equal the deaths the report gives", (),
        arithmetic=False),
}
COLUMNS = ("report_id", "report", "release_date", "check", "check_name", "rule", "expected", "stated", "gap",
           "finding", "explanation", "explanation_sources")


def check_of(check_id: str) -> Check:
    """A check unknown here still gets a row, named by its identifier."""
    return CHECKS.get(check_id, Check(check_id, "", ()))


def explaining_notes(ctx: SiteContext, report_id: str, check: Check) -> list[tuple[str, str]]:
    """(source, note) for each source of the report that states a figure the check compares and carries an
    editors' note: where a known explanation of a gap is recorded, it is there."""
    if not check.arithmetic:
        return []
    return [(obs["source_id"], obs["note"]) for obs in ctx.observation_rows_by_report.get(report_id, [])
            if obs["note"] and any(obs.get(name) for name in check.figures)]


def finding_rows(ctx: SiteContext) -> list[dict]:
    """Every finding, the reports in the order of the series (by the period they cover, then issue date),
    the arithmetic of a report before its allegations. Plain values: text, whole numbers or None."""
    releases = ctx.releases
    order = {report_id: i for i, report_id in enumerate(releases["report_id"])}
    issued = dict(zip(releases["report_id"], releases["release_date"], strict=True))
    rows = []
    for finding in ctx.report.findings:
        check = check_of(finding.check)
        gap = None if finding.expected is None or finding.stated is None else finding.stated - finding.expected
        notes = explaining_notes(ctx, finding.report_id, check)
        rows.append({
            "report_id": finding.report_id, "report": report_label(finding.report_id),
            "release_date": issued.get(finding.report_id, ""), "check": finding.check, "check_name": check.name,
            "rule": check.rule, "expected": finding.expected, "stated": finding.stated, "gap": gap,
            "finding": finding.message,
            "explanation": " | ".join(f"{source_label(ctx.sources[s])}: {note}" for s, note in notes),
            "explanation_sources": " ".join(s for s, _ in notes),
        })
    check_order = list(CHECKS)
    rows.sort(key=lambda r: (order.get(r["report_id"], len(order)),
                             check_order.index(r["check"]) if r["check"] in check_order else len(check_order)))
    return rows


def releases_without_finding(ctx: SiteContext) -> list[str]:
    """Official releases none of whose checks found a gap, in the order of the series."""
    found = {f.report_id for f in ctx.report.findings if check_of(f.check).arithmetic}
    kinds = ctx.releases[ctx.releases["statement_kind"].isin(RELEASE_KINDS)]
    return [r for r in kinds["report_id"] if r not in found]
