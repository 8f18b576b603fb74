"""Checks on the allegations table and what it says about each report: findings and coverage."""

from __future__ import annotations

import pandas as pd

from civcas.fields import records, spreadsheet_row
from civcas.problems import Finding, Problem


def references_unique(allegations: pd.DataFrame, path: str) -> list[Problem]:
    """The coalition numbers each allegation once; a report may list a number only once.

    A later report may close the same number again (a reassessment), so repeats across reports are allowed.
    """
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for index, row in enumerate(records(allegations)):
        if not row["reference"]:
            continue
        key = (row["report_id"], row["reference"])
        if key in seen:
            problems.append(Problem(path, spreadsheet_row(index), "reference", (
                f"reference {row['reference']} is listed twice in report {row['report_id'] or '(unknown)'} "
                f"(also on row {seen[key]})"), "allegation-references"))
        else:
            seen[key] = spreadsheet_row(index)
    return problems


def incidents_precede_reports(allegations: pd.DataFrame, releases: pd.DataFrame, path: str) -> list[Problem]:
    """An allegation is closed by a report issued after the incident (on the same day at the earliest)."""
    issued = dict(zip(releases["report_id"], releases["release_date"], strict=True))
    problems = []
    for index, row in enumerate(records(allegations)):
        released = issued.get(row["report_id"], "")
        if not released or not row["incident_date"]:
            continue
        precision = min(len(released), len(row["incident_date"]))
        if row["incident_date"][:precision] > released[:precision]:
            problems.append(Problem(path, spreadsheet_row(index), "incident_date", (
                f"incident of {row['incident_date']} is after report {row['report_id']}, issued {released}"),
                "allegation-dates"))
    return problems


def reports_known(allegations: pd.DataFrame, releases: pd.DataFrame, path: str) -> list[Problem]:
    """An allegation names an official release of the series, or none."""
    known = set(releases["report_id"])
    return [Problem(path, spreadsheet_row(i), "report_id", f"report {r} is not an official release of the series",
                    "allegation-reports")
            for i, r in allegations["report_id"].items() if r and r not in known]


def coverage(allegations: pd.DataFrame, releases: pd.DataFrame) -> pd.DataFrame:
    """Per release: allegations listed, credible ones and their deaths, beside the report's own counts."""
    by_report: dict[str, list[dict]] = {}
    for allegation in records(allegations[["report_id", "verdict", "country", "killed"]]):
        by_report.setdefault(allegation["report_id"], []).append(allegation)
    rows = []
    for release in records(releases):
        listed = by_report.get(release["report_id"], [])
        credible = [a for a in listed if a["verdict"] == "credible"]
        countries = sorted({a["country"] for a in listed})
        completed = release["completed"]
        if completed:
            text = f"{len(listed)} of {completed} assessments listed"
        else:
            text = f"{len(listed)} listed; the report's number of completed assessments was not found"
        if len(countries) == 1:
            text += f": {countries[0]} only"
        rows.append({
            "report_id": release["report_id"], "listed": len(listed), "completed": completed,
            "credible_listed": len(credible), "credible_stated": release["credible"],
            "deaths_listed": sum(int(a["killed"]) for a in credible if a["killed"] != ""),
            "deaths_stated": release["deaths"], "countries": " ".join(countries), "coverage": text,
        })
    return pd.DataFrame(rows, columns=["report_id", "listed", "completed", "credible_listed", "credible_stated",
                                       "deaths_listed", "deaths_stated", "countries", "coverage"])


def listed_against_reports(table: pd.DataFrame) -> list[Finding]:
    """Where a report lists allegations, the list set against its own counts: published, never an error."""
    findings = []
    for row in records(table):
        if not row["listed"]:
            continue
        if row["completed"] and row["listed"] != int(row["completed"]):
            findings.append(Finding(row["report_id"], "allegations-listed", (
                f"{row['listed']} allegations listed here, but the report completed {row['completed']} assessments"),
                int(row["listed"]), int(row["completed"])))
        if row["deaths_stated"] and row["deaths_listed"] != int(row["deaths_stated"]):
            findings.append(Finding(row["report_id"], "allegation-deaths", (
                f"the {row['credible_listed']} credible allegations listed here give {row['deaths_listed']} deaths, "
                f"but the report gives {row['deaths_stated']}"), int(row["deaths_listed"]),
                int(row["deaths_stated"])))
    return findings


def grids_place_in_region(allegations: pd.DataFrame, path: str) -> list[Problem]:
    """A grid reference converts to a point in the region of the map (Iraq and Syria, with a margin)."""
    from civcas.map import BOUNDS, latitude_longitude

    west, south, east, north = BOUNDS
    problems = []
    for index, grid in allegations["mgrs"].items():
        if not grid:
            continue
        try:
            latitude, longitude = latitude_longitude(grid)
        except Exception as error:  # the converter raises its own error type on a malformed grid
            problems.append(Problem(path, spreadsheet_row(index), "mgrs", f"grid {grid} does not convert: {error}",
                                    "allegation-grids"))
            continue
        if not (south <= latitude <= north and west <= longitude <= east):
            problems.append(Problem(path, spreadsheet_row(index), "mgrs", (
                f"grid {grid} is at {latitude:.3f}, {longitude:.3f}, outside Iraq and Syria"), "allegation-grids"))
    return problems
