"""The records the import passes around: a row read from the file, an error found in it, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .spec import COLUMNS, COUNT_KEYS


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None  # None: the problem is with the whole file
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: {"created": 0, "updated": 0, "unchanged": 0} for k in COUNT_KEYS})
    dry_run: bool = False
    applied: bool = False

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]

    @property
    def bad_rows(self) -> int:
        return len({(e.sheet, e.row) for e in self.row_errors})

    @property
    def totals(self) -> dict[str, int]:
        return {k: sum(c[k] for c in self.counts.values()) for k in ("created", "updated", "unchanged")}


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, Any]

    def header(self, name: str) -> str:
        return next((c.header for c in COLUMNS[self.sheet] if c.field == name), "")


class _Problem(Exception):
    def __init__(self, column: str, message: str = "") -> None:
        super().__init__(message)
        self.column, self.message = column, message


class _Refused(Exception):
    """The file as a whole cannot be imported."""
