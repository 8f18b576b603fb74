"""Hostile edits of a copy of a data package, described as plain tuples so hypothesis can shrink them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from hypothesis import strategies as st

HOSTILE_TEXT = [
    "", " ", "-1", "0", "99999999999999999999999999999", "1e9", "1.5", "NaN", "+7", "1_000", "\u0663", "0x1F",
    "2018-02-30", "30/01/2018", "2018/01/30", "2018-1-5", "Jan 2018", "20180130", "2018-13", "9999-12-31",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x.org\",\"y\")", "@SUM(A1)",
    "-2+3", "\x00", "a\x00b", "\x1b[31m", "\ufeffwire-2018-01-01", "wire\u200b", "\u00a0", "\r", "\n", "\r\n", '"',
    "a,b", "x" * 150_000, "../../etc/passwd", "/etc/passwd", "https://example.org/x.csv", "monthly-report",
    "release", "2018-03", "cum_killed", "cum_killed deaths", "not-a-count", "range", "\u202eevil", "null", "None",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=30),
)
JSON_VALUES = st.one_of(
    st.sampled_from(["integer", "string", "date", "number", "any", "../x.csv", "https://example.org/x.json",
                     "/etc/passwd", "x.csv", "", [], {}, None, True, 0, -1, 1e308, {"fields": []},
                     {"header": False}, ["source_id"], "data-package"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                 max_leaves=6),
)
FRACTION = st.floats(min_value=0, max_value=1, exclude_max=True)

TABLE_EDITS = st.one_of(
    st.tuples(st.just("cell"), FRACTION, FRACTION, VALUES),
    st.tuples(st.just("header"), FRACTION, VALUES),
    st.tuples(st.sampled_from(["drop-column", "duplicate-column", "drop-row", "duplicate-row"]), FRACTION),
    st.tuples(st.sampled_from(["swap-columns", "swap-rows"]), FRACTION, FRACTION),
    st.tuples(st.just("truncate"), FRACTION),
    st.tuples(st.just("bytes"), FRACTION, st.binary(min_size=1, max_size=8)),
    st.tuples(st.sampled_from(["link-outside", "folder", "delete", "empty"])),
)
DESCRIPTOR_EDITS = st.one_of(
    st.tuples(st.just("resource-key"), FRACTION,
              st.sampled_from(["name", "path", "format", "dialect", "schema", "encoding", "profile", "mediatype"]),
              JSON_VALUES),
    st.tuples(st.just("field-key"), FRACTION, FRACTION,
              st.sampled_from(["name", "type", "format", "constraints", "missingValues"]), JSON_VALUES),
    st.tuples(st.just("constraint"), FRACTION, FRACTION,
              st.sampled_from(["pattern", "enum", "minimum", "required", "unique", "maxLength"]), JSON_VALUES),
    st.tuples(st.sampled_from(["drop-resource", "drop-field", "duplicate-field"]), FRACTION, FRACTION),
    st.tuples(st.just("package-key"), st.sampled_from(["resources", "profile", "version", "created", "name"]),
              JSON_VALUES),
    st.tuples(st.just("truncate"), FRACTION),
)
EDITS = st.lists(st.one_of(st.tuples(st.just("table"), FRACTION, TABLE_EDITS),
                           st.tuples(st.just("descriptor"), DESCRIPTOR_EDITS),
                           st.tuples(st.just("frozen"), FRACTION, TABLE_EDITS)), min_size=1, max_size=3)


def pick(items: list, fraction: float):
    return items[int(fraction * len(items))]


def read_rows(path: Path) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_rows(rows: list[list[str]], edit: tuple) -> list[list[str]]:
    kind = edit[0]
    header, body = rows[:1], rows[1:]
    width = max((len(r) for r in rows), default=1) or 1
    if kind == "cell" and body:
        row = pick(body, edit[1])
        if row:
            row[int(edit[2] * len(row))] = edit[3]
    elif kind == "header" and header and header[0]:
        header[0][int(edit[1] * len(header[0]))] = edit[2]
    elif kind in ("drop-column", "duplicate-column"):
        column = int(edit[1] * width)
        for row in rows:
            if column < len(row):
                row[column:column + 1] = [] if kind == "drop-column" else [row[column], row[column]]
    elif kind == "swap-columns":
        a, b = int(edit[1] * width), int(edit[2] * width)
        for row in rows:
            if max(a, b) < len(row):
                row[a], row[b] = row[b], row[a]
    elif kind in ("drop-row", "duplicate-row") and body:
        index = int(edit[1] * len(body))
        body[index:index + 1] = [] if kind == "drop-row" else [body[index], list(body[index])]
    elif kind == "swap-rows" and body:
        a, b = int(edit[1] * len(body)), int(edit[2] * len(body))
        body[a], body[b] = body[b], body[a]
    return header + body


def edit_file(path: Path, edit: tuple, outside: Path) -> None:
    kind = edit[0]
    if not path.is_file() or path.is_symlink():
        return
    if kind == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: int(edit[1] * len(data))])
    elif kind == "bytes":
        data = path.read_bytes()
        at = int(edit[1] * len(data))
        path.write_bytes(data[:at] + edit[2] + data[at:])
    elif kind == "link-outside":
        shutil.move(path, outside / path.name)
        path.symlink_to(outside / path.name)
    elif kind == "folder":
        path.unlink()
        path.mkdir()
    elif kind == "delete":
        path.unlink()
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        rows = read_rows(path)
        if rows is not None:
            write_rows(path, edit_rows(rows, edit))


def edit_descriptor(descriptor: dict, edit: tuple) -> dict | None:
    """The edited descriptor, or None to leave the file alone."""
    kind = edit[0]
    resources = descriptor.get("resources")
    if kind == "package-key":
        descriptor[edit[1]] = edit[2]
        return descriptor
    if not isinstance(resources, list) or not resources:
        return None
    resource = pick(resources, edit[1])
    if kind == "drop-resource":
        resources.remove(resource)
        return descriptor
    if kind == "resource-key" and isinstance(resource, dict):
        resource[edit[2]] = edit[3]
        return descriptor
    schema = resource.get("schema") if isinstance(resource, dict) else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        return None
    field = pick(fields, edit[2])
    if kind == "drop-field":
        fields.remove(field)
    elif kind == "duplicate-field":
        fields.append(json.loads(json.dumps(field)))
    elif kind == "field-key" and isinstance(field, dict):
        field[edit[3]] = edit[4]
    elif kind == "constraint" and isinstance(field, dict):
        constraints = field.setdefault("constraints", {})
        if isinstance(constraints, dict):
            constraints[edit[3]] = edit[4]
    return descriptor


def apply(package: Path, edits: list[tuple], outside: Path) -> None:
    tables = sorted(p for p in package.glob("*.csv"))
    frozen = sorted(p for p in package.glob("releases/*/*") if p.is_file())
    for edit in edits:
        if edit[0] == "table" and tables:
            edit_file(pick(tables, edit[1]), edit[2], outside)
        elif edit[0] == "frozen" and frozen:
            edit_file(pick(frozen, edit[1]), edit[2], outside)
        elif edit[0] == "descriptor":
            path = package / "datapackage.json"
            if edit[1][0] == "truncate":
                edit_file(path, edit[1], outside)
                continue
            try:
                descriptor = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(descriptor, dict):
                edited = edit_descriptor(descriptor, edit[1])
                if edited is not None:
                    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")


def examples() -> int:
    return int(os.environ.get("CIVCAS_FUZZ_EXAMPLES", "200"))
