"""Frozen releases under datapackage/releases/VERSION/: read them, and check nobody changed them."""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from civcas.diff import TableDiff, diff_package
from civcas.problems import Problem

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
NOTES = "NOTES.txt"


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(p) for p in version.split("."))
    return major, minor, patch


@dataclass
class Snapshot:
    version: str
    folder: Path
    files: dict[str, bytes]

    @property
    def descriptor(self) -> dict:
        return json.loads(self.files["datapackage.json"])

    @property
    def date(self) -> str:
        return self.descriptor["created"][:10]

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {r["name"]: pd.read_csv(io.BytesIO(self.files[r["path"]]), dtype=str, keep_default_na=False)
                for r in self.descriptor["resources"]}

    def keys(self) -> dict[str, list[str]]:
        return {r["name"]: r["schema"]["primaryKey"] for r in self.descriptor["resources"]}

    @property
    def notes(self) -> str:
        return self.files[NOTES].decode("utf-8")


def diffs_between(snapshots: list[Snapshot]) -> dict[str, list[TableDiff]]:
    """Each release against the one before it; the first against nothing."""
    out, previous = {}, None
    for snapshot in snapshots:
        out[snapshot.version] = diff_package(previous.tables if previous else None, snapshot.tables,
                                             snapshot.keys())
        previous = snapshot
    return out


def checksum_problems(folder: Path) -> list[Problem]:
    """Every file listed in SHA256SUMS exists with that hash, and no file is unlisted."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return [Problem(str(sums), 0, "", "frozen release has no SHA256SUMS", "snapshot")]
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if not name or "/" in name or name.startswith("."):
            return [Problem(str(sums), number, "", f"malformed line: {line!r}", "snapshot")]
        listed[name] = digest
    problems = []
    present = {p.name for p in folder.iterdir() if p.is_file()} - {"SHA256SUMS"}
    for name in sorted(present - listed.keys()):
        problems.append(Problem(str(folder / name), 0, "", "file is not in SHA256SUMS", "snapshot"))
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(Problem(str(path), 0, "", "listed in SHA256SUMS but missing", "snapshot"))
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(Problem(str(path), 0, "", "changed after release: its SHA-256 no longer matches "
                                                      "SHA256SUMS; frozen files must never change", "snapshot"))
    return problems


def releases_dir(package_dir: Path) -> Path:
    return package_dir / "releases"


def load_snapshots(package_dir: Path) -> tuple[list[Snapshot], list[Problem]]:
    """Every frozen release, oldest first, or the problems that make one unusable."""
    folder = releases_dir(package_dir)
    if not folder.is_dir():
        return [], []
    snapshots, problems = [], []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or not SEMVER.match(child.name):
            problems.append(Problem(str(child), 0, "", "not a release folder named by a version", "snapshot"))
            continue
        found = checksum_problems(child)
        if found:
            problems.extend(found)
            continue
        files = {p.name: p.read_bytes() for p in sorted(child.iterdir()) if p.is_file()}
        snapshots.append(Snapshot(child.name, child, files))
    return sorted(snapshots, key=lambda s: version_key(s.version)), problems
