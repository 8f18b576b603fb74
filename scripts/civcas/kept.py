"""Slow, deterministic products kept between builds in files named after a digest of their inputs."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """A build stopped half-way never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


_WRITES: dict[str, threading.Thread] = {}


def write_soon(path: Path, data: bytes, then: Callable[[], None] | None = None) -> None:
    """`write_atomically` in a thread of its own, then `then()`: a build need not wait for a large cache file
    to reach the disk. Reading the file in this process waits for the write first (`written`), and the process
    waits for it before it exits (the thread is no daemon). A cache file that cannot be written is left out."""
    written(path)

    def write() -> None:
        try:
            write_atomically(path, data)
        except OSError:
            return
        if then is not None:
            then()
    thread = threading.Thread(target=write, name=f"writing {path.name}")
    _WRITES[str(path)] = thread
    thread.start()


def written(path: Path) -> None:
    """Once any write of `path` begun by `write_soon` has ended."""
    thread = _WRITES.pop(str(path), None)
    if thread is not None:
        thread.join()


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


_WORKER: list[ProcessPoolExecutor] = []


def start_worker() -> ProcessPoolExecutor:
    """One more process, forked from this one, that makes a slow product while this one makes the pages: a
    build has two cores' worth of work only there. Forking copies the loaded modules, so the worker starts at
    once; `civcas serve` starts it before its server threads, so no lock is copied while another thread holds it."""
    if not _WORKER:
        worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                     initializer=exit_with, initargs=(os.getpid(),))
        worker.submit(os.getpid).result()
        _WORKER.append(worker)
    return _WORKER[0]


def stop_worker() -> None:
    """End the worker process now rather than at this process's exit."""
    while _WORKER:
        _WORKER.pop().shutdown(wait=True, cancel_futures=True)


def exit_with(parent: int) -> None:
    """In the worker: end when the process it works for has ended, however it ended (a terminated
    `civcas serve` runs no exit handler that would stop its worker)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


def latest_bytes_later(folder: Path, kind: str, key: str, produce: Callable[..., bytes], *args: object
                       ) -> Callable[[], bytes]:
    """`latest_bytes`, with `produce(*args)` run in the worker process when nothing is kept: the returned
    function waits for it. The arguments go to the worker pickled; should it fail to take them or die,
    the product is made here."""
    made_here = partial(produce, *args)
    if (folder / f"{kind}-{key}").is_file():
        return partial(latest_bytes, folder, kind, key, made_here)
    try:
        future = start_worker().submit(produce, *args)
    except BrokenProcessPool:
        _WORKER.clear()
        return partial(latest_bytes, folder, kind, key, made_here)

    def made_there() -> bytes:
        try:
            return future.result()
        except BrokenProcessPool:
            _WORKER.clear()
            return made_here()
    return partial(latest_bytes, folder, kind, key, made_there)


def kept_later(memory: dict[str, bytes], cache: Path | None, kind: str, key: str, name: str,
               produce: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """A function giving `produce(*args)`: the latest of its kind kept in `memory` under `key`, and with
    `cache`, kept there too (file `name`) and made in the worker process while the caller goes on."""
    if key in memory:
        return partial(memory.__getitem__, key)
    made = latest_bytes_later(cache, kind, name, produce, *args) if cache else partial(produce, *args)
    return partial(latest_in, memory, key, made)  # type: ignore[return-value]


def latest_in(memory: dict, key: object, produce: Callable[[], object]) -> object:
    """What `memory` holds under `key`, made by `produce` when the key changed; only the latest is held, so a
    live preview keeps one product of each kind however many edits it sees."""
    if key not in memory:
        made = produce()
        memory.clear()
        memory[key] = made
    return memory[key]


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
