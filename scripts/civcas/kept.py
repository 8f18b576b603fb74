"""Slow, deterministic products kept between builds in files named after a digest of their inputs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """A build stopped half-way never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


def kept_bytes(path: Path, produce: Callable[[], bytes]) -> bytes:
    """The bytes kept at `path`, made by `produce` when none are kept."""
    try:
        return path.read_bytes()
    except OSError:
        data = produce()
        write_atomically(path, data)
        return data


def latest_bytes(folder: Path, kind: str, key: str, produce: Callable[[], bytes]) -> bytes:
    """`kept_bytes` under `folder/kind-key`, keeping only the latest product of its kind: a live preview makes
    a new one after every edit, and the folder must not grow with them."""
    path = folder / f"{kind}-{key}"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = produce()
    write_atomically(path, data)
    for older in folder.glob(f"{kind}-*"):
        if older != path:
            older.unlink(missing_ok=True)
    return data
