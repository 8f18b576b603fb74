"""The tables as one XLSX workbook: a README sheet, then one sheet per table.

Written with XlsxWriter, which gives the same bytes for the same input once the document's date is fixed.
No cell is ever a formula: text is written as text, whatever it starts with.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from civcas.fields import rows

EXCEL_TEXT_LIMIT = 32767  # characters in one cell


def workbook_bytes(readme: str, tables: dict[str, pd.DataFrame], integer_fields: dict[str, set[str]],
                   created: datetime, title: str) -> bytes:
    """`tables`: sheet name to a frame of text cells; columns in `integer_fields[name]` are written as numbers."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    book.set_properties({"title": title, "author": "civcas editors", "created": created})
    bold = book.add_format({"bold": True})
    notes = book.add_worksheet("README")
    notes.set_column(0, 0, 120)
    for row, line in enumerate(readme.splitlines()):
        if line:
            notes.write_string(row, 0, line, bold if line.startswith("#") else None)
    for name, frame in tables.items():
        sheet = book.add_worksheet(name)
        numbers = integer_fields.get(name, set())
        for column, header in enumerate(frame.columns):
            sheet.write_string(0, column, header, bold)
        is_number = [header in numbers for header in frame.columns]
        for row, values in enumerate(rows(frame), start=1):
            for column, (number, value) in enumerate(zip(is_number, values, strict=True)):
                if value in ("", None):
                    continue
                if number:
                    sheet.write_number(row, column, int(value))
                else:
                    sheet.write_string(row, column, str(value)[:EXCEL_TEXT_LIMIT])
        sheet.freeze_panes(1, 0)
        if len(frame.columns):
            sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    book.close()
    return out.getvalue()
