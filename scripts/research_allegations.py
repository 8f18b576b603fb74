"""Convert the research's allegation files into datapackage/allegations.csv, once, for the editors to check.

Run: python scripts/research_allegations.py RESEARCH_DIR > allegations.csv
Reads incidents.csv, incidents_iraq.csv and coalition_statements_syria.jsonl. The verdict and the numbers of
civilians killed and injured are read again from each coalition statement where its text is at hand, and
every disagreement with the research's reading is printed to standard error for an editor to settle.
The build never runs this script: it reads only datapackage/.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

FIELDS = [
    "allegation_id",
    "report_id",
    "reference",
    "incident_date",
    "incident_date_basis",
    "place",
    "place_basis",
    "country",
    "verdict",
    "killed",
    "injured",
    "mgrs",
    "document_url",
    "monitor_code",
    "monitor_url",
    "read_at",
    "note",
]
NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
COUNT = r"(\d+|" + "|".join(NUMBERS) + r")"
CREDIBLE = re.compile(r"(unintentionally|inadvertently) (killed|injured|wounded)|regrettably", re.I)
NOT_CREDIBLE = re.compile(
    r"insufficient|no coalition (strikes|actions)|did not|no civilians|not credible|"
    r"only legitimate military targets|non-credible|unable to|no strike or operation|"
    r"contradicts",
    re.I,
)
DUPLICATE = re.compile(r"duplicat", re.I)
REFERENCE = r"\b(\d{3,4}) ?/ ?(?:[A-Z]{1,3}\d|\d{2}[A-Z])"
GRID = re.compile(r"^\d{1,2}[C-X][A-Z]{2}(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Rows whose research reading the statement texts contradict: allegation id -> corrected fields, with the reason.
CORRECTIONS = {
    "2019-10-cs093": {
        "monitor_code": "CS093 CS094",
        "note": "The monitor files this one allegation (2801) under two codes; the research counted it twice.",
    },
    "2020-06-cs1897": {
        "place": "in Al-Omar Oil Fields",
        "note": "The research left the place empty; the statement gives it (without a country).",
    },
    "2017-06-cs407": {
        "incident_date": "2016-12-06",
        "note": "The statement prints the year 2106, a misprint for 2016: the report is of 2017.",
    },
    "2017-12-cs762": {
        "mgrs": "",
        "note": "The grid reference is printed as 38SFV889897, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2017-12-cs765": {
        "mgrs": "",
        "note": "The grid reference is printed as 32SDV728653, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2018-03-cs1142": {
        "mgrs": "",
        "note": "The grid reference is printed as 38SFV089115, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2018-06-cs952": {
        "mgrs": "",
        "note": "The grid reference is printed as 37SEC0297578153, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2020-07-cs1806": {
        "mgrs": "",
        "note": "The grid reference is printed as 37FSU774280, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2020-09-cs1839": {
        "mgrs": "",
        "note": "The grid reference is printed as 37SFY805225, which does not convert to a point in "
        "Iraq or Syria, so it is not mapped.",
    },
    "2017-09-ci525": {"country": "Iraq", "note": "The statement places it near Sanjak, Iraq; the research had Syria."},
    "2018-05-ci865": {
        "country": "Iraq",
        "note": "The statement places it near al Qaeim, Iraq; the research had Syria.",
    },
    "2018-01-cs466": {"note": "The statement prints Iraq after Al Tabqa, a town in Syria; Syria is kept."},
    "2018-01-cs1058": {"note": "The statement prints Iraq after Raqqah, a city in Syria; Syria is kept."},
    "2020-09-cs1837": {"note": "The statement prints Iraq after al Soussa, a town in Syria; Syria is kept."},
    "2016-10-2016-02-15": {
        "note": "The statement prints Iraq after Hama, a city in Syria; a later report lists it in "
        "Hama Province, "
        "Syria, so Syria is kept."
    },
    "periodic-2023-11-03-cs1976": {
        "incident_date": "2022-01-20",
        "incident_date_basis": "monitor-record",
        "note": "The statement dates it 20 to 26 January 2023; the attack on the prison "
        "it names "
        "was in January 2022, the date of the monitor's record, which is kept.",
    },
}
PERIODIC = {"MAR23%20%2803NOV23": "periodic-2023-11-03", "30%20Nov%2023": "periodic-2023-11-30"}


def verdict_of(text: str) -> str:
    if DUPLICATE.search(text):
        return "duplicate"
    if CREDIBLE.search(text):
        return "credible"
    if NOT_CREDIBLE.search(text):
        return "not-credible"
    return ""


def count_of(text: str, words: str) -> str:
    match = re.search(COUNT + r"\s+(?:\w+\s+){0,2}civilians?\s+(?:\w+\s+){0,3}?(?:" + words + ")", text, re.I)
    if not match:
        return ""
    value = match.group(1).lower()
    return str(NUMBERS.get(value, value))


def first(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    return match.group(1) if match else ""


def load(research: Path) -> tuple[list[dict], list[dict]]:
    rows = []
    for name in ("incidents.csv", "incidents_iraq.csv"):
        with open(research / name, newline="", encoding="utf-8") as f:
            rows.extend({**r, "_file": name} for r in csv.DictReader(f))
    with open(research / "coalition_statements_syria.jsonl", encoding="utf-8") as f:
        statements = [json.loads(line) for line in f]
    return rows, statements


def statement_for(row: dict, by_code: dict[str, list[dict]]) -> dict | None:
    """The statement on this allegation in this release: same Airwars code and same release document."""
    codes = first(r"Airwars code\(s\): ([^|]+)", row["notes"]).replace(";", " ").split()
    document = first(r"release document: (\S+)", row["notes"])
    candidates = [s for c in codes for s in by_code.get(c, []) if s["surl"] == document]
    if not candidates:
        candidates = [s for c in codes for s in by_code.get(c, []) if len(by_code[c]) == 1]
    reference = first(r"^(\d+)/", row["allegation_ref"])
    place = row["location_text"].split(",")[0].replace("near ", "").replace("in ", "")
    for wanted in (reference and f"{reference}/", place):
        matching = [s for s in candidates if wanted and wanted in s["text"]]
        if matching:
            return matching[0]
    return candidates[0] if candidates else None


def grid_of(statement: dict | None, text: str) -> str:
    """The grid reference printed in this statement; the archive's field may join several statements' grids."""
    if not statement:
        return ""
    printed = [g for g in re.findall(r"\b\d{1,2}[C-X][A-Z]{2}\d{4,10}\b", text) if GRID.match(g)]
    if len(set(printed)) == 1:
        return printed[0]
    return re.sub(r"\s", "", statement.get("mgrs") or "").upper()


def report_of(row: dict) -> str:
    month = row["report_month"]
    return "release-2022-03" if month == "2022-03" else month


def convert(rows: list[dict], statements: list[dict], log) -> list[dict]:
    by_code: dict[str, list[dict]] = defaultdict(list)
    for s in statements:
        by_code[s["code"]].append(s)
    out = []
    for row in rows:
        s = statement_for(row, by_code) if "GitHub mirror" in row["notes"] else None
        text = " ".join((s or {}).get("text", "").split())
        codes = first(r"Airwars code\(s\): ([^|]+)", row["notes"]).replace(";", " ").split()
        basis = {"stated": "stated", "inferred": "monitor-record", "month-only": "month"}[row["incident_date_basis"]]
        verdict = {"non-credible": "not-credible"}.get(row["assessment"], row["assessment"])
        out.append(
            {
                "report_id": report_of(row),
                "reference": first(r"^(\d{4})/", row["allegation_ref"]) or first(REFERENCE, text),
                "incident_date": row["incident_date"],
                "incident_date_basis": basis,
                "place": row["location_text"],
                "place_basis": "monitor-record" if basis == "monitor-record" else "stated",
                "country": row["country"],
                "verdict": verdict,
                "killed": row["civilians_killed"],
                "injured": row["civilians_injured"],
                "mgrs": grid_of(s, text),
                "document_url": (s or {}).get("surl") or first(r"release document: (https?://\S+)", row["notes"]),
                "monitor_code": " ".join(codes),
                "monitor_url": row["source_url"] if "airwars.org/civilian-casualties/c" in row["source_url"] else "",
                "read_at": row["source_url"],
                "note": "",
                "_text": text,
                "_row": row,
            }
        )
        if text:
            mine = verdict_of(text)
            if mine and mine != verdict:
                log(
                    f"verdict {row['report_month']} {' '.join(codes)}: research {verdict}, "
                    f"text reads {mine}: {text[:300]}"
                )
            for name, words in (("killed", "killed"), ("injured", "injured|wounded")):
                read = count_of(text, words)
                if verdict == "credible" and read != row[f"civilians_{name}"]:
                    log(
                        f"{name} {row['report_month']} {' '.join(codes)}: research {row[f'civilians_{name}']!r}, "
                        f"text reads {read!r}: {text[:400]}"
                    )
        elif "GitHub mirror" in row["notes"]:
            log(f"no statement {row['report_month']} {' '.join(codes)}")
    for s in statements:
        report = next((r for k, r in PERIODIC.items() if k in (s["surl"] or "")), None)
        if report is None:
            continue
        text = " ".join(s["text"].split())
        year, month, day = s["inc_date"].split("-")
        said = re.match(r"(\w+) (\d+)[^,]*, (\d{4}), (near [^,]+, Syria)", text)
        stated = (
            bool(said)
            and said.group(1).lower() == MONTHS[int(month) - 1]
            and int(said.group(2)) == int(day)
            and said.group(3) == year
        )
        out.append(
            {
                "report_id": report,
                "reference": first(REFERENCE, text),
                "incident_date": s["inc_date"],
                "incident_date_basis": "stated" if stated else "monitor-record",
                "place": said.group(4) if said else f"{s['loc_en']}, Syria",
                "place_basis": "stated" if said else "monitor-record",
                "country": "Syria",
                "verdict": verdict_of(text),
                "killed": count_of(text, "killed"),
                "injured": count_of(text, "injured|wounded"),
                "mgrs": grid_of(s, text),
                "document_url": s["surl"],
                "monitor_code": s["code"],
                "monitor_url": s["url"],
                "read_at": s["url"],
                "note": "",
                "_text": text,
                "_row": None,
            }
        )
    return out


def main() -> None:
    rows, statements = load(Path(sys.argv[1]))
    out = convert(rows, statements, lambda line: print(line, file=sys.stderr))
    seen: Counter = Counter()
    writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in sorted(out, key=lambda r: (r["report_id"] or "~", r["incident_date"], r["monitor_code"], r["place"])):
        base = f"{row['report_id'] or 'unknown'}-{(row['monitor_code'].split() or [row['incident_date']])[0].lower()}"
        seen[base] += 1
        row["allegation_id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
        row.update(CORRECTIONS.get(row["allegation_id"], {}))
        if row["mgrs"] and not GRID.match(row["mgrs"]):
            row["note"] = " ".join(
                filter(
                    None,
                    [
                        row["note"],
                        f"The grid reference is printed as {row['mgrs']}, "
                        "which is not a valid MGRS reference, so it is not mapped.",
                    ],
                )
            )
            row["mgrs"] = ""
        if row["allegation_id"] == "2019-10-cs094":
            continue
        writer.writerow(row)


if __name__ == "__main__":
    main()
