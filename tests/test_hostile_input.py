"""Every kind of bad input is a located problem (exit 1), never a traceback (exit 2) or a published file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from civcas import cli
from conftest import SOURCE, observation


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.out.splitlines()


def validate(capsys, package: Path, *extra: str) -> tuple[int, str]:
    code, lines = run(capsys, "validate", str(package), *extra)
    return code, "\n".join(lines)


def resolution(value: str, field: str = "cum_killed", report_id: str = "2018-01") -> dict:
    return {"report_id": report_id, "field": field, "value": value, "reason": "Sources differ."}


TWO_VALUES = [observation(cum_killed=10, release_date="2018-02-10", release_date_basis="stated"),
              observation(source_id="other-2018", cum_killed=12, release_date="2018-02", release_date_basis="month")]
TWO_SOURCES = [SOURCE, {**SOURCE, "source_id": "other-2018"}]


# Values the code parses are checked first

def test_a_resolution_value_of_the_right_type_is_taken(make_package, capsys):
    package = make_package(sources=TWO_SOURCES, observations=TWO_VALUES,
                           resolutions=[resolution("12"), resolution("2018-02-10", "release_date")])
    assert validate(capsys, package)[0] == 0


def test_a_resolution_value_in_words_for_a_count_is_located(make_package, capsys):
    package = make_package(sources=TWO_SOURCES, observations=TWO_VALUES,
                           resolutions=[resolution("about a thousand")])
    code, out = validate(capsys, package)
    assert code == 1
    assert f"{package}/resolutions.csv:2:value: report 2018-01, cum_killed: 'about a thousand' is not a whole " \
           "number" in out


def test_a_resolution_date_in_another_format_is_located(make_package, capsys):
    package = make_package(sources=TWO_SOURCES, observations=TWO_VALUES,
                           resolutions=[resolution("12"), resolution("10/02/2018", "release_date")])
    code, out = validate(capsys, package)
    assert code == 1 and "resolutions.csv:3:value: report 2018-01, release_date: '10/02/2018' is not a date" in out


def test_a_resolution_for_an_unknown_report_names_both_tables(make_package, capsys):
    package = make_package(resolutions=[resolution("10", report_id="2019-07")])
    code, out = validate(capsys, package)
    assert code == 1 and "resolutions.csv:2:report_id:" in out and "'2019-07'" in out and "observations.csv" in out


def test_integers_in_other_digits_or_with_underscores_are_located(make_package, capsys):
    assert validate(capsys, make_package(observations=[observation(cum_killed=" 15")]))[0] == 0
    code, out = validate(capsys, make_package(observations=[observation(cum_killed="1_000")]))
    assert code == 1 and "observations.csv:2:cum_killed: '1_000' is not a whole number" in out
    code, out = validate(capsys, make_package(observations=[observation(cum_killed="\u0663")]))
    assert code == 1 and "observations.csv:2:cum_killed:" in out


def test_a_monthly_report_not_named_by_its_month_is_located(make_package, capsys):
    rows = [observation("2018-01", cum_killed=5), observation("report-x", cum_killed=6)]
    code, out = validate(capsys, make_package(observations=rows))
    assert code == 1 and "observations.csv:3:report_id: monthly reports, and only they" in out


# Files are only what they claim to be

def test_a_resource_that_links_outside_the_package_is_refused(make_package, capsys, tmp_path):
    package = make_package()
    outside = tmp_path / "secret.csv"
    shutil.move(package / "resolutions.csv", outside)
    (package / "resolutions.csv").symlink_to(outside)
    code, out = validate(capsys, package)
    assert code == 1 and f"{package}/resolutions.csv::: is a symbolic link" in out


def test_a_resource_under_a_linked_folder_is_refused(make_package, capsys, tmp_path):
    package = make_package()
    (tmp_path / "elsewhere").mkdir()
    shutil.move(package / "resolutions.csv", tmp_path / "elsewhere" / "resolutions.csv")
    (package / "tables").symlink_to(tmp_path / "elsewhere")
    descriptor = (package / "datapackage.json").read_text(encoding="utf-8")
    (package / "datapackage.json").write_text(descriptor.replace('"resolutions.csv"', '"tables/resolutions.csv"'),
                                              encoding="utf-8")
    code, out = validate(capsys, package)
    assert code == 1 and "tables/resolutions.csv::: lies under" in out and "symbolic link" in out


def test_a_folder_or_a_pipe_in_place_of_a_file_is_refused(make_package, capsys):
    package = make_package()
    (package / "resolutions.csv").unlink()
    (package / "resolutions.csv").mkdir()
    assert "resolutions.csv::: is a folder, not a file" in validate(capsys, package)[1]
    (package / "resolutions.csv").rmdir()
    os.mkfifo(package / "resolutions.csv")
    code, out = validate(capsys, package)
    assert code == 1 and "resolutions.csv::: is not a regular file" in out


def test_a_file_over_the_size_limit_is_refused_unless_the_limit_is_raised(make_package, capsys):
    package = make_package()
    path = package / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "".join(
        f"wire-{i},Publisher,{'T' * 900},,,news,en,\n" for i in range(1200)), encoding="utf-8")
    code, out = validate(capsys, package, "--max-file-size", "1")
    assert code == 1 and f"{path}::: is " in out and "more than the limit of 1,048,576" in out
    code, out = validate(capsys, package, "--max-file-size", "2")
    assert "more than the limit" not in out


def test_a_linked_release_folder_is_refused(make_package, capsys, tmp_path):
    package = make_package()
    (tmp_path / "frozen").mkdir()
    (package / "releases").mkdir()
    (package / "releases" / "1.0.0").symlink_to(tmp_path / "frozen")
    code, out = validate(capsys, package)
    assert code == 1 and "releases/1.0.0::: is a symbolic link" in out


# Text is text

@pytest.mark.parametrize("hostile, shown", [("\x00", "U+0000"), ("\x1b[31m", "U+001B"), ("\x85", "U+0085")])
def test_a_control_character_in_a_text_cell_is_located(make_package, capsys, hostile, shown):
    package = make_package(sources=[{**SOURCE, "title": f"A {hostile}report"}])
    code, out = validate(capsys, package)
    assert code == 1 and f"sources.csv:2:title: cell contains a control character ({shown}" in out


def test_tabs_and_line_breaks_inside_quoted_cells_are_text(make_package, capsys):
    package = make_package(sources=[{**SOURCE, "note": "First line\nsecond\tline"}],
                           observations=[observation(cum_killed=10)])
    assert validate(capsys, package)[0] == 0


def test_rows_after_a_multi_line_cell_keep_their_numbers(make_package, capsys):
    sources = [{**SOURCE, "note": "one\ntwo\nthree"}, {**SOURCE, "source_id": "second-2018", "title": "x\x07"}]
    code, out = validate(capsys, make_package(sources=sources))
    assert code == 1 and "sources.csv:3:title: cell contains a control character" in out


@pytest.mark.parametrize("key, hidden", [(" wire-2018-01-01", "leading or trailing spaces"),
                                         ("wire-2018-01-01\u200b", "U+200B ZERO WIDTH SPACE"),
                                         ("wire-2018-01-01\u00a0", "U+00A0 NO-BREAK SPACE"),
                                         ("\ufeffwire-2018-01-01", "U+FEFF")])
def test_spaces_and_invisible_characters_in_keys_are_located(make_package, capsys, key, hidden):
    package = make_package(observations=[observation(source_id=key, cum_killed=10)])
    code, out = validate(capsys, package)
    assert code == 1 and "observations.csv:2:source_id: cell identifier" in out and hidden in out


def test_a_no_break_space_in_running_text_is_allowed(make_package, capsys):
    assert validate(capsys, make_package(sources=[{**SOURCE, "title": "A\u00a0report"}]))[0] == 0


def test_a_byte_order_mark_at_the_start_of_a_file_is_located(make_package, capsys):
    package = make_package()
    path = package / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = validate(capsys, package)
    assert code == 1 and f"{path}:1:: the file starts with a byte-order mark" in out


def test_an_unclosed_quote_is_located(make_package, capsys):
    package = make_package()
    path = package / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'extra-2018,"Publisher,T,,,news,en,\n', encoding="utf-8")
    code, out = validate(capsys, package)
    assert code == 1 and f"{path}:3:: malformed CSV" in out


# Never a traceback

def test_a_fault_in_civcas_is_one_line_and_exit_2(make_package, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("something\nunexpected")

    monkeypatch.setattr(cli, "validate", broken)
    code = cli.main(["validate", str(make_package())])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("internal error: KeyError:") and "please report it" in err


def test_a_command_line_that_cannot_be_understood_is_exit_1(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["validate", "--no-such-option"])
    assert stopped.value.code == 1 and "unrecognized arguments" in capsys.readouterr().err


# The descriptor still declares what the code parses

def edited_descriptor(package: Path, edit) -> Path:
    import json

    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit({r["name"]: r for r in descriptor["resources"]})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return package


def field_of(resource: dict, name: str) -> dict:
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def test_a_new_description_or_an_extra_field_keeps_the_package_valid(make_package, capsys):
    def edit(resources):
        field_of(resources["sources"], "title")["description"] = "Reworded."
    assert validate(capsys, edited_descriptor(make_package(), edit))[0] == 0


@pytest.mark.parametrize("edit, located, reason", [
    (lambda r: field_of(r["monitor_counts"], "figure_high").update(type="string"),
     "resources.monitor_counts.schema.figure_high", "must have type integer"),
    (lambda r: field_of(r["observations"], "release_date")["constraints"].update(pattern=".*"),
     "resources.observations.schema.release_date", "must keep the pattern"),
    (lambda r: field_of(r["observations"], "statement_kind")["constraints"]["enum"].append("rumour"),
     "resources.observations.schema.statement_kind", "must list its values"),
    (lambda r: r["observations"]["schema"].pop("foreignKeys"),
     "resources.observations.schema", "the foreign key source_id -> sources.source_id"),
])
def test_a_descriptor_that_no_longer_declares_what_the_code_parses_is_located(make_package, capsys, edit, located,
                                                                              reason):
    code, out = validate(capsys, edited_descriptor(make_package(), edit))
    assert code == 1 and f"datapackage.json::{located}: {reason}" in out


def test_a_link_or_a_folder_inside_a_release_folder_is_refused(tmp_path, capsys):
    from civcas.release import make_release
    from conftest import mini_tables, write_package

    shutil.copy(Path(__file__).resolve().parents[1] / "mkdocs.yml", tmp_path / "mkdocs.yml")
    package = write_package(tmp_path / "datapackage", **mini_tables())
    folder = make_release("1.0.0", "2026-01-15", package, tmp_path)
    assert validate(capsys, package)[0] == 0
    notes = folder / "NOTES.txt"
    shutil.move(notes, tmp_path / "NOTES.txt")
    notes.symlink_to(tmp_path / "NOTES.txt")
    (folder / "drafts").mkdir()
    code, out = validate(capsys, package)
    assert code == 1 and f"{notes}::: is a symbolic link" in out and f"{folder / 'drafts'}::: is a folder" in out
