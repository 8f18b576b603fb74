"""Add a drafted row to the package only if the package still validates with it."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from civcas.ingest.draft import csv_row
from civcas.problems import Problem


def observations_resource(package_dir: Path) -> tuple[str, list[str]]:
    """Path and columns of the observations table, from the package's descriptor."""
    import json

    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "observations")
    return resource["path"], [f["name"] for f in resource["schema"]["fields"]]


def with_row(path: Path, row: dict[str, str], columns: list[str]) -> bytes:
    """The table's bytes with one row added at the end, in the file's own column order."""
    data = path.read_bytes()
    header = next(csv.reader([data.decode("utf-8").split("\n", 1)[0]]))
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data + csv_row(row, header or columns, header=False).encode("utf-8")


def append_observation(package_dir: Path, row: dict[str, str]) -> list[Problem]:
    """Validate a copy of the package with the row added; write the row only when that copy is valid.

    Returns the problems of the copy, located in the real package's files (empty when the row was added).
    """
    from civcas.validate import validate

    name, columns = observations_resource(package_dir)
    target = package_dir / name
    new = with_row(target, row, columns)
    with tempfile.TemporaryDirectory(prefix="civcas-append-") as scratch:
        copy = Path(scratch) / package_dir.name
        shutil.copytree(package_dir, copy)
        (copy / name).write_bytes(new)
        report = validate(copy)
        if not report.valid:
            return [Problem(p.path.replace(str(copy), str(package_dir), 1), p.row, p.field, p.message, p.check)
                    for p in report.problems]
    target.write_bytes(new)
    return []
