"""`civcas serve`: an edit shows in the open page, an invalid edit shows its problems, a fix brings the site back."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from civcas.serve import error_page
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(mini_package, tmp_path):
    """`civcas serve` on a copy of a small package, started and stopped by the test."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "civcas", "serve", "--package", str(mini_package), "--out", str(tmp_path / "site"),
         "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not any(line.startswith("serving ") for line in output):
        assert process.poll() is None and time.monotonic() < deadline, "".join(output)
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/", mini_package, output
    process.terminate()
    process.wait(timeout=20)


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def test_a_terminated_preview_leaves_no_worker_process_behind(preview):
    url, _, _ = preview
    serving = next(p for p in children(os.getpid()) if running(p) and f"--port {url.rsplit(':', 1)[1].strip('/')}"
                   in Path(f"/proc/{p}/cmdline").read_text().replace("\0", " "))
    workers = children(serving)
    assert workers, "civcas serve works with a second process"
    os.kill(serving, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while any(running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(running(w) for w in workers)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_own_thread(run) -> None:
    """Run Playwright's sync API where no asyncio loop runs (the browser tests keep one open for the whole test run)."""
    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            run()
        except BaseException as error:  # handed back to the test
            errors.append(error)
    worker = threading.Thread(target=guarded)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def test_edit_break_and_fix_show_in_the_open_page(preview):
    url, package, output = preview
    in_own_thread(lambda: edit_break_and_fix(url, package))
    assert any(line.startswith("not rebuilt: ") for line in output)
    print("".join(line for line in output if line.startswith("rebuilt in")), end="")


def edit_break_and_fix(url: str, package: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                   else route.abort())
        page.goto(url + "sources.html")
        assert page.get_by_text("Coalition admits 105").count() >= 1

        edited = time.monotonic()
        replace(package / "sources.csv", "Coalition admits 105", "Coalition concedes 105")
        page.get_by_text("Coalition concedes 105").first.wait_for(timeout=30000)
        print(f"edit shown in the browser after {time.monotonic() - edited:.2f} s")

        replace(package / "observations.csv", ",105,2100,", ",many,2100,")
        problems = page.locator("#civcas-problems li")
        problems.first.wait_for(timeout=30000)
        assert f"{package / 'observations.csv'}:3:cum_killed:" in problems.first.inner_text()

        replace(package / "observations.csv", ",many,2100,", ",105,2100,")
        page.get_by_text("Coalition concedes 105").first.wait_for(timeout=30000)
        assert page.locator("#civcas-problems").count() == 0
        browser.close()


def test_the_error_page_escapes_what_it_lists():
    page = error_page(["observations.csv:2:note: <script>alert(1)</script>"]).decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_a_reload_revalidates_files_and_gets_the_ones_a_rebuild_changed(tmp_path):
    import urllib.error
    import urllib.request

    from civcas.serve import State, make_server

    (tmp_path / "assets").mkdir()
    style = tmp_path / "assets" / "site.css"
    style.write_text("body { color: black }", encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><body>page</body></html>", encoding="utf-8")
    server = make_server(tmp_path, 0, State())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    try:
        def get(path: str, tag: str = "") -> tuple[int, dict, bytes]:
            request = urllib.request.Request(base + path, headers={"If-None-Match": tag} if tag else {})
            try:
                with urllib.request.urlopen(request) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as answer:
                return answer.code, dict(answer.headers), b""

        status, headers, body = get("assets/site.css")
        assert status == 200 and headers["Cache-Control"] == "no-cache" and body == b"body { color: black }"
        assert get("assets/site.css", headers["ETag"])[0] == 304
        replaced = tmp_path / "assets" / "new.css"  # a rebuild writes a changed file anew
        replaced.write_text("body { color: navy }", encoding="utf-8")
        replaced.replace(style)
        status, _, body = get("assets/site.css", headers["ETag"])
        assert status == 200 and body == b"body { color: navy }"
        status, page_headers, _ = get("index.html")
        assert status == 200 and page_headers["Cache-Control"] == "no-store" and "ETag" not in page_headers
    finally:
        server.shutdown()
        server.server_close()


def test_a_file_saved_in_two_steps_is_built_once_whole(tmp_path):
    from civcas.serve import State, watch

    table = tmp_path / "table.csv"
    table.write_text("before\n", encoding="utf-8")
    seen: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=([tmp_path], lambda: seen.append(table.read_text()) or [],
                                                   State(), stop, 0.05, 0.3), daemon=True)
    watcher.start()
    time.sleep(0.2)
    table.write_text("", encoding="utf-8")  # emptied first, as some editors save
    time.sleep(0.05)
    table.write_text("after\n", encoding="utf-8")
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    stop.set()
    watcher.join()
    assert seen == ["after\n"]


PAGE = """<!doctype html><html><head><title>{title}</title></head><body><nav>navigation</nav>
<article class="md-content__inner">{article}</article>
<script>window.document$ = {{ next: function () {{ window.setUpAgain = (window.setUpAgain || 0) + 1; }} }};</script>
</body></html>"""


def test_an_edit_of_the_article_alone_updates_the_open_page_in_place_and_any_other_reloads_it(tmp_path):
    from civcas.serve import State, make_server

    page_file = tmp_path / "page.html"
    page_file.write_text(PAGE.format(title="Page", article="<p>before</p>"), encoding="utf-8")
    state = State()
    state.finished([])
    server = make_server(tmp_path, 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def check() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/page.html")
            page.wait_for_timeout(300)  # the script has read the page as served
            page.evaluate("window.kept = 'this page was not reloaded'")

            page_file.write_text(PAGE.format(title="Page", article="<p>after</p>"), encoding="utf-8")
            state.finished([])
            page.wait_for_function("document.querySelector('article').textContent === 'after'", timeout=10000)
            assert page.evaluate("[window.kept, window.setUpAgain]") == ["this page was not reloaded", 1]

            page_file.write_text(PAGE.format(title="Page renamed", article="<p>after</p>"), encoding="utf-8")
            with page.expect_navigation(timeout=10000):
                state.finished([])
            assert page.title() == "Page renamed" and page.evaluate("window.kept") is None

            page.evaluate("window.kept = 'before the failed build'")
            with page.expect_navigation(timeout=10000):
                state.finished(["observations.csv:3:cum_killed: not a number"])
            assert "not a number" in page.locator("#civcas-problems").inner_text()
            browser.close()
    try:
        in_own_thread(check)
    finally:
        server.shutdown()
        server.server_close()
