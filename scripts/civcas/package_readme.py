"""The texts that travel with the data: a README written from the published descriptor, and the licence notice.

Everything a column says about itself comes from the descriptor, so a column added there is documented here
without anyone touching this module.
"""

from __future__ import annotations

from civcas.citation import ADVICE, Citable

LICENCE_DEED = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_CODE = "https://creativecommons.org/licenses/by/4.0/legalcode"


def citable(descriptor: dict) -> Citable:
    """This version as a citation: its permanent address is under the package's homepage."""
    home = descriptor.get("homepage", "")
    home = home if home.endswith("/") else home + "/"
    return Citable(descriptor["title"], descriptor["version"], descriptor["created"][:10],
                   f"{home}releases/{descriptor['version']}/")


def _values(field: dict) -> str:
    values = field.get("constraints", {}).get("enum")
    return f" Values: {', '.join(str(v) for v in values)}." if values else ""


def _field_line(field: dict) -> str:
    description = field.get("description", "").strip()
    text = f"- `{field['name']}` ({field.get('type', 'string')})"
    return text + (f": {description}" if description else "") + _values(field)


def grade_fields(descriptor: dict) -> list[tuple[str, dict]]:
    """Columns that grade evidence, wherever the descriptor declares one (a name with 'grade' in it)."""
    return [(r["name"], f) for r in descriptor["resources"] for f in r["schema"]["fields"]
            if "grade" in f["name"]]


def readme(descriptor: dict, rows: dict[str, int], extras: dict[str, tuple[str, list[dict]]],
           charts: dict[str, str]) -> str:
    """README.md of the zip and the workbook's README sheet.

    `rows`: rows per file name; `extras`: derived files outside the descriptor (findings), name to
    (what it holds, its fields); `charts`: chart data file name to the chart's title."""
    cite = citable(descriptor)
    lines = [f"# {descriptor['title']}", "",
             f"Version {descriptor['version']}, {descriptor['created'][:10]}. {descriptor.get('description', '')}",
             "", "## Files", "",
             "- `datapackage.json`: the Frictionless descriptor of the tables: every column's type and "
             "constraints, each file's size and SHA-256 hash.",
             ]
    for r in descriptor["resources"]:
        lines.append(f"- `{r['path']}` ({rows.get(r['path'], 0):,} rows): {r.get('title', r['name'])}. "
                     f"{r.get('description', '')}".rstrip())
    for name, (holds, _) in extras.items():
        lines.append(f"- `{name}` ({rows.get(name, 0):,} rows): {holds}")
    for name, title in charts.items():
        lines.append(f"- `charts/{name}`: the data drawn in the chart \"{title}\".")
    lines += ["- `README.md`: this file.", "- `LICENSE.txt`: the licence of the data.",
              "- `CITATION.cff`: this version's citation, in the Citation File Format.", "",
              "Tables are UTF-8 CSV with a header row. An empty cell is a value no source was found to state. "
              "A text cell that a spreadsheet would run as a formula (starting with =, +, -, @) is written with "
              "a leading apostrophe.", ""]
    grades = grade_fields(descriptor)
    if grades:
        lines += ["## Evidence grades", ""]
        lines += [f"- `{table}.{field['name']}`: {field.get('description', '').strip()}{_values(field)}"
                  for table, field in grades]
        lines.append("")
    lines += ["## Columns", ""]
    for r in descriptor["resources"]:
        lines += [f"### {r['path']}", "", *(_field_line(f) for f in r["schema"]["fields"]), ""]
    for name, (_, fields) in extras.items():
        lines += [f"### {name}", "", *(_field_line(f) for f in fields), ""]
    lines += ["## How to cite", "", cite.text(), "", ADVICE,
              "`CITATION.cff` holds the same citation for reference managers.", "",
              "## Licence", "",
              f"The data are published under the Creative Commons Attribution 4.0 International licence "
              f"(CC-BY-4.0): {LICENCE_DEED}. See `LICENSE.txt`.", ""]
    return "\n".join(lines)


def licence_notice(descriptor: dict) -> str:
    """LICENSE.txt: which licence applies, where its legal code is, and what attribution it asks for.

    The legal code itself is not copied here: it is published by Creative Commons at LICENCE_CODE."""
    cite = citable(descriptor)
    return "\n".join([
        f"{descriptor['title']}, version {descriptor['version']}",
        "",
        "Licence: Creative Commons Attribution 4.0 International (CC-BY-4.0)",
        f"Summary (deed): {LICENCE_DEED}",
        f"Legal code, the binding text: {LICENCE_CODE}",
        "",
        "Licensor: civcas editors. The licence covers the tables, findings and chart data in this archive.",
        "",
        "Attribution: when you share these data, or work made from them, give credit to the civcas editors,",
        "name the version, link to the licence above, and say whether you changed the data. For example:",
        "",
        f"  {cite.text()}",
        "",
        "The documents the figures are taken from belong to their publishers and are not covered by this",
        "licence; sources.csv names each of them. Cite them too when you quote a figure.",
        "",
    ])
