"""The Defense Department's annual reports to Congress: checks of their table, beyond Table Schema.

They count civilians killed and injured by the calendar year of the incident, in every theatre: a measure of
their own, kept in a table of its own and never added to the coalition's running total.
"""

from __future__ import annotations

import pandas as pd

from civcas.fields import records, spreadsheet_row
from civcas.problems import Problem

QUALIFIED = {"killed_qualifier": "killed", "injured_qualifier": "injured"}


def rows_are_coherent(annual: pd.DataFrame, observations: pd.DataFrame, path: str) -> list[Problem]:
    """Each row belongs to an annual report, states a figure, qualifies only what it states, and counts the
    years it says: the report's own year for in-year rows, earlier years for the rest."""
    kinds = dict(zip(observations["report_id"], observations["statement_kind"], strict=True))
    years = {r: e[:4] for r, e in zip(observations["report_id"], observations["period_end"], strict=True) if e}
    problems = []
    for index, row in enumerate(records(annual)):
        line, report = spreadsheet_row(index), row["report_id"]

        def problem(field: str, message: str, line: int = line) -> None:
            problems.append(Problem(path, line, field, message, "annual-reports"))

        if kinds.get(report) != "annual-report":
            problem("report_id", f"{report} is not an annual report (statement kind annual-report in observations)")
        if not row["killed"] and not row["injured"]:
            problem("killed", "the row states neither killed nor injured")
        for qualifier, figure in QUALIFIED.items():
            if row[qualifier] and not row[figure]:
                problem(qualifier, f"{qualifier} without a {figure} figure")
        first, last = row["first_year"], row["last_year"]
        if first and last and int(first) > int(last):
            problem("last_year", f"the years run backwards: {first} to {last}")
        year = years.get(report)
        if row["incidents"] == "in-year" and year and (first, last) != (year, year):
            problem("first_year", f"an in-year row of {report} counts incidents of {year} alone: first_year "
                                  f"and last_year must both be {year}")
        if row["incidents"] == "earlier-years" and year and last and int(last) >= int(year):
            problem("last_year", f"earlier years of {report} end before {year}")
    return problems
