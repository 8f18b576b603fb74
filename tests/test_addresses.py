"""Sources' addresses: one that cannot be the document is a located problem; every address gets a labelled lookup
of its archived copies."""

from __future__ import annotations

import pytest
from civcas import addresses
from civcas.validate import validate
from conftest import REAL_PACKAGE, observation


def sourced(url: str) -> dict:
    return {"source_id": "paper", "publisher": "Paper", "title": "t", "kind": "news", "language": "en", "url": url}


@pytest.mark.parametrize(("url", "reason"), [
    ("https://example.org/en/story/124475/apple-touch-icon.png", "image file"),
    ("https://example.org/images/photo.JPG", "image file"),
    ("https://example.org/", "home page"),
    ("https://example.org", "home page"),
])
def test_an_address_that_cannot_be_the_document_is_a_located_problem(make_package, url, reason):
    package = make_package(sources=[sourced(url)], observations=[observation("2018-01", "paper", cum_killed=10)])
    [problem] = [p for p in validate(package).problems if p.check == "addresses"]
    assert problem.line().startswith(f"{package / 'sources.csv'}:2:url: source paper: the address is")
    assert reason in problem.message and url in problem.message


@pytest.mark.parametrize("url", ["https://example.org/2018/02/23/coalition-admits-841",
                                 "https://example.org/?p=747130", "https://example.org/report.pdf", ""])
def test_an_article_a_document_a_query_or_no_address_passes(make_package, url):
    package = make_package(sources=[sourced(url)], observations=[observation("2018-01", "paper", cum_killed=10)])
    assert validate(package).problems == []


def test_the_real_package_has_no_address_that_cannot_be_its_document():
    assert [p.line() for p in validate(REAL_PACKAGE).problems] == []


def test_the_archive_lookup_is_the_wayback_machines_list_of_captures():
    url = "https://www.rt.com/newsline/422597-us-civilians-iraq-syria/"
    assert addresses.archive_lookup(url) == "https://web.archive.org/web/*/" + url
    assert addresses.archive_lookup("") == ""
