"""`civcas release VERSION`: freeze the validated package as a citable, never-changing snapshot."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from civcas.citation import Citable
from civcas.diff import TableDiff, diff_package
from civcas.downloads import chart_data, checksums, data_files
from civcas.files import DEFAULT_MAX_BYTES
from civcas.problems import InvalidPackage, Problem
from civcas.settings import release_url, site_url
from civcas.snapshots import (
    NOTES,
    SEMVER,
    TEMPORARY_PREFIX,
    Snapshot,
    is_unfinished,
    load_snapshots,
    releases_dir,
    version_key,
)
from civcas.validate import validate

CHANGES_HEADER = (
    "# Changes\n\nEach data release, newest first. Versions: major when a column or table is removed, renamed or "
    "redefined; minor for additions (reports, sources, monitor counts, new columns or tables that leave existing "
    "ones as they were); patch for corrections.\n"
)


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


def with_entry(text: str, entry: str) -> bytes:
    """CHANGES.md with `entry` first; an earlier entry for the same version (from a release that was
    stopped and run again) is replaced, not repeated."""
    text = text or CHANGES_HEADER
    head, _, rest = text.partition("\n## ")
    heading = entry.split("\n", 1)[0].split(" (")[0]
    kept = [f"## {e}" for e in rest.split("\n## ") if e and f"## {e}".split(" (")[0] != heading] if rest else []
    body = "\n".join(e.rstrip("\n") + "\n" for e in [entry, *kept])
    return (head.rstrip("\n") + "\n\n" + body).encode("utf-8")


def make_release(version: str, date: str, package_dir: Path = Path("datapackage"), root: Path = Path("."),
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """Validate, refuse an existing or older version, then write the files that name the release and,
    last, the snapshot itself. Each write is atomic and repeating them gives the same bytes, so a release
    stopped at any point leaves no partial snapshot, and running it again completes it."""
    remove_unfinished(package_dir)
    snapshots, problems = load_snapshots(package_dir, max_bytes)
    if problems:
        raise InvalidPackage(problems)
    check_version(version, snapshots, package_dir)
    report = validate(package_dir, max_bytes)
    if not report.valid:
        raise InvalidPackage(report.problems)
    descriptor = json.loads(json.dumps(report.package.descriptor))
    descriptor["version"], descriptor["created"] = version, f"{date}T00:00:00Z"
    from civcas.site import figures_for  # drawing the charts loads Altair: only when a release is made

    tables = report.package.tables
    figures = figures_for(report.reconciled.releases, tables["monitor_counts"], tables["allegations"])
    files = data_files(report, descriptor, charts=chart_data(figures))
    previous = snapshots[-1] if snapshots else None
    fresh = Snapshot(version, releases_dir(package_dir) / version, files)
    diffs = diff_package(previous.tables if previous else None, fresh.tables, fresh.keys())
    files[NOTES] = release_notes(version, date, report.stats(), diffs, previous.version if previous else "").encode()
    files["SHA256SUMS"] = checksums(files)
    url = release_url(site_url(root / "mkdocs.yml"), version)
    citable = Citable(descriptor["title"], version, date, url)
    write_atomically(package_dir / "datapackage.json",
                     (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    write_atomically(root / "CITATION.cff",
                     citable.cff(descriptor["description"], tuple(descriptor["keywords"])).encode("utf-8"))
    changes = root / "CHANGES.md"
    entry = changes_entry(version, date, url, diffs, previous.version if previous else "")
    write_atomically(changes, with_entry(changes.read_text(encoding="utf-8") if changes.exists() else "", entry))
    _freeze(releases_dir(package_dir) / version, files)
    return releases_dir(package_dir) / version


def remove_unfinished(package_dir: Path) -> None:
    """Folders left by a release that was stopped before its snapshot was renamed into place."""
    folder = releases_dir(package_dir)
    if folder.is_dir() and not folder.is_symlink():
        for child in folder.iterdir():
            if is_unfinished(child) and child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


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
