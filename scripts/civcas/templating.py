"""Generated pages from Jinja2 templates, one per kind of page, with autoescaping always on.

A template receives plain data (strings, numbers, lists, dicts) and escapes every value it prints;
only fragments built by `markup` (already escaped) may be marked safe, with `|safe`.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from civcas import markup
from civcas.kept import write_soon, written
from civcas.markup import number

FRAGMENTS = "fragments.pickle"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("civcas", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = number
    return env


class Rendered:
    """Fragments already rendered, by a digest of the templates, the template's name and its data.

    A live preview builds again after every edit, and most fragments (a list page of a hundred allegations,
    a report's section) get the same data as last time. Only the previous build's fragments are kept: in this
    process, and in a file when a build names one, so that a new process starts from them.
    """

    def __init__(self) -> None:
        self.templates = b""
        self.previous: dict[bytes, str] = {}
        self.current: dict[bytes, str] = {}

    def new_build(self, kept: Path | None = None) -> None:
        folder = resources.files("civcas") / "templates"
        digest = hashlib.sha256()
        for module in (__file__, markup.__file__):  # the code that turns data into text, filters included
            digest.update(Path(module).read_bytes())
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
        templates = digest.digest()
        self.previous = self.current if templates == self.templates else {}
        self.current, self.templates = {}, templates
        if kept is not None and not self.previous:
            self.previous = read_kept(kept, templates)

    def keep(self, path: Path) -> None:
        """Write this build's fragments to `path`, for the next build in another process."""
        write_soon(path, pickle.dumps((self.templates, self.current), pickle.HIGHEST_PROTOCOL))

    def get(self, template: str, data: dict[str, object]) -> str:
        try:
            key = hashlib.sha256(self.templates + template.encode() + b"\0" + pickle.dumps(data, 5)).digest()
        except (pickle.PicklingError, TypeError, AttributeError):  # data that cannot be pickled: not kept
            return environment().get_template(template).render(**data)
        text = self.current.get(key) or self.previous.get(key)
        if text is None:
            text = environment().get_template(template).render(**data)
        self.current[key] = text
        return text


def read_kept(path: Path, templates: bytes) -> dict[bytes, str]:
    """Fragments written by `Rendered.keep` from the same templates and code, or none."""
    written(path)
    try:
        with open(path, "rb") as handle:
            kept_templates, fragments = pickle.load(handle)  # noqa: S301 (written by keep, in the build's folder)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    return fragments if kept_templates == templates and isinstance(fragments, dict) else {}


RENDERED = Rendered()


def start_build(cache: Path | None = None) -> None:
    """Start a build: fragments of the build before stay at hand, older ones are dropped. With `cache` (a
    folder), compiled templates and the fragments of the last build are kept there for a new process."""
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        env = environment()
        folder = cache / "templates"
        if not isinstance(env.bytecode_cache, FileSystemBytecodeCache) or env.bytecode_cache.directory != str(folder):
            folder.mkdir(exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    RENDERED.new_build(cache / FRAGMENTS if cache is not None else None)


def finish_build(cache: Path) -> None:
    """Keep this build's fragments in `cache` for the next build."""
    RENDERED.keep(cache / FRAGMENTS)


def render(template: str, **data: object) -> str:
    """The page or fragment `template` (a file in civcas/templates/) filled with `data`."""
    if not RENDERED.templates:
        RENDERED.new_build()
    return RENDERED.get(template, data)
