"""The corrections page: every published value a later version changed, with its reason; additions are not
corrections."""

from __future__ import annotations

import pandas as pd
from civcas.corrections import REWORDED, release_notes, step_corrections

KEYS = {"releases": ["report_id"], "resolutions": ["report_id", "field"], "monitor_counts": ["count_id"]}


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=str).fillna("")


def test_changed_and_removed_values_are_corrections_with_their_reason_and_additions_are_not():
    before = {
        "releases": frame([{"report_id": "2018-01", "cum_killed": "100", "release_date": "", "sources": "a"},
                           {"report_id": "2018-02", "cum_killed": "105", "release_date": "2018-03", "sources": "a"},
                           {"report_id": "2018-03", "cum_killed": "110", "release_date": "", "sources": "a"}]),
        "resolutions": frame([{"report_id": "2018-02", "field": "release_date", "reason": "Old words."}]),
        "monitor_counts": frame([{"count_id": "m1", "figure_low": "900", "note": "As first read."}]),
    }
    after = {
        "releases": frame([{"report_id": "2018-01", "cum_killed": "101", "release_date": "2018-02-01",
                            "sources": "a b", "grade": "wire"},
                           {"report_id": "2018-02", "cum_killed": "105", "release_date": "2018-03-28",
                            "sources": "a"}]),
        "resolutions": frame([{"report_id": "2018-02", "field": "release_date", "reason": "The digest dates it."},
                              {"report_id": "2018-01", "field": "cum_killed", "reason": "The text says 101."}]),
        "monitor_counts": frame([{"count_id": "m1", "figure_low": "990", "note": "A misprint: 990."}]),
    }
    found = {(c.table, c.key, c.column): (c.before, c.after, c.reason) for c in step_corrections(before, after, KEYS)}
    assert found == {
        ("releases", "2018-01", "cum_killed"): ("100", "101", "The text says 101."),
        ("releases", "2018-02", "release_date"): ("2018-03", "2018-03-28", "The digest dates it."),
        ("releases", "2018-03", ""): ("", "", ""),
        ("resolutions", "2018-02 / release_date", "reason"): ("Old words.", "The digest dates it.", REWORDED),
        ("monitor_counts", "m1", "figure_low"): ("900", "990", "A misprint: 990."),
    }


def test_each_release_keeps_its_own_words_from_the_changes_file():
    notes = release_notes("# Changes\n\nIntro.\n\n## 1.1.0 (2026-12-01)\n\nPermanent address: x\n\n"
                          "Corrections: the date\nof February.\n\nRows per table since 1.0.0:\n\n- releases: 1\n\n"
                          "## 1.0.0 (2026-11-22)\n\nPermanent address: y\n\nRows per table (first release):\n")
    assert notes == {"1.1.0": "Corrections: the date of February.", "1.0.0": ""}


def test_the_real_corrections_page_lists_a_changed_date_with_its_reason(site, base_url):
    page = (site / "corrections.html").read_text(encoding="utf-8")
    section = page.split("Release 1.1.0", 1)[1]
    assert "Report for December 2017" in section and "2018-01-25" in section
    assert "open an issue" in page and "https://github.com/civcas/civcas/issues" in page
