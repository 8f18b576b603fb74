"""Chart builders: each figure has a title, alt text, inline data matching its table, and no CDN."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from civcas import charts, derive
from civcas.validate import validate
from conftest import mini_tables


@pytest.fixture
def figures(mini_package) -> list[charts.Figure]:
    report = validate(mini_package)
    return charts.all_figures(report.reconciled.releases, report.package.tables["monitor_counts"])


def test_each_figure_has_title_description_and_inline_data(figures):
    assert [f.name for f in figures] == ["cumulative", "increments", "strikes", "pipeline"]
    for figure in figures:
        assert figure.spec["title"] == figure.title and figure.spec["description"] == figure.description
        serialised = json.dumps(figure.spec)
        assert '"url"' not in serialised and "http" not in serialised.replace(figure.spec["$schema"], "")


def test_cumulative_chart_keeps_measures_apart(figures):
    data = figures[0].data
    assert set(data["measure"]) == {derive.OFFICIAL, derive.MONITOR}
    official = data[data["measure"] == derive.OFFICIAL]
    assert list(official["low"]) == [100, 105]
    # Only running totals for Iraq and Syria are plotted: the Syria-only count stays out.
    assert list(data[data["measure"] == derive.MONITOR]["report"]) == ["monitor-2018-03-10"]


def test_increments_are_changes_between_reports(figures):
    assert figures[1].data[["report", "change_in_total", "since_report"]].values.tolist() == [
        ["2018-02", 5, "2018-01"]]


def test_strike_ratio_is_per_thousand(figures):
    assert figures[2].data["killed_per_1000_strikes"].tolist() == [50.0, 50.0]


def test_pipeline_is_long_form_by_stage(figures):
    jan = figures[3].data[figures[3].data["report"] == "2018-01"]
    assert dict(zip(jan["stage"], jan["reports"], strict=True)) == {
        "Assessments completed": 8, "Found credible": 2, "Found not credible": 5, "New reports received": 10,
        "Still open": 20}


def test_static_spec_has_a_fixed_width(figures):
    for figure in figures:
        assert "container" not in json.dumps(figure.static_spec())
        assert "container" in json.dumps(figure.spec)


def test_monitor_dates_known_only_to_the_month_are_marked():
    counts = pd.DataFrame(mini_tables()["monitor_counts"]).fillna("")
    counts.loc[1, "area"] = "Iraq and Syria"
    frame = derive.comparable_monitor_counts(counts)
    assert frame.set_index("report").loc["monitor-2018-02-syria", "date_kind"] == "month only"
