"""The allegations map: the coalition's grid references over Natural Earth country boundaries, as an SVG.

Boundaries come from the npm package world-atlas (TopoJSON of Natural Earth), installed by `make` into
node_modules/; nothing of it is committed. The SVG is drawn here, offline and byte for byte the same for the
same data, so the map needs no JavaScript and carries its caveat inside the image itself.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import mgrs
import pandas as pd

from civcas import markup
from civcas.downloads import frame_digest
from civcas.kept import latest_bytes
from civcas.markup import text

ATLAS_FILE = "world-atlas/countries-50m.json"
# Iraq and Syria with a margin: west, south, east, north, in degrees.
BOUNDS = (35.3, 29.0, 48.9, 37.7)
WIDTH = 640
MIN_STEP = 1.0
MARGIN = 10
COLORS = {"credible": "#c0392b", "not-credible": "#5d6d7e", "duplicate": "#d4ac0d"}
LABELS = {"Syria": (38.3, 35.3), "Iraq": (43.4, 33.2), "Turkey": (38.5, 37.45), "Jordan": (36.6, 30.9),
          "Saudi Arabia": (41.5, 29.6), "Iran": (47.6, 34.5)}


class MapDataMissing(Exception):
    """The Natural Earth boundaries are not installed."""


def atlas_path() -> Path:
    """node_modules/ at the project root (or where CIVCAS_NODE_MODULES points)."""
    folder = os.environ.get("CIVCAS_NODE_MODULES")
    root = Path(folder) if folder else Path(__file__).resolve().parents[2] / "node_modules"
    return root / ATLAS_FILE


@cache
def grid_converter() -> mgrs.MGRS:
    return mgrs.MGRS()


def latitude_longitude(grid: str) -> tuple[float, float]:
    """Latitude and longitude of the south-west corner of an MGRS grid square, in degrees."""
    latitude, longitude = grid_converter().toLatLon(grid)
    return latitude, longitude


@dataclass(frozen=True)
class Projection:
    """Plate carrée scaled by the cosine of the middle latitude, so a degree looks about as long both ways."""

    west: float
    south: float
    east: float
    north: float
    width: int = WIDTH

    @property
    def scale(self) -> float:
        middle = math.radians((self.south + self.north) / 2)
        return self.width / ((self.east - self.west) * math.cos(middle))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        middle = math.radians((self.south + self.north) / 2)
        return ((longitude - self.west) * math.cos(middle) * self.scale, (self.north - latitude) * self.scale)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lists of (longitude, latitude): quantized positions are delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


@cache
def countries(path: Path) -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Every country as (name, rings), rings as (longitude, latitude) points."""
    if not path.is_file():
        raise MapDataMissing(f"{path}: Natural Earth boundaries not found; run `make` (it runs `npm ci`)")
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], [])
        rings = tuple(tuple(ring(arcs, r)) for polygon in polygons for r in polygon)
        out.append((geometry.get("properties", {}).get("name", ""), rings))
    return tuple(out)


def clamped(point: tuple[float, float], projection: Projection) -> tuple[float, float]:
    """A point far outside the frame moved onto a border just outside it: what shows inside is unchanged
    (the boundaries' points lie a few pixels apart), and the long coastlines of neighbours collapse to a few."""
    x, y = point
    return (min(max(x, -MARGIN), projection.width + MARGIN), min(max(y, -MARGIN), projection.height + MARGIN))


