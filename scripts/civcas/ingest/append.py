"""Add drafted rows to the package only if the package still validates with them."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from civcas.ingest.draft import csv_row
from civcas.problems import Problem


def resource(package_dir: Path, name: str) -> tuple[str, list[str]]:
    """Path and columns of a table, from the package's descriptor."""
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    found = next(r for r in descriptor["resources"] if r["name"] == name)
    return found["path"], [f["name"] for f in found["schema"]["fields"]]


def observations_resource(package_dir: Path) -> tuple[str, list[str]]:
    return resource(package_dir, "observations")


def with_rows(path: Path, rows: list[dict[str, str]], columns: list[str]) -> bytes:
    """The table's bytes with rows added at the end, in the file's own column order."""
    data = path.read_bytes()
    header = next(csv.reader([data.decode("utf-8").split("\n", 1)[0]]))
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data + "".join(csv_row(row, header or columns, header=False) for row in rows).encode("utf-8")


def append_rows(package_dir: Path, rows: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """Validate a copy of the package with the rows added to their tables; write them only when that copy
    is valid. Returns the problems of the copy, located in the real package's files (empty when added)."""
    from civcas.validate import validate

    new: dict[str, bytes] = {}
    for name, added in rows.items():
        if added:
            path, columns = resource(package_dir, name)
            new[path] = with_rows(package_dir / path, added, columns)
    with tempfile.TemporaryDirectory(prefix="civcas-append-") as scratch:
        copy = Path(scratch) / package_dir.name
        shutil.copytree(package_dir, copy)
        for path, data in new.items():
            (copy / path).write_bytes(data)
        report = validate(copy)
        if not report.valid:
            return [Problem(p.path.replace(str(copy), str(package_dir), 1), p.row, p.field, p.message, p.check)
                    for p in report.problems]
    for path, data in new.items():
        partial = package_dir / f".{Path(path).name}.{os.getpid()}.tmp"
        partial.write_bytes(data)
        os.replace(partial, package_dir / path)
    return []

