"""The monitors page: the latest figure of each monitor first, each figure once with its re-quotes, a kind
for every figure, sorting and filtering in the browser, a plain full table without JavaScript, cards on a phone."""

from __future__ import annotations

import csv

from civcas import checks, monitor_table
from conftest import REAL_PACKAGE


def count(count_id: str, **values: str) -> dict:
    row = {"count_id": count_id, "monitor": "Airwars", "statement_date": "2018-08-30", "area": "Iraq and Syria",
           "period_kind": "cumulative", "figure_low": "6575", "figure_high": "", "qualifier": "at-least",
           "figure_kind": "lower-bound", "attributed_to": "coalition", "measure": "Civilians killed",
           "source_id": f"src-{count_id}", "note": ""}
    row.update(values)
    return row


def test_the_same_figure_re_quoted_by_other_outlets_is_one_row_headed_by_its_first_statement():
    rows = monitor_table.collapse([
        count("rt", statement_date="2018-08-30"), count("afp", statement_date="2018-08-30"),
        count("civic", statement_date="2018-10-09"), count("undated", statement_date=""),
        count("other-figure", figure_low="6488", statement_date="2018-07-30"),
    ])
    assert [r.first["count_id"] for r in rows] == ["other-figure", "afp"]
    assert [r["count_id"] for r in rows[1].requotes] == ["rt", "civic", "undated"]


def test_figures_that_differ_in_area_kind_or_whose_actions_stay_apart():
    rows = monitor_table.collapse([
        count("a"), count("b", area="Syria"), count("c", figure_kind="documented-tally"),
        count("d", attributed_to="all-parties"), count("e", figure_low="", qualifier="not-a-count"),
        count("f", figure_low="", qualifier="not-a-count"),
    ])
    assert len(rows) == 6 and not any(r.requotes for r in rows)


def test_the_latest_figure_of_a_monitor_prefers_its_own_whole_campaign_assessment_and_shows_undated_ones():
    rows = monitor_table.collapse([
        count("old", statement_date="2017-01-01", figure_low="2000"),
        count("new", statement_date="2019-08-07", figure_low="8106", figure_high="12980", figure_kind="range",
              qualifier="range"),
        count("month", statement_date="2020-01-01", figure_low="60", period_kind="month"),
        count("confirmed", statement_date="2021-01-01", figure_low="1400", figure_kind="admitted-count",
              qualifier="about"),
        count("snapshot", statement_date="", figure_low="8249", figure_high="13342", figure_kind="range",
              qualifier="range"),
        count("media", monitor="Action on Armed Violence", figure_low="4043", figure_kind="media-tally",
              qualifier="count", statement_date="2019-05-31"),
    ])
    latest = [r.first["count_id"] for r in monitor_table.latest_per_monitor(rows)]
    assert latest == ["new", "snapshot", "media"]


def test_a_kind_of_figure_must_agree_with_how_it_is_stated():
    assert checks.figure_kind_problem(count("ok")) is None
    assert "range" in checks.figure_kind_problem(count("r", figure_kind="range"))
    assert "high end" in checks.figure_kind_problem(count("h", figure_high="9000", figure_kind="estimate"))
    assert "at-least or more-than" in checks.figure_kind_problem(count("b", qualifier="about"))
    assert "no figure" in checks.figure_kind_problem(count("n", figure_low="", qualifier="not-a-count"))


def test_a_wrong_kind_of_figure_is_a_located_problem(make_package):
    from civcas.validate import validate

    row = count("x", figure_kind="range", source_id="wire-2018-01-01")
    report = validate(make_package(monitor_counts=[row]))
    assert any(p.line().endswith(":2:figure_kind: a range needs its high end") for p in report.problems)


def test_every_real_monitor_figure_has_a_kind_that_agrees_with_it():
    with open(REAL_PACKAGE / "monitor_counts.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["figure_kind"] in monitor_table.KIND_LABELS for r in rows)
    assert not [r["count_id"] for r in rows if checks.figure_kind_problem(r)]
    kinds = {r["count_id"]: r["figure_kind"] for r in rows}
    assert kinds["aoav-2019-05-31-cumulative"] == "media-tally"
    assert kinds["airwars-2020-02-quarter-alleged"] == "allegation-tally"


def test_the_real_page_shows_a_re_quoted_figure_once_with_also_reported_by(site, base_url):
    page = (site / "monitors.html").read_text(encoding="utf-8")
    table = page[page.index('id="monitor-figures"'):]
    assert table.count("6,575") == 1
    row = table[table.index('id="mon-airwars-2018-08-30-cumulative"'):]
    row = row[:row.index("</tr>")]
    assert "Also reported by" in row and 'id="mon-airwars-2018-08-30-cumulative-rt"' in row
    latest = page[page.index('id="the-latest-figure-of-each-monitor"'):page.index('id="monitor-figures"')]
    assert "8,249–13,342" in latest and "undated" in latest


def figures_shown(page) -> list[str]:
    return page.locator("#monitor-figures tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.cells[1].getAttribute('data-sort-value'))")


def test_the_table_filters_by_kind_and_monitor_in_the_browser(base_url, watched):
    page = watched.page
    page.goto(base_url + "monitors.html")
    total = page.locator("#monitor-figures tbody tr").count()
    page.select_option("form.civcas-filters select[name=kind]", "media-tally")
    assert figures_shown(page) == ["4043"]
    assert page.locator(".civcas-filter-count").inner_text() == f"1 of {total} shown"
    page.select_option("form.civcas-filters select[name=kind]", "")
    page.select_option("form.civcas-filters select[name=monitor]", "Syrian Network for Human Rights")
    assert sorted(figures_shown(page)) == ["1759", "2832"]
    page.select_option("form.civcas-filters select[name=area]", "Iraq and Syria")
    assert figures_shown(page) == []
    assert not watched.console and not watched.outside


def test_the_table_sorts_by_figure_both_ways_in_the_browser(base_url, watched):
    page = watched.page
    page.goto(base_url + "monitors.html")
    button = page.get_by_role("button", name="Sort by Figure")
    button.click()
    up = [float(v) for v in figures_shown(page) if v != "-1"]
    assert up == sorted(up) and len(up) > 50
    button.click()
    down = [float(v) for v in figures_shown(page) if v != "-1"]
    assert down == sorted(down, reverse=True)
    assert page.locator("#monitor-figures th[aria-sort=descending]").count() == 1


def test_without_javascript_the_table_is_complete_and_the_filters_are_hidden(no_script, base_url, site):
    no_script.goto(base_url + "monitors.html")
    rows = no_script.locator("#monitor-figures tbody tr")
    assert rows.count() > 50 and rows.count() == (site / "monitors.html").read_text().count('<tr id="mon-')
    assert all(rows.nth(i).is_visible() for i in (0, rows.count() - 1))
    assert not no_script.locator("form.civcas-filters").is_visible()
    assert no_script.locator("#monitor-figures button").count() == 0


def test_on_a_360_pixel_phone_the_table_reads_as_cards_without_sideways_scroll(base_url, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "monitors.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".civcas-table").nth(1)
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth")
    cell = page.locator("#monitor-figures tbody tr td[data-label='What is counted']").first
    assert cell.evaluate("c => getComputedStyle(c, '::before').content").startswith('"What is counted')
    context.close()
