"""Each report page names its sources one click away: publisher, title, date, language, grade, a direct link and a
labelled lookup of archived copies; and it wears the report's evidence badge."""

from __future__ import annotations

import pytest
from civcas import pages
from civcas.site import context
from civcas.validate import validate
from conftest import INJECTION


@pytest.fixture
def february(mini_package) -> str:
    ctx = context(validate(mini_package))
    row = ctx.releases[ctx.releases["report_id"] == "2018-02"].iloc[0].to_dict()
    return pages.report_page(ctx, row)


def entry(page: str, source_id: str) -> str:
    start = page.index(f'id="source-{source_id}"')
    return page[start:page.index("</div>", start)]


def test_a_source_with_an_address_links_the_document_and_a_labelled_archive_lookup(february):
    wire = entry(february, "wire-2018-03-01")
    assert "<strong>Wire</strong>, 1 March 2018 · language: en" in wire
    assert '<a href="https://example.org/a" rel="noopener noreferrer">Coalition admits 105</a>' in wire
    assert ('<a href="https://web.archive.org/web/*/https://example.org/a" rel="noopener noreferrer">'
            "Look up archived copies (Wayback Machine)</a>") in wire
    assert 'data-grade="outlet-report">Other outlet&#39;s report</span> (Wire)' in wire
    assert '<a href="../sources.html#src-wire-2018-03-01">entry in the list of sources</a>' in wire


def test_a_source_without_an_address_says_so_and_offers_no_lookup(february):
    digest = entry(february, "digest-2018-03-05")
    assert "(no address known)" in digest and "web.archive.org" not in digest
    assert "=HYPERLINK(&#34;http://example.org&#34;,&#34;click&#34;)" in digest
    assert 'data-grade="verbatim-copy">Verbatim copy of the coalition&#39;s text</span> (Digest)' in digest


def test_the_report_wears_its_grade_and_each_figure_its_own(february):
    assert ('<span class="civcas-grade" data-grade="verbatim-copy">Verbatim copy of the coalition&#39;s text</span> '
            "Best evidence found for this report's figures; its running total: verbatim copy of the coalition&#39;s "
            "text by Digest.") in february
    assert "<th scope=\"col\">Evidence</th>" in february


def test_source_notes_stay_text(february):
    assert INJECTION not in february
    assert "&lt;script&gt;window.__injected = true&lt;/script&gt;" in february
