"""The Defense Department's annual reports as a table of their own: validated, located when wrong, shown on a
page of their own and never mixed into the coalition's series."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from civcas.validate import validate
from conftest import REAL_PACKAGE

HEADER = ("report_id,source_id,area,incidents,first_year,last_year,killed,killed_qualifier,injured,"
          "injured_qualifier,note")


def with_rows(tmp_path: Path, *rows: str) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(REAL_PACKAGE, target, ignore=shutil.ignore_patterns("releases"))
    (target / "annual_reports.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return target


def test_the_real_annual_table_validates_and_is_declared_with_its_definition():
    report = validate(REAL_PACKAGE)
    assert report.valid, [p.line() for p in report.problems]
    resource = report.package.resource("annual_reports")
    assert "calendar year in which the incidents happened" in resource["description"]
    assert "never added together" in resource["description"]
    table = report.package.tables["annual_reports"]
    rows = {(r["report_id"], r["area"], r["source_id"]): r for r in table.to_dict("records")}
    assert rows[("dod-annual-2019", "iraq-and-syria", "urdupoint-dod-2019")]["killed"] == "22"
    assert rows[("dod-annual-2018", "iraq-and-syria", "sputnik-it-2019-05-02")]["injured"] == ""  # not stated
    assert not set(table["report_id"]) & set(report.reconciled.releases["report_id"])


def test_a_bad_row_is_a_located_problem(tmp_path):
    package = with_rows(
        tmp_path,
        "dod-annual-2019,urdupoint-dod-2019,iraq-and-syria,in-year,2019,2019,many,,,,",
        "dod-annual-2019,wire-2018-01-01,iraq,in-year,2019,2019,3,,,,",
    )
    lines = [p.line() for p in validate(package).problems]
    path = package / "annual_reports.csv"
    assert any(line.startswith(f"{path}:2:killed: ") for line in lines), lines
    assert any(line.startswith(f"{path}:3:report_id+source_id: ") for line in lines), lines  # no such observation


def test_rows_that_contradict_their_report_are_located_problems(tmp_path):
    package = with_rows(
        tmp_path,
        "dod-annual-2019,urdupoint-dod-2019,iraq-and-syria,in-year,2018,2018,22,,13,,",
        "dod-annual-2019,urdupoint-dod-2019,all-operations,in-year,2019,2019,,,,about,",
        "dod-annual-2021,lawfare-dod-2021,syria,earlier-years,2018,2021,10,,18,,",
        "2018-01,civic-2018-02-26,iraq,in-year,2018,2018,3,,,,",
    )
    path = package / "annual_reports.csv"
    lines = [p.line() for p in validate(package).problems]
    assert f"{path}:2:first_year: an in-year row of dod-annual-2019 counts incidents of 2019 alone: first_year " \
           "and last_year must both be 2019" in lines
    assert f"{path}:3:killed: the row states neither killed nor injured" in lines
    assert f"{path}:3:injured_qualifier: injured_qualifier without a injured figure" in lines
    assert f"{path}:4:last_year: earlier years of dod-annual-2021 end before 2021" in lines
    assert f"{path}:5:report_id: 2018-01 is not an annual report (statement kind annual-report in observations)" \
        in lines


def test_the_annual_page_states_the_definition_and_stays_apart_from_the_series(site, base_url):
    page = (site / "annual-reports.html").read_text(encoding="utf-8")
    assert "calendar year in which the incidents happened" in page and "never added" in page
    table = page.split("Figures of the annual reports", 1)[1]
    assert "499 (about)" in table and "2018 to 2020, added later" in table
    series = (site / "reports" / "index.html").read_text(encoding="utf-8")
    series_table = series.split('<table class="civcas-data', 1)[1].split("</table>", 1)[0]
    assert "dod-annual" not in series_table and "annual" not in series_table
    statements = (site / "other-statements.html").read_text(encoding="utf-8")
    assert 'href="annual-reports.html"' in statements


def test_every_annual_figure_is_stated_in_the_note_or_title_of_the_source_it_is_credited_to():
    """The figures were entered from what the research recorded of each source: each number of a row is in that
    source's title or in the note of its observation, so none was made up or moved to another source."""
    def rows(name: str) -> list[dict]:
        return list(csv.DictReader(io.StringIO((REAL_PACKAGE / name).read_text(encoding="utf-8"))))

    notes = {(r["report_id"], r["source_id"]): r["note"] for r in rows("observations.csv")}
    titles = {r["source_id"]: r["title"] for r in rows("sources.csv")}
    words = {"1": "one"}
    for row in rows("annual_reports.csv"):
        said = notes[(row["report_id"], row["source_id"])] + " " + titles[row["source_id"]]
        for figure in ("killed", "injured"):
            value = row[figure]
            if value and value != "0":
                pattern = rf"\b({value}|{words.get(value, value)})\b(?! ?\d)"
                assert re.search(pattern, said), (row["report_id"], row["source_id"], figure, value)
