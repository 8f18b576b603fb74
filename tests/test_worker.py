"""The worker process makes slow products beside the build; what it makes is kept like what the build makes, and
a build goes on, making the product itself, when the worker has died."""

from __future__ import annotations

import os
import signal

from civcas import kept


def test_a_product_made_by_the_worker_is_kept_as_the_latest_of_its_kind(tmp_path):
    (tmp_path / "sample-old").write_bytes(b"an older product")
    pending = kept.latest_bytes_later(tmp_path, "sample", "new", bytes.fromhex, "0a0b")
    assert pending() == b"\n\x0b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample-new"]
    assert (tmp_path / "sample-new").read_bytes() == b"\n\x0b"


def test_a_kept_product_is_read_without_asking_the_worker(tmp_path, monkeypatch):
    (tmp_path / "sample-key").write_bytes(b"kept")
    monkeypatch.setattr(kept, "start_worker", lambda: (_ for _ in ()).throw(AssertionError("worker asked")))
    assert kept.latest_bytes_later(tmp_path, "sample", "key", bytes.fromhex, "00")() == b"kept"


def test_a_product_is_made_here_when_the_worker_process_has_died(tmp_path):
    worker = kept.start_worker().submit(os.getpid).result()
    os.kill(worker, signal.SIGKILL)
    try:
        for attempt in range(3):  # the pool learns of the death a moment later: each call must still give bytes
            assert kept.latest_bytes_later(tmp_path, "sample", f"k{attempt}", bytes.fromhex, "ff")() == b"\xff"
    finally:
        kept.start_worker()  # a working worker again for the tests after this one
    assert kept.start_worker().submit(os.getpid).result() != worker