def path_data(rings, projection: Projection) -> str:
    west, south, east, north = projection.west - 5, projection.south - 5, projection.east + 5, projection.north + 5
    parts = []
    for points in rings:
        if not any(west <= x <= east and south <= y <= north for x, y in points):
            continue
        kept: list[tuple[float, float]] = []
        for px, py in (clamped(projection.point(x, y), projection) for x, y in points):
            # A point closer than MIN_STEP pixels to the last one kept changes nothing visible.
            if not kept or abs(px - kept[-1][0]) + abs(py - kept[-1][1]) >= MIN_STEP:
                kept.append((px, py))
        parts.append("M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in kept) + "Z")
    return "".join(parts)


def placed(allegations: pd.DataFrame) -> pd.DataFrame:
    """The allegations whose statement prints a grid reference, with its latitude and longitude."""
    rows = allegations[allegations["mgrs"] != ""].copy()
    coordinates = [latitude_longitude(g) for g in rows["mgrs"]]
    rows["latitude"] = [round(c[0], 4) for c in coordinates]
    rows["longitude"] = [round(c[1], 4) for c in coordinates]
    return rows


def caveat(allegations: pd.DataFrame, points: pd.DataFrame) -> list[str]:
    """What the map does not show, in lines short enough for the image."""
    iraq = int((allegations["country"] == "Iraq").sum())
    return [
        f"Placed by the coalition's own grid reference: {len(points):,} of {len(allegations):,} allegations listed "
        f"here.",
        f"Only {iraq} of the listed allegations are in Iraq: the Iraq statements are largely missing from the",
        "records read, so the map shows where listed allegations were, not where civilians were harmed.",
    ]


def svg(allegations: pd.DataFrame, atlas: Path | None = None) -> str:
    """The map as a standalone SVG document with a title, a description, a legend and the caveat."""
    projection = Projection(*BOUNDS)
    points = placed(allegations)
    lines = caveat(allegations, points)
    legend_top = projection.height + 10
    height = legend_top + 26 + 16 * len(lines)
    shapes = []
    for name, rings in countries(atlas or atlas_path()):
        d = path_data(rings, projection)
        if d:
            fill = "#f2efe6" if name in ("Iraq", "Syria") else "#e4e4e4"
            shapes.append(f'<path d="{d}" fill="{fill}" stroke="#888" stroke-width="0.6"/>')
    for name, (x, y) in LABELS.items():
        px, py = projection.point(x, y)
        shapes.append(f'<text x="{px:.1f}" y="{py:.1f}" class="country">{text(name)}</text>')
    dots = []
    for row in points.sort_values(["verdict", "allegation_id"], ascending=[False, True]).to_dict("records"):
        px, py = projection.point(row["longitude"], row["latitude"])
        label = f"{row['allegation_id']}: {row['incident_date']}, {row['place']}, {row['verdict']}"
        dots.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.2" fill="{COLORS[row["verdict"]]}" '
                    f'data-verdict="{text(row["verdict"])}"><title>{text(label)}</title></circle>')
    counts = points["verdict"].value_counts()
    legend = []
    x = 8
    for verdict, color in COLORS.items():
        count = int(counts.get(verdict, 0))
        legend.append(f'<circle cx="{x + 5}" cy="{legend_top + 6}" r="5" fill="{color}"/>'
                      f'<text x="{x + 14}" y="{legend_top + 10}">{text(verdict)} ({count:,})</text>')
        x += 170
    notes = [f'<text x="8" y="{legend_top + 34 + 16 * i}" class="caveat">{text(line)}</text>'
             for i, line in enumerate(lines)]
    description = (f"Map of Iraq and Syria with {len(points):,} allegations placed by the coalition's grid "
                   f"references, coloured by verdict. " + " ".join(lines))
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="map-title map-desc" class="civcas-map">',
        '<title id="map-title">Allegations closed by the coalition, placed by its own grid references</title>',
        f'<desc id="map-desc">{text(description)}</desc>',
        "<style>text{font:12px sans-serif;fill:#222}.country{font-size:13px;fill:#555;text-anchor:middle}"
        ".caveat{font-size:11.5px}</style>",
        f'<clipPath id="map-frame"><rect width="{WIDTH}" height="{projection.height}"/></clipPath>',
        f'<rect width="{WIDTH}" height="{projection.height}" fill="#cfe3f0"/>',
        '<g clip-path="url(#map-frame)">', *shapes, *dots, "</g>",
        *legend, *notes,
        "</svg>",
    ]) + "\n"


_KEPT: dict[str, str] = {}


def kept_svg(allegations: pd.DataFrame, cache: Path | None = None, table_digest: bytes | None = None) -> str:
    """`svg`, drawn again only when the allegations, the boundaries or this code change (kept in this process,
    and in `cache` if given): most edits in a live preview leave the map as it was. `table_digest`: the
    allegations table's, if known."""
    atlas = atlas_path()
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(markup.__file__).read_bytes())
    digest.update(hashlib.sha256(atlas.read_bytes()).digest() if atlas.is_file() else b"no atlas")
    digest.update(json.dumps(list(allegations.columns)).encode())
    digest.update(table_digest or frame_digest(allegations))
    key = digest.hexdigest()
    if key not in _KEPT:
        def draw() -> bytes:
            return svg(allegations).encode("utf-8")
        drawn = latest_bytes(cache, "map", f"{key}.svg", draw) if cache else draw()
        _KEPT.clear()
        _KEPT[key] = drawn.decode("utf-8")
    return _KEPT[key]
