"""Pages of the frozen releases: an index, and one page per release with files, citation and changes."""

from __future__ import annotations

from markupsafe import Markup

from civcas.citation import ADVICE, Citable
from civcas.diff import TableDiff
from civcas.discovery import dataset, jsonld_text
from civcas.fields import records
from civcas.markup import files_table, text
from civcas.pages import date_text
from civcas.settings import release_url
from civcas.snapshots import Snapshot
from civcas.templating import render

MAX_CHANGED_CELLS = 500


def front_matter(jsonld: dict) -> str:
    """YAML front matter carrying the page's JSON-LD (single-quoted: quotes are doubled)."""
    return "---\njsonld: '" + jsonld_text(jsonld).replace("'", "''") + "'\n---\n\n"


def citable(snapshot: Snapshot, site: str) -> Citable:
    return Citable(snapshot.descriptor["title"], snapshot.version, snapshot.date, release_url(site, snapshot.version))


def releases_index(snapshots: list[Snapshot], diffs: dict[str, list[TableDiff]]) -> str:
    rows = [[{"href": f"{s.version}/index.html", "text": s.version}, date_text(s.date),
             "; ".join(d.summary() for d in diffs[s.version])] for s in reversed(snapshots)]
    return render("releases.html", rows=rows)


def one_block(value: str) -> str:
    """Text for a <pre> inside a Markdown page: a blank line would end the HTML block."""
    return value.replace("\n\n", "\n")


def diff_items(diffs: list[TableDiff], previous: str) -> list[dict]:
    return [{"table": d.table, "summary": d.summary(), "moved": bool(previous and (d.added or d.removed)),
             "added": ", ".join(d.added), "removed": ", ".join(d.removed),
             "changed": [[c["key"], Markup(f"<code>{text(c['column'])}</code>"), c["before"], c["after"]]
                         for c in d.changed[:MAX_CHANGED_CELLS]]} for d in diffs]


def release_page(snapshot: Snapshot, diffs: list[TableDiff], previous: str, site: str) -> str:
    cite = citable(snapshot, site)
    tables = snapshot.tables
    addresses = {name: cite.url + name for name in sorted(snapshot.files)}
    jsonld = dataset(snapshot.descriptor, addresses, len(tables["sources"]),
                     records(tables["observations"]), cite.url, snapshot.date)
    return front_matter(jsonld) + render(
        "release.html", version=snapshot.version, released=date_text(snapshot.date), url=cite.url,
        files=Markup(files_table(snapshot.files)), advice=ADVICE, previous=previous,
        cite={"text": one_block(cite.text()), "bibtex": one_block(cite.bibtex()), "ris": one_block(cite.ris()),
              "cff": one_block(cite.cff())},
        diffs=diff_items(diffs, previous), notes=one_block(snapshot.notes))
