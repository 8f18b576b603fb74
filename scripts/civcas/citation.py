"""How to cite one version of the data: plain text, BibTeX, RIS and Citation File Format."""

from __future__ import annotations

from dataclasses import dataclass

AUTHOR = "civcas editors"
ADVICE = ("Cite the original source documents of any figure you quote as well: each report's page names them.")


@dataclass(frozen=True)
class Citable:
    title: str
    version: str
    date: str  # YYYY-MM-DD
    url: str
    license: str = "CC-BY-4.0"

    @property
    def year(self) -> str:
        return self.date[:4]

    def text(self) -> str:
        return f"{AUTHOR} ({self.year}). {self.title} (Version {self.version}) [Data set]. {self.url}"

    def bibtex(self) -> str:
        key = f"civcas_{self.version.replace('.', '_')}"
        return "\n".join([
            f"@misc{{{key},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{{{self.title}}}}},",
            f"  year = {{{self.year}}},",
            f"  version = {{{self.version}}},",
            f"  date = {{{self.date}}},",
            f"  url = {{{self.url}}},",
            "  howpublished = {Data set},",
            f"  note = {{Licensed {self.license}}}",
            "}",
        ]) + "\n"

    def ris(self) -> str:
        return "\n".join([
            "TY  - DATA",
            f"AU  - {AUTHOR}",
            f"TI  - {self.title}",
            f"PY  - {self.year}",
            f"DA  - {self.date.replace('-', '/')}",
            f"ET  - {self.version}",
            f"UR  - {self.url}",
            "ER  - ",
        ]) + "\n"

    def cff(self, abstract: str = "", keywords: tuple[str, ...] = ()) -> str:
        def quoted(value: str) -> str:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines = [
            "cff-version: 1.2.0",
            f"message: {quoted('If you use these data, cite this version. ' + ADVICE)}",
            "type: dataset",
            f"title: {quoted(self.title)}",
            f"version: {quoted(self.version)}",
            f"date-released: {quoted(self.date)}",
            "authors:",
            f"  - name: {quoted(AUTHOR)}",
            f"license: {self.license}",
            f"url: {quoted(self.url)}",
        ]
        if abstract:
            lines.append(f"abstract: {quoted(abstract)}")
        if keywords:
            lines.append("keywords:")
            lines.extend(f"  - {quoted(k)}" for k in keywords)
        return "\n".join(lines) + "\n"
