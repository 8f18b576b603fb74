"""The reports table: one row per coalition report found, one per month of the series with none found, the change
of the running total since the previous report, and how well each report is attested. Plain HTML that sorts
by column when scripts run (assets/tables.js) and reads as a table when they do not."""

from __future__ import annotations

from markupsafe import Markup

from civcas import evidence
from civcas.context import SiteContext
from civcas.markup import number, text
from civcas.pages import figure_value, month_name, short_date
from civcas.templating import render

FIGURES = ("cum_killed", "deaths", "cum_strikes", "new_reports", "completed", "credible", "still_open")


def months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def cell(shown: str, sort: object = "") -> dict:
    """A cell: its HTML (already escaped) and the value it sorts by."""
    return {"html": Markup(shown), "sort": "" if sort is None else str(sort)}


def report_cell(row: dict) -> dict:
    month = row["data_month"]
    kind = "Periodic report" if row["statement_kind"] == "periodic-report" else "Release"
    name = month_name(month) if month else f"{kind}, {short_date(row['release_date']) or 'date not found'}"
    shown = (f'<a href="{text(row["report_id"])}.html">{text(name)}</a> '
             f'<code class="civcas-id">{text(row["report_id"])}</code>')
    return cell(shown, month or row["release_date"][:7] or "9999")


def issued(row: dict) -> str:
    """The date issued, short ("1 Dec 2016"), with its basis where it is not stated, said once."""
    shown = text(short_date(row["release_date"]))
    flag = row["release_date_basis"]
    if "release_date" in row["inferred_fields"].split():
        flag = "inferred"
    return shown + (f" <small>({text(flag)})</small>" if shown and flag not in ("", "stated") else "")


def grade_cell(grade: str, figures_found: bool) -> dict:
    if not grade:
        return cell("<em>no figures found</em>" if not figures_found else "", len(evidence.GRADES))
    return cell(f'<span class="civcas-grade" data-grade="{text(grade)}">{text(evidence.SHORT[grade])}</span>',
                evidence.GRADES.index(grade))


def rows(ctx: SiteContext) -> list[dict]:
    """Each row as {"cells": [...], "gap": whether it is a month with no report found}."""
    releases = ctx.releases.to_dict("records")
    previous_total: int | None = None
    found: dict[str, list[dict]] = {}
    for row in releases:
        key = row["data_month"] or row["release_date"][:7] or "9999"
        total = int(row["cum_killed"]) if row["cum_killed"] else None
        change = ""
        if total is not None and previous_total is not None:
            change = f"{total - previous_total:+,}" if total != previous_total else "0"
        sort_change = "" if not change else total - previous_total
        if total is not None:
            previous_total = total
        figures = [cell(figure_value(row, f), row[f]) for f in FIGURES]
        found.setdefault(key, []).append({"gap": False, "cells": [
            report_cell(row), cell(issued(row), row["release_date"]),
            figures[0], cell(text(change), sort_change), *figures[1:],
            grade_cell(row["evidence_grade"], row["figures_found"] == "true"),
            cell(number(row["source_count"]), row["source_count"]),
        ]})
    monthly = sorted(r["data_month"] for r in releases if r["data_month"])
    gaps = months_between(monthly[0], monthly[-1]) if monthly else []
    for month in gaps:
        if month not in found:
            found[month] = [{"gap": True, "cells": [
                cell(f'{text(month_name(month))} <code class="civcas-id">{month}</code>', month),
                cell("<em>no report found</em>", ""), *[cell("") for _ in range(len(FIGURES) + 1)],
                cell("", len(evidence.GRADES) + 1), cell("0", 0)]}]
    return [r for key in sorted(found) for r in found[key]]


def page(ctx: SiteContext) -> str:
    headers = ["Report (data month)", "Issued", "Killed since Aug 2014 (at least)", "Change since the previous total",
               "Deaths in its credible findings", "Strikes since Aug 2014", "New reports", "Assessments completed",
               "Found credible", "Still open", "Evidence", "Sources"]
    numeric = {2, 3, 4, 5, 6, 7, 8, 9, 11}
    return render("reports.html", headers=[{"text": h, "numeric": i in numeric} for i, h in enumerate(headers)],
                  rows=rows(ctx), grades=[(evidence.SHORT[g], evidence.LABELS[g]) for g in evidence.GRADES])
