"""The XLSX workbook: it opens with pandas, has a README sheet and one sheet per table, and no cell is a formula,
not even one whose text begins with '='."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pandas as pd
from civcas.downloads import TABLES, data_files
from civcas.validate import validate
from civcas.workbook import workbook_bytes
from conftest import FORMULA


def workbook(files: dict[str, bytes]) -> bytes:
    [name] = [n for n in files if n.endswith(".xlsx")]
    return files[name]


def test_the_workbook_opens_with_pandas_with_a_readme_and_one_sheet_per_table(mini_package):
    files = data_files(validate(mini_package))
    sheets = pd.read_excel(io.BytesIO(workbook(files)), sheet_name=None, dtype=str, header=None)
    assert list(sheets) == ["README", *TABLES, "findings"]
    for name in TABLES:
        table = pd.read_excel(io.BytesIO(workbook(files)), sheet_name=name, dtype=str, keep_default_na=False)
        csv = pd.read_csv(io.BytesIO(files[f"{name}.csv"]), dtype=str, keep_default_na=False)
        assert list(table.columns) == list(csv.columns) and len(table) == len(csv)
    readme = " ".join(sheets["README"][0].dropna())
    assert "releases.csv" in readme and "How to cite" in readme


def test_no_cell_is_a_formula_and_hostile_text_stays_text(mini_package):
    book = openpyxl.load_workbook(io.BytesIO(workbook(data_files(validate(mini_package)))))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [c.value for c in cells if c.parent.title == "sources"]
    assert FORMULA in titles  # the text itself, not an apostrophe copy: in a workbook text is never run


def test_integer_columns_are_numbers_and_text_beginning_with_equals_is_text():
    frame = pd.DataFrame({"n": ["5", ""], "t": ["=1+1", "@SUM(A1)"]})
    data = workbook_bytes("# Read me", {"t": frame}, {"t": {"n"}}, datetime(2026, 1, 1), "Test")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["t"]
    assert sheet["A2"].value == 5 and sheet["A3"].value is None
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("=1+1", "s")
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("@SUM(A1)", "s")


def test_a_changed_cell_gives_a_new_workbook_not_the_one_kept_from_the_last_build(mini_package):
    before = workbook(data_files(validate(mini_package)))
    sources = mini_package / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8").replace("Coalition admits 105", "Coalition admits 106"),
                       encoding="utf-8")
    after = workbook(data_files(validate(mini_package)))
    assert before != after
    titles = pd.read_excel(io.BytesIO(after), sheet_name="sources", dtype=str)["title"].tolist()
    assert "Coalition admits 106" in titles
