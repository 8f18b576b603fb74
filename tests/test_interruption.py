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

# For each `project:step` argument, a child process (forked, so Python, Altair and the charts of the small package
# are loaded once) makes the release and is killed just before its write or rename numbered `step`; step 0 counts
# them all. Prints `calls N` for a release that ran to its end and `exit CODE` for every child.
KILLER = """
import os, signal, sys
from pathlib import Path
from civcas.release import make_release
from civcas.site import figures_for
from civcas.validate import validate

def draw_once(package):
    report = validate(package)
    tables = report.package.tables
    figures_for(report.reconciled.releases, tables["monitor_counts"], tables["allegations"])

def release_stopped_at(project, stop_at):
    calls = [0]
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
    make_release("1.0.0", "2026-01-15", project / "datapackage", project)
    print("calls", calls[0], flush=True)

runs = [(Path(a.rsplit(":", 1)[0]), int(a.rsplit(":", 1)[1])) for a in sys.argv[1:]]
draw_once(runs[0][0] / "datapackage")
for project, step in runs:
    child = os.fork()
    if child == 0:
        os.chdir(project)
        release_stopped_at(project, step)
        os._exit(0)
    print("exit", os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), flush=True)
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


def releases_killed_at(runs: list[tuple[Path, int]]) -> tuple[list[int], list[int]]:
    """The writes counted by the releases that ran to their end, and every release process's exit code."""
    result = subprocess.run([sys.executable, "-c", KILLER, *(f"{project}:{step}" for project, step in runs)],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    return [int(n) for word, n in lines if word == "calls"], [int(n) for word, n in lines if word == "exit"]


def test_a_release_stopped_at_any_step_leaves_no_partial_snapshot_and_completes_when_run_again(tmp_path):
    reference = new_project(tmp_path / "reference")
    [steps], codes = releases_killed_at([(reference, 0)])
    assert codes == [0]
    expected = state(reference)
    assert steps > 10
    stops = sorted({1, 2, steps // 2, steps - 3, steps - 1, steps})
    projects = {step: new_project(tmp_path / f"killed-{step}") for step in stops}
    finished, codes = releases_killed_at([(project, step) for step, project in projects.items()])
    assert finished == [] and codes == [-9] * len(stops), (finished, codes)
    for step, project in projects.items():
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
