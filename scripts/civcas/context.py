"""What every page generator reads: the validated package, reconciled, with lookups."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from civcas import load
from civcas.charts import Figure
from civcas.diff import TableDiff
from civcas.downloads import TABLES, DataFiles, frame_digest
from civcas.fields import records
from civcas.kept import latest_in
from civcas.pictures import Pictures, pictures
from civcas.problems import Finding
from civcas.snapshots import kept_diffs
from civcas.validate import Report

RULE = ("Settled by rule: an exact strike count outranks a bound or a round figure ('more than', 'about') "
        "given by another source.")


def by_report(frame: pd.DataFrame) -> dict[str, list[dict]]:
    """The rows of `frame` as dicts, grouped by report_id, each group in the table's order."""
    out: dict[str, list[dict]] = {}
    for row in records(frame):
        out.setdefault(row["report_id"], []).append(row)
    return out


_PICTURES: dict[tuple[str, str], dict[str, Pictures]] = {}


@dataclass
class SiteContext:
    report: Report
    figures: list[Figure]
    data: DataFiles | None = None
    site_url: str = "/"
    cache: Path | None = None  # where rendered pictures are kept between builds
    changes: str = ""  # CHANGES.md: the release notes in the editors' words
    figures_key: str = ""  # a digest of what the figures are drawn from; empty when not known

    @cached_property
    def downloads(self) -> dict[str, bytes]:
        """Every file of data/: asked for last, so the pages before it are made while the workbook is written."""
        return self.data.complete() if self.data else {}

    @property
    def table_files(self) -> dict[str, bytes]:
        """The tables' files, the descriptor and the zip, ready before the workbook."""
        return self.data.ready if self.data else {}

    @property
    def download_names(self) -> list[str]:
        return self.data.names if self.data else []

    @cached_property
    def pictures(self) -> dict[str, Pictures]:
        """Each chart rendered offline: the page's static image and the take-away SVG and PNG; kept in this
        process while the figures and the data version stay the same."""
        def make() -> dict[str, Pictures]:
            return {f.name: pictures(f, self.version, self.cache) for f in self.figures}
        if not self.figures_key:
            return make()
        return latest_in(_PICTURES, (self.figures_key, self.version), make)  # type: ignore[return-value]

    @property
    def snapshots(self):
        return self.report.snapshots

    @property
    def latest_release(self):
        return self.snapshots[-1] if self.snapshots else None

    @property
    def unreleased_changes(self) -> bool:
        """Whether the tables differ from the latest frozen release (or there is none)."""
        latest = self.latest_release
        if latest is None:
            return True
        names = [f"{name}.csv" for name in TABLES]
        return any(latest.files.get(n) != self.table_files[n] for n in names)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return self.report.package.tables

    def table_digest(self, name: str) -> bytes:
        """A digest of a table of the package: of its file, its schema and the code that reads it, where the
        package knows them, which is quicker than digesting the frame's cells."""
        known = self.report.package.digests.get(name)
        if not known:
            return frame_digest(self.tables[name])
        return hashlib.sha256(known.encode() + Path(load.__file__).read_bytes()).digest()

    @property
    def releases(self) -> pd.DataFrame:
        return self.report.reconciled.releases

    @property
    def statements(self) -> pd.DataFrame:
        return self.report.reconciled.statements

    @property
    def conflicts(self) -> pd.DataFrame:
        return self.report.reconciled.conflicts

    @property
    def version(self) -> str:
        return self.report.package.descriptor["version"]

    @cached_property
    def release_diffs(self) -> dict[str, list[TableDiff]]:
        """Each frozen release against the one before it (used by the release pages and the feed)."""
        return kept_diffs(self.snapshots, self.cache)

    @cached_property
    def release_ids(self) -> set[str]:
        """The official releases, each with a page of its own (other statements have none)."""
        return set(self.releases["report_id"])

    @cached_property
    def annual_ids(self) -> set[str]:
        """The Defense Department's annual reports, listed on a page of their own."""
        return set(self.statements.loc[self.statements["statement_kind"] == "annual-report", "report_id"])

    @cached_property
    def sources(self) -> dict[str, dict]:
        return {row["source_id"]: row for row in records(self.tables["sources"])}

    @cached_property
    def resolutions(self) -> dict[tuple[str, str], dict]:
        return {(r["report_id"], r["field"]): r for r in records(self.tables["resolutions"])}

    @cached_property
    def conflicted(self) -> set[tuple[str, str]]:
        """(report, field) pairs on which sources disagree, for lookups page after page."""
        return set(zip(self.conflicts["report_id"], self.conflicts["field"], strict=True))

    @cached_property
    def observations_by_report(self) -> dict[str, pd.DataFrame]:
        return dict(tuple(self.tables["observations"].groupby("report_id", sort=False)))

    @cached_property
    def allegations_by_report(self) -> dict[str, list[dict]]:
        """Each report's allegations as rows, in the table's order: read once, not filtered page after page."""
        return by_report(self.tables["allegations"])

    @cached_property
    def observation_rows_by_report(self) -> dict[str, list[dict]]:
        return by_report(self.tables["observations"])

    @cached_property
    def conflicts_by_report(self) -> dict[str, list[dict]]:
        return by_report(self.conflicts)

    @cached_property
    def coverage_by_report(self) -> dict[str, dict]:
        return {row["report_id"]: row for row in self.report.coverage.to_dict("records")}

    def reason(self, report_id: str, field_name: str) -> str:
        """Why a value stands: the resolution's words, or the rule that settled a disagreement by itself."""
        resolution = self.resolutions.get((report_id, field_name))
        if resolution:
            return resolution["reason"]
        return RULE if (report_id, field_name) in self.conflicted else ""

    def findings_for(self, report_id: str) -> list[Finding]:
        return [f for f in self.report.findings if f.report_id == report_id]

    def observations_for(self, report_id: str) -> pd.DataFrame:
        obs = self.tables["observations"]
        return self.observations_by_report.get(report_id, obs.iloc[0:0])
