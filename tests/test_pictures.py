"""Chart pictures rendered at build time: an accessible, sized static SVG, and PNG and SVG to take away."""

from __future__ import annotations

import html

import pytest
from civcas import charts, pictures
from civcas.validate import validate


@pytest.fixture(scope="module")
def figure(tmp_path_factory) -> charts.Figure:
    from conftest import mini_tables, write_package

    package = write_package(tmp_path_factory.mktemp("pictures") / "pkg", **mini_tables())
    report = validate(package)
    return charts.increments(report.reconciled.releases)


def test_the_page_picture_is_an_svg_image_with_a_title_a_description_and_a_size(figure):
    made = pictures.pictures(figure, "0.1.0")
    svg = made.figure_svg.decode("utf-8")
    assert svg.startswith("<svg") and 'role="img" aria-labelledby="title desc"' in svg
    assert f'<title id="title">{html.escape(figure.title)}</title>' in svg and "<desc id=\"desc\">Bar chart" in svg
    assert made.width > 600 and made.height > 300


def test_the_svg_and_png_to_take_away_have_title_source_and_licence_drawn_in(figure):
    made = pictures.pictures(figure, "7.7.7")
    svg = made.svg.decode("utf-8")
    assert "civcas, data version 7.7.7, CC-BY-4.0" in svg and "Source: CJTF-OIR" in svg
    assert made.png.startswith(b"\x89PNG")
    width, height = made.credited_size
    assert int.from_bytes(made.png[16:20], "big") == width * pictures.PNG_SCALE
    assert int.from_bytes(made.png[20:24], "big") == height * pictures.PNG_SCALE


def test_pictures_are_the_same_bytes_from_the_cache_and_from_a_new_render(figure, tmp_path):
    first = pictures.pictures(figure, "0.1.0", tmp_path)
    cached = pictures.pictures(figure, "0.1.0", tmp_path)
    pictures._render.cache_clear()
    fresh = pictures.pictures(figure, "0.1.0", None)
    assert first == cached == fresh
    assert len(list(tmp_path.iterdir())) == 4  # page, phone, take-away SVG and PNG


def test_markup_in_a_title_stays_text_in_the_svg():
    svg = pictures.described(b'<svg width="1" height="1"></svg>', "<b>x</b>", "a & b")
    assert b"&lt;b&gt;x&lt;/b&gt;" in svg and b"a &amp; b" in svg


def test_the_vega_lite_version_read_from_altairs_files_is_the_one_altair_writes():
    import altair as alt

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    assert pictures.vega_lite_version() == f"v{major}.{minor}"
