"""Generated reference pages: monitors, sources, discrepancies, consistency, other statements,
data dictionary, downloads and charts."""

from __future__ import annotations

from civcas.context import SiteContext
from civcas.downloads import TABLES, releases_schema
from civcas.fields import LABELS, RELEASE_KINDS
from civcas.markup import block, external, files_table, link, number, table, text
from civcas.pages import date_text, figure_bundle, figure_value, report_link, source_link


def monitors(ctx: SiteContext) -> str:
    counts = ctx.tables["monitor_counts"].sort_values(["monitor", "statement_date", "count_id"])
    rows = []
    for c in counts.to_dict("records"):
        figure = number(c["figure_low"]) + (f"–{number(c['figure_high'])}" if c["figure_high"] else "")
        rows.append([f'<span id="mon-{text(c["count_id"])}">{text(c["monitor"])}</span>',
                     figure or "<em>no count</em>", text(c["qualifier"]), text(c["area"]),
                     text(" to ".join(p for p in (c["period_start"], c["period_end"]) if p)) or text(c["period_kind"]),
                     text(date_text(c["statement_date"])), text(c["measure"]), text(c["attributed_to"]),
                     source_link(c["source_id"], ""), text(c["note"])])
    return "\n".join([
        "# Independent monitors' counts", "",
        "Each row is one figure published by a monitoring group, an investigation or another body outside the "
        "coalition. The column *What is counted* says exactly what the figure measures: the area, the period, "
        "whose actions, and whether deaths are judged likely or only alleged. These figures are not comparable "
        "one to one with the coalition's assessments, or with each other, and none is ever added to another.",
        block(table(["Monitor", "Figure", "How stated", "Area", "Period", "Stated", "What is counted",
                     "Attributed to", "Source", "Note"], rows, cls="civcas-wide")),
    ])


def sources(ctx: SiteContext) -> str:
    supports: dict[str, list[str]] = {}
    releases = set(ctx.releases["report_id"])
    for obs in ctx.tables["observations"].to_dict("records"):
        report_id = obs["report_id"]
        target = report_link(report_id, "") if report_id in releases else \
            link(f"other-statements.html#stmt-{report_id}", report_id)
        supports.setdefault(obs["source_id"], []).append(target)
    for c in ctx.tables["monitor_counts"].to_dict("records"):
        supports.setdefault(c["source_id"], []).append(link(f"monitors.html#mon-{c['count_id']}", c["count_id"]))
    rows = []
    for s in ctx.tables["sources"].sort_values("source_id").to_dict("records"):
        rows.append([f'<span id="src-{text(s["source_id"])}">{text(s["source_id"])}</span>', text(s["publisher"]),
                     external(s["url"], s["title"]), text(date_text(s["published"]) or "not known"),
                     text(s["kind"]), text(s["language"]), ", ".join(supports.get(s["source_id"], [])),
                     text(s["note"])])
    return "\n".join([
        "# Source documents", "",
        "Every document that states a figure used on this site, with what it supports. Most official releases "
        "are known through the press that reported them; the kind column says which documents are official "
        "texts or verbatim copies. Titles are given as published, in their own language.",
        block(table(["Id", "Publisher", "Title", "Published", "Kind", "Language", "Supports", "Note"], rows,
                    cls="civcas-wide")),
    ])


def discrepancies(ctx: SiteContext) -> str:
    sections = ["# Where sources disagree", "",
                "Every figure on which the documents disagree, or where a stated value was set aside, with every "
                "value stated, who stated it, and which value stands and why. Nothing is averaged or guessed.", ""]
    for (report_id, field_name), group in ctx.conflicts.groupby(["report_id", "field"], sort=True):
        rows = [[figure_value({field_name: g["value"]}, field_name),
                 ", ".join(source_link(s, "") for s in g["sources"].split()),
                 "stands" if g["stands"] else "set aside"] for g in group.to_dict("records")]
        sections += [f"## {text(report_id)}: {text(LABELS[field_name])}", "",
                     block(f"<p>Report {report_link(report_id, '')}.</p>",
                           table(["Value stated", "Stated by", "Outcome"], rows,
                                 label=f"Values stated for {report_id}: {LABELS[field_name]}"),
                           f"<p><strong>Resolution:</strong> {text(ctx.reason(report_id, field_name))}</p>")]
    return "\n".join(sections)


