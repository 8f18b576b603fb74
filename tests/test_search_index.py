"""The search index carries the words of the pages (titles, headings, prose), not the figures and identifiers
of tables, chart data or the map's points: those are in the downloads, and every first visit fetches the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def index(mini_built) -> list[dict]:
    return json.loads((mini_built[1] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_pages_stay_findable_by_their_titles_and_prose(index):
    titles = {doc["title"] for doc in index}
    assert {"Source documents", "Independent monitors' counts", "Charts", "Data dictionary"} <= titles
    assert any("Methodology" in doc["title"] or doc["location"].startswith("methodology") for doc in index)
    sources = next(doc for doc in index if doc["location"] == "sources.html")
    assert "Every document that states a figure" in sources["text"]


def test_no_table_cell_enters_the_index(index, mini_built):
    text = " ".join(doc["text"] for doc in index)
    assert "<table" not in text and "<td" not in text
    # identifiers and hashes that only tables hold
    source_ids = [line.split(",")[0] for line in (mini_built[0] / "sources.csv").read_text().splitlines()[1:]]
    assert source_ids and not any(source_id in text for source_id in source_ids)
    assert not re.search(r"\b[0-9a-f]{64}\b", text)  # the files tables' SHA-256 sums


def test_chart_data_and_map_points_stay_out(index):
    text = " ".join(doc["text"] for doc in index)
    assert "Table of the chart's data" not in text
    # each point of the map is labelled "report-id: date, place, country, verdict"
    assert not re.search(r"\d{4}-\d{2}-\d{2}, [^,]+, (Iraq|Syria), (credible|not-credible|duplicate)", text)


def test_monitors_are_found_by_name_while_their_figures_tables_stay_out(index, mini_package):
    import csv

    with open(mini_package / "monitor_counts.csv", newline="", encoding="utf-8") as handle:
        monitors = {row["monitor"] for row in csv.DictReader(handle)}
    page = " ".join(doc["text"] for doc in index if doc["location"].startswith("monitors.html"))
    assert monitors and all(monitor in page for monitor in monitors)
    assert "What is counted" not in page  # a column heading of the figures tables


def test_the_index_is_the_same_whether_or_not_excluded_blocks_are_emptied_before_it_is_read(
        mini_package, tmp_path, monkeypatch):
    from civcas import page_cache
    from civcas.site import build

    build(mini_package, tmp_path / "emptied" / "site", ROOT / "mkdocs.yml", ROOT / "docs")
    monkeypatch.setattr(page_cache, "without_excluded_blocks", lambda html: html)
    build(mini_package, tmp_path / "whole" / "site", ROOT / "mkdocs.yml", ROOT / "docs")
    emptied, whole = ((tmp_path / name / "site" / "search" / "search_index.json").read_bytes()
                      for name in ("emptied", "whole"))
    assert emptied == whole


def test_emptying_an_excluded_block_keeps_headings_and_blocks_only_named_like_one():
    from civcas.page_cache import without_excluded_blocks

    html = ('<p>a</p><div class="t" data-search-exclude><div><table><tr><td>1</td></tr></table></div></div>'
            '<div data-search-exclude=""><h2 id="x">Kept</h2></div><div title="data-search-exclude">kept</div>')
    assert without_excluded_blocks(html) == (
        '<p>a</p><div class="t" data-search-exclude></div>'
        '<div data-search-exclude=""><h2 id="x">Kept</h2></div><div title="data-search-exclude">kept</div>')
