"""Sources' addresses: which cannot be the document itself, and where to look up archived copies."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

from civcas.fields import records, spreadsheet_row
from civcas.problems import Problem

IMAGE = re.compile(r"\.(png|jpe?g|gif|ico|svg|webp|bmp|tiff?)$", re.IGNORECASE)
# The Wayback Machine lists every capture of an address under this pattern; it is a search, not a copy.
ARCHIVE_LOOKUP = "https://web.archive.org/web/*/"


def why_not_a_document(url: str) -> str | None:
    """Why an address cannot be the document a source row describes, or None."""
    parts = urlsplit(url)
    if IMAGE.search(parts.path):
        return "the address is an image file, not the document"
    if parts.path.strip("/") == "" and not parts.query:
        return "the address is a site's home page, not the document"
    return None


def addresses_are_documents(sources: pd.DataFrame, path: str) -> list[Problem]:
    problems = []
    for index, row in enumerate(records(sources)):
        reason = row["url"] and why_not_a_document(row["url"])
        if reason:
            problems.append(Problem(path, spreadsheet_row(index), "url", (
                f"source {row['source_id']}: {reason} ({row['url']}); give the document's own address, "
                "or leave url empty and say in the note where the text was read"), "addresses"))
    return problems


def archive_lookup(url: str) -> str:
    return ARCHIVE_LOOKUP + url if url else ""
