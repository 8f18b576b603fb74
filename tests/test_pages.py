"""Page builders on a small package: every figure traced to its sources, values escaped."""

from __future__ import annotations

import pytest
from civcas import home as home_page
from civcas import pages, reference_pages
from civcas.site import context, generated_pages
from civcas.validate import validate


@pytest.fixture
def ctx(mini_package):
    return context(validate(mini_package))


def test_every_release_gets_a_page_and_every_page_is_generated(ctx):
    names = set(generated_pages(ctx))
    assert {"reports/2018-01.md", "reports/2018-02.md", "index.md", "sources.md", "monitors.md",
            "discrepancies.md", "consistency.md", "data-dictionary.md", "downloads.md", "charts.md",
            "other-statements.md", "reports/index.md"} <= names
    assert "reports/citation-2018-03.md" not in names


def test_home_shows_the_latest_official_figure_and_monitor_figures(ctx):
    home = home_page.page(ctx)
    assert '<p class="civcas-big">105</p>' in home
    assert "issued on 1 March 2018" in home and "6,000–9,000" in home
    assert "Data version 0.1.0" in home


def test_report_page_lists_each_figure_with_its_sources(ctx):
    row = ctx.releases[ctx.releases["report_id"] == "2018-02"].iloc[0].to_dict()
    page = pages.report_page(ctx, row)
    assert "Monthly report for February 2018" in page
    assert 'href="../sources.html#src-digest-2018-03-05"' in page
    assert "The digest quotes the release word for word." in page
    assert "set aside" in page and "stands" in page


def test_report_page_shows_the_month_arithmetic(ctx):
    row = ctx.releases[ctx.releases["report_id"] == "2018-02"].iloc[0].to_dict()
    assert "20 carried over + 4 new - 6 completed = 18, but 19 still open" in pages.report_page(ctx, row)


def test_sources_and_reports_are_named_for_readers_with_the_id_only_in_the_address(ctx):
    row = ctx.releases[ctx.releases["report_id"] == "2018-02"].iloc[0].to_dict()
    page = pages.report_page(ctx, row)
    assert '<a href="../sources.html#src-digest-2018-03-05" title="=HYPERLINK' in page
    assert '>Digest, 5 Mar 2018</a>' in page and ">digest-2018-03-05<" not in page
    assert pages.report_label("2018-07") == "Report for July 2018"
    assert pages.report_label("release-2022-03") == "March 2022 release"
    assert pages.report_label("dod-annual-2019") == "dod-annual-2019"
    assert pages.source_label({"publisher": "CIVIC", "published": "2018-09-18"}) == "CIVIC, 18 Sep 2018"
    assert pages.source_label({"publisher": "CIVIC", "published": "2018-09"}) == "CIVIC, Sep 2018"
    assert pages.source_label({"publisher": "CIVIC", "published": ""}) == "CIVIC"
    assert '>Report for February 2018</a>' in reference_pages.discrepancies(ctx)


def test_every_generated_page_comes_from_its_own_template():
    from civcas.templating import environment

    names = set(environment().list_templates())
    assert {"home.html", "reports.html", "report.html", "monitors.html", "sources.html", "discrepancies.html",
            "consistency.html", "statements.html", "dictionary.html", "downloads.html", "charts.html",
            "releases.html", "release.html", "_figure.html", "_table.html", "_macros.html", "embed.html"} <= names


def test_a_value_shown_without_its_qualifier_is_just_the_number():
    assert pages.figure_value({"cum_strikes": "29254"}, "cum_strikes") == "29,254"
    assert pages.figure_value({"cum_strikes": "18600", "cum_strikes_qualifier": "more-than"}, "cum_strikes") == (
        "18,600 <small>(more-than)</small>")


def test_inferred_values_are_marked(ctx):
    row = ctx.releases[ctx.releases["report_id"] == "2018-01"].iloc[0].to_dict()
    assert "31 January 2018 <small>(inferred)</small>" in pages.figure_value(row, "period_end")


def test_data_values_are_escaped_on_every_page(ctx):
    for name, page in generated_pages(ctx).items():
        assert "<script>window" not in page, name
    assert "&lt;script&gt;window.__injected = true&lt;/script&gt;" in reference_pages.sources(ctx)


def test_sources_page_says_what_each_document_supports(ctx):
    page = reference_pages.sources(ctx)
    assert 'id="src-monitor-2018-03-10"' in page
    assert 'href="monitors.html#mon-monitor-2018-02-syria"' in page
    # A statement outside the series has no report page: the link goes to the other statements page.
    assert 'href="other-statements.html#stmt-citation-2018-03"' in page


def test_monitors_page_says_what_is_counted(ctx):
    page = reference_pages.monitors(ctx)
    assert "Civilian deaths in Syria" in page and "3,000" in page and "Feb 2018" in page


def test_discrepancies_page_lists_every_value_and_the_reason(ctx):
    page = reference_pages.discrepancies(ctx)
    assert "### Report for February 2018: Deaths in this report&#39;s credible findings" in page
    assert "The digest quotes the release word for word." in page


def test_statements_outside_the_series_have_their_own_page(ctx):
    page = reference_pages.other_statements(ctx)
    assert "citation-2018-03" in page and "105" in page


def test_data_dictionary_documents_every_published_column(ctx):
    page = reference_pages.data_dictionary(ctx)
    for column in ("resolved_fields", "source_count", "cum_killed", "figure_low", "reason"):
        assert f"<code>{column}</code>" in page


def test_downloads_page_lists_each_file_with_its_hash(ctx):
    page = reference_pages.downloads(ctx)
    assert 'href="data/releases.csv"' in page and 'href="data/SHA256SUMS"' in page
    assert 'href="data/civcas-0.1.0.zip"' in page


def test_figure_bundle_shows_a_sized_static_picture_source_line_downloads_and_table(ctx):
    bundle = pages.figure_bundle(ctx, ctx.figures[0], "")
    width, height = ctx.pictures["cumulative"].width, ctx.pictures["cumulative"].height
    assert f'src="charts/cumulative-figure.svg" width="{width}" height="{height}"' in bundle
    assert "<table" in bundle and 'class="civcas-chart-source"' in bundle
    assert "Chart: civcas, data version 0.1.0, CC-BY-4.0." in bundle
    for href in ("charts/cumulative.png", "charts/cumulative.svg", "charts/cumulative.csv",
                 "charts/cumulative.json", "charts/cumulative.vl.json", "embed/cumulative.html"):
        assert f'href="{href}"' in bundle, href
    assert 'data-spec="charts/cumulative.vl.json"' in bundle and "Explore this chart" in bundle
    assert "<script" not in bundle and "vega-runtime" not in bundle


def test_the_embed_snippet_is_an_iframe_at_the_stable_address(ctx):
    snippet = pages.embed_snippet(ctx, ctx.figures[1])
    assert snippet.startswith(f'<iframe src="{ctx.site_url}embed/increments.html"')
    bundle = pages.figure_bundle(ctx, ctx.figures[1], "")
    assert "&lt;iframe src=" in bundle  # shown as code to copy, not as a live frame
