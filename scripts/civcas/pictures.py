"""Each chart as pictures, rendered offline at build time: the page's static SVG (the chart readers see
first), and the take-away SVG and PNG with title, source line and licence drawn in.

Rendering is slow and deterministic, so every picture is kept under a name made of its spec and the
renderer's version: in memory for one process, and on disk between builds when a cache folder is given.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from civcas.charts import Figure, credited, narrow

RENDERER = f"vl-convert-{version('vl-convert-python')}"
PNG_SCALE = 2


@cache
def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes, so the renderer and the served runtime match the specs.

    Read from Altair's files rather than by importing it: a build whose charts are cached never loads Altair.
    """
    spec = importlib.util.find_spec("altair")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("altair is not installed")
    vegalite = Path(spec.origin).parent / "vegalite"
    default = re.search(r"^from \.(v\d+) import \*", (vegalite / "__init__.py").read_text(encoding="utf-8"), re.M)
    schema = (vegalite / default.group(1) / "schema" / "__init__.py").read_text(encoding="utf-8") if default else ""
    found = re.search(r'^SCHEMA_VERSION = "v(\d+)\.(\d+)\.', schema, re.M)
    if found is None:
        raise RuntimeError(f"{vegalite}: no Vega-Lite version found in Altair's schema")
    return f"v{found.group(1)}.{found.group(2)}"


@cache
def _render(kind: str, spec_text: str) -> bytes:
    import vl_convert  # loaded only when the cache does not hold the picture: it takes a while

    spec = json.loads(spec_text)
    if kind == "png":
        return vl_convert.vegalite_to_png(spec, scale=PNG_SCALE, vl_version=vega_lite_version())
    return vl_convert.vegalite_to_svg(spec, vl_version=vega_lite_version()).encode("utf-8")


def render(kind: str, spec: dict, folder: Path | None) -> bytes:
    """An SVG or PNG of `spec`, from the cache when it holds one."""
    spec_text = json.dumps(spec, sort_keys=True)
    if folder is None:
        return _render(kind, spec_text)
    key = hashlib.sha256(json.dumps([spec_text, RENDERER, vega_lite_version()]).encode("utf-8")).hexdigest()
    path = folder / f"{key}.{kind}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_render(kind, spec_text))
    return path.read_bytes()


def described(svg: bytes, title: str, description: str) -> bytes:
    """The SVG as an image with an accessible name and description of its own, wherever it is opened."""
    text = svg.decode("utf-8")
    opening = re.match(r"<svg\b[^>]*>", text)
    if opening is None:
        raise ValueError("the renderer returned something that is not an SVG")
    head = opening.group(0)[:-1] + ' role="img" aria-labelledby="title desc">'
    inner = (f'<title id="title">{html.escape(title)}</title>'
             f'<desc id="desc">{html.escape(description)}</desc>')
    return (head + inner + text[opening.end():]).encode("utf-8")


def size(svg: bytes) -> tuple[int, int]:
    """Width and height of a rendered SVG, so the page reserves the room before the image arrives."""
    found = re.search(rb'<svg\b[^>]*?\bwidth="(\d+)"[^>]*?\bheight="(\d+)"', svg)
    if found is None:
        raise ValueError("the rendered SVG has no width and height")
    return int(found.group(1)), int(found.group(2))


@dataclass(frozen=True)
class Pictures:
    figure_svg: bytes  # shown on the page, under the page's own heading
    narrow_svg: bytes  # the same, drawn for a phone's width
    svg: bytes  # to take away: title, source and licence drawn in
    png: bytes

    @property
    def width(self) -> int:
        return size(self.figure_svg)[0]

    @property
    def height(self) -> int:
        return size(self.figure_svg)[1]

    @property
    def narrow_size(self) -> tuple[int, int]:
        return size(self.narrow_svg)

    @property
    def credited_size(self) -> tuple[int, int]:
        return size(self.svg)


def pictures(figure: Figure, data_version: str, folder: Path | None = None) -> Pictures:
    full = credited(figure, data_version)
    return Pictures(
        figure_svg=described(render("svg", figure.spec, folder), figure.title, figure.description),
        narrow_svg=described(render("svg", narrow(figure.spec), folder), figure.title, figure.description),
        svg=described(render("svg", full, folder), figure.title, figure.description),
        png=render("png", full, folder),
    )
