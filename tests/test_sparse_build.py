"""A valid package builds however little it holds: a chart with nothing to draw is left out, a missing
headline figure is said to be missing, and nothing ends in an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from civcas import cli
from conftest import observation, write_package

SPARSE = {
    "strikes only": [observation(cum_strikes=5, cum_strikes_qualifier="exact")],
    "one running total": [observation(cum_killed=10)],
    "a report known without figures": [observation(figures_found="false", release_date="2018-02-10",
                                                   release_date_basis="stated")],
    "a release without a period": [observation("release-2019-01", statement_kind="release", cum_killed=3,
                                               release_date="2019-01-05", release_date_basis="stated")],
}


@pytest.mark.parametrize("name", list(SPARSE))
def test_a_sparse_valid_package_builds(tmp_path, capsys, name):
    package = write_package(tmp_path / "pkg", observations=SPARSE[name])
    out = tmp_path / "out" / "site"
    code = cli.main(["build", "--package", str(package), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    home = (out / "index.html").read_text(encoding="utf-8")
    if name == "strikes only":
        assert "No source in the data states the coalition" in home
        assert not (out / "charts" / "cumulative.svg").exists() and (out / "charts.html").is_file()
    if name == "one running total":
        assert (out / "charts" / "cumulative.svg").is_file() and not (out / "charts" / "pipeline.svg").exists()
    assert Path(out / "reports" / "index.html").is_file()
