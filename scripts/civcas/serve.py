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
# The page asks for the build number and the server answers when it differs from the one the page has
# (or after a while), so the page learns of a build as soon as it ends, without polling in a loop. Then it
# fetches itself again: when only the page's article changed (an edit of the data or of the prose), the
# article is replaced in place and the theme's scripts set it up again (Material's `document$`, as its
# instant navigation does), which spares the browser loading and laying out the whole page again and keeps
# the reader where they were; anything else (a title, the navigation, an error page) reloads the page.
RELOAD = f"""<script>
(function () {{
  var seen = "", shown = null;
  function parts(text) {{  // the tag names split, so that this script, added to the page, is not found in it
    var start = text.indexOf("<" + "article"), end = text.lastIndexOf("</" + "article>");
    if (start < 0 || end < start) return null;
    var open = text.indexOf(">", start) + 1;
    return {{article: text.slice(open, end), rest: text.slice(0, open) + text.slice(end)}};
  }}
  function page() {{
    return fetch(location.href, {{cache: "no-store"}}).then(function (r) {{
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }});
  }}
  function update() {{
    page().then(function (text) {{
      var next = parts(text), article = document.querySelector("article");
      if (!shown || !next || !article || next.rest !== shown.rest || !window.document$) {{ location.reload(); return; }}
      article.innerHTML = next.article;
      shown = next;
      window.document$.next(document);
    }}).catch(function () {{ location.reload(); }});
  }}
  function wait() {{
    fetch("{PREFIX}build-id?after=" + seen, {{cache: "no-store"}}).then(function (r) {{
      return r.text();
    }}).then(function (id) {{
      if (seen !== "" && id !== seen) update();
      seen = id;
      wait();
    }}).catch(function () {{ setTimeout(wait, 1000); }});
  }}
  page().then(function (text) {{ shown = parts(text); }}).catch(function () {{}});
  wait();
}})();
</script>"""
WAIT = 20.0  # seconds a request for the build number is held before it is answered unchanged


@dataclass
class State:
    """What the server shows: the number of the last build, and its problems if it failed."""

    build_id: int = 0
    problems: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, problems: list[str]) -> None:
        with self.changed:
            self.problems = problems
            self.build_id += 1
            self.changed.notify_all()

    def next_id(self, after: str, timeout: float = WAIT) -> int:
        """The build number once it differs from `after` (at once if `after` is not a number)."""
        with self.changed:
            self.changed.wait_for(lambda: str(self.build_id) != after, timeout=timeout)
            return self.build_id


def error_page(problems: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
            f"<body><h1>The site was not rebuilt</h1><p>Fix these problems and save; this page reloads by "
            f"itself.</p><ul id=\"civcas-problems\">\n{items}\n</ul>{RELOAD}</body></html>").encode()


def entity_tag(path: Path) -> str | None:
    """A file's version for the browser's cache: a rebuild writes a changed file anew and leaves an unchanged
    one as it was, so its inode, size and modification time say whether it changed (to the nanosecond, where
    Last-Modified says it to the second)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return f'"{info.st_ino:x}-{info.st_size:x}-{info.st_mtime_ns:x}"'


class PreviewHandler(SimpleHTTPRequestHandler):
    """Pages and the build number are never cached; other files are cached and asked for again on every use,
    so a reload takes the theme's scripts and styles from the browser's cache and still gets every file a
    rebuild changed."""

    state: State
    tag: str | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        if self.tag:
            self.send_header("ETag", self.tag)
        self.send_header("Cache-Control", "no-cache" if self.tag else "no-store")
        super().end_headers()

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the page was closed or left while it waited
            pass

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == PREFIX + "build-id":
            after = query.removeprefix("after=") if query.startswith("after=") else ""
            build_id = self.state.next_id(after) if after else self.state.build_id
            self.send_bytes(str(build_id).encode(), "text/plain; charset=utf-8")
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
        self.tag = entity_tag(target) if target.is_file() else None
        if self.tag and self.headers.get("If-None-Match") == self.tag:
            self.send_response(304)
            self.end_headers()
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
          interval: float = 0.05, settle: float = 0.03) -> None:
    """Rebuild whenever a watched file is added, removed or changed, once the files have stayed the same for
    `settle` seconds: an editor that empties a file and then writes it must not have its half-saved file built."""
    last = snapshot(paths)
    while not stop.wait(interval):
        now = snapshot(paths)
        if now != last:
            while not stop.wait(settle) and (latest := snapshot(paths)) != now:
                now = latest
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
