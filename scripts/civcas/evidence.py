"""How well each figure is attested: the grade of its best supporting source, and the checks on the grades.

A source's `evidence` says what the document is; a figure's grade is the best of its supporting sources';
a report's grade is the best among the sources that give its counts (its dates alone do not grade it).
"""

from __future__ import annotations

import pandas as pd

from civcas.fields import COUNTS, records, spreadsheet_row
from civcas.problems import Problem

# Best first.
GRADES = ("coalition-text", "verbatim-copy", "wire-report", "outlet-report")
LABELS = {
    "coalition-text": "Coalition text",
    "verbatim-copy": "Verbatim copy of the coalition's text",
    "wire-report": "Wire service's report",
    "outlet-report": "Other outlet's report",
}
SHORT = {"coalition-text": "coalition text", "verbatim-copy": "verbatim copy",
         "wire-report": "wire report", "outlet-report": "other outlet"}
# Filled chart markers: the coalition's words are on record, in its own document or a faithful copy.
FROM_COALITION_TEXT = ("coalition-text", "verbatim-copy")
COLUMNS = ("evidence_grade", "cum_killed_grade", "cum_killed_reported_by")


def best(grades: list[str]) -> str:
    known = [g for g in grades if g in GRADES]
    return min(known, key=GRADES.index) if known else ""


def figure_grade(source_ids: list[str], evidence: dict[str, str]) -> str:
    return best([evidence.get(s, "") for s in source_ids])


def reported_by(source_ids: list[str], sources: dict[str, dict[str, str]]) -> str:
    """Who stands behind a figure: the bodies named by its best-graded supporting sources."""
    grade = figure_grade(source_ids, {s: r["evidence"] for s, r in sources.items()})
    names = sorted({sources[s]["reported_by"] for s in source_ids if s in sources and sources[s]["evidence"] == grade})
    return "; ".join(names)


def graded(statements: pd.DataFrame, sources: pd.DataFrame,
           support: dict[tuple[str, str], list[str]]) -> pd.DataFrame:
    """The statements with the grade of each report, of its running total and who reported that total."""
    by_id = {r["source_id"]: r for r in records(sources)}
    evidence = {s: r["evidence"] for s, r in by_id.items()}
    frame = statements.copy()
    report_grades, total_grades, total_by = [], [], []
    for report_id in frame["report_id"]:
        counted = [s for f in COUNTS for s in support.get((report_id, f), [])]
        report_grades.append(figure_grade(counted, evidence))
        total = support.get((report_id, "cum_killed"), [])
        total_grades.append(figure_grade(total, evidence))
        total_by.append(reported_by(total, by_id))
    position = list(frame.columns).index("sources")
    for offset, (name, values) in enumerate(zip(COLUMNS, (report_grades, total_grades, total_by), strict=True)):
        frame.insert(position + offset, name, values)
    return frame


def phrase(grade: str, by: str) -> str:
    """How a figure is attributed in a sentence, a tooltip or a chart's CSV: never "official" unless it is."""
    if grade == "coalition-text":
        return f"coalition text ({by})" if by else "coalition text"
    if grade == "verbatim-copy":
        return f"verbatim copy of the coalition's text by {by}" if by else "verbatim copy of the coalition's text"
    if grade == "wire-report":
        return f"{by} wire report" if by else "wire report"
    if grade == "outlet-report":
        return f"reported by {by}" if by else "press report"
    return "no source"


def evidence_matches_kind(sources: pd.DataFrame, path: str) -> list[Problem]:
    """Only an official document can be the coalition's text, and an official document is its text or a copy."""
    problems = []
    for index, row in enumerate(records(sources)):
        official = row["kind"] == "official"
        if row["evidence"] == "coalition-text" and not official:
            problems.append(Problem(path, spreadsheet_row(index), "evidence", (
                f"source {row['source_id']} is of kind {row['kind']}: only an official document can be "
                "coalition-text"), "evidence"))
        elif official and row["evidence"] not in FROM_COALITION_TEXT:
            problems.append(Problem(path, spreadsheet_row(index), "evidence", (
                f"source {row['source_id']} is official: its evidence is coalition-text or verbatim-copy, "
                f"not {row['evidence']}"), "evidence"))
    return problems
