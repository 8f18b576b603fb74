"""Reconciliation: one value per figure, the sources behind it, and conflicts resolved or refused."""

from __future__ import annotations

import pandas as pd
from civcas.reconcile import reconcile
from conftest import observation
from test_checks import observations

NO_RESOLUTIONS = pd.DataFrame(columns=["report_id", "field", "value", "reason"])


def resolutions(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"report_id": r, "field": f, "value": v, "reason": "why"} for r, f, v in rows])


def test_sources_that_agree_support_one_value():
    result = reconcile(observations(observation(source_id="a", cum_killed=801),
                                    observation(source_id="b", cum_killed=801, still_open=695)), NO_RESOLUTIONS)
    [release] = result.releases.to_dict("records")
    assert result.problems == []
    assert (release["cum_killed"], release["still_open"], release["sources"]) == ("801", "695", "a b")
    assert result.support[("2018-01", "cum_killed")] == ["a", "b"]
    assert result.support[("2018-01", "still_open")] == ["b"]
    assert result.conflicts.empty


def test_a_resolved_conflict_takes_the_chosen_value_and_keeps_both():
    obs = observations(observation(source_id="a", cum_killed=1277), observation(source_id="b", cum_killed=1291))
    result = reconcile(obs, resolutions(("2018-01", "cum_killed", "1291")))
    [release] = result.releases.to_dict("records")
    assert result.problems == []
    assert release["cum_killed"] == "1291" and release["resolved_fields"] == "cum_killed"
    assert result.conflicts[["value", "sources", "stands"]].values.tolist() == [["1277", "a", False],
                                                                               ["1291", "b", True]]


def test_an_unresolved_conflict_names_both_sources_and_values():
    obs = observations(observation(source_id="a", deaths=2), observation(source_id="b", deaths=3))
    [problem] = reconcile(obs, NO_RESOLUTIONS, "obs.csv").problems
    assert problem.line() == ("obs.csv:2:deaths: report 2018-01: sources disagree: 2 (a); 3 (b); "
                              "add a resolution to resolutions.csv")


def test_a_resolution_must_choose_a_stated_value():
    obs = observations(observation(source_id="a", deaths=2), observation(source_id="b", deaths=3))
    [problem] = reconcile(obs, resolutions(("2018-01", "deaths", "4")), "o.csv", "r.csv").problems
    assert problem.line().startswith("r.csv:2:value: report 2018-01, deaths: '4' is not a value any source states")


def test_a_resolution_may_set_aside_a_single_stated_value():
    obs = observations(observation(source_id="a", cum_reports=396, cum_killed=229))
    result = reconcile(obs, resolutions(("2018-01", "cum_reports", "")))
    [release] = result.releases.to_dict("records")
    assert release["cum_reports"] == "" and release["cum_killed"] == "229" and result.problems == []


def test_a_resolution_for_nothing_is_a_problem():
    [problem] = reconcile(observations(observation(cum_killed=1)), resolutions(("2019-01", "deaths", "2")),
                          "o.csv", "r.csv").problems
    assert problem.row == 2 and "not a report of o.csv" in problem.message and "2019-01" in problem.message


def test_an_exact_strike_count_outranks_a_round_one():
    obs = observations(observation(source_id="a", cum_strikes=30000, cum_strikes_qualifier="more-than"),
                       observation(source_id="b", cum_strikes=30247, cum_strikes_qualifier="exact"))
    result = reconcile(obs, NO_RESOLUTIONS)
    [release] = result.releases.to_dict("records")
    assert (release["cum_strikes"], release["cum_strikes_qualifier"]) == ("30247", "exact")
    assert result.problems == []


def test_the_strongest_date_basis_travels_with_the_value():
    obs = observations(
        observation(source_id="a", release_date="2018-09-27", release_date_basis="inferred"),
        observation(source_id="b", release_date="2018-09-27", release_date_basis="stated"))
    [release] = reconcile(obs, NO_RESOLUTIONS).releases.to_dict("records")
    assert release["release_date_basis"] == "stated"


def test_inferred_values_stay_marked_in_the_releases():
    obs = observations(observation(source_id="a", cum_killed=1114, inferred_fields="cum_killed"))
    [release] = reconcile(obs, NO_RESOLUTIONS).releases.to_dict("records")
    assert release["inferred_fields"] == "cum_killed"


def test_statements_that_are_not_releases_stay_out_of_the_series():
    obs = observations(observation(cum_killed=5),
                       {"report_id": "citation-2021-12", "source_id": "n", "statement_kind": "citation",
                        "cum_killed": "1417"})
    result = reconcile(obs, NO_RESOLUTIONS)
    assert list(result.releases["report_id"]) == ["2018-01"]
    assert list(result.statements["report_id"]) == ["2018-01", "citation-2021-12"]
