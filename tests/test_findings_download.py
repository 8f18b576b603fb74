"""The findings can be downloaded as CSV and JSON, with columns decided by one replaceable row builder."""

from __future__ import annotations

import io
import json

import pandas as pd
from civcas.downloads import data_files
from civcas.validate import Report, validate


def test_every_finding_is_a_row_of_the_csv_and_the_json(mini_package):
    report = validate(mini_package)
    assert report.findings
    files = data_files(report)
    table = pd.read_csv(io.BytesIO(files["findings.csv"]), dtype=str, keep_default_na=False)
    as_text = [{k: "" if v is None else str(v) for k, v in f.to_dict().items()} for f in report.findings]
    assert table.to_dict("records") == as_text
    assert json.loads(files["findings.json"]) == [f.to_dict() for f in report.findings]


def test_another_row_builder_decides_the_columns_and_text_cells_stay_formula_safe(mini_package):
    def plainer(report: Report) -> pd.DataFrame:
        return pd.DataFrame({"report": [f.report_id for f in report.findings],
                             "what": ["=looks like a formula" for _ in report.findings]})

    files = data_files(validate(mini_package), findings=plainer)
    table = pd.read_csv(io.BytesIO(files["findings.csv"]), dtype=str, keep_default_na=False)
    assert list(table.columns) == ["report", "what"]
    assert set(table["what"]) == {"'=looks like a formula"}
    assert json.loads(files["findings.json"])[0]["what"] == "=looks like a formula"
