"""Altair charts and their figure bundles: spec, static SVG, data as CSV and JSON, and alt text."""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import pandas as pd

from civcas import derive

SVG_WIDTH = 640
COLORS = {derive.OFFICIAL: "#1f5fa8", derive.MONITOR: "#b5470b"}


@dataclass
class Figure:
    name: str
    title: str
    description: str
    data: pd.DataFrame
    spec: dict

    def static_spec(self) -> dict:
        """The spec with a fixed width: a static renderer cannot measure a container."""
        return _fixed_width(self.spec)


def _fixed_width(spec: dict) -> dict:
    fixed = json.loads(json.dumps(spec))
    for part in [fixed, *fixed.get("vconcat", []), *fixed.get("layer", [])]:
        if part.get("width") == "container":
            part["width"] = SVG_WIDTH
    return fixed


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values: missing is None, numpy and pandas scalars become Python ones."""
    return json.loads(frame.to_json(orient="records"))


def _spec(chart: alt.TopLevelMixin, title: str, description: str) -> dict:
    spec = chart.properties(title=title, description=description).to_dict()
    spec.pop("config", None)
    return spec


def _month(value: str) -> str:
    return pd.Timestamp(value).strftime("%B %Y")


def cumulative(releases: pd.DataFrame, counts: pd.DataFrame) -> Figure:
    official = derive.cumulative_official(releases)
    monitors = derive.comparable_monitor_counts(counts)
    data = pd.concat([official, monitors], ignore_index=True)
    source = alt.Data(values=records(data))
    x = alt.X("date:T", title="Date (end of the data month, or date of the monitor's statement)")
    y = alt.Y("low:Q", title="Civilians killed (each measure as its publisher defines it)")
    color = alt.Color("measure:N", title=None, scale=alt.Scale(domain=list(COLORS), range=list(COLORS.values())),
                      legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=600))
    tips = [alt.Tooltip("measure:N"), alt.Tooltip("report:N", title="report or count"),
            alt.Tooltip("date:T"), alt.Tooltip("low:Q", title="figure (or low end)", format=","),
            alt.Tooltip("high:Q", title="high end", format=","), alt.Tooltip("monitor:N", title="by"),
            alt.Tooltip("qualifier:N", title="stated as")]
    is_official = alt.datum.measure == derive.OFFICIAL
    line = alt.Chart(source).transform_filter(is_official).mark_line(point=True).encode(x=x, y=y, color=color,
                                                                                       tooltip=tips)
    ranges = alt.Chart(source).transform_filter(~is_official).transform_filter("isValid(datum.high)") \
        .mark_rule(strokeWidth=2).encode(x=x, y=y, y2="high:Q", color=color, tooltip=tips)
    points = alt.Chart(source).transform_filter(~is_official).mark_point(shape="diamond", filled=True, size=50) \
        .encode(x=x, y=y, color=color, tooltip=tips)
    latest = official.iloc[-1]
    description = (
        f"Line chart. The coalition's cumulative count of civilians it assessed as killed rises from "
        f"{official.iloc[0]['low']:,} (report {official.iloc[0]['report']}) to {latest['low']:,} (report "
        f"{latest['report']}). Diamonds and vertical bars mark {len(monitors)} cumulative estimates by independent "
        f"monitors for Iraq and Syria, from {monitors['low'].min():,} to {monitors[['low', 'high']].max().max():,}; "
        f"bars span a monitor's range. The two measure different things and are not added together.")
    title = "Civilian deaths: the coalition's own cumulative assessment and monitors' estimates"
    chart = alt.layer(line, ranges, points).properties(width="container", height=360)
    return Figure("cumulative", title, description, data, _spec(chart, title, description))


def increments(releases: pd.DataFrame) -> Figure:
    data = derive.increments(releases)
    source = alt.Data(values=records(data))
    biggest = data.loc[data["change_in_total"].idxmax()]
    description = (
        f"Bar chart of how much the coalition's cumulative total changed from one available report to the next, "
        f"over {len(data)} reports. The largest rise, {biggest['change_in_total']:,}, came with report "
        f"{biggest['report']}. A bar below zero is a downward revision. Where reports are missing, a bar covers "
        f"the change since the last report found.")
    chart = alt.Chart(source).mark_bar(color=COLORS[derive.OFFICIAL]).encode(
        x=alt.X("report:O", title="Report (data month)", sort=None),
        y=alt.Y("change_in_total:Q", title="Change in the coalition's cumulative total"),
        tooltip=[alt.Tooltip("report:N"), alt.Tooltip("since_report:N", title="since report"),
                 alt.Tooltip("change_in_total:Q", title="change", format=","),
                 alt.Tooltip("deaths_stated:Q", title="deaths stated in credible reports")],
    ).properties(width="container", height=300)
    title = "Deaths added to the coalition's total, report by report"
    return Figure("increments", title, description, data, _spec(chart, title, description))


def strikes(releases: pd.DataFrame) -> Figure:
    data = derive.strikes_ratio(releases)
    source = alt.Data(values=records(data))
    x = alt.X("date:T", title="End of data month")
    tips = [alt.Tooltip("report:N"), alt.Tooltip("cum_strikes:Q", title="strikes", format=","),
            alt.Tooltip("cum_killed:Q", title="civilians assessed killed", format=","),
            alt.Tooltip("killed_per_1000_strikes:Q", title="per 1,000 strikes")]
    top = alt.Chart(source).mark_line(point=True, color="#444").encode(
        x=x, y=alt.Y("cum_strikes:Q", title="Strikes since August 2014"), tooltip=tips,
    ).properties(width="container", height=200)
    bottom = alt.Chart(source).mark_line(point=True, color=COLORS[derive.OFFICIAL]).encode(
        x=x, y=alt.Y("killed_per_1000_strikes:Q", title="Civilians assessed killed per 1,000 strikes"),
        tooltip=tips,
    ).properties(width="container", height=200)
    first, last = data.iloc[0], data.iloc[-1]
    description = (
        f"Two line charts over {len(data)} reports with an exact strike count. Top: the coalition's cumulative "
        f"strikes, from {first['cum_strikes']:,} to {last['cum_strikes']:,}. Bottom: the civilians it assessed "
        f"killed per 1,000 strikes, from {first['killed_per_1000_strikes']} to {last['killed_per_1000_strikes']}.")
    title = "Cumulative strikes, and civilians the coalition assessed killed per 1,000 strikes"
    chart = alt.vconcat(top, bottom)
    return Figure("strikes", title, description, data, _spec(chart, title, description))


def pipeline(releases: pd.DataFrame) -> Figure:
    data = derive.pipeline(releases)
    source = alt.Data(values=records(data))
    peak = data[data["stage"] == derive.PIPELINE["still_open"]].sort_values("reports").iloc[-1]
    description = (
        f"Line chart of the coalition's monthly handling of civilian-casualty reports, over "
        f"{data['report'].nunique()} monthly reports: new reports received, assessments completed, reports found "
        f"credible and not credible, and reports still open at the month's end. Open reports peaked at "
        f"{peak['reports']:,} in report {peak['report']}. Months without a report, or where a figure was not "
        f"found, are left out.")
    chart = alt.Chart(source).mark_line(point=True).encode(
        x=alt.X("date:T", title="End of data month"),
        y=alt.Y("reports:Q", title="Civilian-casualty reports"),
        color=alt.Color("stage:N", title=None, sort=list(derive.PIPELINE.values()),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("report:N"), alt.Tooltip("stage:N"), alt.Tooltip("reports:Q", format=",")],
    ).properties(width="container", height=320)
    title = "The allegation pipeline: reports received, assessed and still open each month"
    return Figure("pipeline", title, description, data, _spec(chart, title, description))


def all_figures(releases: pd.DataFrame, counts: pd.DataFrame) -> list[Figure]:
    return [cumulative(releases, counts), increments(releases), strikes(releases), pipeline(releases)]
