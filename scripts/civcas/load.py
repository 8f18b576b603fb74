"""Read a package from disk safely: descriptor, resource paths, bytes, then Table Schema."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from civcas.cells import CONTROL, key_fields, text_problems
from civcas.contract import contract_problems
from civcas.fields import spreadsheet_row
from civcas.files import DEFAULT_MAX_BYTES, file_problems
from civcas.kept import latest_bytes, latest_bytes_later
from civcas.problems import Problem

DESCRIPTOR = "datapackage.json"
REQUIRED_RESOURCES = ("sources", "observations", "resolutions", "monitor_counts", "allegations", "annual_reports")
NAME = re.compile(r"^[a-z0-9._-]+$")
PROFILES = ("tabular-data-package", "data-package")


@dataclass
class Package:
    """A package that passed Table Schema validation: its descriptor and its tables as text."""

    directory: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]
    digests: dict[str, str] = field(default_factory=dict)  # of each table's file and schema

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def path_of(self, name: str) -> str:
        return str(self.directory / self.resource(name)["path"])

    def integer_fields(self, name: str) -> list[str]:
        return [f["name"] for f in self.resource(name)["schema"]["fields"] if f["type"] == "integer"]


def read_descriptor(directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[dict | None, list[Problem]]:
    path = directory / DESCRIPTOR
    shown = str(path)
    if not directory.is_dir():
        return None, [Problem(str(directory), 0, "", "package folder not found")]
    if not path.exists() and not path.is_symlink():
        return None, [Problem(shown, 0, "", "descriptor not found")]
    problems = file_problems(path, directory, max_bytes)
    if problems:
        return None, problems
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        return None, [Problem(shown, 0, "", f"not UTF-8 text (byte {error.start})")]
    except json.JSONDecodeError as error:
        return None, [Problem(shown, error.lineno, "", f"broken JSON: {error.msg} (column {error.colno})")]
    except RecursionError:
        return None, [Problem(shown, 0, "", "broken JSON: nested too deeply")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(shown, 0, "resources", "the descriptor must be an object with a list of resources")]
    return descriptor, []


def unsafe_path_reason(value: object) -> str | None:
    """Why a resource path may not be read, or None when it is a plain file inside the package."""
    if not isinstance(value, str) or not value:
        return "the path must be one relative file name (a string)"
    if "://" in value or value.startswith("//"):
        return f"remote resource '{value}' refused: the package must be self-contained"
    if value.startswith(("/", "\\")) or (len(value) > 1 and value[1] == ":"):
        return f"absolute path '{value}' refused: paths must be inside the package"
    if ".." in Path(value.replace("\\", "/")).parts or "\\" in value:
        return f"path '{value}' refused: it leaves the package folder"
    if CONTROL.search(value) or value != value.strip():
        return f"path {value!r} refused: it holds control characters or surrounding spaces"
    return None


def resource_shape_problems(resource: object) -> list[str]:
    """What frictionless would otherwise fetch, guess or trip over in one resource's description."""
    if not isinstance(resource, dict):
        return ["each resource must be an object"]
    reasons = []
    if not isinstance(resource.get("name"), str) or not NAME.match(resource["name"]):
        reasons.append("the name must be lower-case letters, digits, '-', '_' or '.'")
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"]):
        reasons.append("the schema must be written in the descriptor: an object with a list of named fields")
    dialect = resource.get("dialect")
    if resource.get("format") != "csv" or not isinstance(dialect, dict) or dialect.get("delimiter") != "," \
            or dialect.get("header") is not True:
        reasons.append("declare format csv, header true and delimiter ','")
    if str(resource.get("encoding", "utf-8")).lower() != "utf-8":
        reasons.append("the encoding must be utf-8")
    return reasons


