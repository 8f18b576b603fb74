"""The corrections of the second audit and the reports added for 1.1, read in the reconciled data."""

from __future__ import annotations

import csv
from functools import cache

from civcas.validate import validate
from conftest import REAL_PACKAGE


@cache
def report():
    return validate(REAL_PACKAGE)


def release(report_id: str) -> dict:
    releases = report().reconciled.releases
    return releases[releases["report_id"] == report_id].to_dict("records")[0]


def monitor_count(count_id: str) -> dict:
    with open(REAL_PACKAGE / "monitor_counts.csv", newline="", encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["count_id"] == count_id)


def test_february_2018_report_has_its_release_date():
    assert (release("2018-02")["release_date"], release("2018-02")["release_date_basis"]) == ("2018-03-28", "stated")


def test_a_figure_stated_by_one_source_is_not_marked_inferred():
    assert "cum_killed" not in release("2018-09")["inferred_fields"].split()
    assert release("2017-05")["inferred_fields"] == "cum_credible"


def test_snhr_count_cites_the_coalition_figure_and_is_not_dated_by_its_period_end():
    snhr = monitor_count("snhr-2018-09-23-cumulative")
    assert (snhr["coalition_figure_cited"], snhr["statement_date"], snhr["period_end"]) == ("1114", "2018-10",
                                                                                             "2018-09-23")


def test_airwars_range_quoted_by_civic_is_a_monitor_count():
    count = monitor_count("airwars-2018-02-26-cumulative")
    assert (count["figure_low"], count["figure_high"], count["qualifier"]) == ("6136", "9315", "range")
    assert "estimate" in count["measure"]


def test_the_march_2022_gap_in_the_running_total_is_a_finding():
    messages = [f.message for f in report().findings if f.report_id == "release-2022-03"]
    assert "1417 at the end of 2021-07 + 18 deaths = 1435, but the report gives 1437" in messages


def test_july_2021_report_enters_with_its_figures():
    july = release("2021-07")
    assert (july["cum_killed"], july["cum_strikes"], july["carried_over"], july["new_reports"], july["completed"],
            july["still_open"], july["release_date"]) == ("1417", "34991", "106", "0", "2", "105", "2021-09-20")


def test_a_report_known_only_by_its_document_is_marked_figures_not_found():
    april = release("2020-04")
    assert (april["figures_found"], april["release_date"], april["cum_killed"]) == ("false", "2020-06-24", "")
    assert release("2017-12")["figures_found"] == "true"


def test_periodic_reports_are_their_own_kind_with_their_period():
    periodic = release("periodic-2024-05-31")
    assert (periodic["statement_kind"], periodic["period_start"], periodic["period_end"]) == (
        "periodic-report", "2023-12-01", "2024-05-31")
    kinds = report().reconciled.releases["statement_kind"].value_counts().to_dict()
    assert kinds["periodic-report"] == 5
