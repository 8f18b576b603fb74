"""Series derived from the reconciled releases and the monitor counts, for charts and pages."""

from __future__ import annotations

import pandas as pd

from civcas import evidence
from civcas.fields import FIGURES

OFFICIAL = "Coalition: civilians it assessed killed (at least, cumulative)"
MONITOR = "Monitors: estimates of civilians killed by coalition actions (cumulative)"


def typed_releases(releases: pd.DataFrame) -> pd.DataFrame:
    """Releases with integer figures as nullable integers and a `date` for the time axis.

    The date is the end of the data month; a release whose period is not stated is placed at its
    release month, and `date_kind` says so.
    """
    frame = releases.copy()
    for name in FIGURES:
        if name not in ("release_date", "period_end"):
            frame[name] = pd.to_numeric(frame[name].replace("", None)).astype("Int64")
    has_period = frame["period_end"] != ""
    frame["date"] = frame["period_end"].where(has_period, frame["release_date"].str[:7] + "-01")
    frame["date_kind"] = has_period.map({True: "end of data month", False: "release month (period not stated)"})
    return frame


def cumulative_official(releases: pd.DataFrame) -> pd.DataFrame:
    """The coalition's running total, each point saying how it is attested: who reported it, in what kind of
    document, and whether the coalition's own words (its text or a verbatim copy) are on record."""
    frame = typed_releases(releases)
    frame = frame[frame["cum_killed"].notna()]
    grades = frame["cum_killed_grade"] if "cum_killed_grade" in frame else pd.Series("", index=frame.index)
    by = frame["cum_killed_reported_by"] if "cum_killed_reported_by" in frame else pd.Series("", index=frame.index)
    return pd.DataFrame({
        "report": frame["report_id"], "date": frame["date"], "date_kind": frame["date_kind"],
        "measure": OFFICIAL, "low": frame["cum_killed"], "high": pd.array([None] * len(frame), dtype="Int64"),
        "by": [evidence.phrase(g, b) for g, b in zip(grades, by, strict=True)],
        "qualifier": "at-least",
        "evidence": [evidence.LABELS.get(g, "") for g in grades],
        "coalition_text": grades.isin(evidence.FROM_COALITION_TEXT).tolist(),
    }).reset_index(drop=True)


def comparable_monitor_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Monitors' running totals for Iraq and Syria attributed to coalition actions, dated at least to the month.

    A figure whose counting body is not identified stays out of the comparison.
    """
    keep = counts[(counts["area"] == "Iraq and Syria") & (counts["period_kind"] == "cumulative")
                  & (counts["monitor"] != "Unattributed")
                  & (counts["attributed_to"] == "coalition") & (counts["figure_low"] != "")
                  & (counts["statement_date"].str.len() >= 7)]
    dates = keep["statement_date"].map(lambda d: d if len(d) == 10 else d + "-01")
    return pd.DataFrame({
        "report": keep["count_id"], "date": dates,
        "date_kind": keep["statement_date"].map(lambda d: "stated date" if len(d) == 10 else "month only"),
        "measure": MONITOR, "low": pd.to_numeric(keep["figure_low"]).astype("Int64"),
        "high": pd.to_numeric(keep["figure_high"].replace("", None)).astype("Int64"),
        "by": keep["monitor"], "qualifier": keep["qualifier"],
    }).sort_values(["date", "report"]).reset_index(drop=True)


def increments(releases: pd.DataFrame) -> pd.DataFrame:
    """Change of the cumulative total since the previous release that states one, beside stated deaths."""
    frame = typed_releases(releases)
    frame = frame[frame["cum_killed"].notna()].reset_index(drop=True)
    previous = frame["report_id"].shift(1)
    return pd.DataFrame({
        "report": frame["report_id"], "date": frame["date"],
        "change_in_total": frame["cum_killed"].diff().astype("Int64"),
        "since_report": previous.fillna(""),
        "deaths_stated": frame["deaths"],
    }).iloc[1:].reset_index(drop=True)


def strikes_ratio(releases: pd.DataFrame) -> pd.DataFrame:
    frame = typed_releases(releases)
    exact = frame["cum_strikes_qualifier"] == "exact"
    frame = frame[frame["cum_killed"].notna() & frame["cum_strikes"].notna() & exact]
    ratio = (frame["cum_killed"].astype(float) * 1000 / frame["cum_strikes"].astype(float)).round(1)
    return pd.DataFrame({
        "report": frame["report_id"], "date": frame["date"], "cum_strikes": frame["cum_strikes"],
        "cum_killed": frame["cum_killed"], "killed_per_1000_strikes": ratio,
    }).reset_index(drop=True)


PIPELINE = {"new_reports": "New reports received", "completed": "Assessments completed",
            "credible": "Found credible", "non_credible": "Found not credible", "still_open": "Still open"}


def pipeline(releases: pd.DataFrame) -> pd.DataFrame:
    frame = typed_releases(releases)
    frame = frame[frame["data_month"] != ""]
    long = frame.melt(id_vars=["report_id", "date"], value_vars=list(PIPELINE), var_name="stage",
                      value_name="reports").dropna(subset=["reports"])
    long["stage"] = long["stage"].map(PIPELINE)
    long = long.rename(columns={"report_id": "report"})
    return long.sort_values(["date", "stage"]).reset_index(drop=True)
