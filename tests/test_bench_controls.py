"""The benchmark's control pages: the site's theme settings alone, none of the site's own assets."""

import importlib.util
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_config(html: str) -> dict:
    return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])


def test_theme_control_uses_the_site_theme_features_and_none_of_its_styles_or_scripts(tmp_path):
    html = (load_bench().theme_control(tmp_path, sections=0) / "index.html").read_text(encoding="utf-8")
    site_features = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["features"]
    assert page_config(html)["features"] == site_features
    assert re.search(r'<script src="assets/javascripts/bundle\.[0-9a-f]+\.min\.js">', html)
    for own in ("civcas.css", "charts.js", "tables.js", "civcas-"):
        assert own not in html


def test_long_theme_control_is_as_long_as_the_home_page_and_short_one_is_not(tmp_path):
    bench = load_bench()
    short = (bench.theme_control(tmp_path, sections=0) / "index.html").stat().st_size
    long = (bench.theme_control(tmp_path, sections=60) / "index.html").stat().st_size
    assert long > 4 * short
    assert long > 50_000
