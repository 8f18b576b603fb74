"""Benchmark: the full build against a bare MkDocs build of the same pages, on the real package and on a
synthetic one 100 times larger; peak memory; transferred size of the home page and the heaviest page; and
Lighthouse (simulated phone) on four pages, served gzipped as a static host serves them, beside a short and a
long page of plain text built with the site's theme settings alone (what the theme costs before any of the site's
own content).

Prints figures; asserts nothing. Run with `make bench` (or `bench.py lighthouse SITE_DIR` for Lighthouse alone,
`bench.py rebuild [ROUNDS]` for the build ratio and the rebuild after a one-cell edit alone).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import yaml

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


def forget_pages(out: Path) -> None:
    """Empty what a build keeps of its pages (renderings and compiled theme templates), so the next build
    renders every page as a bare MkDocs build does."""
    cache = out.parent / ".cache"
    for kept in cache.glob("pages-*.pickle"):
        kept.unlink()
    shutil.rmtree(cache / "jinja", ignore_errors=True)


def measure_build(package: Path, work: Path, rounds: int = 3) -> dict[str, float]:
    """The full build and a bare `mkdocs build` of the pages it generated, run in turns; the median of each.

    The full build is timed twice a round: with its pages rendered afresh (what the ratio to MkDocs is about),
    and with the pages of the build before kept (a second build of unchanged data)."""
    out = work / "site"
    command = [str(BIN / "civcas"), "build", "--package", str(package), "--out", str(out)]
    cold, _, _ = timed(command)  # bundles the chart runtime and renders the static SVGs into the cache
    config = out.with_name("site.pages.mkdocs.yml")
    bare_command = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(work / "bare")]
    fulls, kept, bares = [], [], []
    for _ in range(rounds):
        forget_pages(out)
        fulls.append(timed(command))
        kept.append(timed(command))
        bares.append(timed(bare_command))
    full, full_cpu, full_peak = sorted(fulls)[rounds // 2]
    bare, bare_cpu, bare_peak = sorted(bares)[rounds // 2]
    return {"cold": cold, "full": full, "bare": bare, "full_cpu": full_cpu, "bare_cpu": bare_cpu,
            "full_peak": full_peak, "bare_peak": bare_peak, "out": out,
            "kept": statistics.median(k[0] for k in kept), "kept_cpu": statistics.median(k[1] for k in kept)}


def one_cell_editor(package: Path) -> Callable[[int], None]:
    """Edits of one cell of observations.csv: the note of the first row whose note is written once."""
    table = package / "observations.csv"
    original = table.read_text(encoding="utf-8")
    with table.open(encoding="utf-8", newline="") as handle:
        notes = [row["note"] for row in csv.DictReader(handle) if len(row["note"]) > 20]
    note = next(n for n in notes if original.count(n) == 1)

    def edit(k: int) -> None:
        table.write_text(original.replace(note, f"{note} (edit {k})", 1), encoding="utf-8")
    return edit


def one_cell_edits(work: Path, edits: int = 5) -> tuple[list[tuple[float, float]], bool]:
    """Rebuild times (wall, processor) after changing one cell, in one process as `civcas serve` rebuilds
    (imports and kept renderings warm); and whether the last rebuild equals a clean build of the same data."""
    from civcas.site import build

    package = work / "edited"
    shutil.copytree(ROOT / "datapackage", package)
    out = work / "edited-site" / "site"
    edit = one_cell_editor(package)
    edit(-1)  # the first edit after a release also changes the citation box on every page; later ones do not
    build(package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    times = []
    for k in range(edits):
        edit(k)
        start, cpu = time.perf_counter(), time.process_time()
        build(package, out, ROOT / "mkdocs.yml", ROOT / "docs")
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    clean = work / "clean-site" / "site"
    build(package, clean, ROOT / "mkdocs.yml", ROOT / "docs")
    return times, digests(out) == digests(clean)


def cli_one_cell_edits(work: Path, edits: int = 3) -> list[tuple[float, float, float]]:
    """`civcas build` in a new process after changing one cell (wall, processor, peak memory)."""
    package = work / "cli-edited"
    shutil.copytree(ROOT / "datapackage", package)
    out = work / "cli-site" / "site"
    edit = one_cell_editor(package)
    edit(-1)
    command = [str(BIN / "civcas"), "build", "--package", str(package), "--out", str(out)]
    timed(command)
    times = []
    for k in range(edits):
        edit(k)
        times.append(timed(command))
    return times


def reference_loop() -> float:
    """Seconds for twenty million additions in Python: a shared machine's speed drifts by half from hour to
    hour, and this puts the figures printed beside it on one scale."""
    start, total = time.perf_counter(), 0
    for number in range(20_000_000):
        total += number
    return time.perf_counter() - start


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def edits_in_browser(work: Path, edits: int = 5) -> list[float]:
    """Seconds from saving a one-cell edit of sources.csv to seeing it in the open sources page, through
    `civcas serve` on a copy of the real package, as an editor works."""
    from playwright.sync_api import sync_playwright

    package = work / "preview-package"
    shutil.copytree(ROOT / "datapackage", package)
    table = package / "sources.csv"
    original = table.read_text(encoding="utf-8")
    with table.open(encoding="utf-8", newline="") as handle:
        titles = [row["title"] for row in csv.DictReader(handle) if len(row["title"]) > 30]
    title = next(t for t in titles if original.count(t) == 1 and "," not in t and '"' not in t)
    port = free_port()
    server = subprocess.Popen([str(BIN / "civcas"), "serve", "--package", str(package), "--out",
                               str(work / "preview-site" / "site"), "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if line.startswith("serving "):
                break
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/sources.html")
            reloads: list[str] = []
            page.on("load", lambda loaded: reloads.append(loaded.url))
            for k in range(edits):
                time.sleep(1)
                start = time.perf_counter()
                table.write_text(original.replace(title, f"{title} (edit {k})", 1), encoding="utf-8")
                # A look at the page's text every 20 ms (not the locator's polling on every frame, which kept
                # the browser busy on the cores the rebuild needs, as an editor's browser is not); through a
                # reload of the page too, should the preview reload it.
                page.wait_for_function("t => document.body && document.body.textContent.includes(t)",
                                       arg=f"{title} (edit {k})", polling=20, timeout=60000)
                times.append(time.perf_counter() - start)
            browser.close()
        print(f"the open page was updated in place {edits - len(reloads)} times, reloaded {len(reloads)} times")
        return times
    finally:
        server.terminate()
        rebuilt = [line.strip() for line in server.stdout if line.startswith("rebuilt in")]
        server.wait(timeout=30)
        print(f"civcas serve said: {'; '.join(rebuilt)}")


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def medians(times: list[tuple[float, ...]]) -> str:
    wall, cpu = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
    return f"median {wall:.2f} s wall, {cpu:.2f} s processor (each: " + ", ".join(
        f"{t[0]:.2f}/{t[1]:.2f}" for t in times) + ")"


def print_builds(real: dict) -> None:
    print(f"real package: first build {real['cold']:.2f} s (empty cache); "
          f"full build {real['full']:.2f} s, bare mkdocs build {real['bare']:.2f} s "
          f"(ratio {real['full'] / real['bare']:.2f}; medians of runs in turns); "
          f"processor time {real['full_cpu']:.2f} s against {real['bare_cpu']:.2f} s "
          f"(ratio {real['full_cpu'] / real['bare_cpu']:.2f}); peak memory {real['full_peak']:.0f} MiB")
    print(f"real package: full build of unchanged data with the pages of the build before kept "
          f"{real['kept']:.2f} s wall, {real['kept_cpu']:.2f} s processor "
          f"(ratio {real['kept_cpu'] / real['bare_cpu']:.2f} to bare MkDocs in processor time)")


def print_rebuilds(work: Path) -> None:
    edits, same = one_cell_edits(work)
    print(f"rebuild after a one-cell edit of observations.csv, in one process as civcas serve does "
          f"(processor time of that process; its worker's is not counted): "
          f"{medians(edits)}; the site equals a clean build of the edited package: {'yes' if same else 'NO'}")
    print(f"civcas build after a one-cell edit, in a new process: {medians(cli_one_cell_edits(work))}")
    shown = edits_in_browser(work)
    print(f"civcas serve on the real package, a one-cell edit of sources.csv saved until the open page shows it: "
          f"median {statistics.median(shown):.2f} s (each: {', '.join(f'{t:.2f}' for t in shown)})")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
          f"this machine's speed now: {reference_loop():.2f} s for a reference loop (smaller is faster)")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A browser that closes a connection early is no error worth a traceback in the figures."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class Gzipped(Quiet):
    """Text files gzipped when the browser accepts it, as GitHub Pages or Netlify serve them."""

    def send_head(self):  # noqa: ANN201 (the base class returns a file object or None)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


LIGHTHOUSE_PAGES = ("index.html", "charts.html", "reports/2018-07.html", "monitors.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(site: Path, pages: tuple[str, ...] = LIGHTHOUSE_PAGES, port: int = 8765, runs: int = 3) -> list[dict]:
    """Lighthouse's default run (a simulated mid-range phone on a slow connection) on each page, `runs` times:
    the median of each figure, since the simulation scales with the CPU time it observes on a shared machine."""
    command = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` at the repository root (make bench does)")
    server = QuietServer(("127.0.0.1", port), partial(Gzipped, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = []
    try:
        for page in pages:
            results.append(median([lighthouse_once(command, port, page) for _ in range(runs)]))
    finally:
        server.shutdown()
    return results


def median(runs: list[dict]) -> dict:
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, int | float):
            merged[key] = statistics.median(r[key] for r in runs)
    merged["failed"] = sorted({a for r in runs for a in r["failed"]})
    return merged


def lighthouse_once(command: Path, port: int, page: str) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        subprocess.run(
            [str(command), f"http://127.0.0.1:{port}/{page}", "--output=json", f"--output-path={output}",
             "--save-assets", "--quiet", "--chrome-flags=--headless --no-sandbox --disable-gpu",
             f"--only-categories={','.join(CATEGORIES)}"],
            check=True, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        report = json.loads(output.read_text(encoding="utf-8"))
        trace = json.loads((Path(scratch) / "report-0.trace.json").read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "page": page,
        **{c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cpu_tbt_ms": processor_blocking_time(trace),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "host": report["environment"]["benchmarkIndex"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "failed": sorted(k for c in ("accessibility", "best-practices", "seo")
                         for k in (r["id"] for r in report["categories"][c]["auditRefs"])
                         if audits[k].get("score") is not None and audits[k]["score"] < 1),
    }


def processor_blocking_time(trace: dict, slowdown: int = 4) -> float:
    """Blocking time from the main thread's processor time instead of its wall time, over every task.

    Lighthouse simulates a phone by multiplying each observed task's wall time by 4; on a machine shared with
    other work a task's wall time includes the time it waited for a core, so its figure grows with the load.
    This sums max(0, 4 x processor time - 50 ms) over every task of the page's main thread. Lighthouse counts
    only the tasks after its simulated first paint, which cannot be told from the trace, so this is an upper
    bound of its TBT that depends little on the machine's load: compare it between builds, not to the target."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {(e["pid"], e["tid"]): e.get("args", {}).get("name") for e in events if e.get("name") == "thread_name"}
    paints = [e for e in events if e.get("name") == "firstContentfulPaint"
              and names.get((e["pid"], e["tid"])) == "CrRendererMain"]
    if not paints:
        return float("nan")
    thread = (paints[-1]["pid"], paints[-1]["tid"])
    tasks = [e for e in events if e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask")
             and e.get("ph") == "X" and (e["pid"], e["tid"]) == thread]
    return sum(max(0.0, slowdown * e.get("tdur", e["dur"]) / 1000 - 50) for e in tasks)


