"""A draft observation (and allegation rows) from one statement's text, as data and as a CSV row."""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from civcas.ingest import allegations, dates, figures, text


@dataclass
class Draft:
    file: str
    data_month: str | None = None
    period_end_basis: str | None = None  # "stated" where the text says where the period ends
    release_date: str | None = None
    release_date_basis: str | None = None
    figures: dict[str, int] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    allegations: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"file": self.file, "data_month": self.data_month, "release_date": self.release_date,
                "release_date_basis": self.release_date_basis, "figures": self.figures,
                "qualifiers": self.qualifiers, "evidence": self.evidence, "allegations": self.allegations}

    def observation(self, report_id: str | None = None, source_id: str | None = None) -> dict[str, str]:
        """The draft as a row of observations.csv (columns it cannot fill are empty)."""
        row = {"report_id": report_id or self.data_month or "", "source_id": source_id or "",
               "statement_kind": "monthly-report"}
        if self.release_date:
            row["release_date"], row["release_date_basis"] = self.release_date, self.release_date_basis or ""
        if self.data_month:
            year, month = map(int, self.data_month.split("-"))
            row["period_end"] = f"{self.data_month}-{calendar.monthrange(year, month)[1]:02d}"
            row["period_end_basis"] = self.period_end_basis or "inferred"
        row.update({column: str(value) for column, value in self.figures.items()})
        # A statement whose counts were not read still dates the report: say which it is.
        row["figures_found"] = "true" if self.figures else "false"
        if "cum_strikes" in self.figures:
            row["cum_strikes_qualifier"] = self.qualifiers.get("cum_strikes_qualifier", "exact")
        return row


def allegation_rows(items: list[dict], report_id: str, read_at: str, official: bool,
                    taken: set[str]) -> tuple[list[dict[str, str]], int]:
    """The drafted allegations as rows of allegations.csv, and how many were left out because their verdict
    or date was not read with certainty. Ids follow the table's: report and monitor code, else report and
    incident date, with a number added where that id is taken."""
    rows, left_out = [], 0
    for item in items:
        if not item["verdict"] or not item["incident_date"]:
            left_out += 1
            continue
        base = f"{report_id}-{(item['monitor_code'] or item['incident_date']).lower()}"
        allegation_id, n = base, 1
        while allegation_id in taken:
            n += 1
            allegation_id = f"{base}-{n}"
        taken.add(allegation_id)
        known = {"reference": item["reference"], "killed": item["killed"], "injured": item["injured"],
                 "mgrs": item["grid_reference"], "monitor_code": item["monitor_code"]}
        rows.append({"allegation_id": allegation_id, "report_id": report_id, "incident_date": item["incident_date"],
                     "incident_date_basis": "stated", "place": item["place"], "place_basis": "stated",
                     "country": item["country"], "verdict": item["verdict"], "read_at": read_at,
                     "document_url": read_at if official else "",
                     **{k: "" if v is None else str(v) for k, v in known.items()}})
    return rows, left_out


def draft(path: Path, shown: str | None = None) -> Draft:
    content = text.read_text(path)
    lines = [line.strip() for line in content.translate(text.QUOTES).splitlines() if line.strip()]
    sentences = text.sentences(content)
    result = Draft(shown or str(path))
    issued = dates.release_date(lines, sentences)
    if issued is not None:
        result.release_date, result.release_date_basis = issued.value, issued.basis
        result.evidence["release_date"] = issued.sentence
    month = dates.data_month(sentences, issued)
    if month is not None:
        result.data_month, result.period_end_basis = month.value, month.basis
        result.evidence["data_month"] = month.sentence
    for column, candidate in figures.figures(sentences).items():
        result.figures[column] = candidate.value
        result.evidence[column] = candidate.sentence
        if column == "cum_strikes":
            result.qualifiers["cum_strikes_qualifier"] = candidate.qualifier
    result.allegations = allegations.allegations(content)
    return result


def csv_row(row: dict[str, str], columns: list[str], header: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    if header:
        writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def readable(result: Draft, row: dict[str, str], columns: list[str]) -> str:
    """The draft CSV row to paste, then the sentence each value came from."""
    lines = [csv_row(row, columns, header=True).rstrip("\n")]
    for column, sentence in result.evidence.items():
        value = result.figures.get(column, result.data_month if column == "data_month" else result.release_date)
        lines.append(f"  {column} = {value}: {sentence}")
    if not result.evidence:
        lines.append("  no figure found")
    for item in result.allegations:
        lines.append(f"  allegation {item['reference'] or ''} {item['incident_date']} {item['place']}, "
                     f"{item['country']}: {item['verdict'] or 'verdict unclear'}"
                     + (f", {item['killed']} killed" if item["killed"] is not None else "")
                     + (f", {item['injured']} injured" if item["injured"] is not None else ""))
    return "\n".join(lines)
