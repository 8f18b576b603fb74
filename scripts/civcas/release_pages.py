"""Pages of the frozen releases: an index, and one page per release with files, citation and changes."""

from __future__ import annotations

from civcas.citation import ADVICE, Citable
from civcas.diff import TableDiff
from civcas.discovery import dataset, jsonld_text
from civcas.markup import block, files_table, link, table, text
from civcas.pages import date_text
from civcas.settings import release_url
from civcas.snapshots import Snapshot

MAX_CHANGED_CELLS = 500


def front_matter(jsonld: dict) -> str:
    """YAML front matter carrying the page's JSON-LD (single-quoted: quotes are doubled)."""
    return "---\njsonld: '" + jsonld_text(jsonld).replace("'", "''") + "'\n---\n\n"


def citable(snapshot: Snapshot, site: str) -> Citable:
    return Citable(snapshot.descriptor["title"], snapshot.version, snapshot.date, release_url(site, snapshot.version))


def releases_index(snapshots: list[Snapshot], diffs: dict[str, list[TableDiff]]) -> str:
    rows = [[link(f"{s.version}/index.html", s.version), text(date_text(s.date)),
             text("; ".join(d.summary() for d in diffs[s.version]))] for s in reversed(snapshots)]
    return "\n".join([
        "# Data releases", "",
        "Each release is a frozen copy of the data: its files never change, and its address is permanent. Cite "
        "the release you used. The [downloads](../downloads.md) page always serves the latest data; the "
        "[feed](../feed.xml) announces each new release.",
        block(table(["Version", "Released", "Changes"], rows)) if rows else "\nNo release has been made yet.\n",
    ])


def diff_section(diffs: list[TableDiff], previous: str) -> str:
    parts = [f"## Changes since {previous}" if previous else "## Changes", "",
             "" if previous else "The first release: every row is new.", ""]
    for d in diffs:
        parts.append(f"### {d.table}")
        parts.append(f"\n{text(d.summary())}.\n")
        if previous and (d.added or d.removed):
            parts.append(block(table(["Added", "Removed"], [[text(", ".join(d.added)), text(", ".join(d.removed))]])))
        if d.changed:
            cells = [[text(c["key"]), f"<code>{text(c['column'])}</code>", text(c["before"]), text(c["after"])]
                     for c in d.changed[:MAX_CHANGED_CELLS]]
            parts.append(block(table(["Row", "Column", "Before", "After"], cells, cls="civcas-wide")))
    return "\n".join(parts)


def release_page(snapshot: Snapshot, diffs: list[TableDiff], previous: str, site: str) -> str:
    cite = citable(snapshot, site)
    tables = snapshot.tables
    addresses = {name: cite.url + name for name in sorted(snapshot.files)}
    jsonld = dataset(snapshot.descriptor, addresses, tables["sources"].to_dict("records"),
                     tables["observations"].to_dict("records"), cite.url, snapshot.date)
    return front_matter(jsonld) + "\n".join([
        f"# Data release {snapshot.version}", "",
        block(f"<p>Released {text(date_text(snapshot.date))}. Permanent address: "
              f"{link(cite.url, cite.url)}. These files never change; check them with "
              f"<code>sha256sum -c SHA256SUMS</code>.</p>"),
        "## Files", "",
        block(files_table(snapshot.files)),
        "## Cite this release", "",
        block(f"<p>{text(ADVICE)}</p>",
              f"<p><strong>Text</strong></p><pre class=\"civcas-wrap civcas-citation\">{text(cite.text())}</pre>",
              f"<p><strong>BibTeX</strong></p><pre class=\"civcas-wrap civcas-bibtex\">{text(cite.bibtex())}</pre>",
              f"<p><strong>RIS</strong></p><pre class=\"civcas-wrap civcas-ris\">{text(cite.ris())}</pre>",
              f"<p><strong>CITATION.cff</strong></p><pre class=\"civcas-wrap civcas-cff\">{text(cite.cff())}</pre>"),
        diff_section(diffs, previous),
        "", "## Release notes", "",
        block(f'<pre class="civcas-wrap">{text(snapshot.notes)}</pre>'),
    ])
