"""The published data: every table as CSV and JSON, a Frictionless descriptor, a zip and checksums."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from civcas import fields as fields_module
from civcas import load
from civcas import workbook as workbook_module
from civcas.evidence import GRADES
from civcas.fields import RELEASE_KINDS, rows
from civcas.findings import SCHEMA as FINDINGS_SCHEMA
from civcas.findings import FindingsBuilder, findings_frame
from civcas.kept import kept_later
from civcas.package_readme import citable, licence_notice, readme
from civcas.validate import Report
from civcas.workbook import workbook_bytes

TABLES = ("releases", "observations", "sources", "resolutions", "monitor_counts", "allegations", "annual_reports")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FINDINGS = "findings"
FINDINGS_HOLDS = ("The published findings: where a report's own figures do not add up, or the allegations "
                  "listed for it fall short of its own counts. Facts about the sources, not errors in the data.")


def neutralise(value: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(frame: pd.DataFrame, integer_fields: set[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    is_number = [c in integer_fields for c in frame.columns]
    for row in rows(frame):
        writer.writerow([v if n else neutralise(v) for n, v in zip(is_number, row, strict=True)])
    return out.getvalue().encode("utf-8")


def typed_records(frame: pd.DataFrame, integer_fields: set[str], boolean_fields: frozenset[str] = frozenset()
                  ) -> list[dict]:
    def typed(column: str, value: str) -> object:
        if value == "":
            return None
        if column in boolean_fields:
            return value == "true"
        return int(value) if column in integer_fields else value
    columns = list(frame.columns)
    return [{c: typed(c, v) for c, v in zip(columns, row, strict=True)} for row in rows(frame)]


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


_WORKBOOK: dict[str, bytes] = {}


def workbook(readme_text: str, tables: dict[str, pd.DataFrame], ints: dict[str, set[str]], created: datetime,
             title: str, cache: Path | None = None, digests: dict[str, bytes] | None = None) -> Callable[[], bytes]:
    """The workbook, written again only when what goes into it changes (kept in this process, and in `cache`
    if given): a live preview rebuilds after every edit, and writing it takes longer than anything else in
    the downloads. With `cache`, it is written in the worker process while this one goes on; the returned
    function gives its bytes. `digests`: the tables' `frame_digest`s where they are known already."""
    numbers = sorted((name, sorted(fields)) for name, fields in ints.items())
    digest = hashlib.sha256(f"{readme_text}\0{created.isoformat()}\0{title}\0{numbers}".encode())
    digest.update(f"\0xlsxwriter {version('xlsxwriter')}\0".encode())
    for module in (workbook_module, fields_module):
        digest.update(Path(module.__file__).read_bytes())
    for name, frame in tables.items():
        digest.update(f"\0{name}\0".encode() + ((digests or {}).get(name) or frame_digest(frame)))
    key = digest.hexdigest()
    return kept_later(_WORKBOOK, cache, "workbook", key, f"{key}.xlsx", workbook_bytes,
                      readme_text, tables, ints, created, title)


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A digest of a table's columns and cells."""
    digest = hashlib.sha256(json.dumps([str(c) for c in frame.columns]).encode())
    digest.update(pd.util.hash_pandas_object(frame.astype(str), index=True).to_numpy().tobytes())
    return digest.digest()


_TABLE_FILES: dict[bytes, tuple[bytes, bytes]] = {}


def table_files(frame: pd.DataFrame, integers: set[str], booleans: frozenset[str], digest: bytes | None = None
                ) -> tuple[bytes, bytes]:
    """A table as CSV and JSON, kept in this process for the next build: an edit changes one or two tables.
    `digest`: the frame's `frame_digest`, if known."""
    key = (digest or frame_digest(frame)) + json.dumps([sorted(integers), sorted(booleans)]).encode()
    if key not in _TABLE_FILES:
        if len(_TABLE_FILES) > 4 * len(TABLES):
            _TABLE_FILES.clear()
        _TABLE_FILES[key] = (csv_bytes(frame, integers), json_bytes(typed_records(frame, integers, booleans)))
    return _TABLE_FILES[key]


def chart_csv(data: pd.DataFrame) -> bytes:
    """A chart's data as CSV, empty where a value is missing."""
    return csv_bytes(data.astype(object).where(data.notna(), "").astype(str), set())


def chart_data(figures: Iterable) -> dict[str, tuple[str, bytes]]:
    """Each chart's data file name, with the chart's title and its CSV."""
    return {f"{f.name}.csv": (f.title, chart_csv(f.data)) for f in figures}


