"""A Markdown extension that hands generated tables to the page as they are.

Python-Markdown reads every tag of a raw HTML block to find where it ends, and MkDocs reads every tag again to
find its anchors: for a page that is mostly one large table (the sources, the monitors' figures) that is most
of its rendering time. The templates put each table between two marker lines; the table is kept aside as raw
HTML, exactly as Markdown keeps a raw block, without being parsed.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

START, END = "<!-- civcas:html -->", "<!-- /civcas:html -->"
ANCHOR = re.compile(r"<[A-Za-z][^>]*?\sid=\"([^\"]+)\"")


class MarkedBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == START:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                out += ["", self.md.htmlStash.store("\n".join(block) + "\n"), ""]  # as Markdown keeps a raw block
                block = None
            else:
                block.append(line)
        if block is not None:  # no end marker: left to Markdown as it was written
            out += [START, *block]
        return out


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Before Markdown's own HTML reader (20) and MkDocs's anchor finder (21).
        md.preprocessors.register(MarkedBlocks(md), "civcas_marked_blocks", 25)


def makeExtension(**kwargs: object) -> RawHtmlExtension:  # noqa: N802 - the name Python-Markdown looks for
    return RawHtmlExtension(**kwargs)


def marked_anchors(markdown_text: str) -> set[str]:
    """The ids of the elements in the marked blocks of a page, which MkDocs's anchor finder no longer sees."""
    found: set[str] = set()
    for block in re.findall(re.escape(START) + r"\n(.*?)\n" + re.escape(END), markdown_text, re.S):
        found.update(ANCHOR.findall(block))
    return found
