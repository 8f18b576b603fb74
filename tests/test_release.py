"""`civcas release`: frozen, checksummed snapshots that never change, and refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from civcas.problems import InvalidPackage
from civcas.release import make_release
from civcas.site import build
from civcas.snapshots import checksum_problems
from conftest import mini_tables, write_package
from test_build import tree_digest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: mkdocs.yml, docs and the small package as datapackage/."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    write_package(tmp_path / "datapackage", **mini_tables())
    return tmp_path


def release(project: Path, version: str, date: str = "2026-01-15") -> Path:
    return make_release(version, date, project / "datapackage", project)


def test_a_release_freezes_files_with_checksums_and_names_the_version(project):
    folder = release(project, "1.0.0")
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        "SHA256SUMS", "NOTES.txt", "datapackage.json", "civcas-1.0.0.zip", "civcas-1.0.0.xlsx",
        *[f"{t}.{x}" for t in ("releases", "observations", "sources", "resolutions", "monitor_counts",
                                "allegations", "annual_reports", "findings") for x in ("csv", "json")]])
    assert checksum_problems(folder) == []
    descriptor = (project / "datapackage" / "datapackage.json").read_text()
    assert '"version": "1.0.0"' in descriptor and '"created": "2026-01-15T00:00:00Z"' in descriptor
    cff = (project / "CITATION.cff").read_text()
    assert 'version: "1.0.0"' in cff and 'date-released: "2026-01-15"' in cff
    assert "## 1.0.0 (2026-01-15)" in (project / "CHANGES.md").read_text()
    assert "First release" in (folder / "NOTES.txt").read_text()


def test_an_existing_version_is_refused(project):
    release(project, "1.0.0")
    with pytest.raises(InvalidPackage, match="release 1.0.0 exists already"):
        release(project, "1.0.0")


def test_an_older_version_is_refused(project):
    release(project, "1.1.0")
    with pytest.raises(InvalidPackage, match="release 1.0.5 is not newer than the latest release, 1.1.0"):
        release(project, "1.0.5")


def test_a_malformed_version_is_refused(project):
    with pytest.raises(InvalidPackage, match="not a version of the form MAJOR.MINOR.PATCH"):
        release(project, "v1")


def test_invalid_data_is_refused_and_nothing_is_written(project):
    observations = project / "datapackage" / "observations.csv"
    observations.write_text(observations.read_text().replace(",105,", ",lots,", 1))
    with pytest.raises(InvalidPackage, match="cum_killed"):
        release(project, "1.0.0")
    assert not (project / "datapackage" / "releases").exists() and not (project / "CITATION.cff").exists()


def test_the_release_command_prints_a_clear_refusal(project):
    release(project, "1.0.0")
    result = subprocess.run([sys.executable, "-m", "civcas", "release", "0.9.0", "--package",
                             str(project / "datapackage")], capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 1 and "is not newer than the latest release, 1.0.0" in result.stdout
    assert "Traceback" not in result.stderr


def test_changes_between_releases_are_listed(project):
    release(project, "1.0.0")
    observations = project / "datapackage" / "observations.csv"
    observations.write_text(observations.read_text().replace("deaths=3", "").replace(",3,", ",4,", 1))
    folder = release(project, "1.0.1", "2026-02-01")
    notes = (folder / "NOTES.txt").read_text()
    assert "Changes since 1.0.0:" in notes and "observations: 0 added, 0 removed, 1 changed" in notes
    assert (project / "CHANGES.md").read_text().index("## 1.0.1") < (project / "CHANGES.md").read_text().index(
        "## 1.0.0")


def test_frozen_files_stay_identical_when_the_data_change(project, tmp_path):
    folder = release(project, "1.0.0")
    frozen = tree_digest(folder)
    sources = project / "datapackage" / "sources.csv"
    sources.write_text(sources.read_text().replace("Coalition admits 105", "Coalition admits 105 civilians"))
    out = tmp_path / "out" / "site"
    build(project / "datapackage", out, project / "mkdocs.yml", project / "docs")
    assert tree_digest(folder) == frozen
    served = out / "releases" / "1.0.0"
    assert {n: d for n, d in tree_digest(served).items() if n != "index.html"} == frozen
    assert (out / "data" / "sources.csv").read_bytes() != (folder / "sources.csv").read_bytes()


def test_a_tampered_snapshot_fails_the_build(project, tmp_path):
    folder = release(project, "1.0.0")
    (folder / "sources.csv").write_text("source_id\ntampered\n")
    result = subprocess.run([sys.executable, "-m", "civcas", "build", "--package", str(project / "datapackage"),
                             "--out", str(tmp_path / "site")], capture_output=True, text=True, cwd=project,
                            check=False)
    assert result.returncode == 1
    assert f"{folder / 'sources.csv'}::: changed after release" in result.stdout


def test_a_file_added_to_a_snapshot_fails_validation(project):
    folder = release(project, "1.0.0")
    (folder / "extra.csv").write_text("x\n")
    [problem] = checksum_problems(folder)
    assert problem.message == "file is not in SHA256SUMS"


def test_the_citation_box_names_the_release_and_warns_when_data_changed_since(project):
    from civcas.site import citation_settings, context
    from civcas.validate import validate

    package = project / "datapackage"
    assert "not been released yet" in citation_settings(context(validate(package)))["text"]
    release(project, "1.0.0")
    settings = citation_settings(context(validate(package), "https://e.org/"))
    assert settings["text"].endswith("(Version 1.0.0) [Data set]. https://e.org/releases/1.0.0/")
    assert settings["href"] == "releases/1.0.0/index.html"
    sources = package / "sources.csv"
    sources.write_text(sources.read_text().replace("Coalition admits 105", "Coalition admits 105 civilians"))
    assert "changed since release 1.0.0" in citation_settings(context(validate(package), "https://e.org/"))["text"]
