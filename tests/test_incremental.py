"""Rebuilds after an edit reuse what the edit did not change, and give the site a clean build gives."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from civcas import (
    allegation_pages,
    checks,
    context,
    corrections,
    diff,
    downloads,
    kept,
    load,
    reconcile,
    site,
    snapshots,
    templating,
    validate,
)
from civcas import map as allegation_map
from civcas import pages as civcas_pages
from civcas.problems import InvalidPackage
from civcas.site import BuildFailed, build
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(package: Path, docs: Path, folder: Path) -> dict[str, str]:
    """A build with nothing kept from before: its own output folder, hence its own cache."""
    out = folder / "site"
    build(package, out, ROOT / "mkdocs.yml", docs)
    return tree_digest(out)


@pytest.fixture
def converted(monkeypatch) -> list[str]:
    """The pages MkDocs turns from Markdown into HTML, by source name."""
    seen: list[str] = []
    render = Page.render

    def counting(page: Page, config, files) -> None:  # noqa: ANN001
        seen.append(page.file.src_uri)
        render(page, config, files)

    monkeypatch.setattr(Page, "render", counting)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuilds_after_edits_of_a_cell_and_a_page_give_what_a_clean_build_gives(mini_package, tmp_path, converted):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    out = tmp_path / "live" / "site"
    build(mini_package, out, ROOT / "mkdocs.yml", docs)
    every_page = len(converted)

    edit(mini_package / "sources.csv", "Coalition admits 105", "Coalition admits 105 (edited)")
    converted.clear()
    build(mini_package, out, ROOT / "mkdocs.yml", docs)
    assert 0 < len(converted) < every_page / 2, converted
    assert "sources.md" in converted
    assert tree_digest(out) == clean_build(mini_package, docs, tmp_path / "clean-1")

    edit(docs / "about.md", "civcas", "civcas (edited)")
    converted.clear()
    build(mini_package, out, ROOT / "mkdocs.yml", docs)
    assert "about.md" in converted and "sources.md" not in converted
    assert tree_digest(out) == clean_build(mini_package, docs, tmp_path / "clean-2")


def test_an_invalid_edit_leaves_the_site_and_the_next_valid_one_builds_as_a_clean_build(mini_package, tmp_path):
    out = tmp_path / "live" / "site"
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    before = tree_digest(out)
    observations = mini_package / "observations.csv"
    valid = observations.read_text(encoding="utf-8")
    edit(observations, ",105,", ",lots,")
    for _ in range(2):  # the second time from the kept validation result
        with pytest.raises(InvalidPackage) as refused:
            build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
        assert any("observations.csv:3:cum_killed:" in p.line() for p in refused.value.problems)
        assert tree_digest(out) == before
    observations.write_text(valid.replace("-1 looks like", "-2 looks like", 1), encoding="utf-8")
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    assert tree_digest(out) != before
    assert tree_digest(out) == clean_build(mini_package, ROOT / "docs", tmp_path / "clean")


def test_a_page_whose_rendering_warned_is_never_reused_so_a_strict_build_fails_each_time(mini_package, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n", encoding="utf-8")
    out = tmp_path / "live" / "site"
    for _ in range(2):
        with pytest.raises(BuildFailed):
            build(mini_package, out, ROOT / "mkdocs.yml", docs)
    assert not out.exists()


def test_only_the_edited_table_and_the_tables_that_refer_to_it_are_validated_again(mini_package, tmp_path,
                                                                                  monkeypatch):
    cache = tmp_path / "cache"
    assert load.schema_problems(mini_package, cache) == load.schema_problems(mini_package)
    validated: list[str] = []
    check = load.resource_problems
    monkeypatch.setattr(load, "resource_problems", lambda d, r: validated.append(r.name) or check(d, r))
    assert load.schema_problems(mini_package, cache) == []
    assert validated == []
    edit(mini_package / "sources.csv", "Coalition admits 105", "Coalition admits 105 (edited)")
    assert load.schema_problems(mini_package, cache) == []
    # observations and monitor counts refer to sources by source_id, which the edit of a title left as it was
    assert validated == ["sources"]
    validated.clear()
    renamed = (mini_package / "sources.csv").read_text(encoding="utf-8").replace("wire-2018-03-01,", "wire-renamed,", 1)
    (mini_package / "sources.csv").write_text(renamed, encoding="utf-8")
    problems = load.schema_problems(mini_package, cache)
    # resolutions refer to no table; the others refer to sources, or to observations, which do not change
    assert sorted(validated) == sorted(["sources", "observations", "monitor_counts"])
    assert problems == load.schema_problems(mini_package) != []


def test_the_observations_are_reconciled_again_only_when_they_or_the_resolutions_change(mini_package, monkeypatch):
    reconciled: list[int] = []
    reconciling = reconcile.reconcile
    monkeypatch.setattr(validate, "reconcile", lambda *a: reconciled.append(1) or reconciling(*a))
    first = validate.validate(mini_package)
    assert first.valid and reconciled
    reconciled.clear()
    edit(mini_package / "sources.csv", "Coalition admits 105", "Coalition admits 105 (edited)")
    again = validate.validate(mini_package)
    assert reconciled == []
    monkeypatch.setattr(validate, "_FROM_OBSERVATIONS", {})
    fresh = validate.validate(mini_package)
    assert reconciled and again.to_dict() == fresh.to_dict()
    assert again.reconciled.statements.equals(fresh.reconciled.statements)
    assert again.reconciled.conflicts.equals(fresh.reconciled.conflicts)

    edit(mini_package / "observations.csv", "-1 looks like", "-2 looks like")
    assert validate.validate(mini_package).valid and reconciled


def test_a_replaced_check_is_run_not_answered_from_memory(mini_package, monkeypatch):
    assert validate.validate(mini_package).valid
    problem = validate.Problem(str(mini_package / "observations.csv"), 2, "report_id", "refused by the replaced check")
    monkeypatch.setattr(checks, "report_ids_match_kinds", lambda *a: [problem])
    assert validate.validate(mini_package).problems == [problem]


def test_a_table_is_parsed_again_only_when_its_file_changes(mini_package, monkeypatch):
    parsed: list[str] = []
    reading = load.read_table
    monkeypatch.setattr(load, "read_table", lambda data: parsed.append(data.split(b"\n", 1)[0]) or reading(data))
    first = validate.validate(mini_package)
    parsed.clear()
    first.package.tables["sources"].loc[0, "title"] = "changed by a caller"  # a caller's copy, not the kept one
    edit(mini_package / "sources.csv", "Coalition admits 105", "Coalition admits 105 (edited)")
    again = validate.validate(mini_package)
    assert parsed == [(mini_package / "sources.csv").read_bytes().split(b"\n", 1)[0]]  # the header of sources.csv
    assert "changed by a caller" not in set(again.package.tables["sources"]["title"])
    assert again.package.digests["sources"] != first.package.digests["sources"]
    assert again.package.digests["observations"] == first.package.digests["observations"]


def forget_this_process(monkeypatch) -> None:  # noqa: ANN001
    """What a build keeps in memory emptied, as in a new process: only the files in the cache are left."""
    monkeypatch.setattr(downloads, "_WORKBOOK", {})
    monkeypatch.setattr(downloads, "_TABLE_FILES", {})
    monkeypatch.setattr(allegation_map, "_KEPT", {})
    monkeypatch.setattr(site, "_FIGURES", {})
    monkeypatch.setattr(allegation_pages, "_FILTERED", {})
    monkeypatch.setattr(corrections, "_UNRELEASED", {})
    monkeypatch.setattr(site, "_CHART_DATA", {})
    monkeypatch.setattr(site, "_CHART_FOLDERS", {})
    monkeypatch.setattr(civcas_pages, "_BUNDLES", {})
    monkeypatch.setattr(diff, "_COMPARED", {})
    monkeypatch.setattr(context, "_PICTURES", {})
    monkeypatch.setattr(snapshots, "_PARSED", {})
    monkeypatch.setattr(snapshots, "_DIFFS", {})
    monkeypatch.setattr(templating, "RENDERED", templating.Rendered())
    monkeypatch.setattr(load, "_PARSED", {})
    monkeypatch.setattr(validate, "_FROM_OBSERVATIONS", {})


def test_a_new_process_builds_from_the_kept_files_what_a_clean_build_gives(mini_package, tmp_path, monkeypatch):
    out = tmp_path / "live" / "site"
    forget_this_process(monkeypatch)
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    forget_this_process(monkeypatch)
    monkeypatch.setattr(downloads, "workbook_bytes", lambda *a: pytest.fail("workbook written again"))
    monkeypatch.setattr(allegation_map, "svg", lambda *a: pytest.fail("map drawn again"))
    monkeypatch.setattr(load, "schema_problems", lambda *a: pytest.fail("tables validated again"))
    monkeypatch.setattr(kept, "start_worker", lambda: pytest.fail("work handed to the worker process"))
    rendered = templating.environment().get_template
    monkeypatch.setattr(templating.environment(), "get_template", lambda *a: pytest.fail(f"{a} rendered again"))
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    monkeypatch.undo()

    forget_this_process(monkeypatch)
    assert templating.environment().get_template == rendered
    assert tree_digest(out) == clean_build(mini_package, ROOT / "docs", tmp_path / "clean-1")
    edit(mini_package / "observations.csv", "-1 looks like", "-2 looks like")  # a note: the workbook changes
    forget_this_process(monkeypatch)
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    forget_this_process(monkeypatch)
    assert tree_digest(out) == clean_build(mini_package, ROOT / "docs", tmp_path / "clean-2")
    assert len(list((tmp_path / "live" / ".cache").glob("workbook-*"))) == 1, "only the latest workbook is kept"


def test_diffs_of_frozen_releases_are_kept_and_equal_the_ones_computed(tmp_path, monkeypatch):
    frozen = snapshots.load_snapshots(ROOT / "datapackage")[0]
    computed = snapshots.diffs_between(frozen)
    assert snapshots.kept_diffs(frozen, tmp_path) == computed
    monkeypatch.setattr(snapshots, "_DIFFS", {})
    monkeypatch.setattr(snapshots, "diffs_between", lambda s: pytest.fail("computed again"))
    assert snapshots.kept_diffs(frozen, tmp_path) == computed


def test_corrections_between_frozen_releases_are_kept_and_equal_the_ones_found(tmp_path, monkeypatch):
    first, second = snapshots.load_snapshots(ROOT / "datapackage")[0][:2]
    found = corrections.step_corrections(first.tables, second.tables, second.keys())
    monkeypatch.setattr(corrections, "_RELEASED", {})  # as in a new process: nothing found in memory yet
    assert found and corrections.released_step(first, second, tmp_path) == found
    monkeypatch.setattr(corrections, "_RELEASED", {})
    monkeypatch.setattr(corrections, "step_corrections", lambda *a: pytest.fail("found again"))
    assert corrections.released_step(first, second, tmp_path) == found


def test_a_rebuild_for_another_address_makes_the_chart_files_for_that_address(mini_package, tmp_path):
    out = tmp_path / "live" / "site"
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs", site_url="https://first.example/")
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs", site_url="https://second.example/")
    embeds = [p.read_text(encoding="utf-8") for p in (out / "embed").glob("*.html")]
    assert embeds and all("https://second.example/charts.html" in page for page in embeds)
    assert not any("first.example" in page for page in embeds)


def test_a_rebuild_after_an_allegation_edit_lists_it_as_a_clean_build_does(mini_package, tmp_path):
    out = tmp_path / "live" / "site"
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    edit(mini_package / "allegations.csv", "near Mosul, Iraq", "west of Mosul, Iraq")
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    assert "west of Mosul" in (out / "allegations" / "country-iraq-1.html").read_text(encoding="utf-8")
    assert tree_digest(out) == clean_build(mini_package, ROOT / "docs", tmp_path / "clean")
