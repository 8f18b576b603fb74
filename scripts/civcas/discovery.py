"""Machine-readable discovery: schema.org Dataset JSON-LD and an Atom feed of data releases."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from civcas.citation import AUTHOR
from civcas.fields import RELEASE_KINDS

ATOM = "http://www.w3.org/2005/Atom"
FORMATS = {".csv": "text/csv", ".json": "application/json", ".zip": "application/zip",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def variables(descriptor: dict) -> list[dict]:
    seen: dict[str, dict] = {}
    for resource in descriptor["resources"]:
        for f in resource["schema"]["fields"]:
            seen.setdefault(f["name"], {"@type": "PropertyValue", "name": f["name"],
                                        "description": f.get("description", "")})
    return list(seen.values())


def temporal_coverage(observations: list[dict]) -> str:
    ends = sorted(o["period_end"] or o["release_date"] for o in observations
                  if o["statement_kind"] in RELEASE_KINDS and (o["period_end"] or o["release_date"]))
    return f"2014-08/{ends[-1][:7]}" if ends else "2014-08/.."  # an open interval while no end is dated


def dataset(descriptor: dict, files: dict[str, str], source_count: int, observations: list[dict],
            url: str, date: str) -> dict:
    """A schema.org Dataset: `files` maps each downloadable file name to its absolute address.

    The source documents are named by the sources table, not one by one: listed in full they made the home
    page's head larger than the rest of the page."""
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor["title"],
        "description": descriptor["description"],
        "url": url,
        "version": descriptor["version"],
        "datePublished": date,
        "dateModified": date,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": AUTHOR},
        "keywords": descriptor.get("keywords", []),
        "temporalCoverage": temporal_coverage(observations),
        "spatialCoverage": [{"@type": "Place", "name": "Iraq"}, {"@type": "Place", "name": "Syria"}],
        "variableMeasured": variables(descriptor),
        "distribution": [
            {"@type": "DataDownload", "name": name, "contentUrl": address,
             "encodingFormat": FORMATS.get(name[name.rfind("."):], "text/plain")}
            for name, address in sorted(files.items())],
        "isBasedOn": {"@type": "CreativeWork", "encodingFormat": "text/csv", "url": files["sources.csv"],
                      "name": f"The {source_count} source documents of the figures: publisher, title, date and "
                              "address of each"},
    }


def jsonld_text(data: dict) -> str:
    """JSON for a <script> element in the page head: '<' is escaped so it can never close the element."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def atom_feed(site: str, entries: list[dict]) -> bytes:
    """One entry per data release: version, date, summary of the changes, link to its page."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "civcas data releases"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{site}feed.xml"
    ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{site}feed.xml", rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=f"{site}releases/index.html")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((e["date"] for e in entries), default="2014-08-01") \
        + "T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = AUTHOR
    for entry in sorted(entries, key=lambda e: e["date"], reverse=True):
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = f"Data release {entry['version']}"
        ET.SubElement(item, f"{{{ATOM}}}id").text = entry["url"]
        ET.SubElement(item, f"{{{ATOM}}}link", href=entry["url"])
        ET.SubElement(item, f"{{{ATOM}}}updated").text = entry["date"] + "T00:00:00Z"
        ET.SubElement(item, f"{{{ATOM}}}summary").text = entry["summary"]
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
