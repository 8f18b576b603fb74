"""The reports table: month names, a row for each month with no report and each report without figures, the change
since the previous total, the evidence grade, identifiers kept whole and sort keys on every cell."""

from __future__ import annotations

import html
import re

import pytest
from civcas import reports_table
from civcas.site import context
from civcas.validate import validate
from conftest import observation

SOURCES = [
    {"source_id": "afp", "publisher": "AFP copy", "title": "t", "kind": "news", "language": "en",
     "evidence": "wire-report", "reported_by": "AFP"},
    {"source_id": "coalition", "publisher": "CJTF-OIR", "title": "t", "kind": "official", "language": "en",
     "evidence": "coalition-text", "reported_by": "CJTF-OIR"},
]


def rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body)]


@pytest.fixture
def page(make_package) -> str:
    """Four reports, one month without one, a report without figures and a total revised down (explained)."""
    obs = [
        observation("2018-01", "afp", release_date="2018-02-20", release_date_basis="stated", cum_killed=100,
                    deaths=4),
        observation("2018-03", "afp", release_date="2018-04-26", release_date_basis="inferred", cum_killed=130,
                    deaths=30, inferred_fields="release_date"),
        observation("2018-04", "coalition", release_date="2018-05-31", release_date_basis="stated",
                    figures_found="false"),
        observation("2018-05", "coalition", release_date="2018-06-28", release_date_basis="stated", cum_killed=125,
                    still_open=7),
        observation("2018-05", "afp", cum_killed=126),
    ]
    resolutions = [{"report_id": "2018-05", "field": "cum_killed", "value": "125",
                    "reason": "The coalition's text gives 125, revised down."}]
    report = validate(make_package(sources=SOURCES, observations=obs, resolutions=resolutions))
    assert report.valid, [p.line() for p in report.problems]
    return reports_table.page(context(report))


def test_every_month_of_the_series_has_a_row_named_by_its_month(page):
    names = [r[0] for r in rows(page)]
    assert names == ["January 2018 2018-01", "February 2018 2018-02", "March 2018 2018-03", "April 2018 2018-04",
                     "May 2018 2018-05"]


def test_a_month_without_a_report_and_a_report_without_figures_say_so(page):
    by_month = {r[0][-7:]: r for r in rows(page)}
    assert by_month["2018-02"][1] == "no report found"
    assert 'class="civcas-gap"' in page
    assert by_month["2018-04"][-2] == "no figures found"


def test_the_change_since_the_previous_total_is_given_with_its_sign(page):
    changes = {r[0][-7:]: r[3] for r in rows(page)}
    assert changes == {"2018-01": "", "2018-02": "", "2018-03": "+30", "2018-04": "", "2018-05": "-5"}


def test_each_report_carries_its_evidence_grade(page):
    grades = {r[0][-7:]: r[-2] for r in rows(page)}
    assert grades["2018-01"] == "wire report" and grades["2018-05"] == "coalition text"
    assert 'data-grade="coalition-text"' in page


def test_an_inferred_date_says_so_once(page):
    march = next(r for r in rows(page) if r[0].endswith("2018-03"))
    assert march[1] == "26 Apr 2018 (inferred)"
    assert page.count("(inferred)") == 1


def test_identifiers_are_kept_whole_and_every_cell_has_a_sort_key(page):
    assert '<code class="civcas-id">2018-03</code>' in page
    assert re.search(r'<td data-sort-value="130" class="civcas-number">130</td>', page)
    assert re.search(r'<td data-sort-value="-5" class="civcas-number">-5</td>', page)
    cells = re.findall(r"<td[^>]*>", page.split("<tbody>")[1])
    assert cells and all("data-sort-value=" in c for c in cells)


def test_every_heading_says_how_its_column_sorts_in_a_table_marked_sortable(page):
    assert "<table class=\"civcas-data civcas-wide civcas-reports\" data-sortable>" in page
    headings = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", page)
    assert len(headings) == 12
    kinds = re.findall(r'<th scope="col" data-sort="(number|text)"', page)
    assert len(kinds) == 12 and "number" in kinds and "text" in kinds
