"""The published findings as a table: one row per finding, its columns decided by one function.

`findings_frame` is the only place that says which columns the findings download has; the downloads take the
row builder as a parameter, so another one (with plainer wording, say) can replace it without touching them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from civcas.validate import Report

FindingsBuilder = Callable[[Report], pd.DataFrame]

SCHEMA = {
    "fields": [
        {"name": "report_id", "type": "string",
         "description": "The official release the finding is about (releases.report_id)."},
        {"name": "check", "type": "string", "description": "The name of the check that found it."},
        {"name": "message", "type": "string", "description": "What does not add up, with the figures."},
        {"name": "expected", "type": "integer",
         "description": "What the report's other figures imply, where the check computes it."},
        {"name": "stated", "type": "integer", "description": "What the report gives instead."},
    ],
    "missingValues": [""],
}


def findings_frame(report: Report) -> pd.DataFrame:
    """Every published finding (a report's own arithmetic that does not add up, or allegations listed short
    of its counts), in the order the checks give them, as text cells."""
    def cell(value: int | None) -> str:
        return "" if value is None else str(value)

    rows = [[f.report_id, f.check, f.message, cell(f.expected), cell(f.stated)] for f in report.findings]
    return pd.DataFrame(rows, columns=[f["name"] for f in SCHEMA["fields"]], dtype=str)
