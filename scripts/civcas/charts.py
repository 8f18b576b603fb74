"""Altair charts and their figure bundles: spec, data, title, alt text and source line.

Every chart has a fixed width: the static SVG rendered at build time is what readers see first, and the
interactive chart drawn later from the same spec must take exactly its place.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from civcas import derive

if TYPE_CHECKING:
    import altair as alt

WIDTH = 640
NARROW = 250  # a phone's width: the same chart drawn again, so its text stays readable at full size
# Blue and vermilion stay apart for every common colour-vision deficiency; both reach 4.5:1 on white.
COLORS = {derive.OFFICIAL: "#1f5fa8", derive.MONITOR: "#b5470b"}
INK, MUTED, GRID = "#222222", "#555555", "#e2e2e2"
OFFICIAL_SOURCE = ("Source: CJTF-OIR civilian-casualty reports, read in the coalition's own text where it was found, "
                   "otherwise in verbatim copies or press reports; each figure traced to the documents that state it")
CONFIG = {
    "font": "Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "title": {"anchor": "start", "fontSize": 15, "color": INK, "subtitleColor": MUTED, "subtitleFontSize": 12},
    "axis": {"labelColor": MUTED, "titleColor": MUTED, "labelFontSize": 11, "titleFontSize": 11,
             "titleFontWeight": "normal", "gridColor": GRID, "domainColor": "#888888", "tickColor": "#888888"},
    "header": {"labelColor": INK, "labelFontSize": 12, "labelFontWeight": "bold", "labelAnchor": "start",
               "labelAlign": "left", "title": None},
    "text": {"fontSize": 11},
}


@dataclass
class Figure:
    name: str
    title: str
    description: str
    source: str
    data: pd.DataFrame
    spec: dict


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values: missing is None, numpy and pandas scalars become Python ones."""
    return json.loads(frame.to_json(orient="records"))


def _spec(chart: alt.TopLevelMixin, description: str) -> dict:
    """The chart as shown on a page, under the page's own heading: its title is drawn only into downloads."""
    spec = chart.properties(description=description).to_dict()
    spec["config"] = CONFIG
    return spec


def years() -> alt.Axis:
    """A year on every tick of a time axis, one tick a year: Vega drops labels that overlap, never the year."""
    import altair as alt

    return alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap=True, title=None,
                    grid=False)


def _when(row: pd.Series) -> str:
    """'in April 2017' from a row's date, or 'with report X' where the date is not known."""
    value = str(row.get("date") or "")
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return f"in {pd.Timestamp(value[:7] + '-01').strftime('%B %Y')}"
    return f"with report {row['report']}"


def narrow(spec: dict) -> dict:
    """The chart drawn for a phone screen: every full-width view made narrow, small multiples in one column."""
    def shrink(node: object) -> object:
        if isinstance(node, dict):
            out = {k: shrink(v) for k, v in node.items()}
            if isinstance(out.get("width"), int) and out["width"] > NARROW:
                out["width"] = NARROW
            if "facet" in out and "columns" in out:
                out["columns"] = 1
            title = out.get("title")
            if isinstance(title, dict) and isinstance(title.get("text"), str):
                out["title"] = {**title, "text": textwrap.wrap(title["text"], 40)}
            return out
        if isinstance(node, list):
            return [shrink(v) for v in node]
        return node
    return shrink(spec)


def credited(figure: Figure, version: str) -> dict:
    """The spec as a picture to take away: title, source line and licence drawn in."""
    spec = json.loads(json.dumps(figure.spec))
    outer = {k: spec.pop(k) for k in ("$schema", "config", "datasets", "description") if k in spec}
    lines = [*textwrap.wrap(figure.source, 100), f"Chart: civcas, data version {version}, CC-BY-4.0"]
    footer = {
        "data": {"values": [{}]}, "width": WIDTH, "height": 15 * len(lines) - 2,
        "mark": {"type": "text", "align": "left", "baseline": "top", "color": MUTED, "fontSize": 11,
                 "lineHeight": 15},
        "encoding": {"x": {"value": 0}, "y": {"value": 0},
                     "text": {"value": lines}},
    }
    title = textwrap.wrap(figure.title, 75)  # a long title wraps instead of being cut short
    return {**outer, "title": {"text": title if len(title) > 1 else figure.title}, "vconcat": [spec, footer],
            "padding": 12, "background": "white"}


