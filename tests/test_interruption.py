"""Interrupted or simultaneous work loses nothing: a stopped release leaves no partial snapshot and can be run
again, a release folder is exactly what a release writes, and two builds into one folder never mix."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from civcas.release import make_release
from civcas.validate import validate
from conftest import mini_tables, write_package
from test_build import tree_digest

ROOT = Path(__file__).resolve().parents[1]
WATCHED = ("CITATION.cff", "CHANGES.md", "datapackage/datapackage.json")

# Counts every write and rename a release makes, and kills the process just before the one numbered argv[2].
KILLER = """
import os, signal, sys
from pathlib import Path
from civcas.release import make_release

stop_at, calls = int(sys.argv[2]), [0]

def counted(real):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == stop_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapper

Path.write_bytes = counted(Path.write_bytes)
Path.rename = counted(Path.rename)
os.replace = counted(os.replace)
project = Path(sys.argv[1])
make_release("1.0.0", "2026-01-15", project / "datapackage", project)
print(calls[0])
"""


def new_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    write_package(folder / "datapackage", **mini_tables())
    return folder


def state(project: Path) -> dict[str, str]:
    files = tree_digest(project / "datapackage" / "releases" / "1.0.0") if (
        project / "datapackage" / "releases" / "1.0.0").exists() else {}
    for name in WATCHED:
        path = project / name
        files[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
    return files


def release_killed_at(project: Path, step: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILLER, str(project), str(step)], capture_output=True, text=True,
                          check=False, cwd=project)


def test_a_release_stopped_at_any_step_leaves_no_partial_snapshot_and_completes_when_run_again(tmp_path):
    reference = new_project(tmp_path / "reference")
    counting = release_killed_at(reference, 0)
    assert counting.returncode == 0, counting.stderr
    steps = int(counting.stdout.split()[-1])
    expected = state(reference)
    assert steps > 10
    for step in sorted({1, 2, steps // 2, steps - 3, steps - 1, steps}):
        project = new_project(tmp_path / f"killed-{step}")
        result = release_killed_at(project, step)
        assert result.returncode == -9, (step, result.stderr)
        assert not (project / "datapackage" / "releases" / "1.0.0").exists(), step
        report = validate(project / "datapackage")
        assert report.valid, (step, [p.line() for p in report.problems])
        make_release("1.0.0", "2026-01-15", project / "datapackage", project)
        assert state(project) == expected, step
        assert not [p for p in (project / "datapackage" / "releases").iterdir() if p.name != "1.0.0"], step
        assert (project / "CHANGES.md").read_text(encoding="utf-8").count("## 1.0.0 ") == 1


@pytest.fixture
def released(tmp_path) -> Path:
    project = new_project(tmp_path / "project")
    return make_release("1.0.0", "2026-01-15", project / "datapackage", project)


def resum(folder: Path) -> None:
    """Rewrite SHA256SUMS for what the folder holds, as someone editing a frozen release by hand would."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(folder.iterdir())
             if p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def test_a_complete_release_folder_is_valid(released):
    assert validate(released.parents[1]).valid


def test_a_release_folder_missing_a_file_is_a_clear_error(released):
    (released / "sources.json").unlink()
    resum(released)
    [problem] = validate(released.parents[1]).problems
    assert problem.path == str(released / "sources.json") and problem.message.startswith("missing")


def test_a_release_folder_with_an_extra_file_is_a_clear_error(released):
    (released / "notes-draft.txt").write_text("draft\n", encoding="utf-8")
    resum(released)
    [problem] = validate(released.parents[1]).problems
    assert problem.path == str(released / "notes-draft.txt") and "unexpected file" in problem.message


def test_a_frozen_descriptor_that_is_not_the_release_is_a_clear_error(released):
    (released / "datapackage.json").write_text('{"version": "9.9.9"}', encoding="utf-8")
    resum(released)
    [problem] = validate(released.parents[1]).problems
    assert problem.path.endswith("1.0.0/datapackage.json") and "does not say version 1.0.0" in problem.message


def test_a_frozen_table_that_cannot_be_read_is_a_clear_error(released):
    (released / "sources.csv").write_bytes(b'source_id\n"unclosed\n')
    resum(released)
    problems = validate(released.parents[1]).problems
    assert [p.path for p in problems] == [str(released / "sources.csv")]


def test_two_builds_started_at_once_never_mix_their_sites(tmp_path):
    tables = mini_tables()
    first = write_package(tmp_path / "first", **tables)
    tables["sources"][0] = {**tables["sources"][0], "title": "A title only the second package has"}
    second = write_package(tmp_path / "second", **tables)
    out = tmp_path / "out" / "site"
    command = [sys.executable, "-m", "civcas", "build", "--out", str(out), "--package"]
    running = [subprocess.Popen([*command, str(p)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for p in (first, second, first)]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in running]
    assert all(code == 0 for code, _ in results), results
    csv_says_second = b"only the second package" in (out / "data" / "sources.csv").read_bytes()
    page_says_second = "only the second package" in (out / "sources.html").read_text(encoding="utf-8")
    assert csv_says_second == page_says_second
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".cache") == [
        ".site.lock", "site", "site.pages", "site.pages.mkdocs.yml"]


def test_a_kept_validation_result_cut_short_is_computed_again(tmp_path):
    package = write_package(tmp_path / "pkg", **mini_tables())
    cache = tmp_path / "cache"
    assert validate(package, cache=cache).valid
    kept = list(cache.glob("schema-*.json"))
    assert kept
    for path in kept:
        path.write_text('[{"path": ', encoding="utf-8")
    assert validate(package, cache=cache).valid
