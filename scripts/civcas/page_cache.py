"""Markdown turned into HTML once per page text: an MkDocs plugin that keeps each page's rendering between builds.

Turning a page's Markdown into HTML is most of an MkDocs build here (the generated pages are long HTML
blocks, which Python-Markdown parses tag by tag), yet an edit of one cell changes the text of a few pages.
A page's rendering depends only on its text, its place in the site, the other files' addresses (links are
rewritten and checked against them) and the Markdown settings, so it is kept under a digest of those and
reused when they are the same. The search index's entries for a page (read from its HTML) and the page
the theme makes around that HTML are kept the same way, and the theme's templates are compiled once, not on
every build. Every page, generated or written by hand, is covered without being named.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import pickle
import re
import sysconfig
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from civcas import raw_html
from civcas.kept import write_soon
from civcas.kept import written as kept_written
from civcas.raw_html import marked_anchors

NAME = "civcas/page-cache"
# Material's search plugin takes these out of each page's HTML after indexing it (plugin.py, on_page_context).
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
SEARCH_STRIPS_AS_IN = "9.8.1"
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>")
ATTRIBUTE = re.compile(r'\s([^\s=>"/]+)(?:="[^"]*")?')
HEADING = re.compile(r"<h[1-6]\b")


class Warnings(logging.Handler):
    """Counts what MkDocs warns about while a page renders: a page that warned is never kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def without_excluded_blocks(html: str) -> str:
    """`html` with the inside of every div marked data-search-exclude emptied. Material's search parser reads
    such a block tag by tag only to skip it, and our tables are most of a page's HTML. A block holding a heading
    is left whole: the parser makes a section of a heading even there. (Values in the HTML are escaped, so a
    tag ends at the first '>' and an attribute value holds no '"'.)"""
    out, position, depth, start = [], 0, 0, 0
    for tag in DIV_TAG.finditer(html):
        if depth:
            depth += -1 if tag.group(1) else 1
            if depth == 0 and not HEADING.search(html, start, tag.start()):
                out.append(html[position:start])
                position = tag.start()
        elif not tag.group(1) and "data-search-exclude" in {m.group(1) for m in ATTRIBUTE.finditer(tag.group(0))}:
            depth, start = 1, tag.end()
    out.append(html[position:])
    return "".join(out)


def stable(value: object) -> object:
    """`value` for a digest: sets sorted, objects by their text."""
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    return repr(value)


def digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=stable)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outline(items: list) -> list:
    """The navigation or a table of contents as plain data: every title, address and level."""
    return [[type(i).__name__, str(i.title), getattr(i, "url", None), getattr(i, "level", None),
             outline(getattr(i, "children", None) or [])] for i in items]


def theme_files(dirs: list[str]) -> list[tuple[str, int, int]]:
    """Every file of the theme's own templates, by size and modification time (the installed themes' files are
    given by their versions)."""
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    found = []
    for folder in dirs:
        if Path(folder).resolve().is_relative_to(installed):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                found.append((str(path), info.st_size, info.st_mtime_ns))
    return found


# What this process last wrote to each cache file, with the file's size and time then: a live preview reads it
# back from memory rather than unpickling the whole site's pages again after every edit.
_WRITTEN: dict[str, tuple[tuple[int, int], dict[str, object]]] = {}


def stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def read_kept(path: Path) -> dict:
    """The renderings kept in `path` (from memory when this process wrote the file as it now is), or none."""
    kept_written(path)
    written = _WRITTEN.get(str(path))
    try:
        if written is not None and written[0] == stamp(path):
            return written[1]
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 (written by this class, in the build's own folder)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}


class PageCache(BasePlugin):
    """Reads kept renderings from `path` before the build and writes back the ones this build used."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.kept: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.setting = ""
        self.keys: dict[str, str] = {}  # page source -> the digest its rendering is kept under
        self.site = ""  # digest of everything but the page that goes into a themed page
        self.nav: Navigation | None = None

    @event_priority(100)  # before Material's search plugin, which compiles a theme template in its on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        static = sorted(config.theme.static_templates)
        config.theme.get_env = self.env_with_kept_listing(config.theme.get_env, static)  # type: ignore[method-assign]
        self.kept = read_kept(self.path)
        self.used = {}
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        addresses = sorted((f.src_uri, f.url) for f in files)
        self.setting = digest(
            version("mkdocs"), version("markdown"), version("mkdocs-material"),
            Path(raw_html.__file__).read_bytes(), [str(e) for e in config["markdown_extensions"]],
            config["mdx_configs"], config["use_directory_urls"], str(config["validation"]), config["nav"], addresses)
        return files

    def env_with_kept_listing(self, get_env: Callable[[], Environment], static: list[str]) -> Callable[[], Environment]:
        """The theme's environment, listing the theme's static files from what this cache kept: MkDocs lists
        all of the theme's folders (14,000 files, most of them icons it then leaves out) on every build."""
        compiled = self.path.parent / "jinja"

        def kept_env() -> Environment:
            env = get_env()
            # MkDocs makes a new environment for every build (Material's search plugin one more per setting it
            # looks up): compiled templates are kept on disk, and Jinja checks each against its source.
            compiled.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
            list_templates = env.list_templates

            def listing(extensions: object = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                if extensions is not None or filter_func is None or getattr(filter_func, "__name__", "") != "filter":
                    return list_templates(extensions, filter_func)
                key = "listing " + digest(version("mkdocs"), version("mkdocs-material"), static, env.loader.searchpath,
                                          theme_files(env.loader.searchpath))  # type: ignore[attr-defined]
                found = self.kept.get(key)
                if found is None:
                    found = list_templates(filter_func=filter_func)
                self.used[key] = found
                return list(found)
            env.list_templates = listing  # type: ignore[method-assign]
            return env
        return kept_env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        page.render = lambda config, files: self.render(page, config, files)  # type: ignore[method-assign]
        return page

    def key(self, page: Page) -> str:
        text = hashlib.sha256((page.markdown or "").encode("utf-8")).hexdigest()
        return digest(self.setting, page.file.src_uri, page.url, text)

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        key = self.key(page)
        kept = self.kept.get(key)
        if kept is None:
            warnings = Warnings()
            logging.getLogger("mkdocs").addHandler(warnings)
            try:
                Page.render(page, config, files)
            finally:
                logging.getLogger("mkdocs").removeHandler(warnings)
            page.present_anchor_ids = (page.present_anchor_ids or set()) | marked_anchors(page.markdown or "")
            if warnings.count:
                return
            links = page.links_to_anchors
            kept = {"content": page.content, "toc": pickle.dumps(page.toc), "title": page._title_from_render,
                    "anchors": page.present_anchor_ids,
                    "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()}}
        else:
            page.content, page.toc = kept["content"], pickle.loads(kept["toc"])  # noqa: S301
            page._title_from_render, page.present_anchor_ids = kept["title"], set(kept["anchors"])
            links = kept["links"]
            page.links_to_anchors = None if links is None else {
                files.get_file_from_path(uri): dict(v) for uri, v in links.items()}
        self.used[key] = kept
        self.keys[page.file.src_uri] = key

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Search entries and themed pages kept."""
        plugins = {name: dict(plugin.config) for name, plugin in config.plugins.items() if name != NAME}
        settings = {k: v for k, v in config.items() if k not in ("plugins", "theme", "site_dir")}
        self.site = digest(self.setting, settings, plugins, list(config.theme.items()), config.theme.dirs,
                           theme_files(config.theme.dirs), outline(self.nav.items if self.nav else []),
                           os.environ.get("SOURCE_DATE_EPOCH"))
        cache = self

        class Kept(Template):
            def render(self, *args: object, **kwargs: object) -> str:
                return cache.themed(self, super().render, *args, **kwargs)

        env.template_class = Kept
        search = config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if index is not None:
            add = index.add_entry_from_context
            index.add_entry_from_context = lambda page: self.index_entries(page, index, add)
            if version("mkdocs-material") == SEARCH_STRIPS_AS_IN:
                events = config.plugins.events["page_context"]
                for number, method in enumerate(events):
                    if getattr(method, "__self__", None) is search and method.__name__ == "on_page_context":
                        events[number] = self.search_page_context(search)
        return env

    def search_page_context(self, search: BasePlugin) -> Callable[..., None]:
        """Material's search plugin at a page: index it, then take its data-search attributes out of its
        HTML. The second step runs a regular expression over every page's whole HTML; its result is kept by
        a digest of the HTML. (Only for the Material version whose plugin this repeats.)"""
        def page_context(context: object, *, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
            if not search.config.enabled:
                return
            search.search_index.add_entry_from_context(page)
            key = "stripped " + hashlib.sha256(page.content.encode("utf-8")).hexdigest()
            stripped = self.kept.get(key)
            if stripped is None:
                found = SEARCH_ATTRIBUTES.sub("", page.content)
                stripped = True if found == page.content else found  # most pages hold none: keep no copy
            self.used[key] = stripped
            if stripped is not True:
                page.content = stripped
        return page_context

    def themed(self, template: Template, render: Callable[..., str], context: dict | None = None,
               **kwargs: object) -> str:
        """A page in the theme: what it shows of the site is in `self.site`, the rest is the page's own."""
        page = context.get("page") if isinstance(context, dict) and not kwargs else None
        if isinstance(context, dict) and not kwargs and page is None and self.site:
            # A page of the theme's own (404.html, sitemap.xml): made of the site around it alone.
            key = "template " + digest(self.site, template.name, context.get("base_url"))
            output = self.kept.get(key)
            if output is None:
                output = render(context)
            self.used[key] = output
            return output
        if not isinstance(page, Page) or page.content is None:
            return render(context, **kwargs)
        neighbours = [(p.url, str(p.title)) if p else None for p in (page.previous_page, page.next_page)]
        ancestors = [str(s.title) for s in page.ancestors if isinstance(s, Section)]
        toc = outline(list(page.toc)) if page.toc else []
        key = "html " + digest(self.site, template.name, page.file.src_uri, page.url, str(page.title), page.meta,
                               page.canonical_url, page.edit_url, page.is_homepage, neighbours, ancestors, toc,
                               hashlib.sha256(page.content.encode("utf-8")).hexdigest())
        output = self.kept.get(key)
        if output is None:
            output = render(context)
        self.used[key] = output
        return output

    def index_entries(self, page: Page, index: object, add: Callable[[Page], None]) -> None:
        """What the search plugin reads from a page depends on its HTML (hence on its rendering's digest),
        address, title, front matter and the plugin's settings."""
        rendered = self.keys.get(page.file.src_uri)
        entries: list[dict] = index.entries  # type: ignore[attr-defined]
        if rendered is None:
            add(page)
            return
        text = json.dumps([rendered, page.url, page.title, page.meta, index.config],  # type: ignore[attr-defined]
                          sort_keys=True, default=repr)
        key = "search " + hashlib.sha256(text.encode("utf-8")).hexdigest()
        kept = self.kept.get(key)
        if kept is None:
            before, content = len(entries), page.content
            page.content = without_excluded_blocks(content)
            try:
                add(page)
            finally:
                page.content = content
            kept = entries[before:]
        else:
            entries.extend(copy.deepcopy(kept))
        self.used[key] = copy.deepcopy(kept)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Keep only what this build used, so the file holds one site's pages however many edits it saw."""
        path, used = self.path, self.used

        def remember() -> None:
            _WRITTEN[str(path)] = (stamp(path), used)
        write_soon(path, pickle.dumps(used, protocol=pickle.HIGHEST_PROTOCOL), then=remember)
