"""Shared fixtures: small packages written in the test, against the real descriptor; the real and the small
site built once a session and served on this machine; Debian's Chromium."""

from __future__ import annotations

import csv
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
REAL_PACKAGE = ROOT / "datapackage"


def columns(descriptor: dict, name: str) -> list[str]:
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return [f["name"] for f in resource["schema"]["fields"]]


SOURCE = {"source_id": "wire-2018-01-01", "publisher": "A Wire", "title": "A report", "kind": "news", "language": "en"}
# A source row that does not say what kind of witness it is gets the grade its kind allows at most, and its
# publisher as reporter: tests about something else need not spell the grade out.
DEFAULT_EVIDENCE = {"official": "coalition-text", "digest": "verbatim-copy"}


def with_evidence(source: dict) -> dict:
    return {"evidence": DEFAULT_EVIDENCE.get(source.get("kind", ""), "outlet-report"),
            "reported_by": source.get("publisher", ""), **source}


def observation(report_id: str = "2018-01", source_id: str = "wire-2018-01-01", **figures: object) -> dict:
    row = {"report_id": report_id, "source_id": source_id, "statement_kind": "monthly-report", "figures_found": "true"}
    row.update({k: str(v) for k, v in figures.items()})
    return row


def write_package(directory: Path, sources: list[dict] | None = None, observations: list[dict] | None = None,
                  resolutions: list[dict] | None = None, monitor_counts: list[dict] | None = None,
                  allegations: list[dict] | None = None, annual_reports: list[dict] | None = None) -> Path:
    """A package with the real descriptor and the given rows (absent columns are empty)."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((REAL_PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"], descriptor["created"] = "0.1.0", "2018-03-10T00:00:00Z"  # independent of real releases
    (directory / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    tables = {
        "sources": [with_evidence(s) for s in (sources if sources is not None else [SOURCE])],
        "observations": observations if observations is not None else [observation(cum_killed=10)],
        "resolutions": resolutions or [],
        "monitor_counts": monitor_counts or [],
        "allegations": allegations or [],
        "annual_reports": annual_reports or [],
    }
    for name, rows in tables.items():
        with open(directory / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns(descriptor, name), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return directory


@pytest.fixture(scope="session", autouse=True)
def worker_process() -> Iterator[None]:
    """The build's worker process, forked before any test changes a module: it keeps what it was forked with.
    Stopped when the session ends."""
    from civcas.kept import start_worker, stop_worker

    start_worker()
    yield
    stop_worker()


@pytest.fixture
def make_package(tmp_path: Path) -> Callable[..., Path]:
    def make(**tables: list[dict]) -> Path:
        return write_package(tmp_path / "pkg", **tables)
    return make


@pytest.fixture
def real_package_copy(tmp_path: Path) -> Path:
    target = tmp_path / "real"
    shutil.copytree(REAL_PACKAGE, target, ignore=shutil.ignore_patterns("releases"))
    return target


INJECTION = "<script>window.__injected = true</script>"
FORMULA = "=HYPERLINK(\"http://example.org\",\"click\")"


def mini_tables() -> dict[str, list[dict]]:
    """A small package with every feature the site shows: a conflict, a finding, a monitor range,
    a statement outside the series, and hostile cell values."""
    sources = [
        {"source_id": "wire-2018-03-01", "publisher": "Wire", "title": "Coalition admits 105", "kind": "news",
         "language": "en", "url": "https://example.org/a", "published": "2018-03-01", "note": INJECTION},
        {"source_id": "digest-2018-03-05", "publisher": "Digest", "title": FORMULA, "kind": "digest",
         "language": "en", "published": "2018-03-05"},
        {"source_id": "monitor-2018-03-10", "publisher": "Monitor", "title": "Count", "kind": "monitor",
         "language": "en", "published": "2018-03-10"},
    ]
    obs = [
        observation("2018-01", "wire-2018-03-01", release_date="2018-02-22", release_date_basis="stated",
                    period_end="2018-01-31", period_end_basis="inferred", cum_killed=100, cum_strikes=2000,
                    cum_strikes_qualifier="exact", new_reports=10, completed=8, credible=2, non_credible=5,
                    duplicates=1, deaths=4, still_open=20, carried_over=18),
        observation("2018-02", "wire-2018-03-01", release_date="2018-03-01", release_date_basis="stated",
                    period_end="2018-02-28", period_end_basis="stated", cum_killed=105, cum_strikes=2100,
                    cum_strikes_qualifier="exact", deaths=3, note="-1 looks like a formula"),
        observation("2018-02", "digest-2018-03-05", cum_killed=105, deaths=5, carried_over=20, new_reports=4,
                    completed=6, credible=1, non_credible=5, duplicates=0, still_open=19),
        {"report_id": "citation-2018-03", "source_id": "monitor-2018-03-10", "statement_kind": "citation",
         "figures_found": "true",
         "cum_killed": "105"},
    ]
    resolutions = [{"report_id": "2018-02", "field": "deaths", "value": "5",
                    "reason": "The digest quotes the release word for word."}]
    counts = [
        {"count_id": "monitor-2018-03-10", "monitor": "Airwars", "statement_date": "2018-03-10",
         "statement_date_basis": "stated", "area": "Iraq and Syria", "period_start": "2014-08",
         "period_kind": "cumulative", "figure_low": "6000", "figure_high": "9000", "qualifier": "range",
         "figure_kind": "range",
         "attributed_to": "coalition", "measure": "Civilians likely killed", "source_id": "monitor-2018-03-10"},
        {"count_id": "monitor-2018-02-syria", "monitor": "Syrian Observatory for Human Rights",
         "statement_date": "2018-02", "statement_date_basis": "month", "area": "Syria", "period_start": "2014-09",
         "period_kind": "cumulative", "figure_low": "3000", "qualifier": "at-least", "figure_kind": "documented-tally",
         "attributed_to": "coalition",
         "measure": "Civilian deaths in Syria", "source_id": "monitor-2018-03-10"},
    ]
    allegations = [
        {"allegation_id": "2018-02-ci001", "report_id": "2018-02", "reference": "101", "incident_date": "2017-11-05",
         "incident_date_basis": "stated", "place": "near Mosul, Iraq", "place_basis": "stated", "country": "Iraq",
         "verdict": "credible", "killed": "3", "injured": "1", "mgrs": "38SLF1234",
         "document_url": "https://example.org/release.pdf", "monitor_code": "CI001",
         "monitor_url": "https://example.org/ci001", "read_at": "https://example.org/ci001"},
        {"allegation_id": "2018-02-cs002", "report_id": "2018-02", "incident_date": "2017-12",
         "incident_date_basis": "month", "place": INJECTION, "place_basis": "monitor-record", "country": "Syria",
         "verdict": "not-credible", "monitor_code": "CS002", "read_at": "https://example.org/cs002",
         "note": FORMULA},
    ]
    return {"sources": sources, "observations": obs, "resolutions": resolutions, "monitor_counts": counts,
            "allegations": allegations}


@pytest.fixture
def mini_package(tmp_path: Path) -> Path:
    return write_package(tmp_path / "mini", **mini_tables())


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> tuple[Path, Path]:
    """The small package and its site, built once for the tests that only read them: copy them to change them."""
    from civcas.site import build

    folder = tmp_path_factory.mktemp("built")
    package = write_package(folder / "mini", **mini_tables())
    out = folder / "first" / "site"
    build(package, out, ROOT / "mkdocs.yml", ROOT / "docs")
    return package, out


# The built real site, served, and one browser: shared by every browser test of the session.
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build_and_serve(package: Path, out: Path) -> Iterator[str]:
    """Build for the address it is served at, as `civcas serve` does, then serve it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_port}/"
    from civcas.site import build

    build(package, out, ROOT / "mkdocs.yml", ROOT / "docs", site_url=url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("real") / "site"


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    yield from build_and_serve(REAL_PACKAGE, site)


@pytest.fixture(scope="session")
def mini_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("mini")
    yield from build_and_serve(write_package(folder / "package", **mini_tables()), folder / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors and warnings, and refuses any request off this machine."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.route("**/*", self.route)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    context = browser.new_context()
    yield Watched(context.new_page())
    context.close()


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


