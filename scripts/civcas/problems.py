"""Problems (which stop a build) and findings (which are published), as plain data."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    return CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as `path:row:field`.

    `row` is the line number a spreadsheet shows (the header is line 1); 0 when the problem
    concerns a whole file. `field` is empty when it concerns a whole row or file.
    """

    path: str
    row: int
    field: str
    message: str
    check: str = "schema"

    def line(self) -> str:
        """One line, whatever the input held: line breaks and other controls in a quoted value are escaped."""
        row = str(self.row) if self.row else ""
        return one_line(f"{self.path}:{row}:{self.field}: {self.message}")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """Something the sources themselves say that does not add up: published, never an error."""

    report_id: str
    check: str
    message: str
    expected: int | None = None  # what the report's other figures imply, where the check computes it
    stated: int | None = None  # what the report gives instead

    def to_dict(self) -> dict:
        return asdict(self)


class InvalidPackage(Exception):
    """Raised when a package cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.line() for p in problems))
        self.problems = problems
