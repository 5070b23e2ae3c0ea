"""The 申报书 as a Word document (.docx) in the layout Chinese offices print: A4, a title page, 黑体
headings, 仿宋 body text in 小四 with 1.5 line spacing and a two-character first-line indent, real Word
tables, page numbers in the footer. Only plain OOXML that both Word and WPS read.

Fonts are set on every level Word looks at (docDefaults, styles, runs), always with `w:eastAsia`, and
with the theme-font attributes removed: a theme font attribute wins over an explicit name, which is why
Chinese text often comes out in 等线/Calibri from generated files.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .application_content import SIGNATURE_LINES, Printable, Table, build

FONT_BODY = "仿宋_GB2312"  # 公文 body font; Word/WPS substitute 仿宋 where the GB2312 cut is missing
FONT_HEADING = "黑体"
FONT_TITLE = "方正小标宋简体"  # cover title; falls back to 宋体-like faces where missing
FONT_TABLE = "宋体"
FONT_LATIN = "Times New Roman"

SIZE_TITLE = Pt(26)  # 一号
SIZE_H1 = Pt(16)  # 三号
SIZE_H2 = Pt(14)  # 四号
SIZE_BODY = Pt(12)  # 小四
SIZE_TABLE = Pt(10.5)  # 五号

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr_owner: Any, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Set Latin and East Asian fonts on something with an rPr (a run, a style, docDefaults)."""
    rpr = rpr_owner.get_or_add_rPr() if hasattr(rpr_owner, "get_or_add_rPr") else rpr_owner
    if hasattr(rpr, "get_or_add_rFonts"):
        rfonts = rpr.get_or_add_rFonts()  # keeps the schema order of rPr's children
    else:
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _style_fonts(style: Any, east_asia: str, size: Pt, *, bold: bool = False) -> None:
    style.font.name = FONT_LATIN
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), east_asia)


def _run(paragraph: Any, text: str, east_asia: str = FONT_BODY, size: Pt | None = None, *,
         bold: bool | None = None) -> Any:
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), east_asia)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    return run


def _setup(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.17)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(1.75)
    section.different_first_page_header_footer = True  # no page number on the title page
    section.first_page_footer.is_linked_to_previous = False  # an explicit, empty first-page footer
    # The title page is page 0, so the form itself starts at 第 1 页 (as in the PDF).
    pg_num = OxmlElement("w:pgNumType")
    pg_num.set(qn("w:start"), "0")
    section._sectPr.insert_element_before(pg_num, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                          "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                                          "w:printerSettings", "w:sectPrChange")

    # Document defaults: language and fonts, so even unstyled text is Chinese-ready.
    styles_el = document.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, FONT_BODY)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    _style_fonts(normal, FONT_BODY, SIZE_BODY)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)

    for name, size, before, after in (("Heading 1", SIZE_H1, 12, 6), ("Heading 2", SIZE_H2, 6, 3)):
        style = document.styles[name]
        _style_fonts(style, FONT_HEADING, size)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
        fmt.keep_with_next = True

    footer_style = document.styles["Footer"]
    _style_fonts(footer_style, FONT_BODY, SIZE_TABLE)

    # The template's other styles (Title, Heading 3-9, their linked character styles…) name theme fonts,
    # which would win over anything explicit: replace them by real names in every style.
    for style_el in styles_el.iterfind(qn("w:style")):
        style_id = style_el.get(qn("w:styleId"), "")
        east_asia = FONT_HEADING if style_id.startswith(("Heading", "Title", "Subtitle")) else FONT_BODY
        for rfonts in style_el.iter(qn("w:rFonts")):
            themed = any(rfonts.get(qn(a)) for a in _THEME_ATTRS)
            for attr in _THEME_ATTRS:
                rfonts.attrib.pop(qn(attr), None)
            if themed:
                for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                    rfonts.set(qn(attr), rfonts.get(qn(attr)) or FONT_LATIN)
                rfonts.set(qn("w:eastAsia"), rfonts.get(qn("w:eastAsia")) or east_asia)


def _page_field(paragraph: Any) -> None:
    """A PAGE field as a complex field (begin/instr/separate/result/end): what Word itself writes."""
    def fld_char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = _run(paragraph, "", FONT_BODY, SIZE_TABLE)
    run._r.append(fld_char("begin"))
    run = _run(paragraph, "", FONT_BODY, SIZE_TABLE)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run = _run(paragraph, "", FONT_BODY, SIZE_TABLE)
    run._r.append(fld_char("separate"))
    _run(paragraph, "1", FONT_BODY, SIZE_TABLE)
    run = _run(paragraph, "", FONT_BODY, SIZE_TABLE)
    run._r.append(fld_char("end"))


def _footer(document: Any) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _run(paragraph, "第 ", FONT_BODY, SIZE_TABLE)
    _page_field(paragraph)
    _run(paragraph, " 页", FONT_BODY, SIZE_TABLE)


def _centered(document: Any, text: str, east_asia: str, size: Pt, *, bold: bool = False,
              before: float = 0, after: float = 0) -> Any:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.25
    if text:
        _run(paragraph, text, east_asia, size, bold=bold)
    return paragraph


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.LEFT,
               east_asia: str = FONT_TABLE, size: Pt = SIZE_TABLE) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = (text or "").split("\n") or [""]
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = 1.15
        fmt.space_before = fmt.space_after = Pt(2)
        paragraph.alignment = align
        _run(paragraph, line, east_asia, size, bold=bold)


def _shade(cell: Any, fill: str = "E7E6E6") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # CT_TcPr is a sequence: w:shd must come before w:vAlign and the rest.
    tc_pr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                                "w:tcPrChange")


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_widths(table: Any, widths_cm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)


