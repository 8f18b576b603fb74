"""Build the site: validate, generate pages, charts and downloads, run MkDocs, then swap the output in."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from civcas import (
    allegation_charts,
    allegation_pages,
    charts,
    derive,
    home,
    pages,
    reference_pages,
    release_pages,
    reports_table,
    settings,
)
from civcas.annual_pages import annual_page
from civcas.context import SiteContext
from civcas.corrections import page as corrections_page
from civcas.diff import summary
from civcas.discovery import atom_feed, dataset
from civcas.downloads import chart_csv, chart_data, frame_digest, published_tables, start_data_files, table_digests
from civcas.fields import records
from civcas.files import DEFAULT_MAX_BYTES
from civcas.kept import kept_bytes as cached_bytes
from civcas.kept import latest_in
from civcas.pictures import vega_lite_version
from civcas.problems import InvalidPackage
from civcas.reuse import reusing_published, sync_folder
from civcas.search_pages import searchable
from civcas.settings import release_url
from civcas.templating import finish_build, render, start_build
from civcas.validate import Report, validate

RUNTIME = f"vega-runtime-{version('vl-convert-python')}.js"


class BuildFailed(Exception):
    """MkDocs refused the generated pages (a warning under --strict)."""


def home_jsonld(ctx: SiteContext) -> dict:
    descriptor = ctx.report.package.descriptor
    files = {name: f"{ctx.site_url}data/{name}" for name in ctx.download_names}
    tables = ctx.tables
    return dataset(descriptor, files, len(tables["sources"]),
                   records(tables["observations"]), ctx.site_url, descriptor["created"][:10])


def generated_pages(ctx: SiteContext) -> dict[str, str]:
    start_build(ctx.cache)
    diffs = ctx.release_diffs
    out = {
        "index.md": release_pages.front_matter(home_jsonld(ctx)) + home.page(ctx),
        "releases/index.md": release_pages.releases_index(ctx.snapshots, diffs),
        "reports/index.md": reports_table.page(ctx),
        "charts.md": reference_pages.charts_page(ctx),
        "monitors.md": reference_pages.monitors(ctx),
        "sources.md": reference_pages.sources(ctx),
        "discrepancies.md": reference_pages.discrepancies(ctx),
        "consistency.md": reference_pages.consistency(ctx),
        "other-statements.md": reference_pages.other_statements(ctx),
        "annual-reports.md": annual_page(ctx),
        "corrections.md": corrections_page(ctx, ctx.changes),
        "data-dictionary.md": reference_pages.data_dictionary(ctx),
    }
    out.update(allegation_pages.pages(ctx))
    for row in ctx.releases.to_dict("records"):
        out[f"reports/{row['report_id']}.md"] = searchable(row, pages.report_page(ctx, row))
    previous = ""
    for snapshot in ctx.snapshots:
        out[f"releases/{snapshot.version}/index.md"] = release_pages.release_page(
            snapshot, diffs[snapshot.version], previous, ctx.site_url)
        previous = snapshot.version
    out["downloads.md"] = reference_pages.downloads(ctx)  # the only page that waits for the workbook
    return out


def feed(ctx: SiteContext) -> bytes:
    diffs = ctx.release_diffs
    entries = [{"version": s.version, "date": s.date, "url": release_url(ctx.site_url, s.version),
                "summary": summary(diffs[s.version])} for s in ctx.snapshots]
    return atom_feed(ctx.site_url, entries)


def citation_settings(ctx: SiteContext) -> dict[str, str]:
    """What the 'cite this version' box on every page says."""
    latest = ctx.latest_release
    if latest is None:
        return {"text": f"version {ctx.version} of these data has not been released yet.",
                "href": "releases/index.html", "link_text": "Data releases"}
    cite = release_pages.citable(latest, ctx.site_url).text()
    if ctx.unreleased_changes:
        cite = f"these pages show data changed since release {latest.version}; for that release: {cite}"
    return {"text": cite, "href": f"releases/{latest.version}/index.html",
            "link_text": "Release page, with BibTeX, RIS and CFF"}


def cached(path: Path, produce: Callable[[], str]) -> bytes:
    return cached_bytes(path, lambda: produce().encode("utf-8"))


def chart_files(ctx: SiteContext, figure: charts.Figure) -> dict[str, bytes]:
    """What the chart's figure links to, under charts/: the pictures, the spec and the data."""
    spec = json.dumps(figure.spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    picture = ctx.pictures[figure.name]
    return {
        f"{figure.name}.vl.json": spec.encode("utf-8"),
        f"{figure.name}.narrow.vl.json": (json.dumps(charts.narrow(figure.spec), sort_keys=True, indent=1,
                                                     ensure_ascii=False) + "\n").encode("utf-8"),
        f"{figure.name}-figure.svg": picture.figure_svg,
        f"{figure.name}-narrow.svg": picture.narrow_svg,
        f"{figure.name}.svg": picture.svg,
        f"{figure.name}.png": picture.png,
        f"{figure.name}.csv": chart_csv(figure.data),
        f"{figure.name}.json": (json.dumps(charts.records(figure.data), indent=1) + "\n").encode("utf-8"),
    }


_CHART_FOLDERS: dict[tuple[str, str, str], dict[str, dict[str, bytes]]] = {}


def chart_folders(ctx: SiteContext) -> dict[str, dict[str, bytes]]:
    """charts/ and embed/, made again only when the charts, the data version or the site's address change: an
    edit of a note in a live preview leaves them as they were."""
    def make() -> dict[str, dict[str, bytes]]:
        folders: dict[str, dict[str, bytes]] = {"charts": {}, "embed": {}}
        for figure in ctx.figures:
            folders["charts"] |= chart_files(ctx, figure)
            folders["embed"][f"{figure.name}.html"] = embed_page(ctx, figure)
        return folders
    if not ctx.figures_key:
        return make()
    return latest_in(_CHART_FOLDERS, (ctx.figures_key, ctx.version, ctx.site_url), make)  # type: ignore[return-value]


def embed_page(ctx: SiteContext, figure: charts.Figure) -> bytes:
    """A page with the chart alone, for other sites' iframes: no script, nothing fetched from anywhere."""
    page = render("embed.html", title=figure.title, svg=Markup(ctx.pictures[figure.name].svg.decode("utf-8")),
                  chart_url=f"{ctx.site_url}charts.html#chart-{figure.name}")
    return page.encode("utf-8")


def chart_runtime(cache: Path) -> bytes:
    """The Vega runtime bundled by the installed vl-convert, cached under its versions."""
    def bundle() -> str:
        import vl_convert

        return vl_convert.javascript_bundle(vl_version=vega_lite_version())
    return cached(cache / f"{vega_lite_version()}-{RUNTIME}", bundle)


def asset_files(cache: Path) -> dict[str, bytes]:
    folder = resources.files("civcas") / "assets"
    script = (folder / "charts.js").read_text(encoding="utf-8").replace("__RUNTIME__", RUNTIME)
    return {
        "charts.js": script.encode("utf-8"),
        "civcas.css": (folder / "civcas.css").read_bytes(),
        "tables.js": (folder / "tables.js").read_bytes(),
        RUNTIME: chart_runtime(cache),
    }


def staged_files(ctx: SiteContext, docs_dir: Path, cache: Path) -> dict[str, bytes]:
    """Hand-written prose and every generated file, by their names in the folder MkDocs builds from."""
    files = {path.relative_to(docs_dir).as_posix(): path.read_bytes()
             for path in sorted(docs_dir.rglob("*")) if path.is_file()}
    for name, content in generated_pages(ctx).items():
        if name in files:
            raise BuildFailed(f"{docs_dir / name}: a hand-written page has the name of a generated one")
        files[name] = content.encode("utf-8")
    for folder, made in chart_folders(ctx).items():
        files |= {f"{folder}/{name}": data for name, data in made.items()}
    if ctx.cache is not None:
        finish_build(ctx.cache)
    files |= {f"data/{name}": data for name, data in ctx.downloads.items()}
    files |= {f"assets/{name}": data for name, data in asset_files(cache).items()}
    for snapshot in ctx.snapshots:
        files |= {f"releases/{snapshot.version}/{name}": data for name, data in snapshot.files.items()}
    files["feed.xml"] = feed(ctx)
    return files


def stage(ctx: SiteContext, docs_dir: Path, pages_dir: Path) -> None:
    """Hand-written prose and every generated file, in one folder MkDocs can build on its own; only the
    files whose bytes changed are written."""
    sync_folder(pages_dir, staged_files(ctx, docs_dir, pages_dir.parent / ".cache"))


def write_config(config_file: Path, pages_dir: Path, ctx: SiteContext) -> Path:
    """A config next to the staged pages that inherits the project's mkdocs.yml.

    It sets the site address used for this build (a local server needs its own: Material's instant
    navigation only follows links under the address the site was built for), the theme additions
    (JSON-LD, feed link, citation box) and what the citation box says. JSON is valid YAML.
    """
    generated = pages_dir.with_name(pages_dir.name + ".mkdocs.yml")
    here = generated.parent.resolve()
    theme = os.path.relpath(Path(str(resources.files("civcas") / "theme")).resolve(), here)
    config = {
        "INHERIT": os.path.relpath(config_file.resolve(), here),
        "docs_dir": pages_dir.name,
        "site_url": ctx.site_url,
        "theme": {"name": "material", "custom_dir": theme},
        "extra": {"civcas": citation_settings(ctx)},
    }
    generated.write_text("\n".join(f"{k}: {json.dumps(v, sort_keys=True)}" for k, v in config.items()) + "\n",
                         encoding="utf-8")
    return generated


def run_mkdocs(config: Path, site_dir: Path, epoch: int, cache: Path | None = None,
               published: Path | None = None) -> None:
    """MkDocs, strict; with `cache`, each page's Markdown is turned into HTML only when its text changed; with
    `published`, files equal to the published ones are links to them."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # MkDocs dates the sitemap with it: same input, same bytes
    try:
        loaded = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
        if cache is not None:
            from civcas.page_cache import NAME, PageCache

            loaded.plugins[NAME] = PageCache(cache)
        with reusing_published(site_dir, published) if published else nullcontext():
            mkdocs_build(loaded)
    except MkDocsException as error:
        raise BuildFailed(f"MkDocs refused the generated site: {error}") from error
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def data_epoch(report: Report) -> int:
    """The date of the newest dated source (or of the package), so the same data give the same sitemap."""
    dated = [d for d in report.package.tables["sources"]["published"] if len(d) == 10]
    newest = max(dated, default=str(report.package.descriptor.get("created", ""))[:10])
    try:
        return int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return 0


def swap_in(new: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.previous")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    new.rename(out)
    if old.exists():
        shutil.rmtree(old)


_FIGURES: dict[str, list[charts.Figure]] = {}


def figures_key(digests: dict[str, bytes]) -> str:
    """What the charts are made from: the tables they are drawn from (by `table_digests`), the code that draws
    them, the versions of Altair and pandas."""
    digest = hashlib.sha256()
    for module in (charts, allegation_charts, derive):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"altair {version('altair')} pandas {pd.__version__}".encode())
    for name in ("releases", "monitor_counts", "allegations"):
        digest.update(name.encode() + digests[name])
    return digest.hexdigest()


def figures_for(releases: pd.DataFrame, monitor_counts: pd.DataFrame, allegations: pd.DataFrame,
                cache: Path | None = None, key: str = "") -> list[charts.Figure]:
    """The charts, made again only when the tables they are drawn from change: a live preview rebuilds after
    every edit, most edits leave the charts as they were, and a build that finds them in `cache` never loads
    Altair, which takes longer than drawing them."""
    key = key or figures_key({"releases": frame_digest(releases), "monitor_counts": frame_digest(monitor_counts),
                              "allegations": frame_digest(allegations)})
    if key not in _FIGURES:
        def draw() -> bytes:
            return pickle.dumps(charts.all_figures(releases, monitor_counts)
                                + allegation_charts.figures(allegations, releases))
        made = cached_bytes(cache / f"figures-{key}.pickle", draw) if cache else draw()
        _FIGURES.clear()
        _FIGURES[key] = pickle.loads(made)  # noqa: S301 (written by this function, under a digest of its inputs)
    return _FIGURES[key]


_CHART_DATA: dict[str, dict[str, tuple[str, bytes]]] = {}


def context(report: Report, address: str = "/", cache: Path | None = None) -> SiteContext:
    tables = report.package.tables
    drawn_from = (report.reconciled.releases, tables["monitor_counts"], tables["allegations"])
    digests = table_digests(report, published_tables(report))
    key = figures_key(digests)
    figures = figures_for(*drawn_from, cache, key)
    charts_data = latest_in(_CHART_DATA, key, lambda: chart_data(figures))
    data = start_data_files(report, charts=charts_data, cache=cache, digests=digests)  # type: ignore[arg-type]
    return SiteContext(report, figures, data, address, figures_key=key)


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """One build at a time into `out`: a second build waits, so two never mix their pages or staging files."""
    lock = out.with_name(f".{out.name}.lock")
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(package_dir: Path, out: Path, config_file: Path = Path("mkdocs.yml"),
          docs_dir: Path = Path("docs"), site_url: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Validate, then build into a temporary folder beside `out` and swap it in only when complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    report = validate(package_dir, max_bytes, cache=out.parent / ".cache")
    if not report.valid:
        raise InvalidPackage(report.problems)
    with exclusive(out):
        pages_dir = out.with_name(out.name + ".pages")
        ctx = context(report, site_url or settings.site_url(config_file), out.parent / ".cache")
        ctx.cache = out.parent / ".cache"
        changes = config_file.parent / "CHANGES.md"
        ctx.changes = changes.read_text(encoding="utf-8") if changes.is_file() else ""
        stage(ctx, docs_dir, pages_dir)
        config = write_config(config_file, pages_dir, ctx)
        temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent)).resolve()
        try:
            run_mkdocs(config, temporary, data_epoch(report), out.parent / ".cache" / f"pages-{out.name}.pickle",
                       out)
            swap_in(temporary, out)
        finally:
            if temporary.exists():
                shutil.rmtree(temporary)
    return report
