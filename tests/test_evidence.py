"""Evidence grades: what each kind of source is worth, the grade of a figure and of a report, where the grade is
published, and the validation of the field editors fill in."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from civcas import derive, evidence
from civcas.downloads import data_files
from civcas.validate import validate
from conftest import REAL_PACKAGE, observation


def source(source_id: str, grade: str, kind: str = "news", by: str = "") -> dict:
    return {"source_id": source_id, "publisher": source_id.title(), "title": "t", "kind": kind, "language": "en",
            "evidence": grade, "reported_by": by or source_id.title()}


KINDS = {"coalition-text": "official", "verbatim-copy": "digest", "wire-report": "news", "outlet-report": "news"}


@pytest.mark.parametrize("grade", evidence.GRADES)
def test_a_total_stated_by_one_source_takes_that_sources_grade(make_package, grade):
    package = make_package(sources=[source("only", grade, KINDS[grade], "Sputnik")],
                           observations=[observation("2018-01", "only", cum_killed=10)])
    release = validate(package).reconciled.releases.iloc[0]
    assert release["evidence_grade"] == release["cum_killed_grade"] == grade
    assert release["cum_killed_reported_by"] == "Sputnik"


def test_a_figure_takes_the_grade_of_its_best_supporting_source(make_package):
    sources = [source("rt", "outlet-report", by="RT"), source("afp", "wire-report", by="AFP"),
               source("civic", "verbatim-copy", "digest", "CIVIC")]
    obs = [observation("2018-01", "rt", cum_killed=10), observation("2018-01", "afp", cum_killed=10),
           observation("2018-01", "civic", new_reports=4)]
    release = validate(make_package(sources=sources, observations=obs)).reconciled.releases.iloc[0]
    assert release["cum_killed_grade"] == "wire-report"
    assert release["cum_killed_reported_by"] == "AFP"
    assert release["evidence_grade"] == "verbatim-copy"  # the report's best count comes from the copy


def test_a_source_that_only_dates_a_report_does_not_grade_its_figures(make_package):
    sources = [source("coalition", "coalition-text", "official", "CJTF-OIR"), source("paper", "outlet-report")]
    obs = [observation("2018-01", "coalition", release_date="2018-02-20", release_date_basis="stated",
                       figures_found="false"),
           observation("2018-01", "paper", cum_killed=10)]
    release = validate(make_package(sources=sources, observations=obs)).reconciled.releases.iloc[0]
    assert release["evidence_grade"] == release["cum_killed_grade"] == "outlet-report"


def test_a_report_without_figures_has_no_grade(make_package):
    sources = [source("coalition", "coalition-text", "official", "CJTF-OIR")]
    obs = [observation("2018-01", "coalition", release_date="2018-02-20", release_date_basis="stated",
                       figures_found="false")]
    release = validate(make_package(sources=sources, observations=obs)).reconciled.releases.iloc[0]
    assert release["evidence_grade"] == release["cum_killed_grade"] == ""


def test_the_grade_is_published_in_the_releases_table_and_declared_in_its_descriptor(make_package):
    package = make_package(sources=[source("afp", "wire-report", by="AFP")],
                           observations=[observation("2018-01", "afp", cum_killed=10)])
    files = data_files(validate(package))
    [row] = list(csv.DictReader(io.StringIO(files["releases.csv"].decode("utf-8"))))
    assert (row["evidence_grade"], row["cum_killed_grade"], row["cum_killed_reported_by"]) == \
        ("wire-report", "wire-report", "AFP")
    assert json.loads(files["releases.json"])[0]["cum_killed_grade"] == "wire-report"
    descriptor = json.loads(files["datapackage.json"])
    fields = {f["name"]: f for r in descriptor["resources"] if r["name"] == "releases" for f in r["schema"]["fields"]}
    assert fields["evidence_grade"]["constraints"]["enum"] == list(evidence.GRADES)
    assert "cum_killed_reported_by" in fields
    sources = next(r for r in descriptor["resources"] if r["name"] == "sources")["schema"]["fields"]
    assert {"evidence", "reported_by"} <= {f["name"] for f in sources}


def test_chart_points_say_who_reported_them_and_never_official_for_a_press_report(make_package):
    sources = [source("sputnik", "outlet-report", by="Sputnik"),
               source("centcom", "coalition-text", "official", "CJTF-OIR")]
    obs = [observation("2018-01", "sputnik", cum_killed=10), observation("2018-02", "centcom", cum_killed=12)]
    releases = validate(make_package(sources=sources, observations=obs)).reconciled.releases
    points = derive.cumulative_official(releases).set_index("report")
    assert points.loc["2018-01", "by"] == "reported by Sputnik"
    assert not points.loc["2018-01", "coalition_text"]
    assert points.loc["2018-02", "by"] == "coalition text (CJTF-OIR)"
    assert points.loc["2018-02", "coalition_text"]
    assert "official" not in " ".join(points["by"]).lower()


def test_the_real_totals_are_graded_and_none_is_called_official():
    releases = validate(REAL_PACKAGE).reconciled.releases
    totals = releases[releases["cum_killed"] != ""]
    assert set(totals["cum_killed_grade"]) <= set(evidence.GRADES) and "" not in set(totals["cum_killed_grade"])
    points = derive.cumulative_official(releases)
    assert not points["by"].str.contains("official", case=False).any()
    july_2019 = points.set_index("report").loc["2019-07"]
    assert july_2019["by"] == "reported by Sputnik" and not july_2019["coalition_text"]


@pytest.mark.parametrize(("kind", "grade"), [("news", "coalition-text"), ("official", "outlet-report"),
                                             ("official", "wire-report")])
def test_evidence_that_contradicts_the_kind_of_document_is_a_located_problem(make_package, kind, grade):
    package = make_package(sources=[source("doc", grade, kind)],
                           observations=[observation("2018-01", "doc", cum_killed=10)])
    problems = [p for p in validate(package).problems if p.check == "evidence"]
    assert [(p.path.endswith("sources.csv"), p.row, p.field) for p in problems] == [(True, 2, "evidence")]


@pytest.mark.parametrize("value", ["", "official", "Wire-report"])
def test_a_missing_or_unknown_evidence_value_is_a_located_problem(make_package, value):
    package = make_package(sources=[source("doc", value)], observations=[observation("2018-01", "doc", cum_killed=1)])
    lines = [p.line() for p in validate(package).problems]
    assert any(":2:evidence:" in line for line in lines), lines


def test_the_descriptor_must_keep_the_evidence_values_the_code_grades_by(make_package):
    package = make_package()
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "sources")["schema"]["fields"]
    next(f for f in fields if f["name"] == "evidence")["constraints"]["enum"].append("rumour")
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    lines = [p.line() for p in validate(package).problems]
    assert any("resources.sources.schema.evidence" in line for line in lines), lines


def test_every_real_source_names_whose_text_it_carries():
    sources = pd.read_csv(REAL_PACKAGE / "sources.csv", dtype=str, keep_default_na=False)
    assert (sources["reported_by"] != "").all()
    state_media = sources[sources["publisher"].str.contains("Sputnik|UrduPoint|RT text|reposting RT")]
    assert set(state_media["evidence"]) == {"outlet-report"}
    assert set(state_media["reported_by"]) <= {"Sputnik", "RT"}
