"""`civcas ingest`: figures drafted from a statement's text, never a wrong one, and `--append` only when valid."""

from __future__ import annotations

import importlib.util
import json
import zlib
from pathlib import Path

import pytest
from civcas.cli import main
from civcas.ingest.draft import draft
from civcas.ingest.numbers import normalise

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "tests" / "ingest_texts"


def drafted(tmp_path: Path, text: str, name: str = "statement.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return draft(path)


STANDARD = (
    "CJTF-OIR began April with 122 open reports carried over from earlier months and received seven new reports. "
    "It completed 18 civilian-casualty allegation assessments. Of the 18 completed reports, three were determined "
    "to be credible; together they resulted in five unintentional civilian deaths and two unintentional civilian "
    "injuries. The other 14 reports were found to be non-credible, and one was a duplicate. One hundred and eleven "
    "reports remain open, including three that were reopened after being closed, because new information "
    "emerged.\n\n"
    "From August 2014 to the end of April 2019 the Coalition conducted a total of 34,502 strikes comprising 60,010 "
    "separate engagements. Over that period, on the information available, CJTF-OIR assesses that at least 1,302 "
    "civilians have been killed unintentionally by Coalition strikes since Operation Inherent Resolve began. Since "
    "August 2014 it has received a total of 2,950 reports, of which 260 were assessed credible.\n"
)


def test_every_figure_of_the_coalitions_monthly_wording_is_read(tmp_path):
    result = drafted(tmp_path, STANDARD)
    assert result.figures == {
        "carried_over": 122, "new_reports": 7, "completed": 18, "credible": 3, "deaths": 5, "injured": 2,
        "non_credible": 14, "duplicates": 1, "still_open": 111, "reopened": 3, "cum_strikes": 34502,
        "cum_engagements": 60010, "cum_killed": 1302, "cum_reports": 2950, "cum_credible": 260,
    }
    assert result.data_month == "2019-04" and result.qualifiers == {"cum_strikes_qualifier": "exact"}
    assert "34,502 strikes" in result.evidence["cum_strikes"]


@pytest.mark.parametrize("sentence", [
    "By its count, its strikes have unintentionally killed at least 1,302 civilians since the operation got under "
    "way in 2014.",
    "It judges that at least 1,302 civilians have been killed unintentionally since the air campaign began.",
    "At least 1,302 civilians have died unintentionally in its strikes since the operation was launched.",
    "Its strikes have caused the unintended deaths of at least 1,302 civilians since Operation Inherent Resolve "
    "started.",
])
def test_a_running_total_said_in_other_words_is_read(tmp_path, sentence):
    assert drafted(tmp_path, sentence).figures == {"cum_killed": 1302}


def test_the_same_words_about_the_month_alone_give_no_running_total(tmp_path):
    result = drafted(tmp_path, "At least 12 civilians have died unintentionally in strikes during May.")
    assert "cum_killed" not in result.figures


def test_closed_assessments_are_completed_and_both_after_a_semicolon_are_two(tmp_path):
    result = drafted(tmp_path, "It closed two civilian casualty assessments in the month; both reports were "
                               "judged non-credible.")
    assert result.figures == {"completed": 2, "non_credible": 2}


@pytest.mark.parametrize(("words", "value"), [
    ("six", 6), ("none", 0), ("one hundred and eleven", 111), ("twenty-one", 21), ("two thousand and five", 2005),
    ("29,920", 29920), ("1,061", 1061)])
def test_numbers_in_words_and_with_separators(words, value):
    assert normalise(f"{words} reports") == f"{value} reports"


def test_numbers_in_words_give_figures(tmp_path):
    result = drafted(tmp_path, "Six reports were assessed to be credible. None were duplicates. Forty-two "
                               "reports are still open.")
    assert result.figures == {"credible": 6, "duplicates": 0, "still_open": 42}


def test_a_qualified_strike_count_fills_the_qualifier_column(tmp_path):
    result = drafted(tmp_path, "The coalition has carried out more than 29,000 strikes since August 2014.")
    assert result.figures == {"cum_strikes": 29000}
    assert result.qualifiers == {"cum_strikes_qualifier": "more-than"}
    assert result.observation()["cum_strikes_qualifier"] == "more-than"


def test_a_figure_about_another_period_is_not_the_months_figure(tmp_path):
    result = drafted(tmp_path, "The task force said 45 civilians had been killed in its strikes since November "
                               "2016. At least 352 civilians have been killed unintentionally in Coalition strikes "
                               "since the start of the operation.")
    assert result.figures == {"cum_killed": 352}


def test_a_figure_of_another_actor_or_an_earlier_report_is_left_out(tmp_path):
    result = drafted(tmp_path, "Airwars says at least 6,575 civilians have died in coalition strikes since August "
                               "2014. Last month the coalition put its own toll at 1,291 civilians killed since "
                               "2014. 216 reports are still open.")
    assert result.figures == {"still_open": 216}


def test_a_rounded_headline_gives_way_to_the_exact_figure(tmp_path):
    result = drafted(tmp_path, "Coalition strikes have killed at least 1,100 civilians in Iraq and Syria since "
                               "2014\n\nThe coalition assesses that at least 1,139 civilians have been killed "
                               "unintentionally in its strikes since the start of the operation.")
    assert result.figures == {"cum_killed": 1139}


def test_disagreeing_sentences_leave_the_figure_out(tmp_path):
    result = drafted(tmp_path, "Out of 20 completed reports, 4 reports were determined to be credible. Later the "
                               "text says 5 reports were determined to be credible.")
    assert "credible" not in result.figures


def test_a_text_with_no_figures_gives_none(tmp_path):
    result = drafted(tmp_path, "The coalition said it takes great care to avoid harm to civilians.")
    assert result.figures == {} and result.data_month is None and result.allegations == []


def test_release_date_from_the_dateline_and_the_weekday(tmp_path):
    result = drafted(tmp_path, "ERBIL, December 31, 2018 - The coalition said on Sunday that 184 reports remain "
                               "open.")
    assert (result.release_date, result.release_date_basis) == ("2018-12-30", "inferred")


def test_release_number_states_the_date(tmp_path):
    result = drafted(tmp_path, "Release No. 20210920-03\nFor the month of July, CJTF-OIR received 0 new reports.")
    assert (result.release_date, result.release_date_basis) == ("2021-09-20", "stated")
    assert result.data_month == "2021-07"


def test_listed_allegations_become_rows_with_their_verdicts(tmp_path):
    result = drafted(tmp_path, (
        "The following reports were assessed to be credible:\n"
        "1. Dec. 13, 2017, near Hajin, Syria, reported by Airwars. Regrettably, one civilian was unintentionally "
        "wounded and one civilian was unintentionally killed.\n\n"
        "The following reports were judged non-credible:\n"
        "2. Oct. 30, 2018, al Kashma, Syria, reported by Airwars. A review of all the records available showed no "
        "Coalition actions in the area. 3217/CS1820 37SFU777326\n"))
    first, second = result.allegations
    assert (first["incident_date"], first["place"], first["verdict"], first["killed"], first["injured"]) == (
        "2017-12-13", "Hajin", "credible", 1, 1)
    assert (second["verdict"], second["reference"], second["monitor_code"], second["grid_reference"]) == (
        "not-credible", 3217, "CS1820", "37SFU777326")
    assert second["killed"] is None


def test_html_is_read_as_its_visible_text(tmp_path):
    result = drafted(tmp_path, "<html><head><script>var n = '999 reports are still open.';</script></head><body>"
                               "<p>Fifteen reports are still open.</p></body></html>", "page.html")
    assert result.figures == {"still_open": 15}


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica, with a correct cross-reference table."""
    stream = zlib.compress(f"BT /F1 10 Tf 20 700 Td ({text}) Tj ET".encode("latin-1"))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_is_read_with_pypdf(tmp_path):
    path = tmp_path / "release.pdf"
    path.write_bytes(minimal_pdf("In all, 216 reports are still open."))
    assert draft(path).figures == {"still_open": 216}


def test_json_output_follows_the_contract(tmp_path, capsys):
    path = tmp_path / "april.txt"
    path.write_text(STANDARD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("Nothing to see.", encoding="utf-8")
    assert main(["ingest", "--json", str(path), str(empty)]) == 0
    first, second = json.loads(capsys.readouterr().out)
    assert first["file"] == str(path) and first["data_month"] == "2019-04"
    assert all(isinstance(v, int) for v in first["figures"].values())
    assert set(first["evidence"]) >= set(first["figures"]) and isinstance(first["allegations"], list)
    assert second == {"file": str(empty), "data_month": None, "release_date": None, "release_date_basis": None,
                      "figures": {}, "qualifiers": {}, "evidence": {}, "allegations": []}


def test_without_json_a_csv_row_to_paste_and_its_evidence(tmp_path, capsys):
    path = tmp_path / "april.txt"
    path.write_text(STANDARD, encoding="utf-8")
    assert main(["ingest", str(path), "--source-id", "src-1", "--package", str(ROOT / "datapackage")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("report_id,source_id,statement_kind,")
    assert lines[2].startswith("2019-04,src-1,monthly-report,,,,2019-04-30,stated,1302,34502,exact,60010,122,7,")
    assert lines[2].endswith(",true,")  # figures_found, then an empty note
    assert any(line.startswith("  cum_killed = 1302: ") for line in lines)


MARCH = ("From August 2014 to the end of March 2018 the Coalition conducted a total of 2,200 strikes. "
         "CJTF-OIR assesses that at least {killed} civilians have been killed unintentionally in its strikes "
         "since the start of the operation.")


def test_append_adds_a_draft_that_keeps_the_package_valid(mini_package, tmp_path, capsys):
    path = tmp_path / "march.txt"
    path.write_text(MARCH.format(killed=110), encoding="utf-8")
    before = (mini_package / "observations.csv").read_text(encoding="utf-8")
    code = main(["ingest", str(path), "--append", "--source-id", "wire-2018-03-01", "--package", str(mini_package)])
    assert code == 0, capsys.readouterr().err
    after = (mini_package / "observations.csv").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):] == ("2018-03,wire-2018-03-01,monthly-report,,,,2018-03-31,stated,110,2200,exact,"
                                   ",,,,,,,,,,,,,,true,\n")
    assert "added to" in capsys.readouterr().out


@pytest.mark.parametrize(("killed", "source", "problem"), [
    (90, "wire-2018-03-01", "cum_killed: report 2018-03: 90 is lower than 105"),
    (110, "no-such-source", "source_id"),
])
def test_append_refuses_a_draft_that_breaks_validation(mini_package, tmp_path, capsys, killed, source, problem):
    path = tmp_path / "march.txt"
    path.write_text(MARCH.format(killed=killed), encoding="utf-8")
    before = (mini_package / "observations.csv").read_bytes()
    code = main(["ingest", str(path), "--append", "--source-id", source, "--package", str(mini_package)])
    err = capsys.readouterr().err
    assert code == 1
    assert problem in err and f"{mini_package / 'observations.csv'}:" in err and "nothing added" in err
    assert (mini_package / "observations.csv").read_bytes() == before


def test_an_unreadable_file_is_reported_not_a_traceback(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


def load_eval():
    spec = importlib.util.spec_from_file_location("ingest_eval", ROOT / "scripts" / "ingest_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", ["dev", "heldout"])
def test_no_wrong_value_and_most_values_found_on_the_written_texts(folder, capsys):
    right, missed, wrong = load_eval().evaluate(TEXTS / folder)
    assert wrong == 0, capsys.readouterr().out
    assert right / (right + missed) >= 0.95


def test_a_draft_says_whether_it_found_figures():
    from civcas.ingest.draft import Draft

    dated_only = Draft("april.pdf", data_month="2020-04", release_date="2020-06-24", release_date_basis="stated")
    assert dated_only.observation()["figures_found"] == "false"
    counted = Draft("march.txt", data_month="2018-03", figures={"cum_killed": 110})
    assert counted.observation()["figures_found"] == "true"


LISTED = (
    "The following reports were assessed to be credible:\n"
    "1. Feb. 13, 2018, near Hajin, Syria, according to Airwars. Regrettably, one civilian was unintentionally "
    "killed.\n\n"
    "Reports judged non-credible:\n"
    "2. Feb. 20, 2018, al Kashma, Syria, reported by Airwars. Records show that the Coalition took no action in "
    "that area. 3217/CS1820 37SFU777326\n"
    "3. Feb. 30, 2018, near Raqqah, Syria, via social media. The Coalition carried out no strikes there.\n"
)


def test_append_adds_the_listed_allegations_with_the_observation(mini_package, tmp_path, capsys):
    path = tmp_path / "march.txt"
    path.write_text(MARCH.format(killed=110) + "\n" + LISTED, encoding="utf-8")
    code = main(["ingest", str(path), "--append", "--source-id", "wire-2018-03-01", "--package", str(mini_package)])
    out = capsys.readouterr().out
    assert code == 0
    assert "added 2 allegation(s)" in out and "1 left out" in out
    rows = (mini_package / "allegations.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows[-2].startswith("2018-03-2018-02-13,2018-03,,2018-02-13,stated,Hajin,stated,Syria,credible,1,")
    assert rows[-1].startswith("2018-03-cs1820,2018-03,3217,2018-02-20,stated,al Kashma,stated,Syria,not-credible,")
    assert "37SFU777326" in rows[-1] and "https://example.org/a" in rows[-1]