def check_resources(directory: Path, descriptor: dict, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Everything frictionless would trip over or silently accept, said plainly, before it runs."""
    shown = str(directory / DESCRIPTOR)
    problems: list[Problem] = []
    names = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for missing in [n for n in REQUIRED_RESOURCES if n not in names]:
        problems.append(Problem(shown, 0, "resources", f"resource '{missing}' is missing"))
    for twice in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        problems.append(Problem(shown, 0, "resources", f"resource '{twice}' is described more than once"))
    if descriptor.get("profile", "tabular-data-package") not in PROFILES:
        problems.append(Problem(shown, 0, "profile", "the profile must be 'tabular-data-package'"))
    for number, resource in enumerate(descriptor["resources"]):
        name = resource.get("name") if isinstance(resource, dict) else None
        where = f"resources.{name if isinstance(name, str) else number}"
        reasons = resource_shape_problems(resource)
        problems.extend(Problem(shown, 0, where, reason) for reason in reasons)
        if reasons:
            continue
        reason = unsafe_path_reason(resource.get("path"))
        if reason:
            problems.append(Problem(shown, 0, f"{where}.path", reason, "safety"))
            continue
        problems.extend(check_file(directory, resource, max_bytes))
    return problems or contract_problems(descriptor, shown)


def check_file(directory: Path, resource: dict, max_bytes: int) -> list[Problem]:
    """A resource file that is a safe, non-empty UTF-8 CSV whose cells hold only text."""
    path = directory / resource["path"]
    problems = file_problems(path, directory, max_bytes)
    if problems:
        return problems
    shown = str(path)
    data = path.read_bytes()
    if not data.strip():
        return [Problem(shown, 0, "", "file is empty: it needs at least a header row")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(shown, line, "", f"not UTF-8 text (byte {error.start}); save the file as UTF-8")]
    return cell_problems(shown, text, frozenset(key_fields(resource["schema"])))


@lru_cache(maxsize=32)
def cell_problems(shown: str, text: str, keys: frozenset[str]) -> list[Problem]:
    """`text_problems`, kept for the texts of recent builds: a table an edit left alone is not scanned again.
    Callers do not change the list."""
    return text_problems(shown, text, set(keys))


def package_digest(directory: Path, descriptor: dict) -> str:
    """What Table Schema results of the whole package depend on: the descriptor, every table, this code."""
    digest = hashlib.sha256(f"{version('frictionless')}\0{directory}\0".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update((directory / DESCRIPTOR).read_bytes())
    for resource in descriptor["resources"]:
        digest.update(f"\0{resource['path']}\0".encode() + (directory / resource["path"]).read_bytes())
    return digest.hexdigest()


def kept_schema_problems(directory: Path, descriptor: dict, cache: Path | None = None
                         ) -> Callable[[], list[Problem]]:
    """`schema_problems`, kept in `cache` for the package as a whole: a build of unchanged data neither loads
    frictionless nor reads a table through it. With `cache`, the tables are validated in the worker process
    while this one goes on; the returned function waits for the problems."""
    if cache is None:
        return partial(schema_problems, directory)
    name = f"{package_digest(directory, descriptor)}.json"
    made = latest_bytes_later(cache, "schema-package", name, schema_report, os.getcwd(), directory, cache)

    def problems() -> list[Problem]:
        try:
            return [Problem(**p) for p in json.loads(made())]
        except (ValueError, TypeError):  # a kept result cut short or damaged: validate again
            (cache / f"schema-package-{name}").unlink(missing_ok=True)
            return [Problem(**p) for p in json.loads(
                latest_bytes(cache, "schema-package", name, partial(schema_report, os.getcwd(), directory, cache)))]
    return problems


def schema_report(cwd: str, directory: Path, cache: Path) -> bytes:
    """`schema_problems` as JSON, for the worker process, whose working folder may not be this one's."""
    os.chdir(cwd)
    return json.dumps([asdict(p) for p in schema_problems(directory, cache)]).encode("utf-8")


def schema_problems(directory: Path, cache: Path | None = None) -> list[Problem]:
    """Table Schema validation by the official frictionless library, as our Problems.

    What `Package.validate` does, one resource at a time (the descriptor first, then each table with its
    foreign keys), so that with `cache` a table is validated again only when it, the key columns of a table
    it refers to or the descriptor changed: an edit of one cell in a live preview does not validate every
    table again.
    """
    from frictionless import FrictionlessException
    from frictionless import Package as FrictionlessPackage

    shown = str(directory / DESCRIPTOR)
    try:
        package = FrictionlessPackage(shown)
        try:
            package.to_descriptor(validate=True)
        except FrictionlessException as exception:
            return [Problem(shown, 0, "", e.message) for e in exception.to_errors()]
        found = [kept_resource_problems(directory, package, resource, cache) for resource in package.resources]
    except Exception as error:  # frictionless raises many kinds on a broken descriptor
        return [Problem(shown, 0, "", f"invalid descriptor: {error}")]
    # As frictionless reports them: the package's errors first, then each table's.
    return [p for errors, _ in found for p in errors] + [p for _, rows in found for p in rows]


def resource_problems(directory: Path, resource) -> tuple[list[Problem], list[Problem]]:  # noqa: ANN001
    """A table's errors about itself as a whole (shown on the descriptor) and its errors row by row."""
    report = resource.validate()
    errors = [Problem(str(directory / DESCRIPTOR), 0, "", e.message) for e in report.errors]
    key = "+".join(resource.schema.primary_key)
    rows = [Problem(str(directory / resource.path), *located(error, key)) for task in report.tasks
            for error in task.errors]
    return errors, rows


def kept_resource_problems(directory: Path, package, resource,  # noqa: ANN001
                           cache: Path | None) -> tuple[list[Problem], list[Problem]]:
    """`resource_problems`, kept under `cache` by the descriptor, the table and the tables it refers to."""
    if cache is None:
        return resource_problems(directory, resource)
    digest = hashlib.sha256(f"{version('frictionless')}\0{directory}\0{resource.name}\0".encode())
    digest.update(Path(__file__).read_bytes())  # how problems are located may change with this module
    digest.update((directory / DESCRIPTOR).read_bytes())
    digest.update(f"\0{resource.path}\0".encode() + (directory / resource.path).read_bytes())
    for key in sorted(resource.schema.foreign_keys, key=lambda k: json.dumps(k, sort_keys=True)):
        name = key["reference"]["resource"] or resource.name
        if name == resource.name or not package.has_resource(name):
            continue  # its own bytes are in already; a missing table is reported on the rows
        referred = package.get_resource(name)
        digest.update(f"\0{referred.path}\0".encode())
        digest.update(key_columns(directory / referred.path, referred.schema.field_names, key["reference"]["fields"]))
    kept = cache / f"schema-{digest.hexdigest()}.json"
    try:
        errors, rows = json.loads(kept.read_text(encoding="utf-8"))
        return [Problem(**p) for p in errors], [Problem(**p) for p in rows]
    except (OSError, ValueError, TypeError):
        pass  # not kept yet, or unreadable: validate again
    errors, rows = resource_problems(directory, resource)
    cache.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps([[asdict(p) for p in errors], [asdict(p) for p in rows]]), encoding="utf-8")
    os.replace(partial, kept)  # a build stopped half-way never leaves half a result behind
    return errors, rows


