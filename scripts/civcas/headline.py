"""The home page's claims, each with how well it is attested: the coalition's latest total, who reported it and
its caveats; how many totals rest on a coalition text; each monitor's latest figure beside the coalition's
total at the same date, media tallies set apart from estimates."""

from __future__ import annotations

import pandas as pd

from civcas import evidence
from civcas.fields import records
from civcas.pages import date_text, on_date

WHOLE_AREA = "Iraq and Syria"


def source_phrase(source: dict) -> str:
    """'Responsible Statecraft on 31 March 2022' or 'Sputnik (date not recorded)'."""
    when = on_date(source["published"]) if source["published"] else "(date not recorded)"
    name = source["publisher"]
    return f"{name} {when}"


def headline(release: dict, sources: dict[str, dict], support: list[str], findings: list[str],
             confirmed: list[dict]) -> dict:
    """Everything the home page says about the latest running total, as plain sentences.

    `support`: the source ids that state the total; `findings`: the report's own arithmetic that does not add
    up; `confirmed`: coalition-confirmed counts relayed by monitors that are higher than this total."""
    grade = release["cum_killed_grade"]
    best = [sources[s] for s in support if sources[s]["evidence"] == grade]
    issued = date_text(release["release_date"]) or "on a date not found"
    if release["release_date"] and len(release["release_date"]) < 10:
        issued = f"in {issued} (day not known)"
    elif release["release_date"]:
        issued = f"on {issued}"
    if grade in evidence.FROM_COALITION_TEXT:
        found = "its own document" if grade == "coalition-text" else \
            f"a verbatim copy by {release['cum_killed_reported_by']}"
        text_found = f"The coalition's text stating this figure was found: {found}."
    else:
        own = [s for s in release["sources"].split() if sources[s]["evidence"] == "coalition-text"]
        text_found = "No coalition text stating this figure was found"
        text_found += (": the coalition's own document is on record, but the figure was not read in it."
                       if own else ".")
    return {
        "total": release["cum_killed"],
        "reported": "; ".join(source_phrase(s) for s in best),
        "grade": evidence.LABELS.get(grade, ""),
        "single": len(support) == 1,
        "issued": issued,
        "text_found": text_found,
        "caveats": findings,
        "confirmed": confirmed,
    }


def higher_confirmed(counts: pd.DataFrame, total: int) -> list[dict]:
    """Counts of deaths the coalition itself confirmed, as relayed by monitors, that exceed the latest total."""
    keep = counts[(counts["attributed_to"] == "coalition-confirmed") & (counts["period_kind"] == "cumulative")
                  & (counts["area"] == WHOLE_AREA) & (counts["figure_low"] != "")]
    rows = [r for r in records(keep) if int(r["figure_low"]) > total]
    rows.sort(key=lambda r: -int(r["figure_low"]))
    return rows


def coalition_text_count(releases: pd.DataFrame) -> dict[str, int]:
    """How many running totals rest on each grade of evidence."""
    totals = releases[releases["cum_killed"] != ""]
    counts = {g: int((totals["cum_killed_grade"] == g).sum()) for g in evidence.GRADES}
    counts["all"] = len(totals)
    counts["text"] = counts["coalition-text"] + counts["verbatim-copy"]
    return counts


def dated_totals(releases: pd.DataFrame) -> list[dict]:
    """The releases that state a running total and have a release date."""
    return records(releases[(releases["cum_killed"] != "") & (releases["release_date"] != "")])


def total_at(dated: list[dict], when: str) -> dict | None:
    """The coalition's latest running total issued by `when` (a date at any precision), or None; `dated` as
    `dated_totals` gives it."""
    if not when:
        return None
    issued = [r for r in dated if r["release_date"][:len(when)] <= when]
    return max(issued, key=lambda r: r["release_date"]) if issued else None


def latest_per_monitor(counts: pd.DataFrame) -> list[dict]:
    """Each monitor's latest running total of civilians killed by the coalition: the latest dated one and,
    where it is higher (a running total only grows), the highest undated one, shown as undated."""
    keep = counts[(counts["period_kind"] == "cumulative") & (counts["attributed_to"] == "coalition")
                  & (counts["figure_low"] != "") & (counts["monitor"] != "Unattributed")]
    out = []
    for _, group in keep.groupby("monitor", sort=True):
        rows = records(group)
        dated = sorted((r for r in rows if r["statement_date"]), key=lambda r: (r["statement_date"], r["count_id"]))
        undated = sorted((r for r in rows if not r["statement_date"]), key=lambda r: int(r["figure_low"]))
        chosen = dated[-1:]
        if undated and (not chosen or int(undated[-1]["figure_low"]) > int(chosen[0]["figure_low"])):
            chosen.append(undated[-1])
        out.extend(chosen)
    return out


def group_of(count: dict) -> str:
    if count["figure_kind"] == "media-tally":  # deaths named in press reports, counted: not an estimate
        return "media"
    return "whole" if count["area"] == WHOLE_AREA else "part"
