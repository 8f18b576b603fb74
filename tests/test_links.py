"""No broken link: every internal address in the built site (href, src, srcset, raw HTML included) names a file
that exists, and every fragment an element id on the page it points to."""

from __future__ import annotations

from pathlib import Path

from site_links import broken_links


def page(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_the_checker_reports_missing_files_and_missing_anchors_and_skips_other_sites(tmp_path):
    page(tmp_path, "index.html", '<h1 id="top-heading">x</h1>'
         '<a href="reports/a.html#row-1">ok</a> <a href="reports/a.html#row-2">no anchor</a>'
         '<img src="charts/missing.svg"> <picture><source srcset="charts/there.svg 1x, charts/gone.svg 2x"></picture>'
         '<a href="https://example.org/elsewhere.html">other site</a> <a href="mailto:x@example.org">mail</a>'
         '<a href="https://civcas.example/reports/b.html">absolute, ours, missing</a> <a href="#top-heading">self</a>'
         '<a href="#nowhere">self, missing</a>')
    page(tmp_path, "reports/a.html", '<tr id="row-1"></tr><a href="../index.html#top-heading">back</a>'
         '<a href="../../outside.html">outside</a>')
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "there.svg").write_text("<svg/>", encoding="utf-8")
    assert broken_links(tmp_path, "https://civcas.example/") == [
        "index.html: reports/a.html#row-2 (no element with id 'row-2')",
        "index.html: charts/missing.svg (no such file)",
        "index.html: charts/gone.svg (no such file)",
        "index.html: https://civcas.example/reports/b.html (no such file)",
        "index.html: #nowhere (no element with id 'nowhere')",
        "reports/a.html: ../../outside.html (leaves the site)",
    ]


def test_every_internal_link_and_anchor_of_the_real_site_leads_somewhere(site, base_url):
    assert (site / "index.html").is_file()
    assert broken_links(site, base_url) == []