def key_columns(path: Path, field_names: list[str], fields: list[str]) -> bytes:
    """What a foreign key looks up in the table at `path`: its header and, row by row, the cells of the
    referred fields, taken by position in the schema as frictionless reads them. A note edited in that table
    leaves these the same, so the tables referring to it need not be validated again. The whole file when it
    cannot be read so."""
    data = path.read_bytes()
    try:
        positions = [field_names.index(f) for f in fields]
        lines = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (ValueError, UnicodeDecodeError, csv.Error):
        return data
    picked = [[row[i] if i < len(row) else None for i in positions] for row in lines[1:]]
    return json.dumps([lines[:1], picked]).encode("utf-8")


def located(error, primary_key: str) -> tuple[int, str, str]:
    """Row, field and message of a frictionless error; label errors sit on the header row."""
    field = getattr(error, "field_name", None) or "+".join(getattr(error, "field_names", None) or [])
    if error.type == "primary-key":
        field = primary_key
    if "label" in error.type:
        label = getattr(error, "label", "")
        return 1, field, f"{error.title}: the header has '{label}' where the schema expects '{field}'"
    cell = getattr(error, "cell", None)
    detail = f" (value '{cell}')" if cell not in (None, "") else ""
    note = f": {error.note}" if error.note else ""
    return getattr(error, "row_number", None) or 0, field, f"{error.title}{note}{detail}"


PLAIN_INTEGER = re.compile(r"^\s*[+-]?[0-9]+\s*$")


def read_table(data: bytes) -> pd.DataFrame:
    """A table as text; empty cells are empty strings, so nothing is guessed by a parser."""
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")


def canonical_integers(path: Path, resource: dict, table: pd.DataFrame) -> list[Problem]:
    """Integers written back in one form. Table Schema also accepts '+7', '1_000' and other scripts' digits
    (Python's int does): only ASCII digits are taken, anything else is reported."""
    problems = []
    for f in resource["schema"]["fields"]:
        if f.get("type") != "integer" or f["name"] not in table:
            continue
        column = table[f["name"]]
        for index, value in column[(column != "") & ~column.str.match(PLAIN_INTEGER)].items():
            problems.append(Problem(str(path), spreadsheet_row(index), f["name"],
                                    f"'{value}' is not a whole number written in the digits 0-9"))
        table[f["name"]] = column.map(lambda v: str(int(v)) if v.strip() else "")
    return problems


_PARSED: dict[str, tuple[str, pd.DataFrame, list[Problem]]] = {}


def parsed_table(directory: Path, resource: dict) -> tuple[pd.DataFrame, list[Problem], str]:
    """A table, its integers' problems and a digest of its file and schema. The latest parse of each table is
    kept in this process: a live preview rebuilds after every edit, and an edit changes one table. Each call
    returns a copy of its own, which the caller may change."""
    path = directory / resource["path"]
    data = path.read_bytes()
    key = hashlib.sha256(json.dumps([str(path), resource["schema"]], sort_keys=True).encode() + b"\0" + data
                         ).hexdigest()
    kept = _PARSED.get(resource["name"])
    if kept is None or kept[0] != key:
        table = read_table(data)
        kept = (key, table, canonical_integers(path, resource, table))
        _PARSED[resource["name"]] = kept
    return kept[1].copy(), list(kept[2]), key


def checked_descriptor(directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[dict | None, list[Problem]]:
    """The descriptor, once it and every file it names are safe to hand to frictionless."""
    descriptor, problems = read_descriptor(directory, max_bytes)
    if descriptor is None:
        return None, problems
    problems = check_resources(directory, descriptor, max_bytes)
    return (None, problems) if problems else (descriptor, [])


def load_tables(directory: Path, descriptor: dict) -> tuple[Package | None, list[Problem]]:
    """The tables as text, each integer in one form; to be trusted only when Table Schema finds no problem."""
    tables, problems, digests = {}, [], {}
    for resource in descriptor["resources"]:
        tables[resource["name"]], found, digests[resource["name"]] = parsed_table(directory, resource)
        problems += found
    if problems:
        return None, problems
    return Package(directory, descriptor, tables, digests), []
