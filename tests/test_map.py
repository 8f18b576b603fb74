"""The allegations map: grid references to coordinates, boundaries decoded, the caveat drawn on the image."""

from __future__ import annotations

import pandas as pd
import pytest
from civcas import map as allegation_map
from civcas.allegations import grids_place_in_region
from conftest import INJECTION

COLUMNS = ["allegation_id", "incident_date", "place", "country", "verdict", "mgrs"]


def table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: str(r.get(c, "")) for c in COLUMNS} for r in rows], columns=COLUMNS)


def test_the_grid_of_a_known_point_converts_to_its_coordinates():
    # Al Sina'a prison, Al Hasakah: a grid printed in a periodic report, measured by hand beforehand.
    assert allegation_map.latitude_longitude("37SFA5786438292") == pytest.approx((36.4769, 40.7622), abs=1e-3)


@pytest.mark.parametrize(("grid", "south", "west", "north", "east"), [
    ("37SFU7742928044", 34.3, 40.8, 34.6, 41.1),  # near Al Shaafa, on the Euphrates by the Iraqi border
    ("37SEV008785", 35.9, 38.9, 36.0, 39.1),  # in Raqqa
    ("38SLF1234", 36.3, 42.7, 36.6, 43.2),  # the 10 km square west of Mosul
])
def test_grids_fall_in_the_places_their_statements_name(grid, south, west, north, east):
    latitude, longitude = allegation_map.latitude_longitude(grid)
    assert south <= latitude <= north and west <= longitude <= east


def test_a_grid_outside_the_region_or_malformed_is_a_problem():
    ok = table({"mgrs": "37SFA5786438292"}, {"mgrs": ""})
    assert grids_place_in_region(ok, "a.csv") == []
    bad = table({"mgrs": "37SEC0297578153"}, {"mgrs": "37FSU774280"})
    problems = grids_place_in_region(bad, "a.csv")
    assert [p.row for p in problems] == [2, 3]
    assert "outside Iraq and Syria" in problems[0].message and "does not convert" in problems[1].message


def test_topojson_arcs_are_delta_decoded_and_reversed_by_their_complement():
    topology = {"transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
                "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]]}
    arcs = allegation_map.decode_arcs(topology)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    assert allegation_map.ring(arcs, [0, ~0]) == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (11.0, 20.0),
                                                 (10.0, 20.0)]


def test_the_projection_keeps_north_up_and_the_frame_in_view():
    projection = allegation_map.Projection(*allegation_map.BOUNDS)
    west, south, east, north = allegation_map.BOUNDS
    assert projection.point(west, north) == (0, 0)
    x, y = projection.point(east, south)
    assert x == pytest.approx(allegation_map.WIDTH) and y == pytest.approx(projection.height, abs=0.5)


def test_the_map_places_each_grid_and_draws_the_caveat_and_escapes_places():
    rows = table({"allegation_id": "a-1", "incident_date": "2017-06-01", "place": INJECTION, "country": "Syria",
                  "verdict": "credible", "mgrs": "37SFA5786438292"},
                 {"allegation_id": "a-2", "incident_date": "2017-06-02", "place": "Mosul", "country": "Iraq",
                  "verdict": "not-credible", "mgrs": ""})
    svg = allegation_map.svg(rows)
    assert svg.count('<circle cx=') == 1 + len(allegation_map.COLORS)  # one placed allegation, the legend
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Placed by the coalition&#x27;s own grid reference: 1 of 2 allegations listed here." in svg
    assert 'class="caveat">Only 1 of the listed allegations are in Iraq' in svg
    assert svg == allegation_map.svg(rows), "same data, same bytes"


def test_missing_boundaries_say_how_to_install_them(tmp_path):
    with pytest.raises(allegation_map.MapDataMissing, match="npm ci"):
        allegation_map.svg(table(), atlas=tmp_path / "none.json")


def test_boundary_points_far_outside_the_frame_are_moved_just_outside_it():
    projection = allegation_map.Projection(*allegation_map.BOUNDS)
    assert allegation_map.clamped((100.0, 200.0), projection) == (100.0, 200.0)
    margin = allegation_map.MARGIN
    assert allegation_map.clamped((-500.0, 5000.0), projection) == (-margin, projection.height + margin)
