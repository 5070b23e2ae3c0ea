"""推荐名单 to the province as .xlsx: one row per recommended studio by rank; every text cell through
`safe()` so nothing typed by a user can run as a formula."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .province_common import province_rows
from .recommendation_xlsx import safe

HEADERS = [("推荐排序", 9), ("工作室名称", 36), ("所在单位", 24), ("依托党支部", 28), ("负责人", 10), ("职称", 10),
           ("校内遴选排名", 12), ("建设周期", 24), ("推荐理由", 48)]


def province_list_xlsx(recommendation: Any) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐名单"
    ws.append([safe(f"{recommendation.evaluation.call.name} “双带头人”教师党支部书记工作室推荐名单")])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([h for h, _w in HEADERS])
    for col, (_h, width) in enumerate(HEADERS, start=1):
        ws.cell(row=2, column=col).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in province_rows(recommendation):
        ws.append([safe(v) for v in (row.rank, row.studio, row.college, row.branch, row.leader, row.title,
                                     row.selection_rank, row.cycle, row.reason)])
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