def cumulative(releases: pd.DataFrame, counts: pd.DataFrame) -> Figure | None:
    import altair as alt  # only when the charts are drawn again: it takes a while to load

    official = derive.cumulative_official(releases)
    if official.empty:
        return None
    monitors = derive.comparable_monitor_counts(counts)
    data = pd.concat([official, monitors], ignore_index=True)
    source = alt.Data(values=records(data))
    top = int(monitors[["low", "high"]].max().max()) if not monitors.empty else int(official["low"].max())
    top = max(top, int(official["low"].max()))
    x = alt.X("date:T", axis=years())
    y = alt.Y("low:Q", title="Civilians killed", scale=alt.Scale(domain=[0, top * 1.1], nice=False),
              axis=alt.Axis(format=",d", tickCount=5))
    color = alt.Color("measure:N", legend=None,
                      scale=alt.Scale(domain=list(COLORS), range=list(COLORS.values())))
    tips = [alt.Tooltip("measure:N"), alt.Tooltip("report:N", title="report or count"),
            alt.Tooltip("date:T", format="%-d %b %Y"), alt.Tooltip("low:Q", title="figure (or low end)", format=",d"),
            alt.Tooltip("high:Q", title="high end", format=",d"), alt.Tooltip("by:N", title="by"),
            alt.Tooltip("qualifier:N", title="stated as")]
    is_official = alt.datum.measure == derive.OFFICIAL
    line = alt.Chart(source).transform_filter(is_official).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=color)
    # Filled where the coalition's own words are on record (its text or a verbatim copy), hollow for press only.
    official_tips = [*tips[:5], alt.Tooltip("by:N", title="source"), alt.Tooltip("evidence:N", title="evidence")]
    text_points = alt.Chart(source).transform_filter(is_official).transform_filter("datum.coalition_text") \
        .mark_point(filled=True, size=45, opacity=1).encode(x=x, y=y, color=color, tooltip=official_tips)
    press_points = alt.Chart(source).transform_filter(is_official).transform_filter("!datum.coalition_text") \
        .mark_point(filled=False, fill="white", size=45, strokeWidth=1.5, opacity=1) \
        .encode(x=x, y=y, color=color, tooltip=official_tips)
    ranges = alt.Chart(source).transform_filter(~is_official).transform_filter("isValid(datum.high)") \
        .mark_rule(strokeWidth=2).encode(x=x, y=y, y2="high:Q", color=color, tooltip=tips)
    points = alt.Chart(source).transform_filter(~is_official).mark_point(shape="diamond", filled=True, size=50) \
        .encode(x=x, y=y, color=color, tooltip=tips)
    latest = official.iloc[-1]
    end_label = alt.Chart(alt.Data(values=[{"date": latest["date"], "low": int(latest["low"]),
                                            "label": f"Coalition's own count: {int(latest['low']):,}"}])) \
        .mark_text(align="right", dy=-14, fontWeight="bold", color=COLORS[derive.OFFICIAL]) \
        .encode(x=x, y=y, text="label:N")
    layers = [line, text_points, press_points, ranges, points, end_label]
    if not monitors.empty:
        peak = monitors.assign(top=monitors["high"].fillna(monitors["low"]).astype(int)).sort_values("top").iloc[-1]
        monitor_label = alt.Chart(alt.Data(values=[{"date": peak["date"], "low": int(peak["top"]),
                                                    "label": f"Monitors' estimates: up to {int(peak['top']):,}"}])) \
            .mark_text(align="right", dx=-8, dy=-4, fontWeight="bold", color=COLORS[derive.MONITOR]) \
            .encode(x=x, y=y, text="label:N")
        layers.append(monitor_label)
    attested = int(official["coalition_text"].sum())
    description = (
        f"Line chart, by year. The coalition's cumulative count of civilians it assessed as killed rises from "
        f"{official.iloc[0]['low']:,} (report {official.iloc[0]['report']}) to {latest['low']:,} (report "
        f"{latest['report']}). {attested} of its {len(official)} points are filled: for those the coalition's own "
        f"text, or a verbatim copy of it, was found; hollow points are known only from press reports. "
        f"Diamonds and vertical bars mark {len(monitors)} cumulative estimates by independent "
        f"monitors for Iraq and Syria, from {monitors['low'].min():,} to {top:,}; "
        f"bars span a monitor's range. The two measure different things and are not added together.")
    title = (f"The coalition counts {latest['low']:,} civilians killed by its strikes; monitors' estimates "
             f"reach {top:,}")
    names = ", ".join(sorted(set(monitors["by"])))
    source_line = f"{OFFICIAL_SOURCE}; monitors' published estimates ({names})" if names else OFFICIAL_SOURCE
    chart = alt.layer(*layers).properties(width=WIDTH, height=360)
    return Figure("cumulative", title, description, source_line, data, _spec(chart, description))


def increments(releases: pd.DataFrame) -> Figure | None:
    import altair as alt

    data = derive.increments(releases)
    if data.empty:
        return None
    source = alt.Data(values=records(data))
    biggest = data.loc[data["change_in_total"].idxmax()]
    description = (
        f"Bar chart, by year, of how much the coalition's cumulative total changed from one available report to "
        f"the next, over {len(data)} reports. The largest rise, {biggest['change_in_total']:,}, came with report "
        f"{biggest['report']}. A bar below zero is a downward revision. Where reports are missing, a bar covers "
        f"the change since the last report found.")
    chart = alt.Chart(source).mark_bar(color=COLORS[derive.OFFICIAL], width=7).encode(
        x=alt.X("date:T", axis=years()),
        y=alt.Y("change_in_total:Q", title="Deaths added to the total", axis=alt.Axis(format=",d")),
        tooltip=[alt.Tooltip("report:N"), alt.Tooltip("since_report:N", title="since report"),
                 alt.Tooltip("change_in_total:Q", title="change", format=",d"),
                 alt.Tooltip("deaths_stated:Q", title="deaths stated in credible reports")],
    ).properties(width=WIDTH, height=300)
    median = int(data["change_in_total"].median())
    title = (f"A typical report added {median:,} deaths to the coalition's count; the largest rise, "
             f"{biggest['change_in_total']:,}, came {_when(biggest)}")
    return Figure("increments", title, description, OFFICIAL_SOURCE, data, _spec(chart, description))


