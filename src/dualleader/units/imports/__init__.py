"""Bulk import of colleges, branches and people (with their branch posts) from the .xlsx template.

The rule is all or nothing: every row of every sheet is read and checked before anything is written; one
problem anywhere and nothing is imported, and the importer gets the full list of bad rows. A clean file is
applied in one transaction through the same services the pages use, so every write is audited, and only
real differences are written: re-importing a file finds nothing to change and records only its summary.

The file format is Chinese (sheet names, headers, choice labels) whatever the interface language, because
it is what the offices fill in and the importer matches on these exact strings.

The package is split by responsibility:

- `spec`: sheet names, columns, the Chinese label ↔ value maps and the limits;
- `records`: the row records read from the file, the errors found in it and the import result;
- `template`: the downloadable template (`build_template`);
- `reader`: the upload and the workbook read into row records, cell by cell;
- `plan`: every row checked against the database and the importer's scope, without writing;
- `apply`: the checked plan written in one transaction (`import_workbook`).

Everything other code uses is re-exported here. The row limits are read from this package at call time,
so patching `dualleader.units.imports.MAX_ROWS` (as the tests do) still takes effect."""

from __future__ import annotations

from .apply import import_workbook
from .records import ImportResult, Row, RowError
from .spec import (
    BRANCH_KINDS,
    CLEAR,
    COLLEGE_KINDS,
    COLUMNS,
    COUNT_KEYS,
    DATE_DIGITS,
    DATE_TEXT,
    DEGREES,
    GENDERS,
    LIST_SPLIT,
    MAX_ROWS,
    MAX_SCANNED_ROWS,
    PERSON_FIELDS,
    POLITICAL_STATUSES,
    POSTS,
    SHEET_BRANCHES,
    SHEET_COLLEGES,
    SHEET_HELP,
    SHEET_ORDER,
    SHEET_PEOPLE,
    TITLE_LEVELS,
    UNIT_FIELDS,
    XLSX_MAGIC,
    XLSX_MIME,
    Col,
)
from .template import build_template

__all__ = [
    "BRANCH_KINDS",
    "CLEAR",
    "COLLEGE_KINDS",
    "COLUMNS",
    "COUNT_KEYS",
    "DATE_DIGITS",
    "DATE_TEXT",
    "DEGREES",
    "GENDERS",
    "LIST_SPLIT",
    "MAX_ROWS",
    "MAX_SCANNED_ROWS",
    "PERSON_FIELDS",
    "POLITICAL_STATUSES",
    "POSTS",
    "SHEET_BRANCHES",
    "SHEET_COLLEGES",
    "SHEET_HELP",
    "SHEET_ORDER",
    "SHEET_PEOPLE",
    "TITLE_LEVELS",
    "UNIT_FIELDS",
    "XLSX_MAGIC",
    "XLSX_MIME",
    "Col",
    "ImportResult",
    "Row",
    "RowError",
    "build_template",
    "import_workbook",
]
