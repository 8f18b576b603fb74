"""Published files: formulas neutralised, typed JSON, a valid descriptor, a reproducible zip, checksums."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pandas as pd
from civcas.downloads import TABLES, csv_bytes, data_files, neutralise, typed_records, zip_bytes
from civcas.validate import validate
from frictionless import Package


def test_cells_a_spreadsheet_would_run_get_an_apostrophe():
    assert [neutralise(v) for v in ["=1+1", "+7", "-2", "@SUM(A1)", "plain", ""]] == [
        "'=1+1", "'+7", "'-2", "'@SUM(A1)", "plain", ""]


def test_integer_columns_are_never_prefixed():
    frame = pd.DataFrame({"n": ["5"], "t": ["=cmd"]})
    assert csv_bytes(frame, {"n"}).decode() == "n,t\n5,'=cmd\n"


def test_json_records_are_typed_with_null_for_empty():
    frame = pd.DataFrame({"n": ["5", ""], "t": ["a", ""]})
    assert typed_records(frame, {"n"}) == [{"n": 5, "t": "a"}, {"n": None, "t": None}]


def test_zip_bytes_depend_only_on_contents():
    files = {"b.csv": b"x\n", "a.csv": b"y\n"}
    assert zip_bytes("pkg", files) == zip_bytes("pkg", dict(reversed(list(files.items()))))
    assert zipfile.ZipFile(io.BytesIO(zip_bytes("pkg", files))).namelist() == ["pkg/a.csv", "pkg/b.csv"]


def test_every_table_is_published_as_csv_and_json(mini_package):
    files = data_files(validate(mini_package))
    for name in TABLES:
        frame = pd.read_csv(io.BytesIO(files[f"{name}.csv"]), dtype=str, keep_default_na=False)
        assert len(frame) == len(json.loads(files[f"{name}.json"]))
    releases = json.loads(files["releases.json"])
    assert releases[1]["cum_killed"] == 105 and releases[1]["deaths"] == 5 and releases[1]["injured"] is None


def test_hostile_cells_are_neutralised_in_csv_but_kept_in_json(mini_package):
    files = data_files(validate(mini_package))
    sources = pd.read_csv(io.BytesIO(files["sources.csv"]), dtype=str, keep_default_na=False)
    assert sources.loc[sources["source_id"] == "digest-2018-03-05", "title"].item().startswith("'=HYPERLINK")
    records = json.loads(files["sources.json"])
    assert next(r for r in records if r["source_id"] == "digest-2018-03-05")["title"].startswith("=HYPERLINK")


def test_published_package_validates_with_frictionless(mini_package, tmp_path):
    files = data_files(validate(mini_package))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [r["name"] for r in json.loads(files["datapackage.json"])["resources"]] == list(TABLES)


def test_checksums_cover_every_file(mini_package):
    files = data_files(validate(mini_package))
    listed = dict(reversed(line.split("  ")) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(listed) == set(files) - {"SHA256SUMS"}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())


def test_the_official_validator_accepts_the_published_copy_of_the_real_package(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from conftest import REAL_PACKAGE

    files = data_files(validate(REAL_PACKAGE))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(frictionless), "validate", "--type", "package", str(tmp_path / "datapackage.json")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    published = json.loads(files["datapackage.json"])
    allegations = next(r for r in published["resources"] if r["name"] == "allegations")
    assert allegations["schema"]["primaryKey"] == ["allegation_id"]
    assert allegations["schema"]["foreignKeys"][0]["reference"]["resource"] == "observations"
