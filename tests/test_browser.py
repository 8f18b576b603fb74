"""The built site in a real browser (Debian's Chromium): pages, charts, downloads, no outside requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from civcas.site import build
from conftest import INJECTION, REAL_PACKAGE, mini_tables, write_package
from frictionless import Package
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
CHART_COUNT = {"index.html": 1, "charts.html": 6, "allegations/index.html": 2}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build_and_serve(package: Path, out: Path) -> Iterator[str]:
    """Build for the address it is served at, as `civcas serve` does, then serve it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_port}/"
    build(package, out, ROOT / "mkdocs.yml", ROOT / "docs", site_url=url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("real") / "site"


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    yield from build_and_serve(REAL_PACKAGE, site)


@pytest.fixture(scope="session")
def mini_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("mini")
    yield from build_and_serve(write_package(folder / "package", **mini_tables()), folder / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors and warnings, and refuses any request off this machine."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.route("**/*", self.route)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context()
    yield Watched(context.new_page())
    context.close()


def wait_for_charts(page: Page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('figure.civcas-chart.civcas-rendered').length === {count}",
                           timeout=20_000)


def test_every_page_loads_without_console_errors_or_outside_requests(site, base_url, watched):
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(pages) > 50
    for name in pages:
        watched.page.goto(base_url + name, wait_until="load")
        charts = watched.page.locator("figure.civcas-chart").count()
        if charts:
            wait_for_charts(watched.page, charts)
        assert not watched.console, (name, watched.console)
        assert not watched.outside, (name, watched.outside)


def test_every_chart_renders_an_svg_with_marks(base_url, watched):
    watched.page.goto(base_url + "charts.html")
    wait_for_charts(watched.page, CHART_COUNT["charts.html"])
    figures = watched.page.locator("figure.civcas-chart")
    for i in range(figures.count()):
        marks = figures.nth(i).locator(".civcas-vega svg .role-mark path, .civcas-vega svg .role-mark line")
        assert marks.count() > 3
        assert not figures.nth(i).locator("img.civcas-fallback").is_visible()
    assert not watched.console


def test_charts_render_after_instant_navigation(base_url, watched):
    page = watched.page
    page.goto(base_url + "index.html")
    wait_for_charts(page, CHART_COUNT["index.html"])
    page.evaluate("window.__sameDocument = true")
    page.locator("article a", has_text="the charts").click()
    page.wait_for_url("**/charts.html")
    wait_for_charts(page, CHART_COUNT["charts.html"])
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the page: not instant"
    assert not watched.console


def test_the_chart_runtime_loads_only_on_pages_with_charts(base_url, watched):
    watched.page.goto(base_url + "sources.html", wait_until="networkidle")
    assert not [u for u in watched.requests if "vega-runtime" in u]
    watched.page.goto(base_url + "charts.html")
    wait_for_charts(watched.page, CHART_COUNT["charts.html"])
    assert [u for u in watched.requests if "vega-runtime" in u]


def test_static_svg_shows_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "charts.html")
    images = page.locator("img.civcas-fallback")
    assert images.count() == CHART_COUNT["charts.html"]
    for i in range(images.count()):
        assert images.nth(i).is_visible()
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    context.close()


def test_every_download_link_answers_and_reads_back(base_url, watched, tmp_path):
    page = watched.page
    page.goto(base_url + "downloads.html")
    hrefs = page.locator("article a[href*='data/']").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 15  # six tables as CSV and JSON, the descriptor, the zip, the checksums
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        name = href.rsplit("/", 1)[1]
        (tmp_path / name).write_bytes(response.body())
        if name.endswith(".csv"):
            assert len(pd.read_csv(tmp_path / name)) > 0, name
        if name.endswith(".json") and name != "datapackage.json":
            assert len(pd.read_json(tmp_path / name)) > 0, name
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_chart_downloads_answer(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html")
    hrefs = page.locator("article a[href*='charts/']").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 4 * CHART_COUNT["charts.html"]
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200 and response.body(), href
        if href.endswith(".csv"):
            assert page.evaluate("t => t.split('\\n').length", response.text()) > 2


def test_a_script_in_a_csv_cell_shows_as_text(mini_url, watched):
    page = watched.page
    page.goto(mini_url + "sources.html")
    assert page.get_by_text(INJECTION).count() == 1
    assert page.evaluate("window.__injected === undefined")


def test_pages_fit_a_phone_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    for name in ("index.html", "reports/index.html", "reports/2018-07.html", "sources.html", "charts.html",
                 "releases/1.0.0/index.html", "allegations/index.html", "allegations/year-2017-1.html",
                 "allegations/map.html"):
        page.goto(base_url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (name, width)
    context.close()


def test_release_pages_load_and_their_downloads_answer(base_url, watched):
    page = watched.page
    page.goto(base_url + "releases/index.html")
    versions = page.locator("article table a").evaluate_all("links => links.map(a => a.href)")
    assert versions
    for release in versions:
        page.goto(release)
        files = page.locator("article table a").evaluate_all("links => links.map(a => a.href)")
        assert "SHA256SUMS" in " ".join(files) and any(f.endswith(".zip") for f in files)
        for href in files:
            assert page.request.get(href).status == 200, href
        assert page.locator("pre.civcas-bibtex").count() == 1 and page.locator("pre.civcas-ris").count() == 1
    assert not watched.console and not watched.outside


def test_every_page_offers_a_citation_of_the_version(base_url, watched):
    for name in ("index.html", "sources.html", "methodology.html", "reports/2018-07.html"):
        watched.page.goto(base_url + name)
        box = watched.page.locator("aside.civcas-cite")
        assert box.count() == 1 and "Version" in box.inner_text(), name


def test_the_feed_is_served(base_url, watched):
    import feedparser

    response = watched.page.request.get(base_url + "feed.xml")
    feed = feedparser.parse(response.body())
    assert response.status == 200 and not feed.bozo and feed.entries

@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_map_draws_every_placed_allegation_with_its_caveat_on_the_image(base_url, watched):
    page = watched.page
    page.goto(base_url + "allegations/map.html")
    svg = page.locator("svg.civcas-map")
    assert svg.count() == 1 and svg.is_visible()
    dots = svg.locator("circle[data-verdict]")
    assert dots.count() > 900
    assert svg.locator("path").count() > 5  # country boundaries
    caveat = svg.locator("text.caveat")
    assert caveat.count() == 3 and all(caveat.nth(i).is_visible() for i in range(3))
    assert "the Iraq statements are largely missing" in " ".join(caveat.all_text_contents())
    box = caveat.nth(0).bounding_box()
    frame = svg.bounding_box()
    assert frame["y"] <= box["y"] <= frame["y"] + frame["height"], "the caveat is drawn inside the map"
    assert not watched.console and not watched.outside


def test_allegation_lists_are_readable_without_javascript(no_script, base_url):
    no_script.goto(base_url + "allegations/country-iraq-1.html")
    rows = no_script.locator("table.civcas-allegations tbody tr")
    assert rows.count() == 41
    assert rows.first.is_visible()
    no_script.goto(base_url + "allegations/verdict-not-credible-2.html")
    assert no_script.locator("table.civcas-allegations tbody tr").count() == 100
    assert no_script.locator("nav.civcas-pager a[rel=next]").count() == 2


def test_the_allegations_page_renders_its_two_charts_and_links_every_filter(base_url, watched):
    page = watched.page
    page.goto(base_url + "allegations/index.html")
    wait_for_charts(page, CHART_COUNT["allegations/index.html"])
    for href in page.locator("article p a[href$='-1.html']").evaluate_all("links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href
    assert not watched.console and not watched.outside


def test_a_report_without_figures_says_so_and_lists_its_allegations(base_url, watched):
    page = watched.page
    page.goto(base_url + "reports/2020-04.html")
    line = page.locator("p.civcas-no-figures")
    assert line.inner_text().startswith("Issued 24 June 2020; figures not found; document: CJTF-OIR Press Release")
    assert "28 listed" in page.locator("p.civcas-coverage").inner_text()
    assert page.locator("table.civcas-allegations tbody tr").count() == 28
