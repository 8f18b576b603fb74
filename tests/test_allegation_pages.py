"""Allegation pages: each report's section and coverage, paged lists by filter, escaping, the currency line."""

from __future__ import annotations

from civcas import allegation_pages, pages
from civcas.site import context, generated_pages
from civcas.validate import validate
from conftest import FORMULA, INJECTION, observation, write_package

# Enough for every chart of the series to have something to draw.
CHARTED = {"cum_strikes": 1000, "cum_strikes_qualifier": "exact", "still_open": 3}


def build_context(folder, **tables):
    report = validate(write_package(folder, **tables))
    assert report.valid, [p.line() for p in report.problems]
    return context(report)


def test_a_report_without_figures_renders_its_date_document_and_gap(tmp_path):
    sources = [{"source_id": "cjtfoir-20200624-02", "publisher": "CJTF-OIR", "title": "CIVCAS Report April 2020",
                "url": "https://example.org/april.pdf", "published": "2020-06-24", "kind": "official",
                "language": "en"},
               {"source_id": "wire-2020-05-01", "publisher": "Wire", "title": "t", "kind": "news", "language": "en"}]
    obs = [observation("2020-02", "wire-2020-05-01", cum_killed=1377, **CHARTED),
           observation("2020-03", "wire-2020-05-01", cum_killed=1377, **CHARTED),
           observation("2020-04", "cjtfoir-20200624-02", release_date="2020-06-24", release_date_basis="stated",
                       figures_found="false")]
    ctx = build_context(tmp_path / "pkg", sources=sources, observations=obs)
    row = ctx.releases.set_index("report_id").loc["2020-04"].to_dict() | {"report_id": "2020-04"}
    page = pages.report_page(ctx, row)
    assert ("Issued 24 June 2020; figures not found; document: <a href=\"https://example.org/april.pdf\" "
            "rel=\"noopener noreferrer\">CIVCAS Report April 2020</a>.") in page
    assert "Coverage: 0 listed; the report&#39;s number of completed assessments was not found." in page


def test_a_row_marked_without_figures_may_not_give_counts(tmp_path):
    obs = [observation("2020-04", release_date="2020-06-24", release_date_basis="stated", figures_found="false",
                       cum_killed=5)]
    report = validate(write_package(tmp_path / "pkg", observations=obs))
    assert [p.field for p in report.problems] == ["figures_found"]


def test_each_report_page_lists_its_allegations_with_coverage(mini_package):
    ctx = context(validate(mini_package))
    out = generated_pages(ctx)
    report = out["reports/2018-02.md"]
    assert "Coverage: 2 listed; the report&#39;s number of completed assessments was not found" not in report
    assert "Coverage: 2 of 6 assessments listed." in report
    assert 'id="alg-2018-02-ci001"' in report and "near Mosul, Iraq" in report
    assert "Coverage: 0 of 8 assessments listed." in out["reports/2018-01.md"]


def test_lists_are_paged_and_filtered_by_country_verdict_and_year(mini_package, monkeypatch):
    monkeypatch.setattr(allegation_pages, "PER_PAGE", 1)
    out = allegation_pages.pages(context(validate(mini_package)))
    assert sorted(out) == sorted([
        "allegations/index.md", "allegations/map.md",
        "allegations/country-iraq-1.md", "allegations/country-syria-1.md",
        "allegations/verdict-credible-1.md", "allegations/verdict-not-credible-1.md",
        "allegations/year-2017-1.md", "allegations/year-2017-2.md"])
    assert "Page 1 of 2" in out["allegations/year-2017-1.md"] and 'rel="next"' in out["allegations/year-2017-1.md"]
    assert 'id="alg-2018-02-cs002"' in out["allegations/year-2017-2.md"]
    index = out["allegations/index.md"]
    assert '<a href="verdict-credible-1.html">credible</a> (1)' in index
    assert "<td>Iraq</td><td>1</td><td>0</td><td>0</td><td>1</td>" in index


def test_allegation_values_are_escaped_on_every_page(mini_package):
    out = generated_pages(context(validate(mini_package)))
    for name in ("reports/2018-02.md", "allegations/country-syria-1.md", "allegations/year-2017-1.md"):
        assert INJECTION not in out[name], name
        assert "&lt;script&gt;" in out[name], name
    assert FORMULA.replace('"', "&#34;") in out["allegations/country-syria-1.md"]


def test_the_currency_line_follows_the_newest_document(tmp_path):
    sources = [{"source_id": "wire-2018-03-01", "publisher": "Wire", "title": "t", "kind": "news", "language": "en",
                "published": "2018-03-01"},
               {"source_id": "cjtfoir-2025-03-31", "publisher": "CJTF-OIR", "title": "Periodic", "kind": "official",
                "language": "en", "published": "2025-03-31", "url": "https://example.org/p.pdf"}]
    obs = [observation("2018-01", "wire-2018-03-01", cum_killed=100, **CHARTED),
           observation("2018-02", "wire-2018-03-01", cum_killed=105, release_date="2018-03-01",
                       release_date_basis="stated", **CHARTED),
           {"report_id": "periodic-2025-03-31", "source_id": "cjtfoir-2025-03-31", "statement_kind": "periodic-report",
            "release_date": "2025-03-31", "release_date_basis": "stated", "period_start": "2025-01-01",
            "period_end": "2025-03-31", "period_end_basis": "stated", "figures_found": "false"}]
    ctx = build_context(tmp_path / "pkg", sources=sources, observations=obs)
    line = pages.currency_line(ctx)
    assert "newest coalition release in the data was issued on 31 March 2025" in line
    assert "newest source document is dated 31 March 2025" in line
    assert pages.report_title(ctx.releases.iloc[-1].to_dict()) == (
        "Periodic report of 31 March 2025 (1 January 2025 to 31 March 2025)")


def test_json_ld_and_data_dictionary_include_the_allegations(mini_package):
    from civcas.reference_pages import data_dictionary
    from civcas.site import home_jsonld

    ctx = context(validate(mini_package))
    dataset = home_jsonld(ctx)
    assert any(d["name"] == "allegations.csv" for d in dataset["distribution"])
    assert any(v["name"] == "verdict" for v in dataset["variableMeasured"])
    dictionary = data_dictionary(ctx)
    assert "## allegations" in dictionary and "incident_date_basis" in dictionary
