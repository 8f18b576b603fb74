"""The built site in a real browser (Debian's Chromium): pages, charts, downloads, no outside requests."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import INJECTION, Watched
from frictionless import Package
from playwright.sync_api import Page

CHART_COUNT = {"index.html": 1, "charts.html": 6, "allegations/index.html": 2}


def wait_for_charts(page: Page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('figure.civcas-chart.civcas-rendered').length === {count}",
                           timeout=20_000)


def every_kind_of_page(site: Path) -> list[str]:
    """Every page, but of a paged allegation list only its first and last page: the pages between come from
    the same template with other rows, and visiting each with axe would double the time of the suite."""
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    lists: dict[str, list[tuple[int, str]]] = {}
    for name in pages:
        paged = re.fullmatch(r"(allegations/.+)-(\d+)\.html", name)
        if paged:
            lists.setdefault(paged[1], []).append((int(paged[2]), name))
    between = {name for numbered in lists.values() for _, name in sorted(numbered)[1:-1]}
    return [name for name in pages if name not in between]


def runtime_requests(watched: Watched) -> list[str]:
    return [u for u in watched.requests if "vega-runtime" in u]


def test_every_page_loads_without_console_errors_outside_requests_or_the_chart_runtime(site, base_url, watched):
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(pages) > 50
    for name in pages:
        watched.page.goto(base_url + name, wait_until="load")
        assert not watched.console, (name, watched.console)
        assert not watched.outside, (name, watched.outside)
    assert not runtime_requests(watched)


AXE_PARTS = 4  # the sweep comes in parts, which the test workers share out


@pytest.mark.parametrize("part", range(AXE_PARTS))
def test_axe_finds_no_accessibility_violation_on_any_page(site, base_url, browser, part):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context()
    page = context.new_page()
    found = {}
    names = every_kind_of_page(site)[part::AXE_PARTS]
    assert names
    for name in names:
        page.goto(base_url + name)
        violations = axe.run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not found


def test_axe_finds_no_accessibility_violation_once_every_chart_is_interactive(base_url, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "charts.html")
    buttons = page.locator(".civcas-explore")
    for i in range(buttons.count()):
        buttons.nth(i).click()
    wait_for_charts(page, CHART_COUNT["charts.html"])
    violations = Axe().run(page).response["violations"]
    context.close()
    assert not [v["id"] for v in violations]


def test_the_chart_runtime_loads_only_when_the_reader_asks_then_draws_the_chart(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html", wait_until="networkidle")
    assert not runtime_requests(watched)
    figures = page.locator("figure.civcas-chart")
    assert figures.count() == CHART_COUNT["charts.html"]
    figures.nth(1).get_by_role("button", name="Explore this chart").click()
    wait_for_charts(page, 1)
    marks = figures.nth(1).locator(".civcas-vega svg .role-mark path, .civcas-vega svg .role-mark line")
    assert marks.count() > 3
    assert not figures.nth(1).locator("img.civcas-static").is_visible()
    assert figures.nth(0).locator("img.civcas-static").is_visible()  # the others stay pictures
    assert len(runtime_requests(watched)) == 1
    assert not watched.console


def test_hovering_a_chart_is_asking_for_it(base_url, watched):
    page = watched.page
    page.goto(base_url + "index.html", wait_until="networkidle")
    assert not runtime_requests(watched)
    page.locator(".civcas-chart-frame").first.hover()
    wait_for_charts(page, 1)
    assert len(runtime_requests(watched)) == 1 and not watched.console


def test_charts_are_drawn_on_request_after_instant_navigation(base_url, watched):
    page = watched.page
    page.goto(base_url + "index.html", wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("article a", has_text="the charts").focus()  # the keyboard: no pointer over a chart
    page.keyboard.press("Enter")
    page.wait_for_url("**/charts.html")
    page.locator("figure.civcas-chart").nth(3).wait_for()
    assert not runtime_requests(watched)
    page.locator("figure.civcas-chart").nth(3).get_by_role("button", name="Explore this chart").click()
    wait_for_charts(page, 1)
    assert page.evaluate("window.__sameDocument === true"), "navigation reloaded the page: not instant"
    assert len(runtime_requests(watched)) == 1 and not watched.console


def test_every_time_axis_shows_a_year_on_each_tick(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html")
    buttons = page.locator(".civcas-explore")
    for i in range(buttons.count()):
        buttons.nth(i).click()
    wait_for_charts(page, CHART_COUNT["charts.html"])
    # A horizontal axis is one whose labels share one vertical position; every one here is a time axis.
    axes = page.evaluate("""() => [...document.querySelectorAll('.civcas-vega g.role-axis')].map(axis => {
        const labels = [...axis.querySelectorAll('.role-axis-label text')];
        const ys = new Set(labels.map(t => t.getBoundingClientRect().top.toFixed(0)));
        return {horizontal: labels.length > 1 && ys.size === 1, labels: labels.map(t => t.textContent)};
    })""")
    horizontal = [a["labels"] for a in axes if a["horizontal"]]
    assert len(horizontal) >= 4
    for labels in horizontal:
        assert all(re.search(r"\b(19|20)\d\d\b", label) for label in labels), labels


def test_static_svg_shows_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "charts.html")
    images = page.locator("img.civcas-static")
    assert images.count() == CHART_COUNT["charts.html"]
    for i in range(images.count()):
        assert images.nth(i).is_visible()
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        box = images.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
    assert not page.locator(".civcas-explore").first.is_visible()
    context.close()


def test_every_chart_picture_is_an_image_with_a_name_and_a_description(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html")
    images = page.get_by_role("img")
    named = [images.nth(i) for i in range(images.count())
             if "civcas-static" in (images.nth(i).get_attribute("class") or "")]
    assert len(named) == CHART_COUNT["charts.html"]
    for image in named:
        described_by = page.locator("#" + image.get_attribute("aria-describedby"))
        kinds = ("Line", "Bar", "Stacked", "Two", "Five")
        assert image.get_attribute("alt") and described_by.inner_text().startswith(kinds)
        following = image.locator("xpath=ancestor::figure//table")
        assert following.count() == 1


def test_the_keyboard_reaches_a_skip_link_first_and_the_chart_buttons(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('civcas-explore')"):
            break
    else:
        pytest.fail("no chart button reached with the keyboard")
    page.keyboard.press("Enter")
    wait_for_charts(page, 1)


def test_print_shows_charts_and_tables_but_not_navigation_or_buttons(base_url, browser):
    context = browser.new_context(java_script_enabled=False)  # the stylesheet alone, not the theme's script
    page = context.new_page()
    for name in ("index.html", "charts.html"):
        page.goto(base_url + name)
        page.emulate_media(media="print")
        figures = page.locator("figure.civcas-chart")
        assert figures.count() == CHART_COUNT[name]
        for i in range(figures.count()):
            figure = figures.nth(i)
            assert figure.locator("img.civcas-static").is_visible()
            # the chart's data table prints expanded, though its details element is closed on screen
            assert figure.locator("details:not([open]) table.civcas-data").is_visible(), (name, i)
            assert not figure.locator(".civcas-explore").is_visible()
            assert not figure.locator(".civcas-embed").is_visible()
        for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
            assert not page.locator(chrome).first.is_visible(), (name, chrome)
    context.close()


def test_a_printed_page_carries_the_chart_data_and_no_buttons(base_url, browser, tmp_path):
    from pypdf import PdfReader

    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "charts.html", wait_until="networkidle")
    cell = page.locator("#chart-increments details:not(.civcas-embed) tbody tr td").last.text_content()
    in_prose = " ".join(page.locator("article > p").all_text_contents()).count("Explore this chart")
    page.pdf(path=tmp_path / "charts.pdf")
    context.close()
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "charts.pdf").pages).replace("\n", " ")
    assert text.count("Table of the chart's data") == CHART_COUNT["charts.html"] and cell.strip() in text
    assert text.count("Explore this chart") == in_prose and "Embed this chart" not in text
    assert "Switch to dark mode" not in text and "Search" not in text


DARK_SAMPLE = ("index.html", "charts.html", "reports/2018-07.html", "monitors.html", "sources.html",
               "allegations/index.html", "allegations/map.html", "data-dictionary.html", "downloads.html")


def test_a_dark_screen_gets_the_dark_scheme_and_axe_finds_nothing_in_it(base_url, browser):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    found = {}
    for name in DARK_SAMPLE:
        page.goto(base_url + name)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", name
        violations = Axe().run(page).response["violations"]
        if violations:
            found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    # the pictures keep the white they were drawn and checked on
    page.goto(base_url + "charts.html")
    frames = page.locator(".civcas-chart-frame")
    assert {frames.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(frames.count())} \
        == {"rgb(255, 255, 255)"}
    # printed from a dark screen, the page is dark on white again
    page.emulate_media(media="print")
    assert page.locator(".civcas-chart-source").first.evaluate("e => getComputedStyle(e).color") \
        == "rgb(74, 74, 74)"
    context.close()
    assert not found


def test_the_colour_toggle_switches_scheme_and_the_choice_stays(base_url, browser):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(base_url + "index.html")
    scheme = "document.body.dataset.mdColorScheme"
    assert page.evaluate(scheme) == "default"
    page.get_by_role("button", name="Switch to dark mode").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(scheme) == "slate"
    assert page.get_by_role("button", name="Switch to light mode").is_visible()
    page.get_by_role("link", name="Charts", exact=True).first.click()  # instant navigation
    page.wait_for_url("**/charts.html")
    assert page.evaluate(scheme) == "slate"
    page.reload()
    assert page.evaluate(scheme) == "slate"
    page.get_by_title("Switch to light mode").click()
    assert page.evaluate(scheme) == "default"
    context.close()


# Records every change of a stylesheet link's address, and whether the page's body existed by then: a change
# after the body is parsed makes the browser apply that stylesheet again and restyle the whole page.
RECORD_STYLESHEET_CHANGES = """
window.__stylesheetChanges = [];
new MutationObserver(function (records) {
  records.forEach(function (r) {
    if (r.target.rel === "stylesheet" && r.oldValue !== r.target.getAttribute("href"))
      window.__stylesheetChanges.push({from: r.oldValue, body: document.body !== null});
  });
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["href"], attributeOldValue: true});
"""


def test_stylesheets_are_applied_once_even_with_instant_navigation(base_url, browser):
    context = browser.new_context()
    context.add_init_script(RECORD_STYLESHEET_CHANGES)
    page = context.new_page()
    page.goto(base_url + "reports/2018-07.html", wait_until="load")
    page.wait_for_function("window.document$ !== undefined")
    changes = page.evaluate("window.__stylesheetChanges")
    assert changes, "the head's relative stylesheet addresses were expected to be made absolute"
    assert all(not c["body"] for c in changes), changes
    page.get_by_role("link", name="Charts", exact=True).first.click()  # instant navigation
    page.wait_for_url("**/charts.html")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__stylesheetChanges") == changes
    assert page.evaluate("document.head.querySelectorAll('link[rel=stylesheet]').length") == len(changes)
    context.close()


def test_chart_pictures_and_embed_pages_answer(base_url, watched):
    page = watched.page
    page.goto(base_url + "charts.html")
    hrefs = page.locator("article .civcas-downloads a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 6 * CHART_COUNT["charts.html"]
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200 and response.body(), href
        if href.endswith(".png"):
            assert response.body().startswith(b"\x89PNG")
        if href.endswith(".csv"):
            assert page.evaluate("t => t.split('\\n').length", response.text()) > 2


def test_an_embed_page_renders_with_nothing_but_itself(base_url, browser):
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.route("**/*", lambda route: (fetched.append(route.request.url), route.continue_()
                                      if route.request.url.endswith("/embed/cumulative.html") else route.abort()))
    page.goto(base_url + "embed/cumulative.html")
    svg = page.locator("svg[role=img]")
    assert svg.is_visible() and "CC-BY-4.0" in svg.text_content()
    box = svg.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300
    assert fetched == [base_url + "embed/cumulative.html"]
    assert page.locator("script").count() == 0
    frame = browser.new_context()
    host = frame.new_page()
    host.set_content(f'<iframe src="{base_url}embed/cumulative.html" width="700" height="560"></iframe>')
    inner = host.frame_locator("iframe").locator("svg[role=img]")
    assert inner.is_visible()
    frame.close()
    context.close()


def test_every_download_link_answers_and_reads_back(site, base_url, watched, tmp_path):
    page = watched.page
    page.goto(base_url + "downloads.html")
    hrefs = sorted(set(page.locator("article a[href*='data/']").evaluate_all("links => links.map(a => a.href)")))
    # every file of data/: tables and findings as CSV and JSON, the descriptor, zip, workbook and checksums
    assert [h.rsplit("/", 1)[1] for h in hrefs] == sorted(p.name for p in (site / "data").iterdir())
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        name = href.rsplit("/", 1)[1]
        (tmp_path / name).write_bytes(response.body())
        if name.endswith(".csv"):
            assert len(pd.read_csv(tmp_path / name)) > 0, name
        if name.endswith(".json") and name != "datapackage.json":
            assert len(pd.read_json(tmp_path / name)) > 0, name
        if name.endswith(".xlsx"):
            assert len(pd.read_excel(tmp_path / name, sheet_name=None)) > 1, name
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_script_in_a_csv_cell_shows_as_text(mini_url, watched):
    page = watched.page
    page.goto(mini_url + "sources.html")
    assert page.get_by_text(INJECTION).count() == 1
    assert page.evaluate("window.__injected === undefined")


def test_no_page_scrolls_sideways_on_a_360_pixel_phone(site, base_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    wide = {}
    for name in every_kind_of_page(site):
        page.goto(base_url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[name] = width
    context.close()
    assert not wide


def test_a_phone_gets_each_chart_drawn_for_its_width_static_and_interactive(base_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "charts.html")
    images = page.locator("img.civcas-static")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=images.nth(i).element_handle())
        shown = images.nth(i).evaluate("img => [img.currentSrc, img.naturalWidth, img.getBoundingClientRect().width]")
        assert shown[0].endswith("-narrow.svg") and shown[2] == shown[1], shown  # shown at full size
    page.locator(".civcas-explore").first.click()
    wait_for_charts(page, 1)
    drawn = page.locator(".civcas-vega svg").first.evaluate("svg => svg.getBoundingClientRect().width")
    assert drawn <= 360
    context.close()


def test_a_wide_table_scrolls_in_its_own_box_with_its_first_column_in_view(base_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "sources.html")
    box = page.locator(".civcas-table").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    first = page.locator("table.civcas-wide tbody td").first
    before = first.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 400; }")
    assert abs(first.bounding_box()["x"] - before) < 1
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
    buttons = page.locator(".civcas-explore")
    assert buttons.count() == CHART_COUNT["allegations/index.html"]
    for i in range(buttons.count()):
        buttons.nth(i).click()
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
    # each allegation's identifier stays on one line, at phone width too
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        lines = page.eval_on_selector_all("table.civcas-allegations tbody td:first-child", """cells => cells.map(c => {
            const range = document.createRange(); range.selectNodeContents(c);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size })""")
        assert set(lines) == {1}, width


def reports_column(page: Page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table.civcas-reports tbody tr", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort-value'))")


def test_the_reports_table_sorts_by_a_column_and_back_with_empty_cells_last(base_url, watched):
    page = watched.page
    page.goto(base_url + "reports/index.html")
    heading = page.locator("table.civcas-reports th").nth(2)
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    totals = reports_column(page, 2)
    filled = [int(v) for v in totals if v]
    assert filled == sorted(filled) and len(filled) > 40
    assert totals[len(filled):] == [""] * (len(totals) - len(filled))
    heading.locator("button").press("Enter")
    assert heading.get_attribute("aria-sort") == "descending"
    again = reports_column(page, 2)
    assert [int(v) for v in again if v] == sorted(filled, reverse=True) and again[-1] == ""
    page.locator("table.civcas-reports th").nth(0).locator("button").click()
    months = reports_column(page, 0)
    assert months == sorted(months)
    assert watched.console == [] and watched.outside == []


def test_the_colour_toggle_is_not_offered_without_javascript(no_script, base_url):
    no_script.goto(base_url + "index.html")
    assert no_script.locator("button.civcas-scheme").count() == 1
    assert not no_script.locator("button.civcas-scheme").is_visible()


def test_the_reports_table_reads_as_a_table_without_javascript(no_script, base_url):
    no_script.goto(base_url + "reports/index.html")
    rows = no_script.locator("table.civcas-reports tbody tr")
    assert rows.count() > 60
    first = rows.first.locator("td").first.inner_text()
    assert first.startswith("October 2016")
    assert no_script.locator("tr.civcas-gap").count() >= 1
    assert no_script.locator("table.civcas-reports th").first.inner_text().startswith("Report")
    # An identifier is never broken across lines: its box is one line high.
    box = no_script.locator("table.civcas-reports code.civcas-id").first.bounding_box()
    assert box and box["height"] < 25
