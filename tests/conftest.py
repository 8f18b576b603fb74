"""Shared fixtures: small packages written in the test, against the real descriptor."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL_PACKAGE = ROOT / "datapackage"


def columns(descriptor: dict, name: str) -> list[str]:
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return [f["name"] for f in resource["schema"]["fields"]]


SOURCE = {"source_id": "wire-2018-01-01", "publisher": "A Wire", "title": "A report", "kind": "news", "language": "en"}


def observation(report_id: str = "2018-01", source_id: str = "wire-2018-01-01", **figures: object) -> dict:
    row = {"report_id": report_id, "source_id": source_id, "statement_kind": "monthly-report"}
    row.update({k: str(v) for k, v in figures.items()})
    return row


def write_package(directory: Path, sources: list[dict] | None = None, observations: list[dict] | None = None,
                  resolutions: list[dict] | None = None, monitor_counts: list[dict] | None = None) -> Path:
    """A package with the real descriptor and the given rows (absent columns are empty)."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((REAL_PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    (directory / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    tables = {
        "sources": sources if sources is not None else [SOURCE],
        "observations": observations if observations is not None else [observation(cum_killed=10)],
        "resolutions": resolutions or [],
        "monitor_counts": monitor_counts or [],
    }
    for name, rows in tables.items():
        with open(directory / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns(descriptor, name), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return directory


@pytest.fixture
def make_package(tmp_path: Path) -> Callable[..., Path]:
    def make(**tables: list[dict]) -> Path:
        return write_package(tmp_path / "pkg", **tables)
    return make


@pytest.fixture
def real_package_copy(tmp_path: Path) -> Path:
    target = tmp_path / "real"
    shutil.copytree(REAL_PACKAGE, target, ignore=shutil.ignore_patterns("releases"))
    return target
