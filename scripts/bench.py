"""Benchmark: the full build against a bare MkDocs build of the same pages, on the real package and on a
synthetic one 100 times larger; peak memory; transferred size of the home page and the heaviest page.

Prints figures; asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import csv
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPIES = 100


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall time, processor time (user + system; less sensitive to other loads on the machine) and peak
    resident memory (MiB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def write_rows(path: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def synthetic_package(target: Path) -> Path:
    """Every table 100 times longer: each source copied 100 times, agreeing with itself, and each
    monitor count repeated under new ids. The reports stay the same, so the series stays valid."""
    shutil.copytree(ROOT / "datapackage", target, ignore=shutil.ignore_patterns("releases"))
    read = partial(pd.read_csv, dtype=str, keep_default_na=False)
    sources, observations = read(target / "sources.csv"), read(target / "observations.csv")
    counts = read(target / "monitor_counts.csv")
    suffix = lambda frame, column, k: frame.assign(**{column: frame[column] + f"-copy{k}"})  # noqa: E731
    write_rows(target / "sources.csv",
               pd.concat([sources] + [suffix(sources, "source_id", k) for k in range(1, COPIES)]))
    write_rows(target / "observations.csv",
               pd.concat([observations] + [suffix(observations, "source_id", k) for k in range(1, COPIES)]))
    copies = [suffix(suffix(counts, "count_id", k), "source_id", k) for k in range(1, COPIES)]
    write_rows(target / "monitor_counts.csv", pd.concat([counts, *copies]))
    return target


def validate_on_one_core(package: Path) -> tuple[float, float, float, str]:
    """Wall time, CPU time, peak resident memory (MiB) and last line of `civcas validate`, pinned to one core.

    CPU time is what the wall time would be on an idle core; the two differ when other work shares it."""
    command = [str(BIN / "civcas"), "validate", str(package)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
    output = child.stdout.read().decode()
    _, _, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, output.strip().splitlines()[-1]


def measure_build(package: Path, work: Path, rounds: int = 3) -> dict[str, float]:
    """The full build and a bare `mkdocs build` of the pages it generated, run in turns; the median of each."""
    out = work / "site"
    command = [str(BIN / "civcas"), "build", "--package", str(package), "--out", str(out)]
    cold, _, _ = timed(command)  # bundles the chart runtime and renders the static SVGs into the cache
    config = out.with_name("site.pages.mkdocs.yml")
    bare_command = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(work / "bare")]
    fulls, bares = [], []
    for _ in range(rounds):
        fulls.append(timed(command))
        bares.append(timed(bare_command))
    full, full_cpu, full_peak = sorted(fulls)[rounds // 2]
    bare, bare_cpu, bare_peak = sorted(bares)[rounds // 2]
    return {"cold": cold, "full": full, "bare": bare, "full_cpu": full_cpu, "bare_cpu": bare_cpu,
            "full_peak": full_peak, "bare_peak": bare_peak, "out": out}


def one_cell_edits(work: Path, edits: int = 3) -> list[tuple[float, float]]:
    """Rebuild times after changing one cell, in one process as `civcas serve` rebuilds (imports warm)."""
    from civcas.site import build

    package = work / "edited"
    shutil.copytree(ROOT / "datapackage", package)
    out = work / "edited-site" / "site"
    build(package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    sources = package / "sources.csv"
    original = sources.read_text(encoding="utf-8")
    times = []
    for k in range(edits):
        sources.write_text(original.replace("Airwars", f"Airwars{k}", 1), encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        build(package, out, ROOT / "mkdocs.yml", ROOT / "docs")
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def page_weight(site: Path, page: str) -> tuple[int, int, int]:
    """Bytes a browser fetches for a page: everything but the chart runtime, raw and gzipped; the runtime."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    responses = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        tab = browser.new_page()
        tab.on("response", lambda r: responses.append(r) if r.ok else None)
        tab.goto(f"http://127.0.0.1:{server.server_port}/{page}", wait_until="networkidle")
        bodies = {r.url: r.body() for r in responses}  # read before the browser closes
        browser.close()
    server.shutdown()
    runtime = sum(len(b) for u, b in bodies.items() if "vega-runtime" in u)
    rest = [b for u, b in bodies.items() if "vega-runtime" not in u]
    return sum(map(len, rest)), sum(len(gzip.compress(b)) for b in rest), runtime


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        real = measure_build(ROOT / "datapackage", work / "real")
        big_package = synthetic_package(work / "big-package")
        for label, package in (("real package", ROOT / "datapackage"), ("100x package", big_package)):
            seconds, cpu, peak, said = validate_on_one_core(package)
            print(f"{label}: civcas validate on one core {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak memory {peak:.0f} MiB ({said})")
        edits = one_cell_edits(work)
        big = measure_build(big_package, work / "big", rounds=1)
        print(f"real package: first build {real['cold']:.2f} s (empty cache); "
              f"full build {real['full']:.2f} s, bare mkdocs build {real['bare']:.2f} s "
              f"(ratio {real['full'] / real['bare']:.2f}; medians of 3 runs in turns); "
              f"processor time {real['full_cpu']:.2f} s against {real['bare_cpu']:.2f} s "
              f"(ratio {real['full_cpu'] / real['bare_cpu']:.2f}); peak memory {real['full_peak']:.0f} MiB")
        print("rebuild after a one-cell edit, in one process as civcas serve does: "
              + ", ".join(f"{wall:.2f} s ({cpu:.2f} s processor)" for wall, cpu in edits))
        print(f"100x package: full build {big['full']:.2f} s, bare mkdocs build {big['bare']:.2f} s "
              f"(ratio {big['full'] / big['bare']:.2f}); {big['full'] / real['full']:.2f}x the real build; "
              f"peak memory {big['full_peak']:.0f} MiB")
        site = real["out"]
        pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        heaviest = str(pages[-1].relative_to(site))
        for name in ("index.html", heaviest):
            raw, zipped, runtime = page_weight(site, name)
            print(f"{name}: {raw / 1024:.0f} KB transferred before the chart runtime ({zipped / 1024:.0f} KB "
                  f"gzipped); chart runtime {runtime / 1024:.0f} KB")


if __name__ == "__main__":
    main()
