"""`civcas release VERSION`: freeze the validated package as a citable, never-changing snapshot."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from civcas.citation import Citable
from civcas.diff import TableDiff, diff_package
from civcas.downloads import checksums, data_files
from civcas.problems import InvalidPackage, Problem
from civcas.settings import release_url, site_url
from civcas.snapshots import NOTES, SEMVER, TEMPORARY_PREFIX, Snapshot, load_snapshots, releases_dir, version_key
from civcas.validate import validate

CHANGES_HEADER = "# Changes\n\nEach data release, newest first. Versions: major for a schema change, minor for new " \
                 "reports, sources or monitor counts, patch for corrections.\n"


def refuse(where: str, message: str) -> InvalidPackage:
    return InvalidPackage([Problem(where, 0, "", message, "release")])


def check_version(version: str, snapshots: list[Snapshot], package_dir: Path) -> None:
    where = str(releases_dir(package_dir) / version)
    if not SEMVER.match(version):
        raise refuse(where, f"'{version}' is not a version of the form MAJOR.MINOR.PATCH")
    existing = [s.version for s in snapshots]
    if version in existing:
        raise refuse(where, f"release {version} exists already; frozen releases are never written again")
    if existing and version_key(version) <= version_key(existing[-1]):
        raise refuse(where, f"release {version} is not newer than the latest release, {existing[-1]}")


def release_notes(version: str, date: str, counts: dict[str, int], diffs: list[TableDiff], previous: str) -> str:
    lines = [f"civcas data release {version}, {date}", "",
             f"{counts['releases']} official releases ({counts['monthly_reports']} monthly reports), "
             f"{counts['observations']} observations, {counts['sources']} sources, "
             f"{counts['resolutions']} resolutions, {counts['monitor_counts']} monitor counts.", "",
             f"Changes since {previous}:" if previous else "First release: every row is new.", ""]
    lines += [f"- {d.summary()}" for d in diffs]
    return "\n".join(lines) + "\n"


def changes_entry(version: str, date: str, url: str, diffs: list[TableDiff], previous: str) -> str:
    since = f"since {previous}" if previous else "(first release)"
    lines = [f"## {version} ({date})", "", f"Permanent address: {url}", "", f"Rows per table {since}:", ""]
    for d in diffs:
        lines.append(f"- {d.summary()}")
        if d.changed_rows and len(d.changed_rows) <= 20:
            lines.append(f"  - changed: {', '.join(d.changed_rows)}")
    return "\n".join(lines) + "\n"


def write_changes(path: Path, entry: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGES_HEADER
    head, _, rest = text.partition("\n## ")
    rest = f"\n## {rest}" if rest else ""
    path.write_text(head.rstrip("\n") + "\n\n" + entry + rest, encoding="utf-8")


def make_release(version: str, date: str, package_dir: Path = Path("datapackage"), root: Path = Path(".")) -> Path:
    """Validate, refuse an existing or older version, then write the snapshot and the files that name it."""
    snapshots, problems = load_snapshots(package_dir)
    if problems:
        raise InvalidPackage(problems)
    check_version(version, snapshots, package_dir)
    report = validate(package_dir)
    if not report.valid:
        raise InvalidPackage(report.problems)
    descriptor = json.loads(json.dumps(report.package.descriptor))
    descriptor["version"], descriptor["created"] = version, f"{date}T00:00:00Z"
    files = data_files(report, descriptor)
    previous = snapshots[-1] if snapshots else None
    fresh = Snapshot(version, releases_dir(package_dir) / version, files)
    diffs = diff_package(previous.tables if previous else None, fresh.tables, fresh.keys())
    files[NOTES] = release_notes(version, date, report.stats(), diffs, previous.version if previous else "").encode()
    files["SHA256SUMS"] = checksums(files)
    _freeze(releases_dir(package_dir) / version, files)
    (package_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
    url = release_url(site_url(root / "mkdocs.yml"), version)
    citable = Citable(descriptor["title"], version, date, url)
    (root / "CITATION.cff").write_text(citable.cff(descriptor["description"], tuple(descriptor["keywords"])),
                                       encoding="utf-8")
    write_changes(root / "CHANGES.md", changes_entry(version, date, url, diffs, previous.version if previous else ""))
    return releases_dir(package_dir) / version


def _freeze(target: Path, files: dict[str, bytes]) -> None:
    """Write into a temporary folder, then rename: a snapshot appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=target.parent))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        temporary.rename(target)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary)
