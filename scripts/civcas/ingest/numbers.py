"""Numbers as statements write them: digits with thousands separators, or words ("one hundred and eleven")."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000}
WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
# A run of number words, joined by spaces, hyphens or "and" (only between two number words).
PHRASE = re.compile(rf"\b(?:{WORD})(?:(?:\s+and\s+|\s+|-)(?:{WORD}))*\b", re.IGNORECASE)
SEPARATED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,]\d)")


def words_value(phrase: str) -> int | None:
    """The value of a run of number words, or None when the words do not make one number."""
    total, current, last = 0, 0, None
    for word in re.split(r"\s+and\s+|\s+|-", phrase.lower()):
        if word in UNITS:
            if last in ("unit", "teen") or (last == "tens" and UNITS[word] >= 10):
                return None  # "five six" or "twenty twelve" is not one number
            current += UNITS[word]
            last = "teen" if UNITS[word] >= 10 else "unit"
        elif word in TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += TENS[word]
            last = "tens"
        elif word == "hundred":
            if last not in ("unit", "teen") or current >= 100:
                return None
            current *= 100
            last = "hundred"
        else:  # thousand
            if current == 0:
                return None
            total += current * 1000
            current, last = 0, "thousand"
    return total + current


def replace_words(text: str) -> str:
    def number(match: re.Match[str]) -> str:
        value = words_value(match.group(0))
        return match.group(0) if value is None else str(value)
    return PHRASE.sub(number, text)


def normalise(text: str) -> str:
    """The text with every number as plain digits: "One hundred and eleven" gives "111", "29,920" "29920"."""
    text = SEPARATED.sub(lambda m: m.group(0).replace(",", ""), text)
    return replace_words(text)