_TEXT_WIDTH_CM = 21 - 2 * 3.17


def _cover(document: Any, doc: Printable) -> None:
    _centered(document, "", FONT_BODY, SIZE_BODY, after=36)
    _centered(document, doc.university, FONT_HEADING, Pt(22), after=6)
    if doc.call_name:
        _centered(document, doc.call_name, FONT_HEADING, Pt(16), after=24)
    title = _centered(document, "", FONT_TITLE, SIZE_TITLE, after=60)
    # Bold, so that where 方正小标宋 is missing the substitute (宋体) still reads as a title.
    _run(title, doc.form_title, FONT_TITLE, SIZE_TITLE, bold=True)

    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in doc.cover:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=False, align=WD_ALIGN_PARAGRAPH.DISTRIBUTE, east_asia=FONT_HEADING,
                   size=Pt(15))
        _cell_text(cells[1], value, east_asia=FONT_BODY, size=Pt(15))
    for row in table.rows:
        row.height = Cm(1.2)
    _set_widths(table, [3.8, 8.4])

    _centered(document, doc.version_label, FONT_BODY, SIZE_BODY, before=12)
    _centered(document, f"中共{doc.university}委员会组织部制", FONT_HEADING, Pt(16), before=140)
    _centered(document, "", FONT_BODY, SIZE_BODY).add_run().add_break(WD_BREAK.PAGE)


def _body_paragraph(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.5
    fmt.first_line_indent = Pt(24)  # two 小四 characters
    p_pr = paragraph._p.get_or_add_pPr()
    ind = p_pr.find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), "200")  # "2 字符", which Word/WPS keep when the size changes
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, text, FONT_BODY, SIZE_BODY)


def _label(document: Any, text: str) -> None:
    paragraph = document.add_heading(level=2)
    _run(paragraph, text, FONT_HEADING, SIZE_H2)


def _headed_table(document: Any, headers: list[str] | tuple[str, ...]) -> Any:
    """A centred grid table with one shaded, bold header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, east_asia=FONT_HEADING)
        _shade(cell)
    return table


def _word_table(document: Any, table_def: Table) -> None:
    if table_def.caption:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        _run(paragraph, table_def.caption, FONT_HEADING, SIZE_BODY)
    cols = len(table_def.headers)
    table = _headed_table(document, table_def.headers)
    rows = table_def.rows or [["（未填写）"] + [""] * (cols - 1)]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell_text(cell, text)
    if table_def.total:
        cells = table.add_row().cells
        for cell, text in zip(cells, table_def.total, strict=True):
            _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER if text == "合计"
                       else WD_ALIGN_PARAGRAPH.LEFT)
    weights = table_def.widths or [1.0] * cols
    total_weight = sum(weights) or 1.0
    _set_widths(table, [_TEXT_WIDTH_CM * w / total_weight for w in weights])
    document.add_paragraph().paragraph_format.line_spacing = 1.0


def _grid(document: Any, pairs: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in pairs:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, east_asia=FONT_HEADING)
        _shade(cells[0], "F2F2F2")
        _cell_text(cells[1], value)
    _set_widths(table, [4.2, _TEXT_WIDTH_CM - 4.2])
    document.add_paragraph().paragraph_format.line_spacing = 1.0


def _endorsements(document: Any, labels: list[str]) -> None:
    if not labels:
        return
    heading = document.add_heading(level=1)
    _run(heading, "审核意见", FONT_HEADING, SIZE_H1)
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label in labels:
        row = table.add_row()
        row.height = Cm(5)
        _cell_text(row.cells[0], label, align=WD_ALIGN_PARAGRAPH.CENTER, east_asia=FONT_HEADING, size=SIZE_BODY)
        cell = row.cells[1]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        for i, line in enumerate(SIGNATURE_LINES):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.space_after = Pt(6)
            _run(paragraph, line, FONT_BODY, SIZE_BODY)
    _set_widths(table, [3.2, _TEXT_WIDTH_CM - 3.2])


def render_printable(doc: Printable) -> bytes:
    document = Document()
    _setup(document)
    _footer(document)

    props = document.core_properties
    props.title = doc.doc_title
    props.author = doc.author
    props.subject = doc.call_name
    props.keywords = "申报书"
    props.language = "zh-CN"
    props.comments = doc.version_label
    props.last_modified_by = doc.university
    now = timezone.now()
    props.created = (doc.submitted_at or now).astimezone(datetime.UTC).replace(tzinfo=None)
    props.modified = now.astimezone(datetime.UTC).replace(tzinfo=None)
    props.revision = 1

    _cover(document, doc)
    for section in doc.sections:
        heading = document.add_heading(level=1)
        _run(heading, section.title, FONT_HEADING, SIZE_H1)
        for block in section.blocks:
            if block.kind == "grid":
                _grid(document, block.pairs)
                continue
            if block.label:
                _label(document, block.label)
            if block.kind == "text":
                for text in block.paragraphs or ["（未填写）"]:
                    _body_paragraph(document, text)
            elif block.kind == "table":
                for table_def in block.tables:
                    _word_table(document, table_def)
    _endorsements(document, doc.endorsements)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(*, call: Any, branch_name: str, college_name: str, title: str, schema: dict[str, Any],
                data: dict[str, Any], version_label: str, submitted_at: datetime.datetime | None) -> bytes:
    """The 申报书 of one application state (a submitted version or the draft) as .docx bytes.
    See application_content.version_source/draft_source for the arguments."""
    return render_printable(build(call=call, branch_name=branch_name, college_name=college_name, title=title,
                                  schema=schema, data=data, version_label=version_label,
                                  submitted_at=submitted_at))

