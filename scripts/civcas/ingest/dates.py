"""The month a report covers and the day it was issued, where the text says so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from civcas.fields import CUMULATIVE as CUMULATIVE_FIGURES
from civcas.ingest.figures import OTHER_ACTOR, sentence_candidates

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
YEAR = r"(?P<year>20[12]\d)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# "between August 2014 and the end of April 2019", "through July 2018" state where the period ends;
# "in the month of April" names the month only.
PERIOD = (
    (True, re.compile(rf"(?:between|from|since) august 2014 (?:and|to|through|until|up until) (?:the )?(?:end of )?"
                      rf"{MONTH},? {YEAR}")),
    (True, re.compile(rf"(?:through|until|up until|to) (?:the )?(?:end of )?{MONTH},? {YEAR}")),
    (True, re.compile(rf"(?:between|from|since) august 2014 (?:and|to|through|until|up until) (?:the )?end of "
                      rf"{MONTH}(?! \d)")),
    (True, re.compile(rf"(?:until|through|to) the end of {MONTH} this year")),
    (False, re.compile(rf"(?:in|during|for) the month of {MONTH}(?:,? {YEAR})?")),
    (False, re.compile(rf"^(?:in|during) {MONTH}(?:,? {YEAR})?, (?:cjtf-oir|the coalition|coalition)")),
)
# "In August it reviewed 185 reports": a month named, without its year, in a sentence that gives a figure.
MONTH_OF_ASSESSMENTS = re.compile(rf"\b(?:in|during) {MONTH}\b(?!,? (?:19|20)\d\d)")
DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>\d{{1,2}}) {MONTH},? {YEAR}\b")
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH} (?P<day>\d{{1,2}}),? {YEAR}\b")
RELEASE_NUMBER = re.compile(r"release (?:no\.?|number|#) ?(?P<digits>20[12]\d[01]\d[0-3]\d)-\d+")
ISSUED_ON = re.compile(
    r"\b(?:released|published|issued|announced|dated|came out)(?: (?:on|its report on))? (?P<when>.{6,40})")
WEEKDAY = "|".join(WEEKDAYS)
SAYING = re.compile(r"\b(?:said|says|announced|released|published|issued|report|statement|acknowledged|admitted|"
                    r"conceded|put|assess(?:es|ed)?|came out|stated)\b")
WEEKDAY_SAID = re.compile(rf"\bon (?P<weekday>{WEEKDAY})\b|\b(?:said|announced|released|published|reported) "
                          rf"(?P<weekday2>{WEEKDAY})\b")
YESTERDAY = re.compile(r"\b(?:released|published|issued|announced)\b[^.]{0,40}\byesterday\b")


@dataclass(frozen=True)
class Dated:
    value: str
    sentence: str
    basis: str = "stated"


def day(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["year"]), MONTHS[match["month"]], int(match["day"]))
    except ValueError:
        return None


def first_date(text: str) -> date | None:
    found = [m for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR) for m in pattern.finditer(text)]
    found.sort(key=lambda m: m.start())
    for match in found:
        if (value := day(match)) is not None:
            return value
    return None


def dateline(lines: list[str]) -> tuple[date, str] | None:
    """The article's or statement's own date: a date standing in one of its first short lines."""
    for line in lines[:12]:
        # The date opens the line, after at most a place in capitals: "ERBIL, December 31, 2018 - ..."
        opening = re.match(r"[A-Z][A-Z .,()/-]{0,30}(?=\d|[A-Z][a-z])|", line)[0]
        if (value := first_date(line[len(opening):len(opening) + 20].lower())) is not None \
                and re.match(r"\W*\d|\W*[a-z]+\.? \d", line[len(opening):].lower()):
            return value, line
    return None


def release_date(lines: list[str], sentences: list[str]) -> Dated | None:
    """The day the report was issued: stated in the text, or a weekday counted back from the dateline."""
    for sentence in sentences:
        low = sentence.lower()
        if (m := RELEASE_NUMBER.search(low)) is not None:
            digits = m["digits"]
            return Dated(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}", sentence)
        if not OTHER_ACTOR.search(low) and (m := ISSUED_ON.search(low)) and (value := first_date(m["when"])):
            return Dated(value.isoformat(), sentence)
    found = dateline(lines)
    if found is None:
        return None
    when, line = found
    for sentence in sentences:
        low = sentence.lower()
        if OTHER_ACTOR.search(low):
            continue
        if YESTERDAY.search(low):
            return Dated((when - timedelta(days=1)).isoformat(), f"{line} / {sentence}", "inferred")
        if (m := WEEKDAY_SAID.search(low)) is not None and SAYING.search(low):
            weekday = WEEKDAYS.index(m["weekday"] or m["weekday2"])
            back = (when.weekday() - weekday) % 7
            return Dated((when - timedelta(days=back)).isoformat(), f"{line} / {sentence}", "inferred")
    return None


def data_month(sentences: list[str], issued: Dated | None) -> Dated | None:
    """The month the report covers. A month named without its year takes the year from another sentence,
    or the last such month before the report was issued. Disagreeing sentences leave it unknown."""
    stated: dict[str, str] = {}
    bare: dict[int, str] = {}
    ends: set[int] = set()  # months of which the text states the end of the period
    for sentence in sentences:
        low = sentence.lower()
        if OTHER_ACTOR.search(low):
            continue
        for period_end, pattern in PERIOD:
            for m in pattern.finditer(low):
                month = MONTHS[m["month"]]
                year = m.groupdict().get("year")
                if year:
                    stated.setdefault(f"{year}-{month:02d}", sentence)
                else:
                    bare.setdefault(month, sentence)
                if period_end:
                    ends.add(month)
        if any(c.column not in CUMULATIVE_FIGURES for c in sentence_candidates(sentence)):
            for m in MONTH_OF_ASSESSMENTS.finditer(low):
                bare.setdefault(MONTHS[m["month"]], sentence)
    if len(stated) > 1:
        return None
    if stated:
        [(value, sentence)] = stated.items()
        if bare and set(bare) != {int(value[5:])}:
            return None
        return Dated(value, sentence, "stated" if int(value[5:]) in ends else "inferred")
    if len(bare) != 1 or issued is None:
        return None
    [(month, sentence)] = bare.items()
    when = date.fromisoformat(issued.value)
    year = when.year if month < when.month else when.year - 1
    return Dated(f"{year}-{month:02d}", sentence, "stated" if month in ends else "inferred")