def strikes(releases: pd.DataFrame) -> Figure | None:
    import altair as alt

    data = derive.strikes_ratio(releases)
    if data.empty:
        return None
    source = alt.Data(values=records(data))
    x = alt.X("date:T", axis=years())
    tips = [alt.Tooltip("report:N"), alt.Tooltip("cum_strikes:Q", title="strikes", format=",d"),
            alt.Tooltip("cum_killed:Q", title="civilians assessed killed", format=",d"),
            alt.Tooltip("killed_per_1000_strikes:Q", title="per 1,000 strikes")]
    top = alt.Chart(source, title=alt.Title("Strikes since August 2014", fontSize=12, color=INK)) \
        .mark_line(point=alt.OverlayMarkDef(color="#444444"), color="#444444").encode(
        x=x, y=alt.Y("cum_strikes:Q", title=None, axis=alt.Axis(format=",d", tickCount=4)), tooltip=tips,
    ).properties(width=WIDTH, height=170)
    bottom = alt.Chart(source, title=alt.Title("Civilians the coalition assessed killed, per 1,000 strikes",
                                               fontSize=12, color=INK)) \
        .mark_line(point=True, color=COLORS[derive.OFFICIAL]).encode(
        x=x, y=alt.Y("killed_per_1000_strikes:Q", title=None, axis=alt.Axis(tickCount=4)), tooltip=tips,
    ).properties(width=WIDTH, height=170)
    first, last = data.iloc[0], data.iloc[-1]
    description = (
        f"Two line charts, by year, over {len(data)} reports with an exact strike count. Top: the coalition's "
        f"cumulative strikes, from {first['cum_strikes']:,} to {last['cum_strikes']:,}. Bottom: the civilians it "
        f"assessed killed per 1,000 strikes, from {first['killed_per_1000_strikes']} to "
        f"{last['killed_per_1000_strikes']}.")
    when = _when(last)
    title = (f"{when[0].upper()}{when[1:]}, the coalition counted {last['killed_per_1000_strikes']} civilians "
             f"killed for every 1,000 strikes")
    chart = alt.vconcat(top, bottom, spacing=24)
    return Figure("strikes", title, description, OFFICIAL_SOURCE, data, _spec(chart, description))


def pipeline(releases: pd.DataFrame) -> Figure | None:
    import altair as alt

    data = derive.pipeline(releases)
    open_reports = data[data["stage"] == derive.PIPELINE["still_open"]]
    if open_reports.empty:
        return None
    source = alt.Data(values=records(data))
    peak = open_reports.sort_values("reports").iloc[-1]
    description = (
        f"Five small line charts, by year, one for each stage of the coalition's monthly handling of "
        f"civilian-casualty reports over {data['report'].nunique()} monthly reports: new reports received, "
        f"assessments completed, reports found credible, found not credible, and still open at the month's end. "
        f"Each panel has its own vertical scale. Open reports peaked at {peak['reports']:,} in report "
        f"{peak['report']}. Months without a report, or where a figure was not found, are left out.")
    panel = alt.Chart(source).mark_line(point=alt.OverlayMarkDef(size=14), color=COLORS[derive.OFFICIAL]).encode(
        x=alt.X("date:T", axis=years()),
        y=alt.Y("reports:Q", title=None, axis=alt.Axis(format=",d", tickCount=3)),
        tooltip=[alt.Tooltip("report:N"), alt.Tooltip("stage:N"), alt.Tooltip("reports:Q", format=",d")],
    ).properties(width=290, height=100)
    chart = panel.facet(facet=alt.Facet("stage:N", sort=list(derive.PIPELINE.values()), title=None),
                        columns=2, spacing={"row": 24, "column": 40}).resolve_scale(y="independent")
    title = f"Reports awaiting assessment peaked at {peak['reports']:,} {_when(peak)}"
    return Figure("pipeline", title, description, OFFICIAL_SOURCE, data, _spec(chart, description))


def all_figures(releases: pd.DataFrame, counts: pd.DataFrame) -> list[Figure]:
    """The charts the data can draw: a chart without a single point to show is left out, not drawn empty."""
    made = [cumulative(releases, counts), increments(releases), strikes(releases), pipeline(releases)]
    return [figure for figure in made if figure is not None]
