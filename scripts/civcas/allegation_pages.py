"""Pages about the allegations: the index with each report's coverage, paged lists by filter, the map,
and the section of a report page that lists its allegations."""

from __future__ import annotations

import math

import pandas as pd

from civcas import map as allegation_map
from civcas.context import SiteContext
from civcas.downloads import frame_digest
from civcas.fields import records
from civcas.kept import latest_in
from civcas.markup import block
from civcas.pages import date_text, figure_bundle
from civcas.templating import render

PER_PAGE = 100
VERDICTS = ("credible", "not-credible", "duplicate")
NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"


def shown(rows: pd.DataFrame | list[dict]) -> list[dict]:
    """Rows as the templates print them: dates in words, everything else as stored."""
    listed = records(rows) if isinstance(rows, pd.DataFrame) else rows
    return [{**r, "date": date_text(r["incident_date"])} for r in listed]


def report_section(ctx: SiteContext, row: dict) -> str:
    """For a report page: its document when no figures were found, then the allegations it closed."""
    report_id = row["report_id"]
    listed = ctx.allegations_by_report.get(report_id, [])
    documents = [{"url": ctx.sources[s]["url"], "title": ctx.sources[s]["title"]}
                 for s in (o["source_id"] for o in ctx.observation_rows_by_report.get(report_id, []))
                 if ctx.sources[s]["kind"] == "official" and ctx.sources[s]["url"]]
    cover = ctx.coverage_by_report[report_id]
    html = render("_report_allegations.html", figures_found=row["figures_found"] == "true",
                  issued=date_text(row["release_date"]) or "on a date not found", documents=documents,
                  coverage=cover["coverage"], listed=len(listed), credible=cover["credible_listed"],
                  deaths_listed=cover["deaths_listed"], deaths_stated=cover["deaths_stated"], rows=shown(listed),
                  show_report=False, caption="", root="../")
    return block(html)


def filters(allegations: pd.DataFrame) -> list[tuple[str, str, str, pd.DataFrame]]:
    """(group, slug, label, rows) for every filter value: country, verdict, year of the incident."""
    out = [("Country", f"country-{c.lower()}", c, allegations[allegations["country"] == c])
           for c in sorted(set(allegations["country"]))]
    out += [("Verdict", f"verdict-{v}", v, allegations[allegations["verdict"] == v])
            for v in VERDICTS if (allegations["verdict"] == v).any()]
    years = allegations["incident_date"].str[:4]
    out += [("Year of the incident", f"year-{y}", y, allegations[years == y]) for y in sorted(set(years))]
    return out


def list_pages(slug: str, description: str, rows: list[dict]) -> dict[str, str]:
    """`rows` as `shown` gives them, in pages of PER_PAGE by date of the incident."""
    pages = max(1, math.ceil(len(rows) / PER_PAGE))
    out = {}
    ordered = sorted(rows, key=lambda r: (r["incident_date"], r["allegation_id"]))
    for page in range(1, pages + 1):
        chunk = ordered[(page - 1) * PER_PAGE: page * PER_PAGE]
        html = render("allegation_list.html", total=len(rows), description=description, per_page=PER_PAGE,
                      page=page, pages=pages, slug=slug, rows=chunk, show_report=True, caption="",
                      root="../")
        title = f"# Allegations: {description} (page {page} of {pages})"
        out[f"allegations/{slug}-{page}.md"] = NO_SEARCH + title + "\n" + block(html)
    return out


def index_page(ctx: SiteContext, groups: dict[str, list[dict]]) -> str:
    """`groups`: the links to the filtered lists, by group, as `filtered` gives them."""
    allegations = ctx.tables["allegations"]
    by_country = []
    for country in sorted(set(allegations["country"])):
        rows = allegations[allegations["country"] == country]
        by_country.append({"country": country, "total": len(rows),
                           "counts": [int((rows["verdict"] == v).sum()) for v in VERDICTS]})
    by_country.append({"country": "Both", "total": len(allegations),
                       "counts": [int((allegations["verdict"] == v).sum()) for v in VERDICTS]})
    issued = dict(zip(ctx.releases["report_id"], ctx.releases["release_date"], strict=True))
    coverage = [{**c, "issued": date_text(issued[c["report_id"]])}
                for c in ctx.report.coverage.to_dict("records") if c["listed"]]
    html = render("allegations.html", total=f"{len(allegations):,}",
                  reports=allegations.loc[allegations["report_id"] != "", "report_id"].nunique(),
                  verdicts=VERDICTS, by_country=by_country, mapped=int((allegations["mgrs"] != "").sum()),
                  filters=[{"title": t, "links": links} for t, links in groups.items()], coverage=coverage)
    charts = [f for f in ctx.figures if f.name in ("allegation-verdicts", "credible-deaths-by-month")]
    return "\n".join(["# Allegations and the coalition's verdicts", block(html),
                      "## Charts", *[figure_bundle(ctx, f, "../") for f in charts]])


def map_page(ctx: SiteContext) -> str:
    allegations = ctx.tables["allegations"]
    gridded = allegations[allegations["mgrs"] != ""]  # the caveat counts them; the map places them
    drawn = allegation_map.kept_svg(allegations, ctx.cache, ctx.table_digest("allegations"))
    html = render("allegation_map.html", svg=drawn,
                  caveat=" ".join(allegation_map.caveat(allegations, gridded)))
    return "# Map of the allegations\n" + block(html)


_FILTERED: dict[tuple[bytes, int], tuple[dict[str, str], dict[str, list[dict]]]] = {}


def filtered(allegations: pd.DataFrame, digest: bytes | None = None) -> tuple[dict[str, str], dict[str, list[dict]]]:
    """The list pages of every filter, and the links to them by group. They are made from the allegations
    alone, so they are kept in this process until the table changes: most edits in a live preview leave it.
    `digest`: the table's, if known."""
    def make() -> tuple[dict[str, str], dict[str, list[dict]]]:
        pages: dict[str, str] = {}
        groups: dict[str, list[dict]] = {}
        records = shown(allegations)  # once: turning rows into dicts is slow, page after page of them more so
        position = {label: i for i, label in enumerate(allegations.index)}
        for group, slug, label, rows in filters(allegations):
            description = {"Country": f"in {label}", "Verdict": f"found {label} by the coalition",
                           "Year of the incident": f"about incidents in {label}"}[group]
            pages.update(list_pages(slug, description, [records[position[i]] for i in rows.index]))
            groups.setdefault(group, []).append({"href": f"{slug}-1.html", "label": label, "count": len(rows)})
        return pages, groups
    return latest_in(_FILTERED, (digest or frame_digest(allegations), PER_PAGE), make)  # type: ignore[return-value]


def pages(ctx: SiteContext) -> dict[str, str]:
    lists, groups = filtered(ctx.tables["allegations"], ctx.table_digest("allegations"))
    return {"allegations/index.md": index_page(ctx, groups), "allegations/map.md": map_page(ctx)} | lists
