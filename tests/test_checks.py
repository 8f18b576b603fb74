"""Each check beyond Table Schema, on a small table that passes and one that fails."""

from __future__ import annotations

import pandas as pd
from civcas import checks
from civcas.fields import FIGURES, QUALIFIERS
from civcas.reconcile import reconcile
from conftest import observation

OBS_COLUMNS = ["report_id", "source_id", "statement_kind", *FIGURES, *QUALIFIERS.values(), "period_start",
               "inferred_fields", "figures_found", "note"]


def observations(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: str(r.get(c, "")) for c in OBS_COLUMNS} for r in rows])


def releases(*rows: dict) -> pd.DataFrame:
    return reconcile(observations(*rows), pd.DataFrame(columns=["report_id", "field", "value", "reason"])).releases


def test_cumulative_total_that_rises_passes():
    obs = observations(observation("2018-01", cum_killed=10), observation("2018-03", cum_killed=12))
    rel = reconcile(obs, pd.DataFrame(columns=["report_id", "field", "value", "reason"])).releases
    assert checks.cumulative_never_falls(rel, obs, set(), "o.csv") == []


def test_cumulative_total_that_falls_is_a_problem_unless_resolved():
    obs = observations(observation("2018-01", cum_strikes=10, cum_strikes_qualifier="exact"),
                       observation("2018-02", cum_strikes=9, cum_strikes_qualifier="exact"))
    rel = reconcile(obs, pd.DataFrame(columns=["report_id", "field", "value", "reason"])).releases
    [problem] = checks.cumulative_never_falls(rel, obs, set(), "o.csv")
    assert (problem.row, problem.field) == (3, "cum_strikes")
    assert checks.cumulative_never_falls(rel, obs, {("2018-02", "cum_strikes")}, "o.csv") == []


def test_report_issued_after_its_period_passes():
    obs = observations(observation(release_date="2018-02", period_end="2018-01-31"),
                       observation("2018-02", release_date="2018-03-29", period_end="2018-02-28"))
    assert checks.published_after_period(obs, "o.csv") == []


def test_report_issued_within_its_period_fails():
    obs = observations(observation(release_date="2018-01", period_end="2018-01-31"),
                       observation("2018-02", release_date="2018-02-27", period_end="2018-02-28"))
    assert [p.row for p in checks.published_after_period(obs, "o.csv")] == [2, 3]


def test_row_without_figures_fails_but_annual_report_with_note_passes():
    obs = observations(observation(), {"report_id": "dod-annual-2019", "source_id": "s",
                                       "statement_kind": "annual-report", "figures_found": "true",
                                       "note": "22 killed in 2019"})
    [problem] = checks.every_row_states_a_figure(obs, "o.csv")
    assert problem.row == 2


def test_inferred_field_without_value_fails():
    obs = observations(observation(cum_killed=5, inferred_fields="cum_killed"),
                       observation("2018-02", inferred_fields="deaths"))
    [problem] = checks.inferred_fields_are_stated(obs, "o.csv")
    assert (problem.row, problem.field) == (3, "inferred_fields")


def test_date_without_basis_fails():
    obs = observations(observation(release_date="2018-02-01", release_date_basis="stated"),
                       observation("2018-02", release_date="2018-03-01"))
    [problem] = checks.qualifiers_go_with_values(obs, "o.csv")
    assert (problem.row, problem.field) == (3, "release_date_basis")


def test_monthly_report_ids_and_kinds_agree():
    good = observations(observation("2018-01", period_end="2018-01-31"),
                        {"report_id": "release-2021-07", "source_id": "s", "statement_kind": "release",
                         "figures_found": "true"})
    assert checks.report_ids_match_kinds(good, "o.csv") == []
    bad = observations({"report_id": "2018-01", "source_id": "s", "statement_kind": "release", "figures_found": "true"},
                       observation("2018-02", period_end="2018-03-31"))
    assert [(p.row, p.field) for p in checks.report_ids_match_kinds(bad, "o.csv")] == [(2, "report_id"),
                                                                                       (3, "period_end")]


def test_unused_source_fails():
    sources = pd.DataFrame({"source_id": ["used", "idle"]})
    [problem] = checks.every_source_used(sources, {"used"}, "s.csv")
    assert (problem.row, problem.message) == (3, "source idle supports no figure")


def test_monitor_range_must_be_in_order():
    counts = pd.DataFrame([
        {"figure_low": "10", "figure_high": "20", "qualifier": "range"},
        {"figure_low": "30", "figure_high": "20", "qualifier": "range"},
        {"figure_low": "5", "figure_high": "", "qualifier": "range"},
        {"figure_low": "", "figure_high": "", "qualifier": "not-a-count"},
        {"figure_low": "", "figure_high": "", "qualifier": "at-least"},
    ])
    problems = checks.monitor_figures_are_coherent(counts, "m.csv")
    assert [(p.row, p.field) for p in problems] == [(3, "figure_high"), (4, "figure_high"), (6, "figure_low")]


def test_assessments_that_add_up_give_no_finding():
    complete = releases(observation(completed=10, credible=2, non_credible=7, duplicates=1))
    assert checks.assessments_add_up(complete) == []


def test_assessments_that_do_not_add_up_are_a_finding():
    [finding] = checks.assessments_add_up(releases(observation(completed=10, credible=2, non_credible=7,
                                                               duplicates=0)))
    assert finding.report_id == "2018-01" and "= 9, but 10 assessments completed" in finding.message


def test_open_reports_balance():
    assert checks.open_reports_balance(releases(observation(carried_over=5, new_reports=3, completed=2,
                                                            still_open=6))) == []
    [finding] = checks.open_reports_balance(releases(observation(carried_over=5, new_reports=3, completed=2,
                                                                 still_open=7)))
    assert "= 6, but 7 still open" in finding.message


def test_carried_over_matches_the_previous_month_only_when_consecutive():
    ok = releases(observation("2018-01", still_open=4), observation("2018-02", carried_over=4))
    assert checks.carried_over_matches_previous(ok) == []
    gap = releases(observation("2018-01", still_open=4), observation("2018-03", carried_over=9))
    assert checks.carried_over_matches_previous(gap) == []
    off = releases(observation("2018-12", still_open=4), observation("2019-01", carried_over=9))
    [finding] = checks.carried_over_matches_previous(off)
    assert finding.report_id == "2019-01"


def test_total_grows_by_the_month_deaths():
    ok = releases(observation("2018-01", cum_killed=100), observation("2018-02", cum_killed=105, deaths=5))
    assert checks.total_grows_by_deaths(ok) == []
    off = releases(observation("2018-01", cum_killed=100), observation("2018-02", cum_killed=120, deaths=5))
    [finding] = checks.total_grows_by_deaths(off)
    assert "= 105, but the report gives 120" in finding.message
