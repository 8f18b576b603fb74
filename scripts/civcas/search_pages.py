"""Report pages in the site's search: a title a reader would type ("July 2018 report (issued 30 August
2018): 1,061") and the page's opening prose as the snippet. Its sections (figures, disagreements, arithmetic,
sources, allegations) and tables stay out of the index, which every page loads: their words are the same on
all the report pages, and their figures are in the downloads."""

from __future__ import annotations

import html
import json

from civcas.markup import number
from civcas.pages import date_text, month_name, report_title

TABLE_BOX = '<div class="civcas-table" '
SECTION_HEADING = '<h2 id="'


def search_title(row: dict) -> str:
    if row["data_month"]:
        issued = f"issued {date_text(row['release_date'])}" if row["release_date"] else "issue date not found"
        name = f"{month_name(row['data_month'])} report ({issued})"
    else:
        name = report_title(row)  # it names the day of issue
    if row["cum_killed"]:
        total = f": {number(row['cum_killed'])}"
    else:
        total = ": figures not found" if row["figures_found"] == "false" else ""
    return f"{name}{total}"


def searchable(row: dict, page: str) -> str:
    """The page headed by its search title (the index names a page by its heading); every section below the
    opening and every table box kept out of the index."""
    title = search_title(row)
    lines = page.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if heading is not None:
        lines[heading] = f"# {html.escape(title, quote=False)}"
    lines = [f"{line} {{ data-search-exclude }}" if line.startswith("## ") else line for line in lines]
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
    text = "\n".join(lines).replace(TABLE_BOX, TABLE_BOX + "data-search-exclude ")
    return front + text.replace(SECTION_HEADING, '<h2 data-search-exclude id="')
