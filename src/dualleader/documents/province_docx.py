"""The covering letter to the province (推荐函) as .docx in Chinese official style: the title in 小标宋,
the 主送 line, the body in 仿宋 三号 with a two-character indent, the ranked list as a Word table, and the
落款 (中共××委员会) with the date on the right. Fonts are set like the 申报书 (application_docx helpers:
explicit East-Asian names, theme fonts removed) so Word and WPS show them as intended."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .application_content import cn_date
from .application_docx import (
    FONT_BODY,
    FONT_TITLE,
    SIZE_TABLE,
    _cell_text,
    _headed_table,
    _run,
    _set_widths,
    _setup,
)
from .province_common import committee_name, province_rows

SIZE_LETTER_TITLE = Pt(22)  # 二号
SIZE_LETTER = Pt(16)  # 三号
HEADERS = ("序号", "工作室名称", "所在单位", "依托党支部", "负责人", "推荐理由")
WIDTHS = [1.2, 4.0, 2.6, 3.0, 1.6, 2.27]


def _paragraph(document: Any, text: str, *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
               east_asia: str = FONT_BODY, size: Pt = SIZE_LETTER, before: float = 0) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(size.pt * 2) if indent else Pt(0)
    fmt.line_spacing = Pt(28)  # 公文: fixed 28-point line spacing for 三号
    fmt.space_before = Pt(before)
    if text:
        _run(paragraph, text, east_asia, size)
    return paragraph


def province_letter_docx(recommendation: Any) -> bytes:
    evaluation = recommendation.evaluation
    document = Document()
    _setup(document)
    section = document.sections[0]
    section.different_first_page_header_footer = False
    if recommendation.document_number:
        _paragraph(document, recommendation.document_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title = _paragraph(document, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=12)
    title.paragraph_format.line_spacing = Pt(36)
    _run(title, f"关于推荐{evaluation.call.name}“双带头人”教师党支部书记工作室的报告", FONT_TITLE, SIZE_LETTER_TITLE,
         bold=True)
    _paragraph(document, f"{recommendation.recipient}：", indent=False, before=12)
    for block in (recommendation.letter_body or "").replace("\r\n", "\n").split("\n"):
        if block.strip():
            _paragraph(document, block.strip())
    _paragraph(document, "附：推荐名单", indent=True, before=6)

    rows = province_rows(recommendation)
    table = _headed_table(document, HEADERS)
    for row in rows:
        cells = table.add_row().cells
        values = (str(row.rank), row.studio, row.college, row.branch, row.leader, row.reason)
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.CENTER if i in (0, 4) else WD_ALIGN_PARAGRAPH.LEFT,
                       size=SIZE_TABLE)
    _set_widths(table, WIDTHS)

    _paragraph(document, committee_name(evaluation.owner.name), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False,
               before=36)
    _paragraph(document, cn_date(recommendation.letter_date), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    document.core_properties.title = f"推荐{evaluation.call.name}工作室的报告"
    document.core_properties.author = committee_name(evaluation.owner.name)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
