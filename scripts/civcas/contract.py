"""What the code relies on in the descriptor. Table Schema proves a value valid only against the schema the
descriptor gives, and editors can edit the descriptor: before any value is used, the descriptor must still
declare every field the code reads, with the type, pattern or values the code parses it by.

Fields beyond these, descriptions and other constraints are free to change.
"""

from __future__ import annotations

from civcas.fields import FIGURES
from civcas.problems import Problem

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
MONTH_OR_DAY = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
FIGURE_LIST = f"^({'|'.join(FIGURES)})( ({'|'.join(FIGURES)}))*$"
STATEMENT_KINDS = ("monthly-report", "release", "periodic-report", "statement", "citation", "annual-report")
VERDICTS = ("credible", "not-credible", "duplicate")
EVIDENCE = ("coalition-text", "verbatim-copy", "wire-report", "outlet-report")
FIGURE_KINDS = ("estimate", "lower-bound", "range", "allegation-tally", "media-tally", "documented-tally",
                "admitted-count", "not-a-count")
AREAS = ("all-operations", "iraq-and-syria", "iraq", "syria")
ANNUAL_INCIDENTS = ("in-year", "earlier-years")

TEXT = {"type": "string"}
INTEGER = {"type": "integer"}
Spec = dict[str, object]

RESOURCES: dict[str, dict[str, Spec]] = {
    "sources": {
        "source_id": {"type": "string", "pattern": ID}, "publisher": TEXT, "title": TEXT, "url": TEXT,
        "published": {"type": "string", "pattern": PARTIAL_DATE}, "kind": TEXT,
        "evidence": {"type": "string", "enum": EVIDENCE}, "reported_by": TEXT, "language": TEXT, "note": TEXT,
    },
    "observations": {
        "report_id": {"type": "string", "pattern": ID}, "source_id": TEXT,
        "statement_kind": {"type": "string", "enum": STATEMENT_KINDS},
        "release_date": {"type": "string", "pattern": MONTH_OR_DAY}, "release_date_basis": TEXT,
        "period_start": {"type": "date"}, "period_end": {"type": "date"}, "period_end_basis": TEXT,
        "cum_strikes_qualifier": TEXT, "figures_found": {"type": "boolean"},
        **{f: INTEGER for f in FIGURES if f not in ("release_date", "period_end")},
        "inferred_fields": {"type": "string", "pattern": FIGURE_LIST}, "note": TEXT,
    },
    "resolutions": {
        "report_id": {"type": "string", "pattern": ID}, "field": {"type": "string", "enum": FIGURES},
        "value": TEXT, "reason": TEXT,
    },
    "monitor_counts": {
        "count_id": {"type": "string", "pattern": ID}, "monitor": TEXT,
        "statement_date": {"type": "string", "pattern": PARTIAL_DATE}, "statement_date_basis": TEXT,
        "area": TEXT, "period_start": {"type": "string", "pattern": PARTIAL_DATE},
        "period_end": {"type": "string", "pattern": PARTIAL_DATE}, "period_kind": TEXT,
        "figure_low": INTEGER, "figure_high": INTEGER, "qualifier": TEXT,
        "figure_kind": {"type": "string", "enum": FIGURE_KINDS}, "attributed_to": TEXT, "measure": TEXT,
        "coalition_figure_cited": INTEGER, "source_id": TEXT, "note": TEXT,
    },
    "allegations": {
        "allegation_id": {"type": "string", "pattern": ID}, "report_id": {"type": "string", "pattern": ID},
        "reference": TEXT, "incident_date": {"type": "string", "pattern": MONTH_OR_DAY},
        "incident_date_basis": TEXT, "place": TEXT, "place_basis": TEXT, "country": TEXT,
        "verdict": {"type": "string", "enum": VERDICTS}, "killed": INTEGER, "injured": INTEGER, "mgrs": TEXT,
        "document_url": TEXT, "monitor_code": TEXT, "monitor_url": TEXT, "read_at": TEXT, "note": TEXT,
    },
    "annual_reports": {
        "report_id": {"type": "string", "pattern": ID}, "source_id": TEXT,
        "area": {"type": "string", "enum": AREAS}, "incidents": {"type": "string", "enum": ANNUAL_INCIDENTS},
        "first_year": INTEGER, "last_year": INTEGER, "killed": INTEGER, "killed_qualifier": TEXT,
        "injured": INTEGER, "injured_qualifier": TEXT, "note": TEXT,
    },
}
KEYS: dict[str, tuple[list[str], list[tuple[list[str], str, list[str]]]]] = {
    "sources": (["source_id"], []),
    "observations": (["report_id", "source_id"], [(["source_id"], "sources", ["source_id"])]),
    "resolutions": (["report_id", "field"], []),
    "monitor_counts": (["count_id"], [(["source_id"], "sources", ["source_id"])]),
    "allegations": (["allegation_id"], [(["report_id"], "observations", ["report_id"])]),
    "annual_reports": (["report_id", "source_id", "area", "incidents"],
                       [(["report_id", "source_id"], "observations", ["report_id", "source_id"])]),
}


