"""The page of the Defense Department's annual reports: their own measure, shown apart from the coalition's."""

from __future__ import annotations

from civcas.context import SiteContext
from civcas.fields import records
from civcas.markup import number
from civcas.pages import date_text, source_ref
from civcas.templating import render

AREAS = {"iraq-and-syria": "Iraq and Syria", "iraq": "Iraq", "syria": "Syria",
         "all-operations": "All US military operations"}


def figure(value: str, qualifier: str) -> str:
    return f"{number(value)} ({qualifier.replace('-', ' ')})" if value and qualifier else number(value)


def incidents_in(row: dict) -> str:
    first, last = row["first_year"], row["last_year"]
    years = first if first == last else f"{first} to {last}" if first and last else ""
    if row["incidents"] == "in-year":
        return years
    return f"{years}, added later" if years else "earlier years (not stated), added later"


def report_rows(ctx: SiteContext) -> list[list]:
    statements = ctx.statements[ctx.statements["statement_kind"] == "annual-report"]
    rows = []
    for s in sorted(statements.to_dict("records"), key=lambda s: s["period_end"]):
        issued = date_text(s["release_date"]) or "not found"
        if s["release_date"] and s["release_date_basis"] not in ("", "stated"):
            issued += f" ({s['release_date_basis']})"
        rows.append([{"id": f"annual-{s['report_id']}", "href": f"#annual-{s['report_id']}",
                      "text": s["period_end"][:4]}, issued, [source_ref(ctx, x, "") for x in s["sources"].split()]])
    return rows


def figure_rows(ctx: SiteContext) -> list[list]:
    table = records(ctx.tables["annual_reports"])
    order = list(AREAS)
    table.sort(key=lambda r: (r["report_id"], order.index(r["area"]), r["incidents"] != "in-year", r["source_id"]))
    return [[incidents_in(r), AREAS[r["area"]], figure(r["killed"], r["killed_qualifier"]),
             figure(r["injured"], r["injured_qualifier"]),
             {"href": f"#annual-{r['report_id']}", "text": f"Report on {r['report_id'].rsplit('-', 1)[-1]}"},
             source_ref(ctx, r["source_id"], ""), r["note"]] for r in table]


def annual_page(ctx: SiteContext) -> str:
    return render("annual.html", reports=report_rows(ctx), figures=figure_rows(ctx))
