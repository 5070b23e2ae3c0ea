"""评审打分表 of one application in one review round, as .docx: a summary (application, round, score by
the evaluation's method, mean, rank) and then, one page per reviewer, the points given on each
criterion, the total, the comment and a line for the reviewer's signature and date. Fonts are set like
the 申报书 (application_docx helpers: explicit East-Asian names, theme fonts removed)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from dualleader.reviews.ranking import Ranking, RankingRow

from .application_docx import (
    _TEXT_WIDTH_CM,
    FONT_BODY,
    FONT_HEADING,
    FONT_TITLE,
    SIZE_BODY,
    SIZE_H2,
    SIZE_TABLE,
    _cell_text,
    _centered,
    _grid,
    _headed_table,
    _run,
    _set_widths,
    _setup,
)
from .review_results_xlsx import METHOD_NAMES, ROUND_NAMES

SIGNATURE = "评审专家签名：＿＿＿＿＿＿＿＿　　　　日期：　　　　年　　月　　日"


def _points(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _paragraph(document: Any, text: str, *, east_asia: str = FONT_BODY, size: Pt = SIZE_BODY,
               align: Any = WD_ALIGN_PARAGRAPH.LEFT, before: float = 0, after: float = 0) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        _run(paragraph, text, east_asia, size)
    return paragraph


def scoresheet_docx(ranking: Ranking, row: RankingRow) -> bytes:
    evaluation, round_ = ranking.evaluation, ranking.round
    call = evaluation.call
    application = row.application
    name = application.title or application.branch.name
    criteria = ranking.criteria
    weighted = any(c.weight != 1 for c in criteria)

    document = Document()
    _setup(document)
    document.sections[0].different_first_page_header_footer = False
    title = _centered(document, "", FONT_TITLE, Pt(22), after=6)
    _run(title, "评审打分表", FONT_TITLE, Pt(22), bold=True)
    _centered(document, f"{call.name} · {ROUND_NAMES.get(round_.kind, round_.kind)}", FONT_HEADING, SIZE_H2, after=12)
    _grid(document, [
        ("工作室名称", name), ("依托党支部", application.branch.name), ("所在单位", row.college or "—"),
        ("支部书记", application.secretary.name if application.secretary_id else "—"),
        ("得分", _points(row.score) or "—"),
        ("计分方法", METHOD_NAMES.get(ranking.method, ranking.method)), ("平均分", _points(row.mean) or "—"),
        ("排名", str(row.rank) if row.rank else "—"), ("已评/应评", f"{row.submitted}/{row.assigned}"),
    ])

    reviews = [line for line in row.reviews if line.submitted]
    if not reviews:
        _paragraph(document, "尚无已提交的评审。", before=12)
    headers = ["序号", "评审指标", "满分", *(["权重"] if weighted else []), "得分"]
    widths = [1.2, _TEXT_WIDTH_CM - 1.2 - 2.0 - 2.0 - (1.6 if weighted else 0), 2.0,
              *([1.6] if weighted else []), 2.0]
    for line in reviews:
        _paragraph(document, "").add_run().add_break(WD_BREAK.PAGE)
        heading = _paragraph(document, "", after=6)
        _run(heading, f"评审专家：{line.reviewer}", FONT_HEADING, SIZE_H2)
        table = _headed_table(document, headers)
        for n, (criterion, points) in enumerate(zip(criteria, line.points, strict=True), start=1):
            values = [str(n), criterion.name, _points(criterion.max_points),
                      *([_points(criterion.weight)] if weighted else []), _points(points)]
            cells = table.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)
        total = ["", "合计", _points(ranking.full_marks), *([""] if weighted else []), _points(line.total)]
        for i, (cell, text) in enumerate(zip(table.add_row().cells, total, strict=True)):
            _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)
        _set_widths(table, widths)
        _paragraph(document, "评审意见：", east_asia=FONT_HEADING, before=12, after=3)
        for text in (line.comment or "（无）").replace("\r\n", "\n").split("\n"):
            paragraph = _paragraph(document, text, size=SIZE_BODY)
            paragraph.paragraph_format.first_line_indent = Pt(24)
        _paragraph(document, SIGNATURE, align=WD_ALIGN_PARAGRAPH.RIGHT, before=36)
        submitted_at = line.assignment.submitted_at
        if submitted_at:
            _paragraph(document, f"系统提交时间：{timezone.localtime(submitted_at):%Y-%m-%d %H:%M}（北京时间）",
                       size=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.RIGHT, before=6)

    props = document.core_properties
    props.title = f"评审打分表_{name}"
    props.subject = call.name
    props.language = "zh-CN"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
