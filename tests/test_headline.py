"""The home page's headline says who reported the latest total, when, whether a coalition text was found and its
caveats; the monitors' latest figures stand beside the coalition's total at the same date, media tallies apart."""

from __future__ import annotations

import html
import re

from civcas import home
from civcas.site import context
from civcas.validate import validate
from conftest import observation

CENTCOM = {"source_id": "centcom-2018-02-20", "publisher": "US CENTCOM", "title": "Monthly report", "kind": "official",
           "language": "en", "published": "2018-02-20", "evidence": "coalition-text", "reported_by": "CJTF-OIR",
           "url": "https://example.org/centcom/report"}
STATECRAFT = {"source_id": "statecraft-2018-03-31", "publisher": "Responsible Statecraft", "title": "Quiet report",
              "kind": "news", "language": "en", "published": "2018-03-31", "evidence": "outlet-report",
              "reported_by": "Responsible Statecraft", "url": "https://example.org/statecraft/quiet"}
AIRWARS = {"source_id": "airwars-page", "publisher": "Airwars", "title": "Conflict page", "kind": "monitor",
           "language": "en", "evidence": "outlet-report", "reported_by": "Airwars",
           "url": "https://example.org/airwars/conflict"}


def page_text(package) -> str:
    """The home page as a reader reads it: tags dropped, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", home.page(context(validate(package))))))


def january(source_id: str = "centcom-2018-02-20") -> dict:
    return observation("2018-01", source_id, release_date="2018-02-20", release_date_basis="stated", cum_killed=100,
                       deaths=4)


def test_a_total_read_in_the_coalitions_own_text_says_so(make_package):
    text = page_text(make_package(sources=[CENTCOM], observations=[january()]))
    assert "according to the coalition's report for January 2018 , issued on 20 February 2018" in text
    assert "Coalition text Reported by US CENTCOM on 20 February 2018, the only source found for this figure." in text
    assert "The coalition's text stating this figure was found: its own document." in text
    assert "No coalition text" not in text
    assert "of the 1 running totals in the data, 1 rest on a coalition text (1 on the coalition's own document" in text


def test_a_total_known_only_from_the_press_says_who_reported_it_and_that_no_coalition_text_was_found(make_package):
    february = observation("2018-02", "statecraft-2018-03-31", release_date="2018-03", release_date_basis="month",
                           cum_killed=110, deaths=8)
    text = page_text(make_package(sources=[CENTCOM, STATECRAFT], observations=[january(), february]))
    assert "issued in March 2018 (day not known)" in text
    assert ("Other outlet's report Reported by Responsible Statecraft on 31 March 2018, "
            "the only source found for this figure.") in text
    assert "No coalition text stating this figure was found." in text
    assert "Caveat: the running total does not follow from the report's own figures: 100 at the end of 2018-01 + " \
           "8 deaths = 108, but the report gives 110" in text
    assert "of the 2 running totals in the data, 1 rest on a coalition text" in text
    assert "1 on another outlet's report only" in text


def test_a_coalition_document_that_only_dates_the_report_is_not_taken_for_its_text(make_package):
    dated = observation("2018-01", "centcom-2018-02-20", release_date="2018-02-20", release_date_basis="stated",
                        figures_found="false")
    press = observation("2018-01", "statecraft-2018-03-31", cum_killed=100)
    text = page_text(make_package(sources=[CENTCOM, STATECRAFT], observations=[dated, press]))
    assert ("No coalition text stating this figure was found: the coalition's own document is on record, "
            "but the figure was not read in it.") in text


def test_a_higher_coalition_confirmed_count_is_set_beside_the_headline(make_package):
    confirmed = {"count_id": "airwars-confirmed", "monitor": "Airwars", "area": "Iraq and Syria",
                 "period_kind": "cumulative", "figure_low": "120", "qualifier": "count",
                 "figure_kind": "admitted-count",
                 "attributed_to": "coalition-confirmed", "measure": "Deaths the coalition itself confirmed",
                 "source_id": "airwars-page"}
    lower = {**confirmed, "count_id": "airwars-confirmed-older", "figure_low": "90"}
    text = page_text(make_package(sources=[CENTCOM, AIRWARS], observations=[january()],
                                  monitor_counts=[confirmed, lower]))
    assert ("A higher coalition-confirmed count is on record: Airwars lists 120 (undated). "
            "What it counts: Deaths the coalition itself confirmed.") in text
    assert "lists 90" not in text


def test_each_monitors_latest_figure_stands_beside_the_coalitions_total_at_that_date(make_package):
    base = {"monitor": "Airwars", "area": "Iraq and Syria", "period_kind": "cumulative", "attributed_to": "coalition",
            "source_id": "airwars-page", "measure": "Civilians likely killed"}
    counts = [
        {**base, "count_id": "aw-old", "statement_date": "2018-01-15", "statement_date_basis": "stated",
         "figure_low": "5000", "qualifier": "at-least", "figure_kind": "lower-bound"},
        {**base, "count_id": "aw-new", "statement_date": "2018-03-01", "statement_date_basis": "stated",
         "figure_low": "6000", "figure_high": "9000", "qualifier": "range", "figure_kind": "range"},
        {**base, "count_id": "aw-undated", "figure_low": "8000", "figure_high": "12000", "qualifier": "range",
         "figure_kind": "range"},
        {**base, "count_id": "aoav", "monitor": "Action on Armed Violence", "statement_date": "2018-03-02",
         "statement_date_basis": "stated", "figure_low": "4000", "qualifier": "count", "figure_kind": "media-tally",
         "measure": "Civilian deaths in English-language media reports of coalition strikes"},
    ]
    text = page_text(make_package(sources=[CENTCOM, AIRWARS], observations=[january()], monitor_counts=counts))
    estimates, tallies = text.split("Tallies of media reports")
    assert "Airwars 6,000–9,000 1 March 2018 Civilians likely killed 100 (Report for January 2018, issued " \
           "20 February 2018)" in estimates
    assert "Airwars 8,000–12,000 undated Civilians likely killed undated, so not matched (the coalition's latest " \
           "total: 100)" in estimates
    assert "5,000" not in text
    assert "Action on Armed Violence" in tallies and "Action on Armed Violence" not in estimates
