"""Generated pages from Jinja2 templates, one per kind of page, with autoescaping always on.

A template receives plain data (strings, numbers, lists, dicts) and escapes every value it prints;
only fragments built by `markup` (already escaped) may be marked safe, with `|safe`.
"""

from __future__ import annotations

from functools import cache

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


def render(template: str, **data: object) -> str:
    """The page or fragment `template` (a file in civcas/templates/) filled with `data`."""
    return environment().get_template(template).render(**data)
