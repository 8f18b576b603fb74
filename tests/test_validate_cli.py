"""`civcas validate`: exit codes, one `path:row:field: message` line per problem, and --json."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

from civcas.cli import main
from conftest import REAL_PACKAGE, SOURCE, observation


def run_validate(package: Path, *extra: str) -> tuple[int, str]:
    """The command in this process: what it prints and returns is what `civcas validate` prints and exits with."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(package), *extra])
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return code, out.getvalue()


def test_the_published_package_is_valid():
    result = subprocess.run([sys.executable, "-m", "civcas", "validate", str(REAL_PACKAGE)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid:") and "Traceback" not in result.stderr


def test_the_command_in_this_process_says_what_the_installed_command_says(make_package):
    package = make_package(observations=[observation(cum_killed="x")])
    result = subprocess.run([sys.executable, "-m", "civcas", "validate", str(package), "--json"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == run_validate(package, "--json")


def test_the_official_frictionless_validator_accepts_the_package():
    frictionless = Path(sys.executable).parent / "frictionless"
    command = [str(frictionless), "validate", "--type", "package", str(REAL_PACKAGE / "datapackage.json")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_json_report_is_machine_readable(make_package):
    package = make_package(observations=[observation(cum_killed="x")])
    code, out = run_validate(package, "--json")
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert report["problems"][0]["field"] == "cum_killed" and report["problems"][0]["row"] == 2


def test_json_report_of_a_valid_package_has_counts(make_package):
    assert main(["validate", str(make_package())]) == 0
    code, out = run_validate(make_package(), "--json")
    assert code == 0 and json.loads(out)["stats"]["observations"] == 1


def test_missing_descriptor(tmp_path):
    code, out = run_validate(tmp_path)
    assert code == 1 and f"{tmp_path}/datapackage.json::: descriptor not found" in out


def test_broken_descriptor_names_the_line(make_package):
    package = make_package()
    (package / "datapackage.json").write_text('{\n  "resources": [\n', encoding="utf-8")
    code, out = run_validate(package)
    assert code == 1 and "datapackage.json:3:: broken JSON" in out


def resource_path_replaced(package: Path, name: str, path: str) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == name)["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def test_resource_path_outside_the_package_is_refused(make_package):
    package = make_package()
    resource_path_replaced(package, "sources", "../sources.csv")
    code, out = run_validate(package)
    assert code == 1 and "datapackage.json::resources.sources.path: path '../sources.csv' refused" in out


def test_absolute_resource_path_is_refused(make_package):
    package = make_package()
    resource_path_replaced(package, "sources", "/etc/passwd")
    code, out = run_validate(package)
    assert code == 1 and "resources.sources.path: absolute path '/etc/passwd' refused" in out


def test_remote_resource_is_refused_without_fetching(make_package):
    package = make_package()
    resource_path_replaced(package, "observations", "https://example.org/observations.csv")
    code, out = run_validate(package)
    assert code == 1 and "resources.observations.path: remote resource" in out


def test_missing_csv(make_package):
    package = make_package()
    (package / "resolutions.csv").unlink()
    code, out = run_validate(package)
    assert code == 1 and f"{package}/resolutions.csv::: file not found" in out


def test_empty_csv(make_package):
    package = make_package()
    (package / "resolutions.csv").write_text("", encoding="utf-8")
    code, out = run_validate(package)
    assert code == 1 and f"{package}/resolutions.csv::: file is empty" in out


def test_header_that_does_not_match_the_schema(make_package):
    package = make_package()
    path = package / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("publisher", "publisher_name", 1), encoding="utf-8")
    code, out = run_validate(package)
    assert code == 1 and f"{path}:1:publisher: Incorrect Label" in out and "'publisher_name'" in out


def test_ragged_row(make_package):
    package = make_package()
    path = package / "sources.csv"
    row = "extra-2018,P,T,,,news,outlet-report,P,en,note,surplus\n"
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    code, out = run_validate(package)
    assert code == 1 and f"{path}:3:" in out and "Extra Cell" in out


def test_wrong_type(make_package):
    code, out = run_validate(make_package(observations=[observation(cum_killed="many")]))
    assert code == 1 and "observations.csv:2:cum_killed: Type Error" in out and "'many'" in out


def test_value_out_of_range(make_package):
    code, out = run_validate(make_package(observations=[observation(cum_killed=-1)]))
    assert code == 1 and "observations.csv:2:cum_killed: Constraint Error" in out


def test_invalid_date(make_package):
    code, out = run_validate(make_package(observations=[observation(cum_killed=1, period_end="2018-02-30",
                                                                    period_end_basis="stated")]))
    assert code == 1 and "observations.csv:2:period_end: Type Error" in out


def test_duplicate_key(make_package):
    code, out = run_validate(make_package(observations=[observation(cum_killed=1), observation(cum_killed=1)]))
    assert code == 1 and "observations.csv:3:report_id+source_id: PrimaryKey Error" in out


def test_broken_reference(make_package):
    code, out = run_validate(make_package(observations=[observation(source_id="nowhere", cum_killed=1)]))
    assert code == 1 and "observations.csv:2:source_id: ForeignKey Error" in out


def test_non_utf8_file(make_package):
    package = make_package()
    path = package / "sources.csv"
    path.write_bytes(path.read_bytes() + "caf\u00e9-2018,P,T,,,news,en,\n".encode("latin-1"))
    code, out = run_validate(package)
    assert code == 1 and f"{path}:3:: not UTF-8 text" in out


def test_cumulative_total_that_falls(make_package):
    rows = [observation("2018-01", cum_killed=100), observation("2018-02", cum_killed=90)]
    code, out = run_validate(make_package(observations=rows))
    assert code == 1 and "observations.csv:3:cum_killed: report 2018-02: 90 is lower than 100" in out


def test_report_published_before_its_period_ends(make_package):
    row = observation(cum_killed=1, release_date="2018-01-15", release_date_basis="stated",
                      period_end="2018-01-31", period_end_basis="stated")
    code, out = run_validate(make_package(observations=[row]))
    assert code == 1 and "observations.csv:2:release_date: report 2018-01: issued 2018-01-15" in out


def test_semicolon_separated_copy_is_refused(make_package):
    package = make_package()
    path = package / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    code, out = run_validate(package)
    assert code == 1 and f"{path}:1:" in out


def test_every_problem_is_reported_not_only_the_first(make_package):
    rows = [observation("2018-01", cum_killed="a"), observation("2018-02", cum_strikes="b")]
    code, out = run_validate(make_package(observations=rows, sources=[SOURCE]))
    assert code == 1 and "2:cum_killed" in out and "3:cum_strikes" in out