def print_lighthouse(results: list[dict]) -> None:
    load = os.getloadavg()[0]
    print(f"Lighthouse 12, simulated phone, served gzipped; median of 3 runs a page (load average {load:.1f}); "
          "TBT(cpu): the blocking time of every main-thread task from its processor time, an upper bound of "
          "TBT that the machine's load barely moves; host: Lighthouse's benchmark index of this machine during "
          "the runs (its 4x slowdown assumes a fast desktop; the lower the index, the harsher the simulation):")
    print(f"  {'page':24} perf  a11y  best   seo    LCP     TBT  TBT(cpu)   CLS   transfer  host")
    for r in results:
        print(f"  {r['page']:24} {r['performance']:4.0f} {r['accessibility']:5.0f} {r['best-practices']:5.0f} "
              f"{r['seo']:5.0f} {r['lcp_s']:5.2f} s {r['tbt_ms']:4.0f} ms {r['cpu_tbt_ms']:4.0f} ms "
              f"{r['cls']:6.3f} {r['kb']:6.0f} KB {r['host']:5.0f}"
              + (f"  (failing: {', '.join(r['failed'])})" if r["failed"] else ""))


def theme_control(work: Path, sections: int) -> Path:
    """A page of plain text built with the site's own theme settings (name, font, language, features, palette)
    and its search plugin, but none of its templates, styles, scripts, tables or charts: the floor that the
    theme sets, measured beside the site's pages on the same machine. With no sections the page is so short
    that the browser runs the theme's script before its first paint; with 60 it is as long as the home page."""
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    project = work / f"theme-control-{sections}"
    (project / "docs").mkdir(parents=True)
    sentences = " ".join(f"Sentence {n} of this section is plain text." for n in range(10))
    body = "".join(f"\n\n## Section {k}\n\n{sentences}" for k in range(sections))
    (project / "docs" / "index.md").write_text(f"# The theme alone\n\nOne paragraph.{body}\n", encoding="utf-8")
    config = {"site_name": "theme control", "use_directory_urls": False, "plugins": ["search"],
              "theme": {k: v for k, v in theme.items() if k != "custom_dir"}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(project / "site")], check=True, capture_output=True, text=True)
    return project / "site"


