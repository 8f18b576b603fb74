"""Every internal link of a built site, checked: the file it names exists, and so does the anchor it points to."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that name another file of the site; srcset lists addresses with a width or density after each.
LINKING = {"href", "src", "srcset", "data"}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@dataclass(frozen=True)
class Link:
    page: str  # path of the page inside the site, with '/' separators
    target: str  # the address as written


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name in LINKING and not (tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate")
                                          and value.startswith(("http://", "https://"))):
                self.links.append(value)


def read_page(path: Path) -> tuple[set[str], list[str]]:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.ids, parser.links


def broken_links(site: Path, site_url: str) -> list[str]:
    """One line per link that leads nowhere: 'page: address (why)'. External addresses are not followed;
    an address under `site_url` is internal."""
    pages = {p.relative_to(site).as_posix(): read_page(p) for p in sorted(site.rglob("*.html"))}
    base = urlsplit(site_url)
    problems = []
    for page, (_, links) in pages.items():
        for address in links:
            why = _problem(site, pages, page, address, base)
            if why:
                problems.append(f"{page}: {address} ({why})")
    return problems


def _problem(site: Path, pages: dict, page: str, address: str, base) -> str | None:
    address = address.strip()
    if not address or address.lower().startswith(SKIPPED_SCHEMES):
        return None
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None  # another site: not ours to check
        path = posixpath.normpath("/" + parts.path[len(base.path):]).lstrip("/")
    elif parts.path.startswith("/"):
        path = posixpath.normpath(parts.path[len(base.path):] if parts.path.startswith(base.path) else parts.path)
        path = path.lstrip("/")
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path \
            else page
    path = unquote(path)
    if path.startswith(".."):
        return "leaves the site"
    target = site / path
    if target.is_dir() or path in ("", "."):
        path = posixpath.join(path, "index.html") if path not in ("", ".") else "index.html"
        target = site / path
    if not target.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and path.endswith(".html") and fragment not in pages[path][0] and fragment != "top":
        return f"no element with id '{fragment}'"
    return None
