"""Allegation rows where a statement lists the allegations it closed.

The coalition lists each one as "<date>, near <place>, <country>, via <who reported it>. <finding>", with a
reference number and the monitor's code ("3206/CS1812") in later reports. The verdict comes from the
finding's own words, or from the heading of the list it stands in; when the two disagree, or neither says,
the verdict is left empty.
"""

from __future__ import annotations

import re
from datetime import date

from civcas.ingest.dates import MONTHS
from civcas.ingest.numbers import normalise
from civcas.ingest.text import paragraphs

MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
              r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
ITEM = re.compile(
    rf"(?:(?<=\s)|^)(?:\d{{1,3}}\.\s+)?(?P<month>{MONTH_NAME})\.? (?P<day>\d{{1,2}})(?:\s?[-/]\s?\d{{1,2}})?,? "
    r"(?P<year>(?:19|20)\d\d),? (?:(?:near|in|at|around|outside|vicinity of) )?"
    r"(?P<place>[A-Za-z][^,.;:]{1,60}?(?:, [A-Z][^,.;:]{1,40}?)?),? (?P<country>Iraq|Syria)\b,?\s*"
    r"(?:via|according to|reported by|from) (?P<via>[^.]{1,80})\.")
KINDS = r"non-credible|not credible|credible|duplicates?"
HEADING = re.compile(
    rf"(?:(?P<kind>{KINDS})\b[a-z ()\d-]{{0,60}}(?:reports?|allegations?)[a-z ()\d-]{{0,40}}|"
    rf"(?:reports?|allegations?)\b[a-z ()\d-]{{0,60}}?\b(?P<kind2>{KINDS})):", re.IGNORECASE)
DUPLICATE = re.compile(r"\bduplicates? of\b|\bis a duplicate\b|\bwere duplicates\b")
NOT_CREDIBLE = re.compile(
    r"no coalition (?:actions?|strikes?)|did not occur|no civilian casualties|insufficient (?:evidence|information)|"
    r"not support a finding|only legitimate military targets|no strike or operation was identified|"
    r"contradicts the|not enough information|no evidence")
CREDIBLE = re.compile(
    r"(?:civilians?|child(?:ren)?|wom[ae]n|m[ae]n|people|persons?|drivers?) (?:were|was) (?:unintentionally )?"
    r"(?:killed|injured|wounded)|(?:unintentionally|regrettably|unfortunately)\b[^.]*\b(?:killed|injured|wounded)")
VERDICTS = {"non-credible": "not-credible", "not credible": "not-credible", "credible": "credible",
            "duplicate": "duplicate", "duplicates": "duplicate"}
REFERENCE = re.compile(r"\b(?P<ref>\d{3,4})/(?P<code>[A-Z]{1,3}\d+[a-z]?)\b")
GRID = re.compile(r"\b(\d{2}[C-X] ?[A-Z]{2} ?\d{4,10}(?: \d{4,5})?)\b")


def toll(text: str, words: str) -> int | None:
    """The one number of civilians the finding says were killed (or injured); None if none or several."""
    found = {int(m[1]) for m in re.finditer(
        rf"(\d+) (?:civilians?|child(?:ren)?|wom[ae]n|m[ae]n|people|persons?)\b[^.\d]{{0,25}}?"
        rf"(?:were |was )?(?:unintentionally )?(?:{words})", normalise(text).lower())}
    return found.pop() if len(found) == 1 else None


def verdict(text: str, heading: str | None) -> str | None:
    low = text.lower()
    said = {v for v, pattern in (("duplicate", DUPLICATE), ("not-credible", NOT_CREDIBLE), ("credible", CREDIBLE))
            if pattern.search(low)}
    if said == {"duplicate"}:  # a duplicate may be listed under either heading
        return "duplicate"
    if heading:
        said.add(heading)
    return said.pop() if len(said) == 1 else None


def allegation(match: re.Match[str], body: str, heading: str | None) -> dict:
    name = match["month"].lower()
    try:
        incident = date(int(match["year"]), MONTHS.get(name) or MONTHS[name[:3]], int(match["day"])).isoformat()
    except ValueError:
        incident = None
    finding = body[match.end() - match.start():]
    row: dict = {
        "reference": None, "monitor_code": None, "incident_date": incident, "place": match["place"].strip(),
        "country": match["country"], "reported_by": match["via"].strip(), "verdict": verdict(finding, heading),
        "killed": None, "injured": None, "grid_reference": None, "text": body.strip(),
    }
    if (ref := REFERENCE.search(finding)) is not None:
        row["reference"], row["monitor_code"] = int(ref["ref"]), ref["code"]
    if (grid := GRID.search(finding)) is not None:
        row["grid_reference"] = grid[1].replace(" ", "")
    if row["verdict"] == "credible":
        row["killed"], row["injured"] = toll(finding, "killed|died"), toll(finding, "injured|wounded")
    return row


def allegations(text: str) -> list[dict]:
    flat = "\n".join(paragraphs(text))
    starts = list(ITEM.finditer(flat))
    rows, heading = [], None
    for i, match in enumerate(starts):
        before = flat[starts[i - 1].end() if i else 0:match.start()]
        if (found := list(HEADING.finditer(before))):
            heading = VERDICTS[(found[-1]["kind"] or found[-1]["kind2"]).lower()]
        end = starts[i + 1].start() if i + 1 < len(starts) else len(flat)
        body = flat[match.start():end]
        if (cut := HEADING.search(body, match.end() - match.start())) is not None:
            body = body[:cut.start()]
        if i + 1 == len(starts):  # the last item ends with its paragraph, or the next one if it has no finding
            stop = flat.find("\n", match.start() + max(len(match[0]) + 20, 0))
            body = body if stop < 0 else body[:stop - match.start()]
        rows.append(allegation(match, body, heading))
    return rows
