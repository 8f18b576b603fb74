"""The home page: the latest total with how it is attested, and the monitors' latest figures beside it."""

from __future__ import annotations

from markupsafe import Markup

from civcas import evidence, headline
from civcas.context import SiteContext
from civcas.markup import number
from civcas.pages import currency_line, date_text, figure_bundle, report_ref, source_ref

GROUPS = {
    "whole": "Estimates for Iraq and Syria",
    "part": "Estimates for Syria only (the coalition's total covers both countries)",
    "media": "Tallies of media reports (not estimates: deaths named in press reports, counted)",
}


def monitor_row(ctx: SiteContext, count: dict, latest_total: str, dated: list[dict]) -> list:
    figure = number(count["figure_low"]) + (f"–{number(count['figure_high'])}" if count["figure_high"] else "")
    stated = {"at-least": "at least", "more-than": "more than", "about": "about"}.get(count["qualifier"], "")
    when = date_text(count["statement_date"]) or "undated"
    if count["statement_date_basis"] not in ("", "stated") and count["statement_date"]:
        when += f" ({count['statement_date_basis']})"
    at = headline.total_at(dated, count["statement_date"])
    if at:
        ref = report_ref(at["report_id"], "")
        beside = {**ref, "text": f"{number(at['cum_killed'])} ({ref['text']}, issued {date_text(at['release_date'])})"}
    elif count["statement_date"]:
        beside = "no coalition total issued by then"
    else:
        beside = f"undated, so not matched (the coalition's latest total: {number(latest_total)})"
    return [count["monitor"], f"{stated} {figure}".strip(), when, count["measure"], beside,
            source_ref(ctx, count["source_id"], "")]


def monitor_groups(ctx: SiteContext) -> list[dict]:
    rows = headline.latest_per_monitor(ctx.tables["monitor_counts"])
    totals = ctx.releases[ctx.releases["cum_killed"] != ""]["cum_killed"]
    latest_total = totals.iloc[-1] if len(totals) else ""
    groups, dated = [], headline.dated_totals(ctx.releases)
    for key, title in GROUPS.items():
        chosen = [monitor_row(ctx, r, latest_total, dated) for r in rows if headline.group_of(r) == key]
        if chosen:
            groups.append({"title": title, "rows": chosen, "label": title})
    return groups


def page(ctx: SiteContext) -> str:
    from civcas.templating import render

    releases = ctx.releases
    with_total = releases[releases["cum_killed"] != ""]
    latest = None
    if len(with_total):
        row = with_total.iloc[-1].to_dict()
        support = ctx.report.reconciled.support.get((row["report_id"], "cum_killed"), [])
        confirmed = headline.higher_confirmed(ctx.tables["monitor_counts"], int(row["cum_killed"]))
        arithmetic = [f.message for f in ctx.findings_for(row["report_id"]) if f.check == "total-grows-by-deaths"]
        latest = headline.headline(row, ctx.sources, support, arithmetic, confirmed[:1])
        ref = report_ref(row["report_id"], "")
        latest["ref"] = {**ref, "text": ref["text"].replace("Report for", "report for")}
        latest["confirmed"] = [{**c, "when": date_text(c["statement_date"]) or "undated",
                                "source": source_ref(ctx, c["source_id"], "")} for c in latest["confirmed"]]
    series = [f for f in ctx.figures if f.name == "cumulative"]
    return render("home.html", currency=currency_line(ctx), groups=monitor_groups(ctx), stats=ctx.report.stats(),
                  figure=Markup(figure_bundle(ctx, series[0], "", first=True)) if series else "",
                  latest=latest, grades=headline.coalition_text_count(releases), labels=evidence.LABELS)
