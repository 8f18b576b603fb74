"""The published data: every table as CSV and JSON, a Frictionless descriptor, a zip and checksums."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from civcas.evidence import GRADES
from civcas.fields import RELEASE_KINDS
from civcas.validate import Report

TABLES = ("releases", "observations", "sources", "resolutions", "monitor_counts", "allegations")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(frame: pd.DataFrame, integer_fields: set[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([v if c in integer_fields else neutralise(v) for c, v in zip(frame.columns, row, strict=True)])
    return out.getvalue().encode("utf-8")


def typed_records(frame: pd.DataFrame, integer_fields: set[str], boolean_fields: frozenset[str] = frozenset()
                  ) -> list[dict]:
    def typed(column: str, value: str) -> object:
        if value == "":
            return None
        if column in boolean_fields:
            return value == "true"
        return int(value) if column in integer_fields else value
    return [{c: typed(c, v) for c, v in zip(frame.columns, row, strict=True)} for row in frame.itertuples(index=False)]


def json_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def releases_schema(descriptor: dict) -> dict:
    """The schema of the derived releases table, built from the observations schema it comes from."""
    observed = next(r for r in descriptor["resources"] if r["name"] == "observations")["schema"]["fields"]
    by_name = {f["name"]: json.loads(json.dumps(f)) for f in observed}
    for f in by_name.values():
        f.get("constraints", {}).pop("required", None)
    kind = by_name["statement_kind"]
    kind["constraints"] = {"required": True, "enum": list(RELEASE_KINDS)}
    head = [
        {"name": "report_id", "type": "string", "description": "The official release (observations.report_id).",
         "constraints": {"required": True, "unique": True}},
        kind,
        {"name": "data_month", "type": "string", "description": "The month whose assessments a monthly report "
         "covers (YYYY-MM); empty for a release whose period is not stated.",
         "constraints": {"pattern": r"^\d{4}-\d{2}$"}},
    ]
    skip = {"report_id", "source_id", "statement_kind", "note"}
    body = [f for name, f in by_name.items() if name not in skip]
    body[[f["name"] for f in body].index("inferred_fields")]["description"] = (
        "Figures of this release whose value was inferred, not stated, by at least one supporting source.")
    grades = {"required": False, "enum": list(GRADES)}
    tail = [
        {"name": "resolved_fields", "type": "string", "description": "Figures whose value was chosen by a "
         "resolution (see resolutions) because sources disagree or a stated value was set aside."},
        {"name": "evidence_grade", "type": "string", "description": "How well the release's counts are attested: "
         "the best sources.evidence among the documents that support at least one of its counts (coalition-text, "
         "verbatim-copy, wire-report, outlet-report); empty when no count of the release was found.",
         "constraints": grades},
        {"name": "cum_killed_grade", "type": "string", "description": "The same grade for the running total of "
         "civilians assessed killed alone; empty when the release states no total.", "constraints": grades},
        {"name": "cum_killed_reported_by", "type": "string", "description": "Who the best-graded documents "
         "supporting the running total name as its reporter (sources.reported_by, separated by '; ')."},
        {"name": "sources", "type": "string", "description": "Space-separated sources.source_id of every "
         "document that supports at least one figure of this release."},
        {"name": "source_count", "type": "integer", "description": "Number of supporting documents.",
         "constraints": {"minimum": 0}},
    ]
    return {"fields": head + body + tail, "missingValues": [""], "primaryKey": ["report_id"]}


def published_tables(report: Report) -> dict[str, pd.DataFrame]:
    tables = dict(report.package.tables)
    tables["releases"] = report.reconciled.releases.astype({"source_count": str})
    return {name: tables[name] for name in TABLES}


def published_descriptor(source: dict, files: dict[str, bytes]) -> dict:
    resources = {r["name"]: json.loads(json.dumps(r)) for r in source["resources"]}
    resources["releases"] = {
        "name": "releases", "title": "Official releases, reconciled",
        "description": "One row per CJTF-OIR casualty release: the value of every figure after reconciling what "
                       "the sources say, and the sources that support it. Derived from observations and "
                       "resolutions by the build; never edited by hand.",
        "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"header": True, "delimiter": ",", "quoteChar": "\""},
        "schema": releases_schema(source),
    }
    out = {k: v for k, v in source.items() if k != "resources"}
    out["resources"] = []
    for name in TABLES:
        resource = resources[name]
        resource["path"] = f"{name}.csv"
        data = files[f"{name}.csv"]
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        out["resources"].append(resource)
    return out


def integer_fields(schema: dict) -> set[str]:
    return {f["name"] for f in schema["fields"] if f["type"] == "integer"}


def data_files(report: Report, descriptor: dict | None = None) -> dict[str, bytes]:
    """Every file of data/, name to bytes: tables, descriptor, zip of the package, checksums.

    `descriptor` replaces the package's own, as when a release sets a new version and date.
    """
    descriptor = descriptor or report.package.descriptor
    tables = published_tables(report)
    source_schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    source_schemas["releases"] = releases_schema(descriptor)
    files: dict[str, bytes] = {}
    for name, frame in tables.items():
        ints = integer_fields(source_schemas[name])
        files[f"{name}.csv"] = csv_bytes(frame, ints)
        booleans = frozenset(f["name"] for f in source_schemas[name]["fields"] if f["type"] == "boolean")
        files[f"{name}.json"] = json_bytes(typed_records(frame, ints, booleans))
    published = published_descriptor(descriptor, files)
    files["datapackage.json"] = json_bytes(published)
    version = published["version"]
    files[f"civcas-{version}.zip"] = zip_bytes(f"civcas-{version}", {
        n: b for n, b in files.items() if n.endswith(".csv") or n == "datapackage.json"})
    files["SHA256SUMS"] = checksums(files)
    return files


def zip_bytes(folder: str, files: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on its contents: fixed times, fixed order, fixed permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return out.getvalue()


def checksums(files: dict[str, bytes]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
             if name != "SHA256SUMS"]
    return "".join(lines).encode("utf-8")


def write_files(directory: Path, files: dict[str, bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_bytes(data)
