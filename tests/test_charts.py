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


def test_each_figure_has_title_description_source_and_inline_data(figures):
    assert [f.name for f in figures] == ["cumulative", "increments", "strikes", "pipeline"]
    for figure in figures:
        assert figure.title and figure.source.startswith("Source: ")
        assert figure.spec["description"] == figure.description and "title" not in figure.spec
        serialised = json.dumps(figure.spec)
        assert '"url"' not in serialised and "http" not in serialised.replace(figure.spec["$schema"], "")


def test_titles_say_what_the_chart_shows(figures):
    assert figures[0].title == ("The coalition counts 105 civilians killed by its strikes; monitors' estimates "
                                "reach 9,000")
    assert "the largest rise, 5, came in February 2018" in figures[1].title
    assert figures[3].title == "Reports awaiting assessment peaked at 20 in January 2018"


def encodings(spec: dict):
    """Every encoding in a spec, through layers, concatenations and facets."""
    if "encoding" in spec:
        yield spec["encoding"]
    for key in ("layer", "vconcat", "hconcat"):
        for part in spec.get(key, []):
            yield from encodings(part)
    if "spec" in spec:
        yield from encodings(spec["spec"])


def test_every_time_axis_labels_each_tick_with_its_year(figures):
    for figure in figures:
        axes = [e["x"] for e in encodings(figure.spec) if e.get("x", {}).get("type") == "temporal"]
        assert axes, figure.name
        for axis in axes:
            assert "%Y" in axis["axis"]["format"] and axis["axis"]["tickCount"]["interval"] == "year"


def test_lines_are_labelled_at_their_ends_not_in_a_legend(figures):
    cumulative = figures[0].spec
    labels = [layer["encoding"]["text"] for layer in cumulative["layer"] if "text" in layer["encoding"]]
    assert len(labels) == 2
    assert all(e["color"]["legend"] is None for e in encodings(cumulative) if "color" in e)
    assert "Coalition's own count: 105" in json.dumps(cumulative) and "up to 9,000" in json.dumps(cumulative)


def test_the_highest_monitor_range_fits_inside_the_frame(figures):
    domains = [e["y"]["scale"]["domain"] for e in encodings(figures[0].spec) if "scale" in e.get("y", {})]
    assert domains and all(d[0] == 0 and d[1] >= 9000 for d in domains)


def test_the_allegation_pipeline_is_drawn_as_small_multiples(figures):
    spec = figures[3].spec
    assert spec["facet"]["field"] == "stage" and spec["columns"] == 2
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert "color" not in spec["spec"]["encoding"]


def test_a_chart_to_take_away_carries_title_source_and_licence(figures):
    spec = charts.credited(figures[2], "9.9.9")
    title = spec["title"]["text"]
    assert (" ".join(title) if isinstance(title, list) else title) == figures[2].title
    lines = spec["vconcat"][-1]["encoding"]["text"]["value"]
    assert " ".join(lines[:-1]) == figures[2].source  # wrapped to the chart's width
    assert lines[-1] == "Chart: civcas, data version 9.9.9, CC-BY-4.0"


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


def test_every_chart_has_a_fixed_width_so_the_interactive_chart_takes_the_pictures_place(figures):
    for figure in figures:
        assert "container" not in json.dumps(figure.spec)


def test_monitor_dates_known_only_to_the_month_are_marked():
    counts = pd.DataFrame(mini_tables()["monitor_counts"]).fillna("")
    counts.loc[1, "area"] = "Iraq and Syria"
    frame = derive.comparable_monitor_counts(counts)
    assert frame.set_index("report").loc["monitor-2018-02-syria", "date_kind"] == "month only"


def test_the_phone_version_is_narrow_with_small_multiples_in_one_column(figures):
    for figure in figures:
        small = charts.narrow(figure.spec)
        widths = [w for w in json.dumps(small).split('"width": ')[1:]]
        assert widths and all(int(w.split(",")[0].split("}")[0]) <= charts.NARROW for w in widths)
    assert charts.narrow(figures[3].spec)["columns"] == 1
    assert figures[3].spec["columns"] == 2  # the original is left as it was