def consistency(ctx: SiteContext) -> str:
    rows = [[report_link(f.report_id, ""), text(f.check), text(f.message)] for f in ctx.report.findings]
    return "\n".join([
        "# Consistency of the official figures", "",
        "Where a release's own figures do not add up, or do not follow from the release before it. These are "
        "findings about the published reports, not errors in this data: each value is as the sources state it. "
        "The checks: completed assessments should equal credible plus non-credible plus duplicates; reports "
        "carried over plus new reports minus completed should equal reports still open; reports carried into a "
        "month should equal those open at the end of the month before; and the running total should grow by "
        "the deaths in the month's credible findings (a gap points to a revision the report may not explain).",
        block(table(["Report", "Check", "Finding"], rows)) if rows else "\nNo finding.\n",
    ])


def other_statements(ctx: SiteContext) -> str:
    others = ctx.statements[~ctx.statements["statement_kind"].isin(RELEASE_KINDS)]
    obs = ctx.tables["observations"]
    rows = []
    for s in others.to_dict("records"):
        for i, o in enumerate(obs[obs["report_id"] == s["report_id"]].to_dict("records")):
            anchor = f' id="stmt-{text(s["report_id"])}"' if i == 0 else ""
            rows.append([f'<span{anchor}>{text(s["report_id"])}</span>', text(s["statement_kind"]),
                         number(o["cum_killed"]), text(date_text(o["release_date"])),
                         source_link(o["source_id"], ""), text(o["note"])])
    return "\n".join([
        "# Other official statements", "",
        "Official figures that are not part of the monthly series and are kept apart from it: the statement of "
        "July 2016 from before the monthly reports began, later citations of a coalition total whose release was "
        "not found, and the Department of Defense's annual reports to Congress, which count by calendar year of "
        "the incident and, from 2020, only harm from US weapons.",
        block(table(["Statement", "Kind", "Cumulative figure", "Date", "Source", "Note"], rows, cls="civcas-wide")),
    ])


def schema_table(name: str, schema: dict) -> str:
    rows = []
    for f in schema["fields"]:
        constraints = "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                                for k, v in f.get("constraints", {}).items())
        rows.append([f"<code>{text(f['name'])}</code>", text(f["type"]), text(f.get("description", "")),
                     text(constraints)])
    return table(["Column", "Type", "Meaning", "Constraints"], rows, cls="civcas-wide", label=f"Columns of {name}")


def data_dictionary(ctx: SiteContext) -> str:
    descriptor = ctx.report.package.descriptor
    schemas = {r["name"]: (r.get("title", r["name"]), r.get("description", ""), r["schema"])
               for r in descriptor["resources"]}
    schemas["releases"] = ("Official releases, reconciled", "Derived by the build from observations and "
                           "resolutions: one row per release.", releases_schema(descriptor))
    parts = ["# Data dictionary", "",
             "Every table and column of the published data package, generated from its Table Schemas. Empty "
             "cells mean unknown. In the CSV files, a text cell that begins with = + - or @ is prefixed with an "
             "apostrophe so that no spreadsheet runs it as a formula; the JSON files keep the text as it is.", ""]
    for name in TABLES:
        title, description, schema = schemas[name]
        key = ", ".join(schema.get("primaryKey", []))
        parts += [f"## {name}", "", block(f"<p><strong>{text(title)}.</strong> {text(description)} "
                                          f"Primary key: <code>{text(key)}</code>.</p>", schema_table(name, schema))]
    return "\n".join(parts)


def downloads(ctx: SiteContext) -> str:
    return "\n".join([
        "# Downloads", "",
        f"The data of version {text(ctx.version)}, under the Creative Commons Attribution 4.0 licence. Each table "
        "comes as CSV (UTF-8, comma-separated, header row) and as JSON (an array of records with the same "
        "columns, numbers as numbers and null for empty). `datapackage.json` describes every file as a "
        "Frictionless data package, with each file's size and SHA-256 hash; the zip holds the whole package. "
        "Check a download with `sha256sum -c SHA256SUMS`. Columns are described in the "
        "[data dictionary](data-dictionary.md).",
        block(files_table(ctx.downloads, "data/")),
        "The links above always serve the latest data. Cite a frozen version instead: see [citing](citing.md).",
        "",
    ])


def charts_page(ctx: SiteContext) -> str:
    return "\n".join(["# Charts", "",
                      "Every chart comes with a description, a static image that shows without JavaScript, a table "
                      "of its data and downloads of exactly that data.",
                      *[figure_bundle(ctx, f, "", first=i == 0) for i, f in enumerate(ctx.figures)]])
