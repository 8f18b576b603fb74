"""Files written only when their bytes change: a rebuild after a one-cell edit changes a handful of the site's
files, and creating a file costs more than reading and comparing one.

`sync_folder` brings the staging folder up to date in place. `reusing_published` makes MkDocs hard-link a
file of the new site to the published one at the same place when the bytes are the same, instead of creating
it again: the published site is never written into (a build writes a new folder and swaps it in), so the two
names share bytes that no build changes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def sync_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Afterwards `folder` holds exactly `files` (relative POSIX names to bytes); files already holding their
    bytes are left alone, files no longer wanted are removed, with the folders they leave empty."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.rglob("*"), reverse=True):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_file() and name not in files):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for name, data in files.items():
        path = folder / name
        if same_bytes(path, data):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def identity(path: Path) -> tuple[int, ...]:
    info = path.stat()
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


# Pairs of files found to hold the same bytes, by both files' identities: a rebuild finds most of the theme's
# and the charts' files as they were, and their identities say so without reading them again. Only files last
# changed a while ago are remembered: a file's time moves in steps of a few milliseconds, so a file written
# twice within one step could keep its identity (the "racily clean" case of git's index).
_SAME_FILES: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
SETTLED_NS = 2_000_000_000


def same_files(source: Path, published: Path) -> bool:
    try:
        pair = (identity(source), identity(published))
    except OSError:
        return False
    if pair in _SAME_FILES:
        return True
    if published.is_symlink() or not same_bytes(published, source.read_bytes()):
        return False
    if max(pair[0][3], pair[1][3]) < time.time_ns() - SETTLED_NS:
        _SAME_FILES.add(pair)
    return True


def linked_to_published(data: bytes | Path, output: Path, site_dir: Path, published: Path,
                        resolved: Callable[[Path], Path] = Path.resolve) -> bool:
    """Whether `output` (in the site being built) could be made a link to the published file with `data`
    (bytes, or a file's path). `resolved` resolves a folder's links (a build passes one that remembers its
    answers)."""
    try:
        source = published / output.relative_to(site_dir)
        inside = resolved(source.parent).is_relative_to(resolved(published))  # not through a link to elsewhere
    except (ValueError, OSError):
        return False
    if not inside or not (same_files(data, source) if isinstance(data, Path) else same_bytes(source, data)):
        return False
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, output)
    except OSError:  # another file system, or links not supported: write it
        return False
    return True


@contextmanager
def reusing_published(site_dir: Path, published: Path) -> Iterator[None]:
    """While MkDocs writes `site_dir`, files whose bytes equal the published ones become links to them."""
    from mkdocs import utils

    write_file, copy_file = utils.write_file, utils.copy_file
    resolved = lru_cache(maxsize=None)(Path.resolve)  # nothing writes into the published site meanwhile

    def write_or_link(content: bytes, output_path: str) -> None:
        if not linked_to_published(content, Path(output_path), site_dir, published, resolved):
            write_file(content, output_path)

    def copy_or_link(source_path: str, output_path: str) -> None:
        output = Path(output_path)
        if output.is_dir():
            output = output / Path(source_path).name
        if not linked_to_published(Path(source_path), output, site_dir, published, resolved):
            copy_file(source_path, output_path)

    utils.write_file, utils.copy_file = write_or_link, copy_or_link
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = write_file, copy_file
