"""The zip explains itself: README written from the descriptor, the licence notice, CITATION.cff, the findings
and the data of each chart, beside the tables and the descriptor."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import yaml
from civcas.charts import Figure
from civcas.downloads import TABLES, chart_data, data_files
from civcas.package_readme import readme
from civcas.validate import validate


def archive(files: dict[str, bytes]) -> tuple[zipfile.ZipFile, str]:
    [name] = [n for n in files if n.endswith(".zip")]
    return zipfile.ZipFile(io.BytesIO(files[name])), name.removesuffix(".zip")


def chart() -> Figure:
    data = pd.DataFrame({"date": ["2018-01", "2018-02"], "value": [100, None]})
    return Figure("cumulative", "Civilians killed", "A line.", "Source: test", data, {})


def test_the_zip_holds_tables_descriptor_readme_licence_citation_findings_and_chart_data(mini_package):
    files = data_files(validate(mini_package), charts=chart_data([chart()]))
    zipped, folder = archive(files)
    assert sorted(zipped.namelist()) == sorted(f"{folder}/{n}" for n in [
        *(f"{t}.csv" for t in TABLES), "datapackage.json", "findings.csv", "README.md", "LICENSE.txt",
        "CITATION.cff", "charts/cumulative.csv"])
    assert zipped.read(f"{folder}/findings.csv") == files["findings.csv"]
    assert zipped.read(f"{folder}/charts/cumulative.csv").decode() == "date,value\n2018-01,100.0\n2018-02,\n"
    licence = zipped.read(f"{folder}/LICENSE.txt").decode()
    assert "Creative Commons Attribution 4.0 International (CC-BY-4.0)" in licence
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in licence and "credit" in licence
    cff = yaml.safe_load(zipped.read(f"{folder}/CITATION.cff"))
    assert cff["version"] == "0.1.0" and cff["license"] == "CC-BY-4.0" and cff["type"] == "dataset"


def test_the_readme_names_every_file_and_column_and_how_to_cite(mini_package):
    files = data_files(validate(mini_package), charts=chart_data([chart()]))
    zipped, folder = archive(files)
    text = zipped.read(f"{folder}/README.md").decode()
    descriptor = json.loads(files["datapackage.json"])
    for resource in descriptor["resources"]:
        assert f"`{resource['path']}`" in text
        assert all(f"`{f['name']}`" in text for f in resource["schema"]["fields"])
    assert "`findings.csv`" in text and "`charts/cumulative.csv`" in text and 'chart "Civilians killed"' in text
    assert "## How to cite" in text and "(Version 0.1.0) [Data set]" in text


def test_a_column_added_to_the_descriptor_documents_itself_and_a_grade_gets_its_own_section(mini_package):
    descriptor = json.loads(data_files(validate(mini_package))["datapackage.json"])
    for resource in descriptor["resources"]:
        resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if "grade" not in f["name"]]
    assert "## Evidence grades" not in readme(descriptor, {}, {}, {})
    releases = next(r for r in descriptor["resources"] if r["name"] == "releases")
    releases["schema"]["fields"].append({"name": "new_grade", "type": "string",
                                         "description": "How well the figures are attested.",
                                         "constraints": {"enum": ["coalition-text", "verbatim-copy"]}})
    text = readme(descriptor, {}, {}, {})
    grades = text.split("## Evidence grades", 1)[1].split("##", 1)[0]
    assert "`releases.new_grade`: How well the figures are attested. Values: coalition-text, verbatim-copy." \
        in grades
    assert "- `new_grade` (string): How well the figures are attested." in text
