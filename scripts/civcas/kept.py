"""Slow, deterministic products kept between builds in files named after a digest of their inputs."""

from __future__ import annotations

import os
import pickle
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


DAMAGED = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)


def kept_object(memory: dict[str, bytes], key: str, path: Path | None, produce: Callable[[], object],
                latest_only: bool = True) -> object:
    """An object kept pickled under `key`: in `memory` (only the latest key if `latest_only`) and at `path` if
    given; made by `produce` when neither holds it or the kept file is cut short or damaged. Every call returns
    a fresh copy, so a caller may change its own."""
    if key not in memory:
        try:
            made = path.read_bytes() if path else b""
            pickle.loads(made)  # noqa: S301 (written here, under a digest of its inputs)
        except DAMAGED:
            made = pickle.dumps(produce())
            if path:
                write_atomically(path, made)
        if latest_only:
            memory.clear()
        memory[key] = made
    return pickle.loads(memory[key])  # noqa: S301 (checked when it was read or made)
