"""Text is text: every cell of a CSV file is read as the csv module reads it, and checked for characters
that have no place in it, before Table Schema validation sees the file.

Rows are counted as a spreadsheet counts records (the header is row 1), so a cell with a line break inside
quotes does not shift the rows after it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator

from civcas.problems import Problem

MAX_CELL_CHARS = 100_000
# C0 and C1 controls and DEL; tab, line feed and carriage return may appear inside a quoted cell.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters a reader cannot see that make two identifiers look equal: no-break and zero-width spaces,
# direction marks, word joiners, byte-order marks, line and paragraph separators.
INVISIBLE = re.compile("[\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]")


def character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def records(text: str) -> Iterator[list[str]]:
    """CSV records, strictly parsed: an unclosed quote or a stray quote is an error, not a guess."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(len(text), limit))
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    finally:
        csv.field_size_limit(limit)


def cell_problem(value: str, is_key: bool) -> str | None:
    control = CONTROL.search(value)
    if control:
        return f"contains a control character ({character_name(control.group())}) at position {control.start() + 1}"
    if len(value) > MAX_CELL_CHARS:
        return f"is {len(value):,} characters long, more than {MAX_CELL_CHARS:,}"
    if not is_key:
        return None
    hidden = INVISIBLE.search(value)
    if hidden:
        return (f"identifier contains an invisible character ({character_name(hidden.group())}) "
                f"at position {hidden.start() + 1}")
    if value != value.strip():
        return f"identifier '{value}' has leading or trailing spaces"
    return None


def text_problems(path: str, text: str, key_fields: set[str]) -> list[Problem]:
    """Control characters in any cell (header included); invisible characters and stray spaces in keys.

    Cells are visited one by one only where a scan of the whole text says they may hold a problem."""
    if text.startswith("\ufeff"):
        return [Problem(path, 1, "", "the file starts with a byte-order mark; save it as UTF-8 without BOM")]
    every_cell = CONTROL.search(text) is not None or len(text) > MAX_CELL_CHARS
    problems: list[Problem] = []
    header: list[str] = []
    keys: list[int] = []
    row = 0
    try:
        for row, cells in enumerate(records(text), start=1):
            if row == 1:
                header = cells
                keys = [i for i, name in enumerate(header) if name in key_fields]
            columns = range(len(cells)) if every_cell or row == 1 else [i for i in keys if i < len(cells)]
            for column in columns:
                field = header[column] if column < len(header) else f"column {column + 1}"
                reason = cell_problem(cells[column], row == 1 or field in key_fields)
                if reason:
                    problems.append(Problem(path, row, CONTROL.sub("?", field), f"cell {reason}"))
    except csv.Error as error:
        problems.append(Problem(path, row + 1, "", f"malformed CSV: {error}"))
    return problems


def key_fields(schema: dict) -> set[str]:
    """Fields that identify or refer to a row: primary and foreign keys, and every *_id column."""
    names = {f.get("name", "") for f in schema.get("fields", []) if isinstance(f, dict)}
    keys = set(_as_list(schema.get("primaryKey")))
    for foreign in schema.get("foreignKeys", []) or []:
        if isinstance(foreign, dict):
            keys.update(_as_list(foreign.get("fields")))
    keys.update(n for n in names if isinstance(n, str) and n.endswith("_id"))
    return {k for k in keys if isinstance(k, str)}


def _as_list(value: object) -> list:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []
