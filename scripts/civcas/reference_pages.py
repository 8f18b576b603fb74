"""Generated reference pages: monitors, sources, discrepancies, consistency, other statements,
data dictionary, downloads and charts."""

from __future__ import annotations

import json

from markupsafe import Markup

from civcas import discrepancy_table, evidence, findings_table, monitor_table
from civcas.context import SiteContext
from civcas.downloads import FINDINGS, FINDINGS_HOLDS, TABLES, releases_schema
from civcas.fields import LABELS, RELEASE_KINDS, records
from civcas.markup import files_table, number, text
from civcas.pages import date_text, figure_bundle, figure_value, report_ref, short_date, source_label, source_ref
from civcas.templating import render


def anchor(prefix: str, key: str, label: str) -> dict:
    """A row's own address: the first cell links to the row, so a reader can copy it."""
    return {"href": f"#{prefix}-{key}", "id": f"{prefix}-{key}", "text": label}


def monitor_figure(count: dict) -> Markup:
    figure = number(count["figure_low"]) + (f"–{number(count['figure_high'])}" if count["figure_high"] else "")
    if not figure:
        return Markup("<em>no count</em>")
    if count["qualifier"] not in ("range", "count", "estimate"):
        figure += f" <small>({text(count['qualifier'].replace('-', ' '))})</small>"
    return Markup(figure)


def statement_when(count: dict) -> str:
    when = short_date(count["statement_date"]) or "undated"
    basis = count["statement_date_basis"]
    return f"{when} ({basis})" if count["statement_date"] and basis in ("approximate", "inferred") else when


def monitor_row(ctx: SiteContext, row: monitor_table.FigureRow, anchored: bool) -> dict:
    """A figure as the monitors page shows it, with the values its filters and sorting read."""
    c = row.first
    start, end = short_date(c["period_start"]), short_date(c["period_end"])
    period = f"{start} to {end}" if start and end else f"from {start}" if start else f"to {end}" if end else ""
    span = monitor_table.PERIOD_LABELS[c["period_kind"]]
    return {
        "id": f"mon-{c['count_id']}" if anchored else "",
        "monitor": c["monitor"], "figure": monitor_figure(c), "figure_sort": c["figure_low"] or "-1",
        "kind": c["figure_kind"], "kind_label": monitor_table.KIND_LABELS[c["figure_kind"]],
        "area": c["area"], "period_kind": c["period_kind"], "period_label": span,
        "period": f"{span}, {period}" if period else span,
        "date": statement_when(c), "date_sort": c["statement_date"], "measure": c["measure"],
        "source": source_ref(ctx, c["source_id"], ""),
        "also": [dict(source_ref(ctx, r["source_id"], ""), when=short_date(r["statement_date"]) or "undated",
                      id=f"mon-{r['count_id']}" if anchored else "") for r in row.requotes],
        "note": " ".join(r["note"] for r in [c, *row.requotes] if r["note"]),
    }


def monitors(ctx: SiteContext) -> str:
    figures = monitor_table.collapse(records(ctx.tables["monitor_counts"]))
    rows = [monitor_row(ctx, r, True) for r in monitor_table.newest_first(figures)]
    latest = [monitor_row(ctx, r, False) for r in monitor_table.latest_per_monitor(figures)]
    filters = [{"name": name, "label": label, "options": sorted({(r[name], r[shown]) for r in rows})}
               for name, shown, label in (("monitor", "monitor", "Monitor"), ("area", "area", "Area"),
                                          ("period_kind", "period_label", "Period"),
                                          ("kind", "kind_label", "Kind of figure"))]
    return render("monitors.html", rows=rows, latest=latest, filters=filters,
                  monitors=sorted({r["monitor"] for r in rows}, key=str.casefold),
                  statements=len(ctx.tables["monitor_counts"]))


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
    for obs in records(ctx.tables["observations"]):
        supports.setdefault(obs["source_id"], []).append(statement_ref(ctx, obs["report_id"]))
    for c in records(ctx.tables["monitor_counts"]):
        label = f"{c['monitor']}, {short_date(c['statement_date'])}"
        supports.setdefault(c["source_id"], []).append({"href": f"monitors.html#mon-{c['count_id']}", "text": label})
    rows = []
    for s in records(ctx.tables["sources"].sort_values("source_id")):
        title = {"href": s["url"], "text": s["title"], "external": True} if s["url"].startswith(
            ("http://", "https://")) else s["title"]
        rows.append([anchor("src", s["source_id"], source_label(s)), title, s["kind"],
                     f"{evidence.SHORT[s['evidence']]} ({s['reported_by']})", s["language"],
                     supports.get(s["source_id"], []), s["note"]])
    return render("sources.html", rows=rows)


def discrepancies(ctx: SiteContext) -> str:
    groups = discrepancy_table.disputes(ctx.conflicts)
    items, summary = [], {kind: [] for kind in discrepancy_table.KINDS}
    for d in groups:
        ref = statement_ref(ctx, d.report_id)
        anchor_id = f"d-{d.report_id}-{d.field}".replace("_", "-")
        rows = [[Markup(figure_value({d.field: v["value"]}, d.field)),
                 [source_ref(ctx, s, "") for s in v["sources"].split()],
                 "stands" if v["stands"] else "set aside"] for v in d.values]
        items.append({"report": ref, "field": LABELS[d.field], "rows": rows, "id": anchor_id,
                      "reason": ctx.reason(d.report_id, d.field)})
        values = "; ".join(f"{figure_value({d.field: v['value']}, d.field)} ({len(v['sources'].split())} "
                           f"source{'s' if len(v['sources'].split()) > 1 else ''})" for v in d.values)
        summary[d.kind].append([ref, {"href": f"#{anchor_id}", "text": LABELS[d.field]}, Markup(values),
                                Markup(figure_value({d.field: d.standing}, d.field)) if d.standing
                                else "none (set aside)",
                                discrepancy_table.TOTAL_AFFECTED.get(d.field, "no")])
    return render("discrepancies.html", items=items, summary=summary, kinds=discrepancy_table.KINDS)


def signed(value: int | None) -> str:
    return "" if value is None else f"{value:+,}".replace("-", "−")


def consistency(ctx: SiteContext) -> str:
    rows = findings_table.finding_rows(ctx)
    shown = {"arithmetic": [], "allegations": []}
    for r in rows:
        check = findings_table.check_of(r["check"])
        notes = [{**source_ref(ctx, s, ""), "note": note}
                 for s, note in findings_table.explaining_notes(ctx, r["report_id"], check)]
        shown["arithmetic" if check.arithmetic else "allegations"].append({
            "report": statement_ref(ctx, r["report_id"]), "issued": short_date(r["release_date"]),
            "check": r["check_name"], "rule": r["rule"], "expected": number(r["expected"]),
            "stated": number(r["stated"]), "gap": signed(r["gap"]), "notes": notes,
            "coverage": "" if check.arithmetic else ctx.coverage_by_report.get(r["report_id"], {}).get("coverage", "")})
    clean = [statement_ref(ctx, r) for r in findings_table.releases_without_finding(ctx)]
    return render("consistency.html", arithmetic=shown["arithmetic"], allegations=shown["allegations"],
                  checks=list(findings_table.CHECKS.values()), clean=clean)


def other_statements(ctx: SiteContext) -> str:
    others = ctx.statements[~ctx.statements["statement_kind"].isin(RELEASE_KINDS)]
    rows = []
    for s in records(others):
        for i, o in enumerate(ctx.observation_rows_by_report.get(s["report_id"], [])):
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
