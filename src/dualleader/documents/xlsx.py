"""What every .xlsx export shares: cells a spreadsheet never runs as formulas, and a sheet with a merged
title row, a bold header row with column widths, and both frozen above the data."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A cell value that a spreadsheet will never run as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def titled_table(*, sheet: str, title: str, headers: Sequence[tuple[str, int]], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet named `sheet`: `title` merged across the columns, then (name, width) `headers`, then
    `rows` (every value through `safe`)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([safe(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([h for h, _w in headers])
    for col, (_h, width) in enumerate(headers, start=1):
        ws.cell(row=2, column=col).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in rows:
        ws.append([safe(v) for v in row])
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
