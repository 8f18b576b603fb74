"""Problems (which stop a build) and findings (which are published), as plain data."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
        row = str(self.row) if self.row else ""
        return f"{self.path}:{row}:{self.field}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """Something the sources themselves say that does not add up: published, never an error."""

    report_id: str
    check: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


class InvalidPackage(Exception):
    """Raised when a package cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.line() for p in problems))
        self.problems = problems
