"""The plain text of a statement (text, HTML or PDF file), and its sentences."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
          "section", "article", "header", "footer", "blockquote", "pre", "title", "dd", "dt"}
SKIPPED = {"script", "style", "noscript", "template", "svg", "head"}
ABBREVIATIONS = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|Nos|Sgt|Gen|Col|Lt|Capt|" \
                r"Maj|Adm|Rep|Sen|approx|incl|vs|e\.g|i\.e|U\.S|U\.N|U\.K)\."
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]*\s+(?=[\"'(]?[A-Z0-9])")
ENDS_IN_ABBREVIATION = re.compile(rf"(?:^|[\s(]){ABBREVIATIONS}$|^\d{{1,2}}\.$")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " ",
                        "\u2010": "-", "\u2011": "-"})


class UnreadableFile(Exception):
    """A file that cannot be read as text, HTML or PDF."""


class TextOfHtml(HTMLParser):
    """Visible text of an HTML page; block elements end a paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return "\n\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    except (PyPdfError, ValueError, KeyError) as error:
        raise UnreadableFile(f"not a readable PDF: {error}") from error


def read_text(path: Path) -> str:
    """The text of a file, by its content: PDF by its signature, HTML by its first tag, else UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"cannot read the file: {error.strerror}") from error
    if data.startswith(b"%PDF"):
        return pdf_text(path)
    text = data.decode("utf-8", errors="replace")
    if re.match(r"\s*<(!doctype html|html|head|body|p|div|article)\b", text, re.IGNORECASE):
        return html_text(text)
    return text


def paragraphs(text: str) -> list[str]:
    """Paragraphs with hard line breaks joined (PDF and archived texts wrap lines). A line that ends a
    sentence, or a short line such as a headline or a dateline, ends its paragraph."""
    text = text.translate(QUOTES).replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in (part.strip() for part in block.split("\n")):
            if not line:
                continue
            current.append(line)
            if len(line) < 50 or line.endswith((".", "!", "?", ":", '"')):
                out.append(" ".join(current))
                current = []
        if current:
            out.append(" ".join(current))
    return [re.sub(r"\s+", " ", p) for p in out]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a full stop after an abbreviation ("Oct.", "U.S.") or a list number does
    not end one."""
    out: list[str] = []
    for piece in SENTENCE_END.split(paragraph):
        if out and ENDS_IN_ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


def sentences(text: str) -> list[str]:
    return [s for p in paragraphs(text) for s in split_sentences(p)]
