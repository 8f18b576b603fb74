"""The allegations table: its checks pass and fail on small tables, and the real data say what the research found."""

from __future__ import annotations

import csv

import pandas as pd
from civcas import allegations
from civcas.validate import validate
from conftest import REAL_PACKAGE

COLUMNS = ["allegation_id", "report_id", "reference", "incident_date", "country", "verdict", "killed"]


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: str(r.get(c, "")) for c in COLUMNS} for r in rows], columns=COLUMNS)


def releases(*rows: dict) -> pd.DataFrame:
    names = ["report_id", "release_date", "completed", "credible", "deaths"]
    return pd.DataFrame([{c: str(r.get(c, "")) for c in names} for r in rows], columns=names)


def test_a_reference_listed_once_per_report_passes_and_twice_fails():
    once = table({"report_id": "2019-10", "reference": "2801"}, {"report_id": "2020-01", "reference": "2801"})
    assert allegations.references_unique(once, "a.csv") == []
    twice = table({"report_id": "2019-10", "reference": "2801"}, {"report_id": "2019-10", "reference": "2801"})
    [problem] = allegations.references_unique(twice, "a.csv")
    assert (problem.row, problem.field) == (3, "reference")
    assert "listed twice in report 2019-10 (also on row 2)" in problem.message


def test_an_incident_after_the_report_that_closes_it_fails():
    rel = releases({"report_id": "2017-06", "release_date": "2017-08-04"})
    before = table({"report_id": "2017-06", "incident_date": "2016-12-06"},
                   {"report_id": "2017-06", "incident_date": "2017-08"})
    assert allegations.incidents_precede_reports(before, rel, "a.csv") == []
    after = table({"report_id": "2017-06", "incident_date": "2106-12-06"})
    [problem] = allegations.incidents_precede_reports(after, rel, "a.csv")
    assert problem.line() == "a.csv:2:incident_date: incident of 2106-12-06 is after report 2017-06, issued 2017-08-04"


def test_an_allegation_must_name_a_release_of_the_series_or_none():
    rel = releases({"report_id": "2018-03"})
    assert allegations.reports_known(table({"report_id": "2018-03"}, {"report_id": ""}), rel, "a.csv") == []
    [problem] = allegations.reports_known(table({"report_id": "citation-2021-12"}), rel, "a.csv")
    assert problem.field == "report_id"


def test_coverage_counts_listed_against_completed_and_names_a_single_country():
    rel = releases({"report_id": "2018-03", "completed": "49", "credible": "3", "deaths": "28"},
                   {"report_id": "2020-04"})
    rows = table({"report_id": "2018-03", "country": "Syria", "verdict": "credible", "killed": "26"},
                 {"report_id": "2018-03", "country": "Iraq", "verdict": "credible", "killed": "2"},
                 {"report_id": "2018-03", "country": "Syria", "verdict": "not-credible"},
                 {"report_id": "2020-04", "country": "Syria", "verdict": "not-credible"})
    cover = allegations.coverage(rows, rel).set_index("report_id")
    assert cover.loc["2018-03", "coverage"] == "3 of 49 assessments listed"
    assert cover.loc["2018-03", "deaths_listed"] == 28
    assert cover.loc["2020-04", "coverage"] == (
        "1 listed; the report's number of completed assessments was not found: Syria only")


def test_findings_when_the_list_falls_short_of_the_report_and_none_when_it_matches():
    rel = releases({"report_id": "2018-03", "completed": "2", "credible": "1", "deaths": "28"})
    full = table({"report_id": "2018-03", "verdict": "credible", "killed": "28", "country": "Syria"},
                 {"report_id": "2018-03", "verdict": "not-credible", "country": "Syria"})
    assert allegations.listed_against_reports(allegations.coverage(full, rel)) == []
    short = table({"report_id": "2018-03", "verdict": "credible", "killed": "26", "country": "Syria"})
    found = allegations.listed_against_reports(allegations.coverage(short, rel))
    assert [f.message for f in found] == [
        "1 allegations listed here, but the report completed 2 assessments",
        "the 1 credible allegations listed here give 26 deaths, but the report gives 28"]


def real_rows() -> dict[str, dict]:
    with open(REAL_PACKAGE / "allegations.csv", newline="", encoding="utf-8") as handle:
        return {r["allegation_id"]: r for r in csv.DictReader(handle)}


def test_the_two_iraq_rows_the_research_marked_syria_are_in_iraq():
    rows = real_rows()
    assert rows["2017-09-ci525"]["country"] == "Iraq"
    assert rows["2018-05-ci865"]["country"] == "Iraq"


def test_research_facts_appear_in_the_allegations_table():
    rows = real_rows()
    helo = rows["periodic-2023-11-03-cs1762"]
    assert (helo["verdict"], helo["killed"], helo["reference"], helo["mgrs"]) == ("credible", "12", "2753",
                                                                                  "37SFV8811796621")
    assert rows["2021-05-cs289"]["killed"] == "7" and rows["2021-05-cs289"]["injured"] == "2"
    assert rows["2019-10-cs093"]["monitor_code"] == "CS093 CS094" and "2019-10-cs094" not in rows
    assert rows["2017-06-cs407"]["incident_date"] == "2016-12-06"
    july = [r for r in rows.values() if r["report_id"] == "2021-07"]
    assert sorted(r["verdict"] for r in july) == ["not-credible", "not-credible"]


def test_march_2018_report_is_fully_covered_for_its_credible_deaths():
    report = validate(REAL_PACKAGE)
    cover = report.coverage.set_index("report_id")
    assert cover.loc["2018-03", "deaths_listed"] == 28 == int(cover.loc["2018-03", "deaths_stated"])
    assert cover.loc["2021-07", "coverage"] == "2 of 2 assessments listed: Syria only"
