"""Names of the observation columns, grouped by what the code does with them."""

from __future__ import annotations

import re

# A column that qualifies another one travels with it when values are reconciled.
QUALIFIERS = {
    "release_date": "release_date_basis",
    "period_end": "period_end_basis",
    "cum_strikes": "cum_strikes_qualifier",
}
FIGURES = (
    "release_date", "period_end", "cum_killed", "cum_strikes", "cum_engagements", "carried_over",
    "new_reports", "completed", "credible", "non_credible", "duplicates", "deaths", "injured",
    "still_open", "reopened", "cum_reports", "cum_credible",
)
CUMULATIVE = ("cum_killed", "cum_strikes", "cum_reports", "cum_credible")
# Strongest first: a stated date beats an inferred one, an exact count beats a bound.
QUALIFIER_RANK = ("stated", "exact", "inferred", "more-than", "month", "about", "approximate", "")
RELEASE_KINDS = ("monthly-report", "release", "periodic-report")
# Counts a report carries, as opposed to its dates: a source that gives none of them found no figures.
COUNTS = FIGURES[2:]
MONTHLY_ID = r"^\d{4}-(0[1-9]|1[0-2])$"
DATE_FIGURES = ("release_date", "period_end")
ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def records(frame) -> list[dict[str, str]]:
    """Rows as dicts: many times faster than DataFrame.to_dict("records") on text columns."""
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True)) for values in rows(frame)]


def rows(frame) -> list[tuple]:
    """Rows as tuples, through one array of objects: many times faster than DataFrame.itertuples on text
    columns, whose cells pandas hands out one by one."""
    return list(map(tuple, frame.to_numpy(dtype=object).tolist()))


def spreadsheet_row(index: int) -> int:
    """Line number of a data row as a spreadsheet shows it: the header is line 1."""
    return int(index) + 2

LABELS = {
    "release_date": "Date issued",
    "period_end": "Period ends",
    "cum_killed": "Civilians assessed killed since Aug 2014 (at least)",
    "cum_strikes": "Strikes since Aug 2014",
    "cum_engagements": "Engagements since Aug 2014",
    "carried_over": "Reports carried over",
    "new_reports": "New reports received",
    "completed": "Assessments completed",
    "credible": "Found credible",
    "non_credible": "Found not credible",
    "duplicates": "Closed as duplicates",
    "deaths": "Deaths in this report's credible findings",
    "injured": "Injuries in this report's credible findings",
    "still_open": "Reports still open",
    "reopened": "Of which reopened",
    "cum_reports": "Reports received since Aug 2014",
    "cum_credible": "Reports found credible since Aug 2014",
}
