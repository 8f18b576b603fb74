"""Generated pages about the official series: home, the list of reports, one page per report."""

from __future__ import annotations

import pandas as pd

from civcas import charts
from civcas.context import SiteContext
from civcas.derive import comparable_monitor_counts
from civcas.fields import FIGURES, LABELS, QUALIFIERS
from civcas.markup import block, json_attribute, link, number, table, text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE_FIGURES = ("release_date", "period_end")


def month_name(month: str) -> str:
    year, number_ = month.split("-")[:2]
    return f"{MONTHS[int(number_) - 1]} {year}"


def date_text(value: str) -> str:
    if not value:
        return ""
    if len(value) == 10:
        return f"{int(value[8:])} {month_name(value)}"
    return month_name(value) if len(value) == 7 else value


def on_date(value: str) -> str:
    """'on 1 March 2018' or 'in March 2018', as the precision allows."""
    return ("on " if len(value) == 10 else "in ") + date_text(value)


def report_title(row: dict) -> str:
    if row["data_month"]:
        return f"Monthly report for {month_name(row['data_month'])}"
    if row["statement_kind"] == "periodic-report":
        period = f"{date_text(row['period_start'])} to {date_text(row['period_end'])}" if row["period_start"] \
            else "period not stated"
        return f"Periodic report of {date_text(row['release_date'])} ({period})"
    return f"Release of {date_text(row['release_date'])} (period not stated)"


def release_subject(row: dict) -> str:
    if row["data_month"]:
        return month_name(row["data_month"])
    return f"{date_text(row['release_date'])} (period not stated)"


def report_link(report_id: str, root: str) -> str:
    return link(f"{root}reports/{report_id}.html", report_id)


def source_link(source_id: str, root: str) -> str:
    return link(f"{root}sources.html#src-{source_id}", source_id)


def figure_value(row: dict, name: str) -> str:
    value = row[name]
    shown = text(date_text(value)) if name in DATE_FIGURES else number(value)
    qualifier = QUALIFIERS.get(name)
    if value and qualifier and row.get(qualifier, "") not in ("", "stated", "exact"):
        shown += f" <small>({text(row[qualifier])})</small>"
    if name in row.get("inferred_fields", "").split():
        shown += ' <small class="civcas-inferred">(inferred)</small>'
    return shown


def figure_bundle(figure: charts.Figure, root: str) -> str:
    base = f"{root}charts/{figure.name}"
    rows = figure.data.astype(object).where(figure.data.notna(), "")
    data_table = table(list(rows.columns), ([text(v) for v in r] for r in rows.itertuples(index=False)))
    return block(
        f'<figure class="civcas-chart" id="chart-{figure.name}">',
        f"<figcaption><strong>{text(figure.title)}.</strong> {text(figure.description)}</figcaption>",
        f'<div class="civcas-vega" role="img" aria-label="{text(figure.description)}" '
        f'data-spec="{json_attribute(figure.spec)}"></div>',
        f'<img class="civcas-fallback" src="{base}.svg" alt="{text(figure.description)}" width="640">',
        f'<p class="civcas-downloads">Data of this chart: {link(base + ".csv", "CSV")} · '
        f'{link(base + ".json", "JSON")} · {link(base + ".vl.json", "Vega-Lite spec")} · '
        f'{link(base + ".svg", "SVG image")}</p>',
        f"<details data-search-exclude><summary>Table of the chart's data</summary>{data_table}</details>",
        "</figure>",
    )


def currency_line(ctx: SiteContext) -> str:
    dated = ctx.releases[ctx.releases["release_date"] != ""]
    latest = dated.iloc[-1]
    newest_source = max(d for d in ctx.tables["sources"]["published"] if d)
    return (f"Data version {text(ctx.version)}. The newest official release in the data was issued "
            f"{text(on_date(latest['release_date']))}; the newest source document is dated "
            f"{text(date_text(newest_source))}. Releases after that date have not been found.")


