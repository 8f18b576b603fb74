"""A rebuild creates only the files whose bytes changed: the staging folder is updated in place, and the new
site links the files it shares with the published one, which no build ever writes into."""

from __future__ import annotations

import os
import time
from pathlib import Path

from civcas.reuse import linked_to_published, sync_folder
from civcas.site import build

ROOT = Path(__file__).resolve().parents[1]


def test_sync_folder_writes_only_changed_files_and_removes_the_rest(tmp_path):
    folder = tmp_path / "staged"
    sync_folder(folder, {"a.md": b"one", "sub/b.md": b"two", "old/c.md": b"three"})
    kept = (folder / "a.md").stat()
    sync_folder(folder, {"a.md": b"one", "sub/b.md": b"changed", "new.md": b"four"})
    assert (folder / "a.md").stat().st_ino == kept.st_ino and (folder / "a.md").stat().st_mtime_ns == kept.st_mtime_ns
    assert (folder / "sub" / "b.md").read_bytes() == b"changed"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["a.md", "new.md", "sub",
                                                                                 "sub/b.md"]


def test_sync_folder_never_writes_through_a_link(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"not ours")
    folder = tmp_path / "staged"
    folder.mkdir()
    (folder / "page.md").symlink_to(outside)
    sync_folder(folder, {"page.md": b"ours"})
    assert outside.read_bytes() == b"not ours"
    assert not (folder / "page.md").is_symlink() and (folder / "page.md").read_bytes() == b"ours"


def test_a_file_is_linked_only_to_a_published_file_with_the_same_bytes_inside_the_published_site(tmp_path):
    published, building = tmp_path / "site", tmp_path / "next"
    (published / "sub").mkdir(parents=True)
    (published / "sub" / "same.html").write_bytes(b"same")
    (published / "other.html").write_bytes(b"before")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.html").write_bytes(b"same")
    (published / "linked").symlink_to(elsewhere)
    assert linked_to_published(b"same", building / "sub" / "same.html", building, published)
    assert (building / "sub" / "same.html").stat().st_ino == (published / "sub" / "same.html").stat().st_ino
    assert not linked_to_published(b"after", building / "other.html", building, published)
    assert not linked_to_published(b"same", building / "linked" / "x.html", building, published)
    assert not (building / "other.html").exists() and not (building / "linked").exists()


def test_a_rebuild_after_an_edit_shares_the_unchanged_files_with_the_site_it_replaces(mini_package, tmp_path):
    out = tmp_path / "live" / "site"
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    before = {p.relative_to(out): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    table = mini_package / "observations.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("-1 looks like", "-2 looks like", 1),
                     encoding="utf-8")
    build(mini_package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    after = {p.relative_to(out): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    shared = [name for name in after if name in before and after[name][0] == before[name][0]]
    assert all(after[name][1] == before[name][1] for name in shared)
    changed = [name for name in after if name in before and after[name][1] != before[name][1]]
    assert Path("data/observations.csv") in changed and not set(changed) & set(shared)
    assert len(shared) > len(after) / 2, "most of the site is unchanged by one note"


def test_a_copied_file_is_read_once_then_linked_while_both_files_stay_as_they_were(tmp_path, monkeypatch):
    published, site, source = tmp_path / "published", tmp_path / "new", tmp_path / "theme.css"
    published.mkdir()
    (published / "theme.css").write_bytes(b"body{}")
    source.write_bytes(b"body{}")
    assert linked_to_published(source, site / "theme.css", site, published)  # compared: both files are new
    (site / "theme.css").unlink()
    for path in (source, published / "theme.css"):
        os.utime(path, ns=(time.time_ns() - 10**10,) * 2)  # as files written ten seconds ago
    assert linked_to_published(source, site / "theme.css", site, published)  # compared, and remembered
    reads: list[Path] = []
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read(self))
    (site / "theme.css").unlink()
    assert linked_to_published(source, site / "theme.css", site, published)
    assert reads == []
    (site / "theme.css").unlink()
    source.write_bytes(b"body{]")  # same size, other bytes: a new time
    assert not linked_to_published(source, site / "theme.css", site, published)
    assert reads
