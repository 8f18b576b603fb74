"""Live preview: serve the built site, rebuild when the package, the prose or mkdocs.yml changes, and reload
the open page. An invalid edit shows its problems in the browser until the next valid save.

The reload script is added to HTML pages as they are served, so the built files stay what `civcas build`
writes.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/__civcas__/"
RELOAD = f"""<script>
(function () {{
  var seen = null;
  function poll() {{
    fetch("{PREFIX}build-id", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }}).then(function (id) {{
      if (seen !== null && id !== seen) {{ location.reload(); return; }}
      seen = id;
      setTimeout(poll, 300);
    }}).catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>"""


@dataclass
class State:
    """What the server shows: the number of the last build, and its problems if it failed."""

    build_id: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def finished(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = problems
            self.build_id += 1


def error_page(problems: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
            f"<body><h1>The site was not rebuilt</h1><p>Fix these problems and save; this page reloads by "
            f"itself.</p><ul id=\"civcas-problems\">\n{items}\n</ul>{RELOAD}</body></html>").encode()


class PreviewHandler(SimpleHTTPRequestHandler):
    state: State

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "build-id":
            self.send_bytes(str(self.state.build_id).encode(), "text/plain; charset=utf-8")
            return
        wants_page = path.endswith(("/", ".html"))
        if wants_page and self.state.problems:
            self.send_bytes(error_page(self.state.problems), "text/html; charset=utf-8", 500)
            return
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if wants_page and target.is_file():
            page = target.read_bytes()
            marker = page.rfind(b"</body>")
            page = page[:marker] + RELOAD.encode() + page[marker:] if marker >= 0 else page + RELOAD.encode()
            self.send_bytes(page, "text/html; charset=utf-8")
            return
        super().do_GET()


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under the watched paths."""
    seen: dict[str, tuple[int, int]] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            seen[str(path)] = (info.st_size, info.st_mtime_ns)
    return seen


def watch(paths: list[Path], rebuild: Callable[[], list[str]], state: State, stop: threading.Event,
          interval: float = 0.2) -> None:
    """Rebuild whenever a watched file is added, removed or changed."""
    last = snapshot(paths)
    while not stop.wait(interval):
        now = snapshot(paths)
        if now != last:
            last = now
            state.finished(rebuild())


def make_server(out: Path, port: int, state: State) -> ThreadingHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"state": state})
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(out)))


def serve(server: ThreadingHTTPServer, paths: list[Path], rebuild: Callable[[], list[str]], state: State) -> None:
    """Serve until interrupted, rebuilding on every change."""
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(paths, rebuild, state, stop), daemon=True)
    watcher.start()
    try:
        server.serve_forever()
    finally:
        stop.set()
