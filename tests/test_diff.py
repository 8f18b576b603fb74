"""The data diff between two versions lists exactly the rows and cells that changed."""

from __future__ import annotations

import pandas as pd
from civcas.diff import diff_package, diff_table


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_rows_added_removed_and_cells_changed_by_primary_key():
    before = frame({"id": "a", "n": "1", "t": "x"}, {"id": "b", "n": "2", "t": "y"}, {"id": "c", "n": "3", "t": "z"})
    after = frame({"id": "a", "n": "1", "t": "x"}, {"id": "b", "n": "20", "t": "y!"}, {"id": "d", "n": "4", "t": "w"})
    result = diff_table("t", before, after, ["id"])
    assert result.added == ["d"] and result.removed == ["c"]
    assert result.changed == [{"key": "b", "column": "n", "before": "2", "after": "20"},
                              {"key": "b", "column": "t", "before": "y", "after": "y!"}]
    assert result.summary() == "t: 1 added, 1 removed, 1 changed"


def test_composite_keys_and_a_first_release():
    after = {"obs": frame({"r": "2018-01", "s": "x", "v": "1"})}
    [result] = diff_package(None, after, {"obs": ["r", "s"]})
    assert result.added == ["2018-01 / x"] and not result.changed


def test_identical_tables_have_no_changes():
    same = frame({"id": "a", "n": "1"})
    result = diff_table("t", same, same.copy(), ["id"])
    assert (result.added, result.removed, result.changed) == ([], [], [])
