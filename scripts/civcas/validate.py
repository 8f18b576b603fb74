"""The whole validation: Table Schema, then our checks, then reconciliation, as one report."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civcas import addresses, allegations, annual, checks, evidence
from civcas.files import DEFAULT_MAX_BYTES
from civcas.kept import latest_in
from civcas.load import Package, checked_descriptor, kept_schema_problems, load_tables
from civcas.problems import Finding, Problem
from civcas.reconcile import Reconciled, reconcile
from civcas.snapshots import Snapshot, load_snapshots


@dataclass
class Report:
    package_dir: str
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    package: Package | None = None
    reconciled: Reconciled | None = None
    snapshots: list[Snapshot] = field(default_factory=list)
    coverage: pd.DataFrame | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def stats(self) -> dict[str, int]:
        if self.package is None or self.reconciled is None:
            return {}
        tables = self.package.tables
        return {
            "sources": len(tables["sources"]),
            "observations": len(tables["observations"]),
            "resolutions": len(tables["resolutions"]),
            "monitor_counts": len(tables["monitor_counts"]),
            "allegations": len(tables["allegations"]),
            "releases": len(self.reconciled.releases),
            "monthly_reports": int((self.reconciled.releases["statement_kind"] == "monthly-report").sum()),
            "conflicts": int(self.reconciled.conflicts[["report_id", "field"]].drop_duplicates().shape[0]),
        }

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "package": self.package_dir,
            "problems": [p.to_dict() for p in self.problems],
            "findings": [f.to_dict() for f in self.findings],
            "stats": self.stats(),
        }


@dataclass
class FromObservations:
    """What the observations and resolutions alone give: the reconciliation, the problems of the observations,
    and the findings (None when there are problems: findings are only made from valid data)."""

    reconciled: Reconciled
    problems: list[Problem]
    findings: list[Finding] | None


def observation_checks() -> tuple:
    """The checks of the observations alone, looked up on each call: a replaced check is the one run."""
    return (checks.report_ids_match_kinds, checks.qualifiers_go_with_values, checks.inferred_fields_are_stated,
            checks.every_row_states_a_figure, checks.published_after_period)


def from_observations(package: Package) -> FromObservations:
    tables = package.tables
    observations, obs_path = tables["observations"], package.path_of("observations")
    reconciled = reconcile(observations, tables["resolutions"], obs_path, package.path_of("resolutions"))
    resolved = set(zip(tables["resolutions"]["report_id"], tables["resolutions"]["field"], strict=True))
    problems = [
        *reconciled.problems,
        *(problem for check in observation_checks() for problem in check(observations, obs_path)),
        *checks.cumulative_never_falls(reconciled.releases, observations, resolved, obs_path),
    ]
    findings = None if problems else [f for check in checks.FINDING_CHECKS for f in check(reconciled.releases)]
    return FromObservations(reconciled, problems, findings)


_FROM_OBSERVATIONS: dict[tuple, bytes] = {}


def kept_from_observations(package: Package) -> FromObservations:
    """`from_observations`, made again only when the observations or resolutions change: a live preview
    rebuilds after every edit, and most edits are to other tables or to prose. Each call returns a copy of its
    own. The key holds the functions used, so that a replaced check is not answered from memory."""
    functions = (reconcile, *observation_checks(), checks.cumulative_never_falls, *checks.FINDING_CHECKS)
    key = (package.digests.get("observations"), package.digests.get("resolutions"), tuple(map(id, functions)))
    if None in key[:2]:
        return from_observations(package)
    made = latest_in(_FROM_OBSERVATIONS, key, lambda: pickle.dumps(from_observations(package)))
    return pickle.loads(made)  # type: ignore[arg-type]  # noqa: S301 (made here, in this process)


def package_checks(package: Package, reconciled: Reconciled) -> list[Problem]:
    """The checks of the other tables, and of the observations against them."""
    tables = package.tables
    observations = tables["observations"]
    used = set(observations["source_id"]) | set(tables["monitor_counts"]["source_id"])
    return [
        *checks.every_source_used(tables["sources"], used, package.path_of("sources")),
        *evidence.evidence_matches_kind(tables["sources"], package.path_of("sources")),
        *addresses.addresses_are_documents(tables["sources"], package.path_of("sources")),
        *checks.monitor_figures_are_coherent(tables["monitor_counts"], package.path_of("monitor_counts")),
        *allegation_checks(package, reconciled),
        *annual.rows_are_coherent(tables["annual_reports"], observations, package.path_of("annual_reports")),
    ]


def allegation_checks(package: Package, reconciled: Reconciled) -> list[Problem]:
    table, path = package.tables["allegations"], package.path_of("allegations")
    return [
        *allegations.references_unique(table, path),
        *allegations.reports_known(table, reconciled.releases, path),
        *allegations.incidents_precede_reports(table, reconciled.releases, path),
        *allegations.grids_place_in_region(table, path),
    ]


def validate(package_dir: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, cache: Path | None = None) -> Report:
    """Every problem of the package; findings only for a package without problems (they would mislead).

    `cache`: a folder where Table Schema results are kept by the content they were computed from. While
    frictionless validates the tables in the worker process, our own checks run here on the same files; what
    they find counts only once Table Schema finds nothing, as if they had run after it."""
    directory = Path(package_dir)
    descriptor, problems = checked_descriptor(directory, max_bytes)
    if descriptor is None:
        return Report(str(package_dir), problems)
    schema_problems = kept_schema_problems(directory, descriptor, cache)
    try:
        report = checked(Report(str(package_dir)), directory, descriptor, max_bytes)
    except Exception:
        if schema_problems():
            return Report(str(package_dir), schema_problems())
        raise
    return Report(str(package_dir), schema_problems()) if schema_problems() else report


def checked(report: Report, directory: Path, descriptor: dict, max_bytes: int) -> Report:
    """Our checks of a package, its reconciliation and its findings."""
    package, problems = load_tables(directory, descriptor)
    if package is None:
        report.problems = problems
        return report
    tables = package.tables
    derived = kept_from_observations(package)
    reconciled = derived.reconciled
    reconciled.statements = evidence.graded(reconciled.statements, tables["sources"], reconciled.support)
    report.package, report.reconciled = package, reconciled
    report.snapshots, snapshot_problems = load_snapshots(directory, max_bytes)
    report.problems = [*derived.problems, *package_checks(package, reconciled), *snapshot_problems]
    if report.valid:
        report.findings = list(derived.findings or [])
        report.coverage = allegations.coverage(tables["allegations"], reconciled.releases)
        report.findings += allegations.listed_against_reports(report.coverage)
    return report
