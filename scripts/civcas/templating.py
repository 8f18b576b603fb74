"""Generated pages from Jinja2 templates, one per kind of page, with autoescaping always on.

A template receives plain data (strings, numbers, lists, dicts) and escapes every value it prints;
only fragments built by `markup` (already escaped) may be marked safe, with `|safe`.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined

from civcas.markup import number


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
    a report's section) get the same data as last time. Only the previous build's fragments are kept.
    """

    def __init__(self) -> None:
        self.templates = b""
        self.previous: dict[bytes, str] = {}
        self.current: dict[bytes, str] = {}

    def new_build(self) -> None:
        folder = resources.files("civcas") / "templates"
        digest = hashlib.sha256()
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
        templates = digest.digest()
        self.previous = self.current if templates == self.templates else {}
        self.current, self.templates = {}, templates

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


RENDERED = Rendered()


def start_build() -> None:
    """Start a build: fragments of the build before stay at hand, older ones are dropped."""
    RENDERED.new_build()


def render(template: str, **data: object) -> str:
    """The page or fragment `template` (a file in civcas/templates/) filled with `data`."""
    if not RENDERED.templates:
        RENDERED.new_build()
    return RENDERED.get(template, data)
