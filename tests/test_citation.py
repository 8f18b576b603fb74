"""Citations: CITATION.cff passes cffconvert, BibTeX and RIS parse, the JSON-LD and the feed are complete."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import feedparser
import rispy
from civcas.citation import Citable
from civcas.discovery import atom_feed, dataset, jsonld_text
from civcas.validate import validate

ROOT = Path(__file__).resolve().parents[1]
CITE = Citable("A title with a \"quote\" & more", "1.2.3", "2026-01-15", "https://example.org/releases/1.2.3/")


def cffconvert_validates(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "cffconvert"), "--validate", "-i", str(path)],
                          capture_output=True, text=True, check=False)


def test_the_project_citation_file_is_valid_cff():
    result = cffconvert_validates(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "type: dataset" in (ROOT / "CITATION.cff").read_text()


def test_a_generated_cff_is_valid(tmp_path):
    (tmp_path / "CITATION.cff").write_text(CITE.cff("An abstract.", ("a", "b")))
    result = cffconvert_validates(tmp_path / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bibtex_parses_and_names_the_version():
    library = bibtexparser.parse_string(CITE.bibtex())
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "civcas_1_2_3"
    assert entry.fields_dict["version"].value == "1.2.3" and entry.fields_dict["year"].value == "2026"
    assert entry.fields_dict["url"].value == CITE.url


def test_ris_parses_as_a_data_set():
    [entry] = rispy.loads(CITE.ris())
    assert entry["type_of_reference"] == "DATA" and entry["edition"] == "1.2.3"
    assert entry["urls"] == [CITE.url] and entry["year"] == "2026"


def test_text_citation_names_version_date_and_address():
    assert CITE.text() == ("civcas editors (2026). A title with a \"quote\" & more (Version 1.2.3) [Data set]. "
                           "https://example.org/releases/1.2.3/")


def test_the_feed_parses_with_one_entry_per_release():
    entries = [{"version": "1.0.0", "date": "2026-01-15", "url": "https://e.org/releases/1.0.0/", "summary": "a < b"},
               {"version": "1.1.0", "date": "2026-03-01", "url": "https://e.org/releases/1.1.0/", "summary": "more"}]
    feed = feedparser.parse(atom_feed("https://e.org/", entries))
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Data release 1.1.0", "Data release 1.0.0"]
    assert feed.entries[1].summary == "a < b" and feed.entries[0].link == "https://e.org/releases/1.1.0/"


def test_jsonld_has_every_property_a_dataset_needs(mini_package):
    report = validate(mini_package)
    tables = report.package.tables
    data = json.loads(jsonld_text(dataset(
        report.package.descriptor, {"releases.csv": "https://e.org/data/releases.csv",
                                    "sources.csv": "https://e.org/data/sources.csv"},
        len(tables["sources"]), tables["observations"].to_dict("records"), "https://e.org/",
        "2026-01-15")))
    for key in ("name", "description", "version", "datePublished", "dateModified", "license", "creator",
                "temporalCoverage", "spatialCoverage", "variableMeasured", "distribution", "isBasedOn"):
        assert data[key], key
    assert data["@type"] == "Dataset" and data["temporalCoverage"] == "2014-08/2018-02"
    assert data["distribution"][0] == {"@type": "DataDownload", "name": "releases.csv",
                                       "contentUrl": "https://e.org/data/releases.csv", "encodingFormat": "text/csv"}
    assert {v["name"] for v in data["variableMeasured"]} >= {"cum_killed", "figure_low", "source_id"}
    # the sources are named by their table, which lists every one
    assert data["isBasedOn"]["url"] == "https://e.org/data/sources.csv"
    assert f"The {len(tables['sources'])} source documents" in data["isBasedOn"]["name"]


def test_jsonld_cannot_close_its_script_element():
    assert "<" not in jsonld_text({"a": "</script><script>alert(1)</script>"})
    assert re.fullmatch(r"[^<]*", jsonld_text({"b": "<"}))
