"""`civcas build`: the whole site, reproducible, strict, and never published from bad input."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from civcas import cli
from civcas.downloads import chart_data, data_files
from civcas.site import BuildFailed, build, figures_for
from civcas.validate import validate

ROOT = Path(__file__).resolve().parents[1]


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(package: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "civcas", "build", "--package", str(package), "--out", str(out)],
                          capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture
def built(mini_built) -> Path:
    return mini_built[1]


@pytest.fixture
def built_package(mini_built) -> Path:
    return mini_built[0]


def test_build_writes_pages_charts_runtime_and_downloads(built, built_package):
    for page in ("index.html", "reports/index.html", "reports/2018-02.html", "sources.html", "monitors.html",
                 "discrepancies.html", "consistency.html", "data-dictionary.html", "downloads.html",
                 "methodology.html", "about.html", "charts.html", "other-statements.html"):
        assert (built / page).is_file(), page
    assert (built / "charts" / "cumulative.svg").read_text().startswith("<svg")
    assert list((built / "assets").glob("vega-runtime-*.js"))
    report = validate(built_package)
    tables = report.package.tables
    figures = figures_for(report.reconciled.releases, tables["monitor_counts"], tables["allegations"])
    for name, data in data_files(report, charts=chart_data(figures)).items():
        assert (built / "data" / name).read_bytes() == data


def test_chart_tables_stay_out_of_the_search_index(built):
    import json

    index = json.loads((built / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "sources.html" in locations
    assert not any("change_in_total" in doc["text"] for doc in index["docs"])


def test_home_page_carries_parseable_dataset_jsonld_and_a_feed_link(built):
    import json
    import re

    html = (built / "index.html").read_text()
    [payload] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload)
    assert data["@type"] == "Dataset" and data["version"] == "0.1.0"
    assert any(d["contentUrl"].endswith("data/releases.csv") for d in data["distribution"])
    assert 'type="application/atom+xml"' in html and (built / "feed.xml").is_file()
    assert (built / "sitemap.xml").is_file()


def test_same_inputs_give_byte_identical_output(built, built_package, tmp_path):
    again = tmp_path / "second" / "site"
    build(built_package, again, ROOT / "mkdocs.yml", ROOT / "docs")
    assert tree_digest(built) == tree_digest(again)


def test_invalid_data_stops_the_build_and_leaves_the_output_untouched(mini_built, tmp_path):
    package = shutil.copytree(mini_built[0], tmp_path / "mini")
    site = shutil.copytree(mini_built[1], tmp_path / "first" / "site")
    before = tree_digest(site)
    assert before == tree_digest(mini_built[1])
    observations = package / "observations.csv"
    observations.write_text(observations.read_text().replace(",105,", ",lots,", 1))
    result = run_build(package, site)
    assert result.returncode == 1
    assert "observations.csv:3:cum_killed: Type Error" in result.stdout
    assert "was left as it was" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(site) == before


def test_the_build_command_builds_the_default_package(mini_package, tmp_path, capsys):
    code = cli.main(["build", "--package", str(mini_package), "--out", str(tmp_path / "out" / "site")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith(f"built {tmp_path / 'out' / 'site'}: 2 releases")


def test_generated_pages_build_under_mkdocs_strict_without_warnings(built, tmp_path):
    config = built.with_name("site.pages.mkdocs.yml")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "-f", str(config), "-d", str(tmp_path / "bare")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_a_hand_written_page_may_not_shadow_a_generated_one(mini_package, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "sources.md").write_text("# Mine\n")
    with pytest.raises(BuildFailed, match="sources.md: a hand-written page has the name of a generated one"):
        build(mini_package, tmp_path / "x" / "site", ROOT / "mkdocs.yml", docs)


def test_a_build_with_its_charts_in_the_cache_gives_the_same_site_without_loading_altair(built, built_package,
                                                                                         tmp_path):
    out = tmp_path / "cached" / "site"
    script = ("import sys; from pathlib import Path; from civcas.site import build; "
              f"build(Path({str(built_package)!r}), Path({str(out)!r}), Path('mkdocs.yml'), Path('docs')); "
              "print('altair' in sys.modules)")
    loaded = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                             cwd=ROOT).stdout.strip() for _ in range(2)]
    assert loaded == ["True", "False"]  # drawn on the first build, read from build/.cache on the second
    assert list((out.parent / ".cache").glob("figures-*.pickle"))
    assert tree_digest(out) == tree_digest(built)