@dataclass
class DataFiles:
    """The files of data/, the workbook and the zip perhaps still being written in the worker process."""

    ready: dict[str, bytes]  # the tables' files and the descriptor
    later: dict[str, Callable[[], bytes]]  # the workbook and the zip: each function waits for its file

    @property
    def names(self) -> list[str]:
        return sorted([*self.ready, *self.later, "SHA256SUMS"])

    def complete(self) -> dict[str, bytes]:
        """Every file of data/, once the workbook and the zip are written."""
        files = {**self.ready, **{name: made() for name, made in self.later.items()}}
        files["SHA256SUMS"] = checksums(files)
        return files


def data_files(report: Report, descriptor: dict | None = None, charts: dict[str, tuple[str, bytes]] | None = None,
               findings: FindingsBuilder = findings_frame, cache: Path | None = None) -> dict[str, bytes]:
    """Every file of data/, name to bytes: tables, findings, descriptor, workbook, zip, checksums.

    `descriptor` replaces the package's own, as when a release sets a new version and date; `charts` (from
    `chart_data`) go into the zip; `findings` builds the findings table; `cache` keeps the workbook.
    """
    return start_data_files(report, descriptor, charts, findings, cache).complete()


def start_data_files(report: Report, descriptor: dict | None = None,
                     charts: dict[str, tuple[str, bytes]] | None = None, findings: FindingsBuilder = findings_frame,
                     cache: Path | None = None, digests: dict[str, bytes] | None = None) -> DataFiles:
    """`data_files`, with the workbook and the zip started in the worker process when `cache` is given.
    `digests`: the published tables' `table_digests`, if known."""
    descriptor = descriptor or report.package.descriptor
    tables = published_tables(report)
    digests = digests or table_digests(report, tables)
    source_schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    source_schemas["releases"] = releases_schema(descriptor)
    files: dict[str, bytes] = {}
    ints = {name: integer_fields(source_schemas[name]) for name in tables}
    for name, frame in tables.items():
        booleans = frozenset(f["name"] for f in source_schemas[name]["fields"] if f["type"] == "boolean")
        files[f"{name}.csv"], files[f"{name}.json"] = table_files(frame, ints[name], booleans, digests[name])
    published = published_descriptor(descriptor, files)
    found = findings(report)
    numbers = {f["name"] for f in FINDINGS_SCHEMA["fields"] if f["type"] == "integer"} & set(found.columns)
    files[f"{FINDINGS}.csv"] = csv_bytes(found, numbers)
    files[f"{FINDINGS}.json"] = json_bytes(typed_records(found, numbers))
    files["datapackage.json"] = json_bytes(published)
    version = published["version"]
    charts = charts or {}
    described = {f["name"]: f for f in FINDINGS_SCHEMA["fields"]}
    extras = {f"{FINDINGS}.csv": (FINDINGS_HOLDS, [described.get(c, {"name": c}) for c in found.columns])}
    rows = {f"{name}.csv": len(frame) for name, frame in tables.items()} | {f"{FINDINGS}.csv": len(found)}
    text = readme(published, rows, extras, {name: title for name, (title, _) in charts.items()})
    created = datetime.fromisoformat(published["created"].replace("Z", "+00:00")).replace(tzinfo=None)
    book = workbook(text, {**tables, FINDINGS: found}, ints | {FINDINGS: numbers}, created, published["title"],
                    cache, digests)
    cite = citable(published)
    bundle = {n: b for n, b in files.items() if n.endswith(".csv") or n == "datapackage.json"}
    bundle |= {"README.md": text.encode("utf-8"), "LICENSE.txt": licence_notice(published).encode("utf-8"),
               "CITATION.cff": cite.cff(published.get("description", ""),
                                        tuple(published.get("keywords", []))).encode("utf-8")}
    bundle |= {f"charts/{name}": data for name, (_, data) in charts.items()}
    return DataFiles(files, {f"civcas-{version}.xlsx": book,
                             f"civcas-{version}.zip": kept_zip(f"civcas-{version}", bundle, cache)})


_ZIP: dict[str, bytes] = {}


def kept_zip(folder: str, files: dict[str, bytes], cache: Path | None) -> Callable[[], bytes]:
    """`zip_bytes`, compressed in the worker process when `cache` is given (every edit changes a table in it)."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + folder.encode())
    for name in sorted(files):
        digest.update(f"\0{name}\0".encode() + hashlib.sha256(files[name]).digest())
    key = digest.hexdigest()
    return kept_later(_ZIP, cache, "zip", key, f"{key}.zip", zip_bytes, folder, files)


@cache
def publishing_code() -> bytes:
    """The code that reads a table from its file and publishes it (read once a process)."""
    return Path(load.__file__).read_bytes() + Path(__file__).read_bytes()


def table_digests(report: Report, tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """A digest of each published table: of its file, its schema and the code that reads and publishes it
    where the package knows them (quicker than digesting its cells), else of its cells."""
    known, code = report.package.digests, publishing_code()
    return {name: hashlib.sha256(known[name].encode() + code).digest() if known.get(name) and
            frame is report.package.tables[name] else frame_digest(frame) for name, frame in tables.items()}


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
