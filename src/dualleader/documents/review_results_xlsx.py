"""评审结果汇总表: the ranking of one review round as a workbook. Sheet 1 is the table (rank, application,
college, score by the evaluation's method, mean, mean points per criterion, reviews in, lowest, highest,
outlier flag); sheet 2 lists every review with the reviewer's name. Frozen header rows; every text
cell goes through `safe()` so a name starting with "=" is never run as a formula."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dualleader.reviews.ranking import Ranking

from .xlsx import safe

METHOD_HEADERS = {"mean": "平均分", "trimmed": "去掉最高最低分后平均分", "zscore": "标准化得分"}
# Office documents are Chinese whatever the catalogues say.
METHOD_NAMES = {"mean": "平均分", "trimmed": "去掉一个最高分和一个最低分后的平均分（5个及以上评分时）",
                "zscore": "按评审专家标准化（z分数）"}
ROUND_NAMES = {"remote": "通讯评审", "presentation": "答辩评审"}
STATUS_NAMES = {"assigned": "未开始", "draft": "已存草稿", "submitted": "已提交", "declined": "已回避"}


def _num(value: Decimal | None) -> Any:
    return float(value) if value is not None else ""


def _title(ws: Any, text: str, width: int) -> None:
    ws.append([safe(text)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")


def _header(ws: Any, headers: list[tuple[str, int]]) -> None:
    ws.append([safe(h) for h, _w in headers])
    for col, (_h, width) in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"


def results_xlsx(ranking: Ranking) -> bytes:
    call = ranking.evaluation.call
    round_label = ROUND_NAMES.get(ranking.round.kind, ranking.round.kind)
    criteria = ranking.criteria
    wb = Workbook()
    ws = wb.active
    ws.title = "评审结果汇总表"
    headers = [("排名", 6), ("工作室名称", 28), ("依托党支部", 28), ("所在单位", 22), ("支部书记", 10),
               (METHOD_HEADERS.get(ranking.method, "得分"), 12), ("平均分", 10)]
    headers += [(f"{c.name}（满分{c.max_points.normalize():f}）", 12) for c in criteria]
    headers += [("已评/应评", 10), ("最低分", 9), ("最高分", 9), ("评分异常", 30)]
    _title(ws, f"{call.name} 评审结果汇总表（{round_label}）", len(headers))
    _header(ws, headers)
    for row in ranking.rows:
        a = row.application
        flags = "；".join(f"{line.reviewer} {line.total}（偏离其他专家中位数 {line.distance} 分）"
                         for line in row.reviews if line.outlier)
        ws.append([row.rank if row.rank is not None else "", safe(a.title or a.branch.name), safe(a.branch.name),
                   safe(row.college), safe(a.secretary.name if a.secretary_id else ""), _num(row.score),
                   _num(row.mean), *[_num(m) for m in row.criteria_means], f"{row.submitted}/{row.assigned}",
                   _num(row.low), _num(row.high), safe(flags)])
    last = ws.max_row + 2
    ws.cell(row=last, column=1, value=safe(
        f"计分方法：{METHOD_NAMES.get(ranking.method, ranking.method)}；评分异常：与其他专家总分中位数相差超过满分的20%（{ranking.threshold} 分）；"
        f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}（北京时间）"))

    detail = wb.create_sheet("评审明细")
    dheaders = [("排名", 6), ("工作室名称", 28), ("评审专家", 12), ("状态", 10), ("总分", 9)]
    dheaders += [(c.name, 12) for c in criteria]
    dheaders += [("评审意见", 50), ("评分异常", 10)]
    _title(detail, f"{call.name} 评审明细（{round_label}）", len(dheaders))
    _header(detail, dheaders)
    for row in ranking.rows:
        a = row.application
        for line in row.reviews:
            detail.append([row.rank if row.rank is not None else "", safe(a.title or a.branch.name),
                           safe(line.reviewer), STATUS_NAMES.get(line.assignment.status, ""), _num(line.total),
                           *[_num(p) for p in line.points], safe(line.comment), "是" if line.outlier else ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
