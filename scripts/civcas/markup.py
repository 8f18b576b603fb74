"""Small HTML fragments for generated pages; every value passes through `text` or a template."""

from __future__ import annotations

import hashlib
import html

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


def files_table(files: dict[str, bytes], prefix: str = "") -> str:
    """Downloadable files, each linked, with its size and SHA-256."""
    from civcas.templating import render

    rows = [[{"href": prefix + name, "text": name}, f"{len(data):,}",
             Markup(f"<code>{hashlib.sha256(data).hexdigest()}</code>")] for name, data in sorted(files.items())]
    return render("_table.html", headers=["File", "Bytes", "SHA-256"], rows=rows, caption="", cls="",
                  label="Files").strip()


def block(*parts: str) -> str:
    """Raw HTML kept as one Markdown block: no blank line inside, blank lines around."""
    return "\n" + "\n".join(p.strip("\n") for p in parts if p).replace("\n\n", "\n") + "\n\n"
