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

from civcas import diff
from civcas.diff import TableDiff, diff_package
from civcas.files import DEFAULT_MAX_BYTES, file_problems, folder_problems
from civcas.kept import kept_object
from civcas.problems import Problem

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
NOTES = "NOTES.txt"
TEMPORARY_PREFIX = ".release-"
DIGEST = re.compile(r"^[0-9a-f]{64}$")
CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
        return {r["name"]: parsed(self.files[r["path"]]) for r in self.descriptor["resources"]}

    def keys(self) -> dict[str, list[str]]:
        return {r["name"]: r["schema"]["primaryKey"] for r in self.descriptor["resources"]}

    @property
    def notes(self) -> str:
        return self.files[NOTES].decode("utf-8")


_PARSED: dict[bytes, pd.DataFrame] = {}


def parsed(data: bytes) -> pd.DataFrame:
    """A table of a release as text, parsed once a process: frozen tables are read on every build, and never
    change. Callers read the frame; none changes it."""
    key = hashlib.sha256(data).digest()
    if key not in _PARSED:
        if len(_PARSED) > 64:
            _PARSED.clear()
        _PARSED[key] = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    return _PARSED[key]


def diffs_key(snapshots: list[Snapshot]) -> str:
    """A digest of the releases' files and of the code that compares them."""
    digest = hashlib.sha256(Path(diff.__file__).read_bytes())
    for snapshot in snapshots:
        digest.update(snapshot.version.encode() + b"\0")
        for name in sorted(snapshot.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(snapshot.files[name]).digest())
    return digest.hexdigest()


_DIFFS: dict[str, bytes] = {}


def kept_diffs(snapshots: list[Snapshot], cache: Path | None = None) -> dict[str, list[TableDiff]]:
    """`diffs_between`, computed once for the same frozen releases: in this process, and in `cache` if given."""
    key = diffs_key(snapshots)
    path = cache / f"diffs-{key}.pickle" if cache else None
    return kept_object(_DIFFS, key, path, lambda: diffs_between(snapshots))  # type: ignore[return-value]


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
    try:
        lines = sums.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return [Problem(str(sums), 0, "", "not UTF-8 text", "snapshot")]
    for number, line in enumerate(lines, start=1):
        digest, _, name = line.partition("  ")
        if not name or "/" in name or name.startswith(".") or not DIGEST.match(digest):
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


def is_unfinished(child: Path) -> bool:
    """A folder a release was being written into when it was stopped; the next release removes it."""
    return child.name.startswith(TEMPORARY_PREFIX)


def expected_files(version: str, descriptor: dict) -> set[str]:
    tables = {r["path"] for r in descriptor["resources"]}
    return {*tables, *(name.removesuffix(".csv") + ".json" for name in tables),
            "datapackage.json", NOTES, "SHA256SUMS", f"civcas-{version}.zip"}


def later_files(version: str) -> set[str]:
    """Files that releases carry since the workbook and the findings were published: allowed, not required
    (earlier releases were frozen without them)."""
    return {f"civcas-{version}.xlsx", "findings.csv", "findings.json"}


def descriptor_problem(version: str, data: bytes) -> str | None:
    """Why a frozen descriptor cannot be read as the release it claims to be."""
    try:
        descriptor = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        return f"broken JSON: {error}"
    if not isinstance(descriptor, dict) or descriptor.get("version") != version:
        return f"the descriptor does not say version {version}"
    if not isinstance(descriptor.get("created"), str) or not CREATED.match(descriptor["created"]):
        return "the descriptor has no creation date (created: YYYY-MM-DDT...)"
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources or not all(
            isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)
            and SAFE_NAME.match(r["path"]) and r["path"].endswith(".csv")
            and isinstance(r.get("schema"), dict) and isinstance(r["schema"].get("primaryKey"), list)
            for r in resources):
        return "each resource needs a name, a CSV file name in this folder and a schema with a primary key"
    return None


def table_problems(snapshot: Snapshot) -> list[Problem]:
    """Each frozen table parses and has the columns of its primary key."""
    problems = []
    for resource in snapshot.descriptor["resources"]:
        path = snapshot.folder / resource["path"]
        try:
            frame = parsed(snapshot.files[resource["path"]])
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
            problems.append(Problem(str(path), 0, "", f"not a readable CSV table: {error}", "snapshot"))
            continue
        missing = [k for k in resource["schema"]["primaryKey"] if k not in frame.columns]
        if missing:
            problems.append(Problem(str(path), 1, "+".join(missing), "primary key column missing", "snapshot"))
    return problems


def snapshot_problems(child: Path, max_bytes: int) -> list[Problem]:
    """Everything that makes a release folder unusable, in the order a reader would fix it."""
    problems = folder_problems(child)
    if problems:
        return problems
    if not SEMVER.match(child.name):
        return [Problem(str(child), 0, "", "not a release folder named by a version", "snapshot")]
    for path in sorted(child.iterdir()):
        problems.extend(file_problems(path, child, max_bytes, "snapshot"))
    if problems:
        return problems
    problems = checksum_problems(child)
    if problems:
        return problems
    descriptor_path = child / "datapackage.json"
    if not descriptor_path.is_file():
        return [Problem(str(descriptor_path), 0, "", "frozen release has no datapackage.json", "snapshot")]
    wrong = descriptor_problem(child.name, descriptor_path.read_bytes())
    if wrong:
        return [Problem(str(descriptor_path), 0, "", wrong, "snapshot")]
    expected = expected_files(child.name, json.loads(descriptor_path.read_bytes()))
    present = {p.name for p in child.iterdir()}
    problems += [Problem(str(child / n), 0, "", "missing: every release holds its tables as CSV and JSON, "
                         "datapackage.json, NOTES.txt, SHA256SUMS and its zip", "snapshot")
                 for n in sorted(expected - present)]
    problems += [Problem(str(child / n), 0, "", "unexpected file in a frozen release", "snapshot")
                 for n in sorted(present - expected - later_files(child.name))]
    return problems


def load_snapshots(package_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Snapshot], list[Problem]]:
    """Every frozen release, oldest first, or the problems that make one unusable."""
    folder = releases_dir(package_dir)
    if not folder.exists() and not folder.is_symlink():
        return [], []
    problems = folder_problems(folder)
    if problems:
        return [], problems
    snapshots = []
    for child in sorted(folder.iterdir()):
        if is_unfinished(child):
            continue
        found = snapshot_problems(child, max_bytes)
        if not found:
            snapshot = Snapshot(child.name, child, {p.name: p.read_bytes() for p in sorted(child.iterdir())})
            found = table_problems(snapshot)
            if not found:
                snapshots.append(snapshot)
        problems.extend(found)
    return sorted(snapshots, key=lambda s: version_key(s.version)), problems