def field_problem(declared: dict, spec: Spec) -> str | None:
    wanted = spec["type"]
    if declared.get("type", "string") != wanted:
        return f"must have type {wanted}, not {declared.get('type', 'string')}"
    parsed = wanted != "string" or "pattern" in spec or "enum" in spec
    if parsed and declared.get("format", "default") != "default":
        return "must keep the default format"
    constraints = declared.get("constraints", {})
    if not isinstance(constraints, dict):
        return "constraints must be an object"
    if "pattern" in spec and constraints.get("pattern") != spec["pattern"]:
        return f"must keep the pattern {spec['pattern']}"
    if "enum" in spec:
        values = constraints.get("enum")
        if not isinstance(values, list) or not values or not set(values) <= set(spec["enum"]):
            return f"must list its values (enum) from: {', '.join(spec['enum'])}"
    return None


def keys_problem(schema: dict, name: str) -> str | None:
    primary, foreign = KEYS[name]
    declared = schema.get("primaryKey")
    if declared != primary and declared != primary[0]:
        return f"the primary key must be {'+'.join(primary)}"
    refs = [(f.get("fields"), (f.get("reference") or {}).get("resource"), (f.get("reference") or {}).get("fields"))
            for f in schema.get("foreignKeys", []) or [] if isinstance(f, dict)]
    normal = [(list(a) if isinstance(a, list) else [a], r, list(b) if isinstance(b, list) else [b])
              for a, r, b in refs]
    for fields, resource, target in foreign:
        if (fields, resource, target) not in normal:
            return f"the foreign key {'+'.join(fields)} -> {resource}.{'+'.join(target)} must be declared"
    return None


def contract_problems(descriptor: dict, where: str) -> list[Problem]:
    """Every way the descriptor departs from what the code was written for, located by resource and field."""
    problems = []
    resources = {r["name"]: r for r in descriptor["resources"]
                 if isinstance(r, dict) and isinstance(r.get("name"), str)}
    for name, fields in RESOURCES.items():
        schema = resources.get(name, {}).get("schema")
        if isinstance(schema, dict) and not isinstance(schema.get("fields"), list):
            continue
        if not isinstance(schema, dict):
            continue  # reported as a missing resource or schema already
        declared = {f.get("name"): f for f in schema.get("fields", []) if isinstance(f, dict)}
        for field, spec in fields.items():
            located = f"resources.{name}.schema.{field}"
            if field not in declared:
                problems.append(Problem(where, 0, located, "field missing from the schema", "contract"))
                continue
            reason = field_problem(declared[field], spec)
            if reason:
                problems.append(Problem(where, 0, located, reason, "contract"))
        reason = keys_problem(schema, name)
        if reason:
            problems.append(Problem(where, 0, f"resources.{name}.schema", reason, "contract"))
    return problems
