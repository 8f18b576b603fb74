"""Checks beyond Table Schema. Each is a small function: tables in, problems or findings out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from civcas.fields import COUNTS, CUMULATIVE, MONTHLY_ID, QUALIFIERS, records, spreadsheet_row
from civcas.problems import Finding, Problem


def rows_stating(observations: pd.DataFrame, report_id: str, figure: str, value: str) -> list[int]:
    match = (observations["report_id"] == report_id) & (observations[figure] == value)
    return [spreadsheet_row(i) for i in observations.index[match]]


def cumulative_never_falls(releases: pd.DataFrame, observations: pd.DataFrame, resolved: set[tuple[str, str]],
                           path: str) -> list[Problem]:
    """A running total may not fall from one report to the next unless a resolution explains why."""
    problems = []
    for figure in CUMULATIVE:
        stated = releases[releases[figure] != ""]
        previous = None
        for _, row in stated.iterrows():
            if previous is not None and int(row[figure]) < int(previous[figure]) \
                    and (row["report_id"], figure) not in resolved:
                line = rows_stating(observations, row["report_id"], figure, row[figure])[0]
                problems.append(Problem(path, line, figure, (
                    f"report {row['report_id']}: {row[figure]} is lower than {previous[figure]} in the previous "
                    f"report ({previous['report_id']}); explain the fall with a resolution"), "cumulative-falls"))
            previous = row
    return problems


def published_after_period(observations: pd.DataFrame, path: str) -> list[Problem]:
    """A statement cannot be issued before the end of the period it covers."""
    problems = []
    for index, row in enumerate(records(observations)):
        issued, period_end = row["release_date"], row["period_end"]
        if not issued or not period_end:
            continue
        # A report may be dated the last day of the period it covers (the periodic reports are), not earlier.
        too_early = issued[:7] <= period_end[:7] if len(issued) == 7 else issued < period_end
        if too_early:
            problems.append(Problem(path, spreadsheet_row(index), "release_date", (
                f"report {row['report_id']}: issued {issued}, not after the end of its period {period_end}"),
                "published-after-period"))
    return problems


def every_row_states_a_figure(observations: pd.DataFrame, path: str) -> list[Problem]:
    """A row says whether its source gives the report's counts, and then does exactly that.

    A row whose figures were found states at least one count (annual reports carry theirs in the note, a
    different measure); a row whose figures were not found states none and dates the report instead.
    """
    problems = []
    for index, row in enumerate(records(observations)):
        states = any(row[f] != "" for f in COUNTS)
        line = spreadsheet_row(index)
        if row["figures_found"] == "true" and not states \
                and not (row["statement_kind"] == "annual-report" and row["note"]):
            problems.append(Problem(path, line, "source_id", (
                f"report {row['report_id']}: source {row['source_id']} states no figure; "
                "set figures_found to false if it only dates the report"), "figure-sourced"))
        elif row["figures_found"] == "false" and states:
            problems.append(Problem(path, line, "figures_found", (
                f"report {row['report_id']}: figures_found is false but the row gives counts"), "figure-sourced"))
        elif row["figures_found"] == "false" and not row["release_date"]:
            problems.append(Problem(path, line, "release_date", (
                f"report {row['report_id']}: a row without figures must at least date the report"), "figure-sourced"))
    return problems


def inferred_fields_are_stated(observations: pd.DataFrame, path: str) -> list[Problem]:
    problems = []
    for index, row in enumerate(records(observations)):
        for figure in row["inferred_fields"].split():
            if row[figure] == "":
                problems.append(Problem(path, spreadsheet_row(index), "inferred_fields", (
                    f"'{figure}' is marked inferred but has no value"), "inferred-fields"))
    return problems


def qualifiers_go_with_values(observations: pd.DataFrame, path: str) -> list[Problem]:
    """A date's basis or a count's qualifier is given exactly when the value is."""
    problems = []
    for index, row in enumerate(records(observations)):
        for figure, qualifier in QUALIFIERS.items():
            if (row[figure] == "") != (row[qualifier] == ""):
                problems.append(Problem(path, spreadsheet_row(index), qualifier, (
                    f"give {qualifier} exactly when {figure} is given"), "qualifiers"))
    return problems


def report_ids_match_kinds(observations: pd.DataFrame, path: str) -> list[Problem]:
    """Monthly reports are named by their data month, and their period ends in that month."""
    problems = []
    kinds = observations.groupby("report_id")["statement_kind"].agg(lambda s: sorted(set(s)))
    for index, row in enumerate(records(observations)):
        monthly_id = re.match(MONTHLY_ID, row["report_id"]) is not None
        line = spreadsheet_row(index)
        if monthly_id != (row["statement_kind"] == "monthly-report"):
            problems.append(Problem(path, line, "report_id", (
                "monthly reports, and only they, are named YYYY-MM by their data month"), "report-ids"))
        elif monthly_id and row["period_end"] and row["period_end"][:7] != row["report_id"]:
            problems.append(Problem(path, line, "period_end", (
                f"report {row['report_id']}: period ends {row['period_end']}, outside its data month"), "report-ids"))
        if len(kinds[row["report_id"]]) > 1:
            problems.append(Problem(path, line, "statement_kind", (
                f"report {row['report_id']} has rows of different kinds: {', '.join(kinds[row['report_id']])}"),
                "report-ids"))
    return problems


def every_source_used(sources: pd.DataFrame, used: set[str], path: str) -> list[Problem]:
    return [Problem(path, spreadsheet_row(i), "source_id", f"source {s} supports no figure", "source-used")
            for i, s in sources["source_id"].items() if s not in used]


def monitor_figures_are_coherent(counts: pd.DataFrame, path: str) -> list[Problem]:
    """A range has two ends in order; a statement that is not a count has no figure."""
    problems = []
    for index, row in enumerate(records(counts)):
        low, high, qualifier = row["figure_low"], row["figure_high"], row["qualifier"]
        line = spreadsheet_row(index)
        if qualifier == "not-a-count":
            if low or high:
                problems.append(Problem(path, line, "figure_low", "a not-a-count statement has no figure",
                                        "monitor-figures"))
        elif not low:
            problems.append(Problem(path, line, "figure_low", "the figure is missing", "monitor-figures"))
        elif qualifier == "range" and not high:
            problems.append(Problem(path, line, "figure_high", "a range needs its high end", "monitor-figures"))
        elif high and int(high) < int(low):
            problems.append(Problem(path, line, "figure_high", f"high end {high} is below low end {low}",
                                    "monitor-figures"))
        kind_problem = figure_kind_problem(row)
        if kind_problem:
            problems.append(Problem(path, line, "figure_kind", kind_problem, "monitor-figures"))
    return problems


BOUNDED = ("at-least", "more-than")


def figure_kind_problem(row: dict) -> str | None:
    """The kind of figure must agree with how the figure is stated."""
    kind, qualifier = row.get("figure_kind", ""), row["qualifier"]
    if not kind:
        return None  # a missing kind is Table Schema's to report (the field is required)
    if (kind == "not-a-count") != (qualifier == "not-a-count"):
        return f"kind {kind} does not go with qualifier {qualifier}: only a statement that is not a count has no figure"
    if kind == "range" and not row["figure_high"]:
        return "a range needs its high end"
    if kind != "range" and row["figure_high"]:
        return f"a figure with a high end is a range, not {kind}"
    if kind == "lower-bound" and qualifier not in BOUNDED:
        return f"a lower bound is stated as at-least or more-than, not {qualifier}"
    return None


def _consecutive(releases: pd.DataFrame) -> Iterator[tuple[pd.Series, pd.Series]]:
    monthly = releases[releases["data_month"] != ""].reset_index(drop=True)
    for i in range(1, len(monthly)):
        previous, current = monthly.iloc[i - 1], monthly.iloc[i]
        year, month = map(int, previous["data_month"].split("-"))
        following = f"{year + month // 12}-{month % 12 + 1:02d}"
        if current["data_month"] == following:
            yield previous, current


def _ints(row: pd.Series, *names: str) -> list[int] | None:
    return [int(row[n]) for n in names] if all(row[n] != "" for n in names) else None


def assessments_add_up(releases: pd.DataFrame) -> list[Finding]:
    """credible + non-credible + duplicates = completed, where the report states all four."""
    findings = []
    for _, row in releases.iterrows():
        values = _ints(row, "credible", "non_credible", "duplicates", "completed")
        if values and sum(values[:3]) != values[3]:
            findings.append(Finding(row["report_id"], "assessments-add-up", (
                f"{values[0]} credible + {values[1]} non-credible + {values[2]} duplicates = {sum(values[:3])}, "
                f"but {values[3]} assessments completed"), sum(values[:3]), values[3]))
    return findings


def open_reports_balance(releases: pd.DataFrame) -> list[Finding]:
    """carried over + new - completed = still open, where the report states all four."""
    findings = []
    for _, row in releases.iterrows():
        values = _ints(row, "carried_over", "new_reports", "completed", "still_open")
        if values and values[0] + values[1] - values[2] != values[3]:
            findings.append(Finding(row["report_id"], "open-reports-balance", (
                f"{values[0]} carried over + {values[1]} new - {values[2]} completed = "
                f"{values[0] + values[1] - values[2]}, but {values[3]} still open"), values[0] + values[1] - values[2],
                values[3]))
    return findings


def carried_over_matches_previous(releases: pd.DataFrame) -> list[Finding]:
    """Reports carried into a month are those left open at the end of the month before."""
    findings = []
    for previous, current in _consecutive(releases):
        values = _ints(previous, "still_open") and _ints(current, "carried_over")
        if values and int(previous["still_open"]) != int(current["carried_over"]):
            findings.append(Finding(current["report_id"], "carried-over-matches", (
                f"{current['carried_over']} reports carried over, but {previous['still_open']} were open at the end "
                f"of {previous['report_id']}"), int(previous["still_open"]), int(current["carried_over"])))
    return findings


def _after_previous_total(releases: pd.DataFrame) -> Iterator[tuple[pd.Series, pd.Series]]:
    """Each release with the one before it: the previous month for a monthly report; for any other official
    release, the latest earlier release that states a running total."""
    yield from _consecutive(releases)
    ordered = releases.reset_index(drop=True)
    for i, current in ordered.iterrows():
        if current["statement_kind"] == "monthly-report":
            continue
        earlier = ordered.iloc[:i]
        earlier = earlier[earlier["cum_killed"] != ""]
        if len(earlier):
            yield earlier.iloc[-1], current


def total_grows_by_deaths(releases: pd.DataFrame) -> list[Finding]:
    """The running total rises by the deaths in the report's credible findings, for every official release."""
    findings = []
    for previous, current in _after_previous_total(releases):
        if previous["cum_killed"] and current["cum_killed"] and current["deaths"]:
            expected = int(previous["cum_killed"]) + int(current["deaths"])
            if expected != int(current["cum_killed"]):
                findings.append(Finding(current["report_id"], "total-grows-by-deaths", (
                    f"{previous['cum_killed']} at the end of {previous['report_id']} + {current['deaths']} deaths = "
                    f"{expected}, but the report gives {current['cum_killed']}"), expected, int(current["cum_killed"])))
    return findings


FINDING_CHECKS = (assessments_add_up, open_reports_balance, carried_over_matches_previous, total_grows_by_deaths)
