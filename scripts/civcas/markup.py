"""HTML fragments for generated pages. Every data value passes through `text`, so a cell is never markup."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Sequence

import pandas as pd
from markupsafe import Markup


def text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def number(value: object) -> str:
    """Integers with thousands separators; empty stays empty."""
    if value in (None, "") or text(value) == "":
        return ""
    return f"{int(value):,}"


def link(href: str, label: object, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_")}="{text(v)}"' for k, v in attrs.items())
    return f'<a href="{text(href)}"{extra}>{text(label)}</a>'


def external(url: str, label: object) -> str:
    """A link to a source document: only http(s) addresses become links."""
    if url.startswith(("http://", "https://")):
        return link(url, label, rel="noopener noreferrer")
    return text(label)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "", cls: str = "",
          label: str = "") -> str:
    """A table whose cells are already HTML (callers escape values with `text`)."""
    from civcas.templating import render

    cells = [[Markup(cell) for cell in row] for row in rows]
    return render("_table.html", headers=list(headers), rows=cells, caption=caption, cls=cls,
                  label=label).strip()


def files_table(files: dict[str, bytes], prefix: str = "") -> str:
    """Downloadable files, each linked, with its size and SHA-256."""
    rows = [[link(prefix + name, name), f"{len(data):,}", f"<code>{hashlib.sha256(data).hexdigest()}</code>"]
            for name, data in sorted(files.items())]
    return table(["File", "Bytes", "SHA-256"], rows)


def block(*parts: str) -> str:
    """Raw HTML kept as one Markdown block: no blank line inside, blank lines around."""
    return "\n" + "\n".join(p.strip("\n") for p in parts if p).replace("\n\n", "\n") + "\n\n"
