"""Generated reference pages: monitors, sources, discrepancies, consistency, other statements,
data dictionary, downloads and charts."""

from __future__ import annotations

import json

from markupsafe import Markup

from civcas.context import SiteContext
from civcas.downloads import FINDINGS, FINDINGS_HOLDS, TABLES, releases_schema
from civcas.fields import LABELS, RELEASE_KINDS
from civcas.markup import files_table, number, text
from civcas.pages import date_text, figure_bundle, figure_value, report_ref, short_date, source_label, source_ref
from civcas.templating import render


def anchor(prefix: str, key: str, label: str) -> dict:
    """A row's own address: the first cell links to the row, so a reader can copy it."""
    return {"href": f"#{prefix}-{key}", "id": f"{prefix}-{key}", "text": label}


def monitors(ctx: SiteContext) -> str:
    counts = ctx.tables["monitor_counts"].sort_values(["monitor", "statement_date", "count_id"])
    rows = []
    for c in counts.to_dict("records"):
        figure = number(c["figure_low"]) + (f"–{number(c['figure_high'])}" if c["figure_high"] else "")
        rows.append([anchor("mon", c["count_id"], c["monitor"]), figure or Markup("<em>no count</em>"),
                     c["qualifier"], c["area"],
                     " to ".join(p for p in (c["period_start"], c["period_end"]) if p) or c["period_kind"],
                     date_text(c["statement_date"]), c["measure"], c["attributed_to"],
                     source_ref(ctx, c["source_id"], ""), c["note"]])
    return render("monitors.html", rows=rows)


def statement_ref(ctx: SiteContext, report_id: str) -> dict:
    """A link to an official statement: its own page for a release, its row among the annual reports or the
    other statements."""
    if report_id in ctx.release_ids:
        return report_ref(report_id, "")
    if report_id in ctx.annual_ids:
        return {"href": f"annual-reports.html#annual-{report_id}",
                "text": f"Defense Department annual report on {report_id.rsplit('-', 1)[-1]}"}
    return {"href": f"other-statements.html#stmt-{report_id}", "text": report_id}


def sources(ctx: SiteContext) -> str:
    supports: dict[str, list[dict]] = {}
    for obs in ctx.tables["observations"].to_dict("records"):
        supports.setdefault(obs["source_id"], []).append(statement_ref(ctx, obs["report_id"]))
    for c in ctx.tables["monitor_counts"].to_dict("records"):
        label = f"{c['monitor']}, {short_date(c['statement_date'])}"
        supports.setdefault(c["source_id"], []).append({"href": f"monitors.html#mon-{c['count_id']}", "text": label})
    rows = []
    for s in ctx.tables["sources"].sort_values("source_id").to_dict("records"):
        title = {"href": s["url"], "text": s["title"], "external": True} if s["url"].startswith(
            ("http://", "https://")) else s["title"]
        rows.append([anchor("src", s["source_id"], source_label(s)), title, s["kind"], s["language"],
                     supports.get(s["source_id"], []), s["note"]])
    return render("sources.html", rows=rows)


def discrepancies(ctx: SiteContext) -> str:
    items = []
    for (report_id, field_name), group in ctx.conflicts.groupby(["report_id", "field"], sort=True):
        rows = [[Markup(figure_value({field_name: g["value"]}, field_name)),
                 [source_ref(ctx, s, "") for s in g["sources"].split()],
                 "stands" if g["stands"] else "set aside"] for g in group.to_dict("records")]
        items.append({"report": statement_ref(ctx, report_id), "field": LABELS[field_name], "rows": rows,
                      "reason": ctx.reason(report_id, field_name)})
    return render("discrepancies.html", items=items)


def consistency(ctx: SiteContext) -> str:
    rows = [[report_ref(f.report_id, ""), f.check, f.message] for f in ctx.report.findings]
    return render("consistency.html", rows=rows)


def other_statements(ctx: SiteContext) -> str:
    others = ctx.statements[~ctx.statements["statement_kind"].isin(RELEASE_KINDS)]
    obs = ctx.tables["observations"]
    rows = []
    for s in others.to_dict("records"):
        for i, o in enumerate(obs[obs["report_id"] == s["report_id"]].to_dict("records")):
            first = anchor("stmt", s["report_id"], s["report_id"]) if i == 0 else s["report_id"]
            rows.append([first, s["statement_kind"], number(o["cum_killed"]), date_text(o["release_date"]),
                         source_ref(ctx, o["source_id"], ""), o["note"]])
    return render("statements.html", rows=rows)


def schema_rows(schema: dict) -> list[list]:
    rows = []
    for f in schema["fields"]:
        constraints = "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                                for k, v in f.get("constraints", {}).items())
        rows.append([Markup(f"<code>{text(f['name'])}</code>"), f["type"], f.get("description", ""), constraints])
    return rows


def data_dictionary(ctx: SiteContext) -> str:
    descriptor = ctx.report.package.descriptor
    schemas = {r["name"]: (r.get("title", r["name"]), r.get("description", ""), r["schema"])
               for r in descriptor["resources"]}
    schemas["releases"] = ("Official releases, reconciled", "Derived by the build from observations and "
                           "resolutions: one row per release.", releases_schema(descriptor))
    tables = []
    for name in TABLES:
        title, description, schema = schemas[name]
        tables.append({"name": name, "title": title, "description": description,
                       "key": ", ".join(schema.get("primaryKey", [])), "rows": schema_rows(schema)})
    return render("dictionary.html", tables=tables)


def size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1024)):,} KB"


def download_row(name: str, title: str, holds: str, count: str) -> list:
    files = [{"href": f"data/{name}.csv", "text": f"{name}.csv"}, {"href": f"data/{name}.json", "text": "JSON"}]
    return [files, Markup(f"<strong>{text(title)}</strong>. {text(holds)}"), count]


def download_rows(ctx: SiteContext) -> list[list]:
    """One row per table, the time series first: its files, what it holds, how many rows."""
    described = {r["name"]: r for r in json.loads(ctx.downloads["datapackage.json"])["resources"]}
    rows = []
    for name in TABLES:
        resource = described[name]
        count = len(ctx.tables[name]) if name in ctx.tables else len(ctx.releases)
        rows.append(download_row(name, resource.get("title", name), resource.get("description", ""), f"{count:,}"))
    rows.append(download_row(FINDINGS, "Findings", FINDINGS_HOLDS, f"{len(ctx.report.findings):,}"))
    rows.append([{"href": "data/datapackage.json", "text": "datapackage.json"},
                 Markup("<strong>Descriptor</strong>. Every table's columns, types and constraints, with each "
                        "file's size and hash."), ""])
    return rows


def downloads(ctx: SiteContext) -> str:
    archive, workbook = f"civcas-{ctx.version}.zip", f"civcas-{ctx.version}.xlsx"
    return render("downloads.html", version=ctx.version, rows=download_rows(ctx),
                  zip={"href": f"data/{archive}", "size": size(ctx.downloads[archive])},
                  xlsx={"href": f"data/{workbook}", "size": size(ctx.downloads[workbook])},
                  files=Markup(files_table(ctx.downloads, "data/")))


def charts_page(ctx: SiteContext) -> str:
    return render("charts.html", figures=[Markup(figure_bundle(ctx, f, "", first=i == 0))
                                          for i, f in enumerate(ctx.figures)])
