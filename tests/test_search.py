"""Every report can be found by the site's search, by its month and by its total."""

from __future__ import annotations

import json

from civcas.markup import number
from civcas.pages import month_name
from civcas.search_pages import search_title
from civcas.validate import validate
from conftest import REAL_PACKAGE
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def test_a_report_is_titled_by_its_month_issue_date_and_total():
    row = {"report_id": "2018-07", "data_month": "2018-07", "release_date": "2018-08-30", "cum_killed": "1061",
           "statement_kind": "monthly-report", "figures_found": "true"}
    assert search_title(row) == "July 2018 report (issued 30 August 2018): 1,061"
    assert search_title({**row, "cum_killed": "", "figures_found": "false"}).endswith(": figures not found")


def test_every_report_is_in_the_index_by_its_month_and_its_total_without_its_tables(site, base_url):
    # base_url builds the real site into `site` (shared by the session)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"]: d for d in index["docs"] if "#" not in d["location"]}
    releases = validate(REAL_PACKAGE).reconciled.releases
    for row in releases.to_dict("records"):
        doc = pages[f"reports/{row['report_id']}.html"]
        if row["data_month"]:
            assert month_name(row["data_month"]) in doc["title"], doc["title"]
        if row["cum_killed"]:
            assert number(row["cum_killed"]) in doc["title"], doc["title"]
        # the snippet: the report's evidence grade where it has figures, then when it was issued
        assert "<p>Issued" in doc["text"][:600], doc["text"][:600]
    report_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("reports/2018-07"))
    assert "What each source says" not in report_text and "elsoldelaflorida" not in report_text
    assert len(report_text) < 2000
    # a report is one entry: its sections read alike on every report page
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("reports/") and "#" in d["location"]]


def search(page, words: str) -> list[str]:
    """Type the words as a reader does. The theme's search worker drops a query typed before its index has
    loaded, so a reader (and this test) types again when no result came."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    results = page.locator(".md-search-result__item")
    for _ in range(15):
        page.fill(".md-search__input", "")
        page.locator(".md-search__input").press_sequentially(words)
        try:
            results.first.wait_for(timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


def test_the_site_search_finds_the_july_2018_report_by_month_and_by_total(base_url, watched):
    page = watched.page
    page.goto(base_url + "index.html")
    assert any(h.split("#")[0].endswith("reports/2018-07.html") for h in search(page, "July 2018"))
    page.goto(base_url + "index.html")
    assert any(h.split("#")[0].endswith("reports/2018-07.html") for h in search(page, "1,061"))
    assert not watched.outside
