"""Who stands behind the site: the header links to the repository as a plain link, and no page asks another
host for anything (the theme's own link would ask GitHub's API for the repository's facts)."""

from __future__ import annotations

import yaml
from conftest import ROOT

REPOSITORY = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["repo_url"]


def test_the_header_links_to_the_repository_and_no_request_leaves_the_site(base_url, browser):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    links, components = [], 0
    try:
        for name in ("index.html", "about.html", "reports/2018-07.html"):
            page.goto(base_url + name, wait_until="networkidle")
            links.append([a.get_attribute("href") for a in page.locator("header a.md-source").all()])
            components += page.locator('[data-md-component="source"]').count()
        page.wait_for_timeout(500)  # the theme asks for the facts after the page has loaded
    finally:
        context.close()
    assert requests and [r for r in requests if not r.startswith(base_url)] == []
    assert links == [[REPOSITORY]] * 3 and components == 0


def test_the_about_page_says_how_to_report_an_error_in_the_repository(site, base_url):
    about = (site / "about.html").read_text(encoding="utf-8")
    assert f'href="{REPOSITORY}/issues"' in about and 'href="corrections.html"' in about
