"""Discrepancies summarised by what they can change, and consistency findings in plain words, with their gap,
their explanation and its source, in the order of the reports."""

from __future__ import annotations

import pandas as pd
from civcas import discrepancy_table, findings_table
from civcas.context import SiteContext
from civcas.validate import validate
from conftest import REAL_PACKAGE


def conflict(report_id: str, field: str, value: str, stands: bool) -> dict:
    return {"report_id": report_id, "field": field, "value": value, "sources": f"s-{value}", "stands": stands,
            "resolved": True}


def test_headline_disputes_come_first_and_date_precision_is_listed_apart():
    frame = pd.DataFrame([
        conflict("2018-06", "release_date", "2018-07", False), conflict("2018-06", "release_date", "2018-07-26", True),
        conflict("2018-03", "carried_over", "522", False), conflict("2018-03", "carried_over", "524", True),
        conflict("2018-09", "cum_strikes", "30000", False), conflict("2018-09", "cum_strikes", "30247", True),
        conflict("2019-03", "cum_killed", "1277", False), conflict("2019-03", "cum_killed", "1291", True),
        conflict("2017-02", "cum_reports", "396", False),
        conflict("dod", "release_date", "2022-09-27", True), conflict("dod", "release_date", "2022-09-29", False),
    ])
    kinds = [(d.report_id, d.kind) for d in discrepancy_table.disputes(frame)]
    assert kinds == [("2019-03", "headline"), ("2018-09", "total"), ("2018-03", "figure"), ("dod", "figure"),
                     ("2017-02", "single"), ("2018-06", "precision")]


def real_context() -> SiteContext:
    return SiteContext(validate(REAL_PACKAGE), [])


def test_findings_are_rows_in_plain_words_with_the_gap_in_the_order_of_the_reports():
    ctx = real_context()
    rows = findings_table.finding_rows(ctx)
    assert rows and all(set(r) == set(findings_table.COLUMNS) for r in rows)
    assert not any("-" in r["check_name"] and r["check_name"] == r["check"] for r in rows)
    march = next(r for r in rows if r["report_id"] == "2017-03" and r["check"] == "total-grows-by-deaths")
    assert march["check_name"] == "Running total against the month's deaths"
    assert (march["expected"], march["stated"], march["gap"]) == (274, 352, 78)
    assert "80 earlier deaths" in march["explanation"]
    assert "airandspaceforces-oir-data" in march["explanation_sources"].split()
    order = list(ctx.releases["report_id"])
    positions = [order.index(r["report_id"]) for r in rows]
    assert positions == sorted(positions)
    assert any(r["report_id"] == "release-2022-03" and r["gap"] == 2 for r in rows)


def test_every_release_is_either_in_the_findings_or_named_as_adding_up():
    ctx = real_context()
    found = {r["report_id"] for r in findings_table.finding_rows(ctx)
             if findings_table.check_of(r["check"]).arithmetic}
    clean = set(findings_table.releases_without_finding(ctx))
    assert found | clean == set(ctx.releases["report_id"]) and not found & clean


def test_the_pages_name_checks_in_plain_words_and_link_only_to_pages_that_exist(site, base_url):
    consistency = (site / "consistency.html").read_text(encoding="utf-8")
    assert "open-reports-balance" not in consistency and "Reports still open" in consistency
    assert "+78" in consistency and "80 earlier deaths" in consistency
    discrepancies = (site / "discrepancies.html").read_text(encoding="utf-8")
    assert discrepancies.index("Disputes over the headline total") < discrepancies.index("differ only in precision")
    assert "reports/dod-annual-2021.html" not in discrepancies
    assert 'href="annual-reports.html#annual-dod-annual-2021"' in discrepancies
    annual = (site / "annual-reports.html").read_text(encoding="utf-8")
    assert 'id="annual-dod-annual-2021"' in annual
