"""The published data itself: coverage, and the figures the stored source documents state."""

from __future__ import annotations

import pytest
from civcas.validate import validate
from conftest import REAL_PACKAGE


@pytest.fixture(scope="module")
def report():
    return validate(REAL_PACKAGE)


@pytest.fixture(scope="module")
def releases(report):
    return report.reconciled.releases.set_index("report_id")


def test_the_package_is_valid(report):
    assert report.valid, [p.line() for p in report.problems]


def test_at_least_42_monthly_reports_from_october_2016_to_september_2020(releases):
    monthly = releases[releases["statement_kind"] == "monthly-report"]
    assert len(monthly) >= 42
    assert monthly.index.min() == "2016-10" and "2020-09" in monthly.index


def test_the_2021_and_2022_releases_are_in_the_series_without_a_period(releases):
    for report_id, total in (("release-2021-07", "1417"), ("release-2022-03", "1437")):
        assert releases.loc[report_id, "cum_killed"] == total
        assert releases.loc[report_id, "period_end"] == "" and releases.loc[report_id, "data_month"] == ""


def test_statements_outside_the_monthly_series_stay_out_of_it(report, releases):
    kinds = set(report.reconciled.statements.set_index("report_id")["statement_kind"])
    assert {"statement", "citation", "annual-report"} <= kinds
    assert not any(r.startswith(("statement-", "citation-", "dod-")) for r in releases.index)


# Figures stated in the five documents of shared/sources, read from the documents themselves.
DOCUMENT_FIGURES = {
    "sputnik-2018-08-30": ("2018-07", {"cum_killed": "1061", "still_open": "216", "cum_strikes": "29920",
                                       "credible": "3", "non_credible": "15"}),
    "rt-2018-08-30": ("2018-07", {"cum_killed": "1061", "still_open": "216", "cum_strikes": "29920",
                                  "completed": "18", "credible": "3", "non_credible": "15"}),
    "unidentified-2019-05-31": ("2019-04", {"cum_killed": "1302", "cum_strikes": "34502", "carried_over": "122",
                                            "new_reports": "7", "completed": "18", "credible": "3", "deaths": "5",
                                            "non_credible": "15", "still_open": "111", "reopened": "3"}),
    "kurdistan24-2018-12": ("2018-11", {"cum_killed": "1139", "cum_strikes": "31406"}),
    "unidentified-2017-cjtf-352": ("2017-03", {"cum_killed": "352", "cum_strikes": "20205", "deaths": "45",
                                               "credible": "9", "non_credible": "17", "still_open": "42"}),
}


@pytest.mark.parametrize("source_id", sorted(DOCUMENT_FIGURES))
def test_figures_of_the_stored_documents_appear_unchanged(report, releases, source_id):
    report_id, figures = DOCUMENT_FIGURES[source_id]
    observations = report.package.tables["observations"]
    row = observations[(observations["report_id"] == report_id) & (observations["source_id"] == source_id)]
    assert len(row) == 1
    for name, value in figures.items():
        assert row.iloc[0][name] == value, (source_id, name)
        assert releases.loc[report_id, name] == value, (report_id, name)
        assert source_id in report.reconciled.support[(report_id, name)]


def test_a_document_overruled_by_a_resolution_keeps_its_value_on_record(report, releases):
    # Sputnik's text says at least three deaths in July 2018; the verbatim digest and AFP say two.
    conflicts = report.reconciled.conflicts
    deaths = conflicts[(conflicts["report_id"] == "2018-07") & (conflicts["field"] == "deaths")]
    assert dict(zip(deaths["value"], deaths["stands"], strict=True)) == {"2": True, "3": False}
    assert "sputnik-2018-08-30" in deaths.set_index("value").loc["3", "sources"]
    assert releases.loc["2018-07", "deaths"] == "2"


def test_every_conflict_named_in_the_research_is_resolved(report):
    resolved = set(zip(report.package.tables["resolutions"]["report_id"],
                       report.package.tables["resolutions"]["field"], strict=True))
    for key in [("2019-03", "cum_killed"), ("2018-03", "cum_strikes"), ("2018-03", "still_open"),
                ("2018-03", "carried_over"), ("2018-07", "deaths"), ("2019-04", "cum_strikes"),
                ("2019-07", "cum_killed")]:
        assert key in resolved, key


def test_a_disagreement_settled_by_rule_says_so(report):
    from civcas.context import RULE
    from civcas.site import context

    ctx = context(report)
    conflicts = report.reconciled.conflicts
    strikes = conflicts[(conflicts["report_id"] == "2018-09") & (conflicts["field"] == "cum_strikes")]
    assert len(strikes) == 2 and not strikes["resolved"].any()
    assert ctx.reason("2018-09", "cum_strikes") == RULE
    assert ctx.reason("2019-03", "cum_killed").startswith("KUNA")
    assert ctx.reason("2019-05", "cum_killed") == ""
