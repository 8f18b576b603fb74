"""What a file in the package may be: a regular file inside the package, reached without a link, not too large.

Checked before anything reads a file, so a link to /etc/passwd, a device or a 10 GB file is refused by name.
"""

from __future__ import annotations

import stat
from pathlib import Path

from civcas.problems import Problem

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MEGABYTE


def kind_problem(path: Path, mode: int) -> str | None:
    if stat.S_ISLNK(mode):
        return "is a symbolic link; the package holds its files themselves, not links to them"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a device, pipe or socket)"
    return None


def _links_on_the_way(path: Path, root: Path) -> Path | None:
    """The first folder between root and path that is a symbolic link, if any."""
    current = root
    for part in path.relative_to(root).parts[:-1]:
        current = current / part
        if current.is_symlink():
            return current
    return None


def file_problems(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, check: str = "safety") -> list[Problem]:
    """Problems that forbid reading `path`, a file that must lie inside the folder `root`."""
    shown = str(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return [Problem(shown, 0, "", "file not found", check)]
    except OSError as error:
        return [Problem(shown, 0, "", f"cannot be read: {error.strerror}", check)]
    linked = _links_on_the_way(path, root) if path.is_relative_to(root) else None
    if linked is not None:
        return [Problem(shown, 0, "", f"lies under {linked}, a symbolic link; links are refused", check)]
    reason = kind_problem(path, info.st_mode)
    if reason:
        return [Problem(shown, 0, "", reason, check)]
    if not path.resolve().is_relative_to(root.resolve()):
        return [Problem(shown, 0, "", f"resolves outside the package folder {root}", check)]
    if info.st_size > max_bytes:
        return [Problem(shown, 0, "", (
            f"is {info.st_size:,} bytes, more than the limit of {max_bytes:,}; raise the limit with "
            f"--max-file-size if the file is meant to be this large"), check)]
    return []


def folder_problems(path: Path, check: str = "snapshot") -> list[Problem]:
    """A folder that must be a real folder, not a link to one."""
    if path.is_symlink():
        return [Problem(str(path), 0, "", "is a symbolic link; a release folder must be a real folder", check)]
    if not path.is_dir():
        return [Problem(str(path), 0, "", "is not a folder", check)]
    return []