def home(ctx: SiteContext) -> str:
    with_total = ctx.releases[ctx.releases["cum_killed"] != ""]
    latest = with_total.iloc[-1].to_dict()
    monitors = comparable_monitor_counts(ctx.tables["monitor_counts"])
    latest_per_monitor = monitors.sort_values("date").groupby("monitor", sort=True).tail(1)
    counts = ctx.tables["monitor_counts"].set_index("count_id")
    monitor_rows = []
    for _, m in latest_per_monitor.sort_values("date", ascending=False).iterrows():
        full = counts.loc[m["report"]]
        figure = number(m["low"]) + (f"–{number(m['high'])}" if pd.notna(m["high"]) else "")
        monitor_rows.append([text(full["monitor"]), figure, text(full["qualifier"]),
                             text(date_text(full["statement_date"])), text(full["measure"])])
    stats = ctx.report.stats()
    return "\n".join([
        "# Coalition civilian-casualty reports for Iraq and Syria",
        "",
        "The US-led coalition against ISIS (Combined Joint Task Force – Operation Inherent Resolve) published "
        "monthly reports of the civilians it assessed its strikes had killed. This site tabulates every report "
        "found, figure by figure and source by source, beside the counts of independent monitors.",
        block(
            '<div class="civcas-headline">',
            f'<p class="civcas-big">{number(latest["cum_killed"])}</p>',
            "<p>civilians the coalition assessed as unintentionally killed by its actions since August 2014 "
            f"(at least), according to its release for {text(release_subject(latest))}, issued "
            f"{text(date_text(latest['release_date']))}: {report_link(latest['report_id'], '')}.</p>",
            "</div>",
        ),
        f'<p class="civcas-currency">{currency_line(ctx)}</p>',
        "",
        "## Latest dated monitor estimates (Iraq and Syria, since 2014)",
        "",
        "Monitors count differently from the coalition and from each other; each row says what it counts. "
        "They are shown beside the official figure, never added to it.",
        block(table(["Monitor", "Figure", "How stated", "Date", "What is counted"], monitor_rows)),
        "## The series",
        figure_bundle(ctx.figures[0], ""),
        f"The data hold {stats['releases']} official releases ({stats['monthly_reports']} monthly reports), "
        f"{stats['observations']} readings of them in {stats['sources']} source documents, "
        f"{stats['monitor_counts']} monitor counts and {stats['conflicts']} figures on which sources disagree. "
        "See [all reports](reports/index.md), [the charts](charts.md), [the downloads](downloads.md) and "
        "[the methodology](methodology.md).",
        "",
    ])


def reports_index(ctx: SiteContext) -> str:
    columns = ["report_id", "release_date", "cum_killed", "cum_strikes", "new_reports", "completed", "credible",
               "deaths", "still_open"]
    rows = []
    for row in ctx.releases.to_dict("records"):
        rows.append([report_link(row["report_id"], "../")] + [figure_value(row, c) for c in columns[1:]]
                    + [text(row["source_count"])])
    headers = ["Report", *[LABELS[c] for c in columns[1:]], "Sources"]
    return "\n".join([
        "# All official releases",
        "",
        "One row per coalition release found. A monthly report is named by its data month (the month whose "
        "assessments it reports); it was issued some weeks later. Empty cells are figures no source was found "
        "to state. Each report's page shows every figure with its sources.",
        block(table(headers, rows, cls="civcas-wide")),
        "Months with no row: no release for that month was found. See the [methodology](../methodology.md).",
        "",
    ])


def figure_rows(ctx: SiteContext, row: dict) -> list[list[str]]:
    rows = []
    for name in FIGURES:
        value = row[name]
        supporters = ctx.report.reconciled.support.get((row["report_id"], name), [])
        note = text(ctx.reason(row["report_id"], name))
        if not value and not note:
            continue
        rows.append([text(LABELS[name]), figure_value(row, name) or "<em>not taken</em>",
                     ", ".join(source_link(s, "../") for s in supporters), note])
    return rows


def source_rows(ctx: SiteContext, report_id: str) -> list[list[str]]:
    rows = []
    for obs in ctx.observations_for(report_id).to_dict("records"):
        stated = "; ".join(f"{LABELS[n]}: {figure_value(obs, n)}" for n in FIGURES if obs[n])
        rows.append([source_link(obs["source_id"], "../"), text(ctx.sources[obs["source_id"]]["publisher"]),
                     stated, text(obs["note"])])
    return rows


def report_page(ctx: SiteContext, row: dict) -> str:
    report_id = row["report_id"]
    conflicts = ctx.conflicts[ctx.conflicts["report_id"] == report_id]
    issued = date_text(row["release_date"]) or "on a date not found"
    if row["release_date_basis"] not in ("", "stated"):
        issued += f" ({row['release_date_basis']})"
    parts = [f"# {report_title(row)}", "",
             f"Report `{text(report_id)}`. Issued {text(issued)}. "
             f"Supported by {text(row['source_count'])} source document(s).", "",
             "## Figures", "",
             "Each figure as reconciled from the sources below; a note gives the reason where sources disagree "
             "or a stated value was set aside.",
             block(table(["Figure", "Value", "Sources", "Resolution"], figure_rows(ctx, row)))]
    if not conflicts.empty:
        conflict_rows = [[text(LABELS[c["field"]]), figure_value({c["field"]: c["value"]}, c["field"]),
                          ", ".join(source_link(s, "../") for s in c["sources"].split()),
                          "stands" if c["stands"] else "set aside"] for c in conflicts.to_dict("records")]
        parts += ["## Where the sources disagree", "",
                  block(table(["Figure", "Value stated", "Stated by", "Outcome"], conflict_rows))]
    findings = ctx.findings_for(report_id)
    parts += ["## The month's arithmetic", ""]
    if findings:
        parts.append(block("<ul>" + "".join(f"<li>{text(f.message)}</li>" for f in findings) + "</ul>"))
        parts.append("These are the report's own figures as published; see [consistency](../consistency.md).")
    else:
        parts.append("Where the report states all the parts, they add up (or too few parts are stated to check).")
    parts += ["", "## What each source says", "", block(table(["Source", "Publisher", "Figures stated", "Note"],
                                                              source_rows(ctx, report_id))), ""]
    from civcas.allegation_pages import report_section  # it builds on this module's functions

    parts.insert(3, report_section(ctx, row))
    return "\n".join(parts)
