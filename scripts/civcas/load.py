"""Read a package from disk safely: descriptor, resource paths, bytes, then Table Schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civcas.problems import Problem

DESCRIPTOR = "datapackage.json"
REQUIRED_RESOURCES = ("sources", "observations", "resolutions", "monitor_counts", "allegations")


@dataclass
class Package:
    """A package that passed Table Schema validation: its descriptor and its tables as text."""

    directory: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def path_of(self, name: str) -> str:
        return str(self.directory / self.resource(name)["path"])

    def integer_fields(self, name: str) -> list[str]:
        return [f["name"] for f in self.resource(name)["schema"]["fields"] if f["type"] == "integer"]


def read_descriptor(directory: Path) -> tuple[dict | None, list[Problem]]:
    path = directory / DESCRIPTOR
    shown = str(path)
    if not directory.is_dir():
        return None, [Problem(str(directory), 0, "", "package folder not found")]
    if not path.is_file():
        return None, [Problem(shown, 0, "", "descriptor not found")]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        return None, [Problem(shown, 0, "", f"not UTF-8 text (byte {error.start})")]
    except json.JSONDecodeError as error:
        return None, [Problem(shown, error.lineno, "", f"broken JSON: {error.msg} (column {error.colno})")]
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
    return None


def check_resources(directory: Path, descriptor: dict) -> list[Problem]:
    """Everything frictionless would trip over or silently accept, said plainly, before it runs."""
    shown = str(directory / DESCRIPTOR)
    problems: list[Problem] = []
    names = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for missing in [n for n in REQUIRED_RESOURCES if n not in names]:
        problems.append(Problem(shown, 0, "resources", f"resource '{missing}' is missing"))
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict):
            problems.append(Problem(shown, 0, "resources", "each resource must be an object"))
            continue
        name = resource.get("name", "?")
        reason = unsafe_path_reason(resource.get("path"))
        if reason:
            problems.append(Problem(shown, 0, f"resources.{name}.path", reason, "safety"))
            continue
        dialect = resource.get("dialect", {})
        if resource.get("format") != "csv" or dialect.get("delimiter") != "," or dialect.get("header") is not True:
            problems.append(Problem(shown, 0, f"resources.{name}", "declare format csv, header true and delimiter ','"))
        problems.extend(check_file_bytes(directory / resource["path"]))
    return problems


def check_file_bytes(path: Path) -> list[Problem]:
    shown = str(path)
    if not path.is_file():
        return [Problem(shown, 0, "", "file not found")]
    data = path.read_bytes()
    if not data.strip():
        return [Problem(shown, 0, "", "file is empty: it needs at least a header row")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(shown, line, "", f"not UTF-8 text (byte {error.start}); save the file as UTF-8")]
    return []


def schema_problems(directory: Path) -> list[Problem]:
    """Table Schema validation by the official frictionless library, as our Problems."""
    from frictionless import Package as FrictionlessPackage

    try:
        package = FrictionlessPackage(str(directory / DESCRIPTOR))
        report = package.validate()
    except Exception as error:  # frictionless raises many kinds on a broken descriptor
        return [Problem(str(directory / DESCRIPTOR), 0, "", f"invalid descriptor: {error}")]
    problems = [Problem(str(directory / DESCRIPTOR), 0, "", e.message) for e in report.errors]
    resources = {r.name: r for r in package.resources}
    for task in report.tasks:
        resource = resources[task.name]
        shown = str(directory / resource.path)
        key = "+".join(resource.schema.primary_key)
        problems.extend(Problem(shown, *located(error, key)) for error in task.errors)
    return problems


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


def read_tables(directory: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Tables as text; empty cells are empty strings, so nothing is guessed by a parser.

    Integers are written back in one canonical form (Table Schema accepts " 5" and "+7").
    """
    tables = {}
    for resource in descriptor["resources"]:
        table = pd.read_csv(directory / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8")
        for f in resource["schema"]["fields"]:
            if f["type"] == "integer":
                table[f["name"]] = table[f["name"]].map(lambda v: str(int(v)) if v.strip() else "")
        tables[resource["name"]] = table
    return tables


def load_package(directory: Path) -> tuple[Package | None, list[Problem]]:
    descriptor, problems = read_descriptor(directory)
    if descriptor is None:
        return None, problems
    problems = check_resources(directory, descriptor)
    if problems:
        return None, problems
    problems = schema_problems(directory)
    if problems:
        return None, problems
    return Package(directory, descriptor, read_tables(directory, descriptor)), []
