"""The one place the site's address is read from: `site_url` in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import yaml


def site_url(config_file: Path = Path("mkdocs.yml")) -> str:
    url = yaml.safe_load(config_file.read_text(encoding="utf-8"))["site_url"]
    return url if url.endswith("/") else url + "/"


def release_url(base: str, version: str) -> str:
    return f"{base}releases/{version}/"
