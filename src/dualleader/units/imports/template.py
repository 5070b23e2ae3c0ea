"""The downloadable import template."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.conf import settings
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import AcademicRole
from .spec import COLUMNS, SHEET_HELP, Col


def build_template() -> bytes:
    """The downloadable workbook: instructions first, then one sheet per kind of row, each with a bold
    frozen header, drop-down lists for every choice and an example row the importer ignores."""
    from . import MAX_ROWS  # looked up at call time, so patching the package's limit applies here too

    wb = openpyxl.Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    roles = "、".join(AcademicRole.objects.values_list("name", flat=True))
    lines = [
        "本模板包含“学院”“支部”“人员”三个工作表，请勿修改工作表名称和表头。",
        "各工作表第2行为示例，导入时自动忽略，可直接删除后填写。不需要的工作表可以留空。",
        "导入为“全部成功或全部不导入”：任何一行有误，整个文件都不会导入，系统会列出所有问题行及原因。",
        "学院、支部按“单位代码”匹配已有单位，未填代码时按同一上级单位下的名称匹配；人员按“工号”匹配。",
        "已有数据按表中内容更新；空白单元格表示保持原值不变。同一文件重复导入不会产生任何变化。",
        "日期可填写 Excel 日期，或 2020-09-01、2020/9/1、2020年9月1日 等格式。",
        f"单个文件不超过 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB、{MAX_ROWS} 行。",
        f"学术身份可选：{roles}。",
    ]
    help_ws.append(["双带头人教师党支部书记工作室管理平台 · 组织数据导入模板"])
    help_ws["A1"].font = Font(bold=True, size=14)
    for n, line in enumerate(lines, 1):
        help_ws.append([f"{n}. {line}"])
    help_ws.append([])
    help_ws.append(["工作表", "列", "必填", "说明"])
    header_row = help_ws.max_row
    for sheet, cols in COLUMNS.items():
        for col in cols:
            note = col.note or ("可选：" + "、".join(col.choices) if col.choices else "")
            if col.choices and col.note:
                note = f"可选：{'、'.join(col.choices)}；{col.note}"
            help_ws.append([sheet, col.header, "是" if col.required else "", note])
    for cell in help_ws[header_row]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (12, 16, 8, 80), strict=True):
        help_ws.column_dimensions[letter].width = width
    for sheet, cols in COLUMNS.items():
        _template_sheet(wb.create_sheet(sheet), cols)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _template_sheet(ws: Any, cols: list[Col]) -> None:
    from . import MAX_ROWS  # see build_template

    ws.append([c.header for c in cols])
    ws.append([c.example for c in cols])
    ws.freeze_panes = "A2"
    fill = PatternFill("solid", fgColor="FDE9E7")
    for i, col in enumerate(cols, 1):
        letter = openpyxl.utils.get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=True, color="C00000" if col.required else "000000")
        head.fill = fill
        head.alignment = Alignment(horizontal="center")
        # Text columns keep staff numbers and phones as typed (leading zeros and all).
        number_format = "yyyy-mm-dd" if col.kind == "date" else "@"
        ws.column_dimensions[letter].number_format = number_format
        example = ws.cell(row=2, column=i)
        example.font = Font(italic=True, color="808080")
        example.number_format = number_format
        cells = f"{letter}2:{letter}{MAX_ROWS + 1}"
        if col.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="输入有误", error="请从下拉列表中选择。")
            dv.add(cells)
            ws.add_data_validation(dv)
