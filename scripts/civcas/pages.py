"""Generated pages about the official series: home, the list of reports, one page per report."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from civcas import charts, evidence
from civcas.addresses import archive_lookup
from civcas.context import SiteContext
from civcas.fields import DATE_FIGURES, FIGURES, LABELS, QUALIFIERS
from civcas.fields import rows as table_rows
from civcas.kept import latest_in
from civcas.markup import block, number, text
from civcas.templating import render

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NARROW_SCREEN = 600  # up to this width (CSS pixels), charts are drawn for a phone


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


SHORT_MONTHS = tuple(m[:3] for m in MONTHS)


def short_date(value: str) -> str:
    """'18 Sep 2018', 'Sep 2018' or '2018', as the precision allows; '' when unknown."""
    parts = value.split("-") if value else []
    if len(parts) >= 2:
        month = f"{SHORT_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"{int(parts[2])} {month}" if len(parts) == 3 else month
    return value


def report_label(report_id: str) -> str:
    """'Report for July 2018' for a monthly report, 'March 2022 release' for a release without a data month."""
    if re.fullmatch(r"\d{4}-\d{2}", report_id):
        return f"Report for {month_name(report_id)}"
    found = re.fullmatch(r"release-(\d{4}-\d{2})", report_id)
    return f"{month_name(found.group(1))} release" if found else report_id


def source_label(source: dict) -> str:
    """'CIVIC, 18 Sep 2018': publisher and date; the id stays in the address."""
    when = short_date(source.get("published", ""))
    return f"{source['publisher']}, {when}" if when else source["publisher"]


def report_ref(report_id: str, root: str) -> dict:
    return {"href": f"{root}reports/{report_id}.html", "text": report_label(report_id)}


def source_ref(ctx: SiteContext, source_id: str, root: str) -> dict:
    source = ctx.sources[source_id]
    return {"href": f"{root}sources.html#src-{source_id}", "text": source_label(source), "title": source["title"]}


def figure_value(row: dict, name: str) -> str:
    value = row[name]
    shown = text(date_text(value)) if name in DATE_FIGURES else number(value)
    qualifier = QUALIFIERS.get(name)
    flag = row.get(qualifier, "") if value and qualifier else ""
    if flag not in ("", "stated", "exact"):
        shown += f" <small>({text(flag)})</small>"
    # Said once: a date whose basis is already "inferred" does not say it again.
    if name in row.get("inferred_fields", "").split() and flag != "inferred":
        shown += ' <small class="civcas-inferred">(inferred)</small>'
    return shown


def embed_snippet(ctx: SiteContext, figure: charts.Figure) -> str:
    width, height = ctx.pictures[figure.name].credited_size
    return (f'<iframe src="{ctx.site_url}embed/{figure.name}.html" title="{html.escape(figure.title)}" width="{width}" '
            f'height="{height + 40}" style="border:0;max-width:100%" loading="lazy"></iframe>')


_BUNDLES: dict[tuple, dict[tuple[str, str, bool], str]] = {}


def figure_bundle(ctx: SiteContext, figure: charts.Figure, root: str, first: bool = False) -> str:
    """A chart as a figure: static picture, source line, description, downloads, embed code and data table.
    Made again only when the charts, the data version or the site's address change (as the charts' files)."""
    if not ctx.figures_key:
        return made_figure_bundle(ctx, figure, root, first)
    made = latest_in(_BUNDLES, (ctx.figures_key, ctx.version, ctx.site_url), dict)
    key = (figure.name, root, first)
    if key not in made:  # type: ignore[operator]
        made[key] = made_figure_bundle(ctx, figure, root, first)  # type: ignore[index]
    return made[key]  # type: ignore[index]


def made_figure_bundle(ctx: SiteContext, figure: charts.Figure, root: str, first: bool) -> str:
    picture = ctx.pictures[figure.name]
    rows = figure.data.astype(object).where(figure.data.notna(), "")
    name = figure.name
    page = render("_figure.html", name=name, title=figure.title, description=figure.description,
                  source=figure.source, version=ctx.version, root=root, first=first,
                  width=picture.width, height=picture.height, embed=embed_snippet(ctx, figure),
                  narrow_width=picture.narrow_size[0], narrow_height=picture.narrow_size[1],
                  narrow_below=NARROW_SCREEN,
                  downloads=[("PNG", f"charts/{name}.png"), ("SVG", f"charts/{name}.svg"),
                             ("CSV", f"charts/{name}.csv"), ("JSON", f"charts/{name}.json"),
                             ("Vega-Lite spec", f"charts/{name}.vl.json"), ("Embed page", f"embed/{name}.html")],
                  headers=list(rows.columns), rows=[[str(v) for v in r] for r in table_rows(rows)],
                  caption="", cls="", label=f"Data of the chart: {figure.title}")
    return block("\n".join(line for line in page.splitlines() if line.strip()))


def currency_line(ctx: SiteContext) -> str:
    dated = ctx.releases[ctx.releases["release_date"] != ""]
    newest_source = max((d for d in ctx.tables["sources"]["published"] if d), default="")
    issued = (f"The newest coalition release in the data was issued {on_date(dated.iloc[-1]['release_date'])}"
              if len(dated) else "No coalition release in the data has a known date")
    sourced = f"; the newest source document is dated {date_text(newest_source)}" if newest_source else ""
    return f"Data version {ctx.version}. {issued}{sourced}. Releases after that date have not been found."


def figure_rows(ctx: SiteContext, row: dict) -> list[list]:
    rows = []
    for name in FIGURES:
        value = row[name]
        supporters = ctx.report.reconciled.support.get((row["report_id"], name), [])
        note = ctx.reason(row["report_id"], name)
        if not value and not note:
            continue
        grade = evidence.figure_grade(supporters, {s: ctx.sources[s]["evidence"] for s in supporters})
        rows.append([LABELS[name], Markup(figure_value(row, name) or "<em>not taken</em>"),
                     evidence.SHORT.get(grade, ""), [source_ref(ctx, s, "../") for s in supporters], note])
    return rows


def source_entries(ctx: SiteContext, report_id: str) -> list[dict]:
    """Each source of a report with what a reader needs to check it: who, what, when, how good, where."""
    entries = []
    for obs in ctx.observation_rows_by_report.get(report_id, []):
        source = ctx.sources[obs["source_id"]]
        stated = "; ".join(f"{text(LABELS[n])}: {figure_value(obs, n)}" for n in FIGURES if obs[n])
        entries.append({
            "id": source["source_id"], "publisher": source["publisher"], "title": source["title"],
            "published": date_text(source["published"]) or "date not recorded", "language": source["language"],
            "grade": evidence.LABELS[source["evidence"]], "grade_key": source["evidence"],
            "reported_by": source["reported_by"], "url": source["url"], "lookup": archive_lookup(source["url"]),
            "stated": Markup(stated) if stated else "", "note": obs["note"], "source_note": source["note"],
        })
    return entries


def report_page(ctx: SiteContext, row: dict) -> str:
    report_id = row["report_id"]
    conflicts = ctx.conflicts_by_report.get(report_id, [])
    issued = date_text(row["release_date"]) or "on a date not found"
    if row["release_date_basis"] not in ("", "stated"):
        issued += f" ({row['release_date_basis']})"
    conflict_rows = [[LABELS[c["field"]], Markup(figure_value({c["field"]: c["value"]}, c["field"])),
                      [source_ref(ctx, s, "../") for s in c["sources"].split()],
                      "stands" if c["stands"] else "set aside"] for c in conflicts]
    from civcas.allegation_pages import report_section  # it builds on this module's functions

    return render("report.html", title=report_title(row), label=report_label(report_id), report_id=report_id,
                  issued=issued, source_count=row["source_count"], figures=figure_rows(ctx, row),
                  allegations=Markup(report_section(ctx, row)),
                  conflicts=conflict_rows, findings=[f.message for f in ctx.findings_for(report_id)],
                  sources=source_entries(ctx, report_id), grade=row["evidence_grade"],
                  grade_label=evidence.LABELS.get(row["evidence_grade"], ""),
                  total_grade=evidence.phrase(row["cum_killed_grade"], row["cum_killed_reported_by"])
                  if row["cum_killed"] else "", figures_found=row["figures_found"] == "true")