def lighthouse_with_controls(site: Path) -> list[dict]:
    results = lighthouse(site)
    with tempfile.TemporaryDirectory() as scratch:
        for label, sections in (("theme alone, short page", 0), ("theme alone, long page", 60)):
            control = lighthouse(theme_control(Path(scratch), sections), pages=("index.html",), port=8766)
            results += [{**r, "page": label} for r in control]
    return results


def page_weight(site: Path, page: str) -> tuple[int, int, int]:
    """Bytes a browser fetches for a page: everything but the chart runtime, raw and gzipped; the runtime."""
    from playwright.sync_api import sync_playwright

    server = QuietServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
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
    if sys.argv[1:2] == ["lighthouse"]:
        print_lighthouse(lighthouse_with_controls(Path(sys.argv[2])))
        return
    if sys.argv[1:2] == ["rebuild"]:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
            print_builds(measure_build(ROOT / "datapackage", work / "real", rounds=rounds))
            print_rebuilds(work)
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        real = measure_build(ROOT / "datapackage", work / "real")
        big_package = synthetic_package(work / "big-package")
        for label, package in (("real package", ROOT / "datapackage"), ("100x package", big_package)):
            seconds, cpu, peak, said = validate_on_one_core(package)
            print(f"{label}: civcas validate on one core {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak memory {peak:.0f} MiB ({said})")
        big = measure_build(big_package, work / "big", rounds=1)
        print_builds(real)
        print_rebuilds(work)
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
        index = (site / "search" / "search_index.json").read_bytes()
        print(f"search index (fetched on every first visit): {len(index) / 1024:.0f} KB "
              f"({len(gzip.compress(index)) / 1024:.0f} KB gzipped), {len(json.loads(index)['docs'])} entries")
        print_lighthouse(lighthouse_with_controls(site))


if __name__ == "__main__":
    main()
