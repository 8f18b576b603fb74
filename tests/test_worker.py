"""The worker process makes slow products beside the build; what it makes is kept like what the build makes."""

from __future__ import annotations

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
