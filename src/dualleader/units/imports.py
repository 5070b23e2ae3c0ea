"""Bulk import of colleges, branches and people (with their branch posts) from the .xlsx template.

The rule is all or nothing: every row of every sheet is read and checked before anything is written; one
problem anywhere and nothing is imported, and the importer gets the full list of bad rows. A clean file is
applied in one transaction through the same services the pages use, so every write is audited, and only
real differences are written: re-importing a file finds nothing to change and records only its summary.

The file format is Chinese (sheet names, headers, choice labels) whatever the interface language, because
it is what the offices fill in and the importer matches on these exact strings."""

from __future__ import annotations

import datetime
import io
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dualleader.accounts.enums import Role
from dualleader.audit.services import record

from .enums import Degree, Gender, PoliticalStatus, PositionRole, TitleLevel, UnitKind
from .models import AcademicRole, Person, Position, Unit
from .services import person_create, person_update, position_appoint, unit_create, unit_update

SHEET_HELP, SHEET_COLLEGES, SHEET_BRANCHES, SHEET_PEOPLE = "填写说明", "学院", "支部", "人员"
MAX_ROWS = 20_000
MAX_SCANNED_ROWS = 5 * MAX_ROWS  # blank but formatted rows cost time too
XLSX_MAGIC = b"PK\x03\x04"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_KEYS = ("colleges", "branches", "people", "posts")

# Chinese labels of the file ↔ stored values. Several college-level organisations map to one kind.
COLLEGE_KINDS = {"学院党委": UnitKind.COLLEGE, "机关党委": UnitKind.COLLEGE, "直属党委": UnitKind.COLLEGE,
                 "党总支": UnitKind.COLLEGE}
BRANCH_KINDS = {"教师党支部": UnitKind.TEACHER_BRANCH, "学生党支部": UnitKind.STUDENT_BRANCH,
                "师生联合党支部": UnitKind.JOINT_BRANCH, "离退休党支部": UnitKind.RETIRED_BRANCH,
                "机关党支部": UnitKind.ORGAN_BRANCH}
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
TITLE_LEVELS = {"正高": TitleLevel.FULL, "副高": TitleLevel.ASSOCIATE, "中级": TitleLevel.INTERMEDIATE,
                "初级": TitleLevel.JUNIOR, "无": TitleLevel.NONE}
DEGREES = {"博士": Degree.DOCTORATE, "硕士": Degree.MASTER, "学士": Degree.BACHELOR, "其他": Degree.OTHER}
POLITICAL_STATUSES = {"中共党员": PoliticalStatus.PARTY_MEMBER, "中共预备党员": PoliticalStatus.PROBATIONARY,
                      "共青团员": PoliticalStatus.LEAGUE_MEMBER, "民主党派": PoliticalStatus.DEMOCRATIC_PARTY,
                      "群众": PoliticalStatus.MASSES}
POSTS = {"书记": PositionRole.SECRETARY, "副书记": PositionRole.DEPUTY_SECRETARY,
         "委员": PositionRole.COMMITTEE_MEMBER}
CLEAR = "无"  # in 学术身份: remove every academic role
LIST_SPLIT = re.compile(r"[、,，;；\s]+")
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@dataclass(frozen=True)
class Col:
    header: str
    field: str
    kind: str = "text"  # text | date | choice | email | list
    required: bool = False
    max_length: int = 0
    choices: dict[str, str] | None = None
    width: int = 14
    note: str = ""
    example: Any = ""


D = datetime.date
COLUMNS: dict[str, list[Col]] = {
    SHEET_COLLEGES: [
        Col("单位名称", "name", required=True, max_length=200, width=30, note="学院党委全称",
            example="示例学院党委"),
        Col("单位代码", "code", max_length=40, note="可选；填写后按代码匹配已有单位", example="SL"),
        Col("上级单位", "parent", max_length=200, width=24, note="上级单位的名称或代码；不填为学校党委"),
        Col("类型", "kind", "choice", choices=COLLEGE_KINDS, note="不填为学院党委", example="学院党委"),
    ],
    SHEET_BRANCHES: [
        Col("支部名称", "name", required=True, max_length=200, width=30, note="党支部全称",
            example="示例学院第一教师党支部"),
        Col("单位代码", "code", max_length=40, note="可选；填写后按代码匹配已有单位", example="SL01"),
        Col("所属学院", "parent", required=True, max_length=200, width=24, note="学院党委的名称或代码",
            example="SL"),
        Col("类型", "kind", "choice", choices=BRANCH_KINDS, width=16, note="不填为教师党支部",
            example="教师党支部"),
        Col("依托单位", "department", max_length=200, width=20, note="支部依托的教学科研单位（系、教研室等）",
            example="示例系"),
        Col("学科", "discipline", max_length=200, width=16, example="机械工程"),
        Col("成立日期", "established_on", "date", example=D(2018, 9, 1)),
        Col("最近换届日期", "last_election_on", "date", width=16, example=D(2023, 9, 1)),
    ],
    SHEET_PEOPLE: [
        Col("工号", "staff_no", required=True, max_length=32, width=12, note="按工号匹配已有人员",
            example="SL2001001"),
        Col("姓名", "name", required=True, max_length=60, width=10, example="张三"),
        Col("性别", "gender", "choice", choices=GENDERS, width=8, example="男"),
        Col("所在单位", "unit", required=True, max_length=200, width=28, note="支部或学院的名称或代码",
            example="SL01"),
        Col("出生日期", "birth_date", "date", example=D(1980, 5, 1)),
        Col("职称", "title", max_length=60, width=12, note="如 教授、副教授、讲师", example="教授"),
        Col("职称级别", "title_level", "choice", choices=TITLE_LEVELS, example="正高"),
        Col("最高学位", "highest_degree", "choice", choices=DEGREES, example="博士"),
        Col("政治面貌", "political_status", "choice", choices=POLITICAL_STATUSES, width=14, example="中共党员"),
        Col("入党日期", "party_joined_on", "date", note="仅中共党员、中共预备党员填写", example=D(2003, 7, 1)),
        Col("学术身份", "academic_roles", "list", width=26, note="可填多个，用“、”或“,”分隔；填“无”表示清除",
            example="学科带头人、博士生导师"),
        Col("联系电话", "phone", max_length=32, example="13800000000"),
        Col("电子邮箱", "email", "email", max_length=254, width=26, example="zhangsan@example.edu.cn"),
        Col("支部职务", "post", "choice", choices=POSTS, width=10, note="所在单位须为该支部；新任书记自动结束原书记任期",
            example="书记"),
        Col("任职开始日期", "post_started_on", "date", width=16, example=D(2024, 6, 1)),
    ],
}
SHEET_ORDER = list(COLUMNS)


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


# ---------------------------------------------------------------------------------------------- template

def build_template() -> bytes:
    """The downloadable workbook: instructions first, then one sheet per kind of row, each with a bold
    frozen header, drop-down lists for every choice and an example row the importer ignores."""
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


# ---------------------------------------------------------------------------------------------- reading

def _raw(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    return value


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    match = DATE_TEXT.match(text) or DATE_DIGITS.match(text)
    if match:
        try:
            parsed = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            parsed = None
        if parsed and 1900 <= parsed.year <= 2100:
            return parsed
    raise _Problem("", _("“%(value)s” is not a date. Write it like 2020-09-01.") % {"value": text})


def _convert(col: Col, raw: Any) -> Any:
    if col.kind == "date":
        return _parse_date(raw)
    text = _as_text(raw)
    if col.max_length and len(text) > col.max_length:
        raise _Problem("", _("Too long: at most %(max)s characters.") % {"max": col.max_length})
    if col.choices is not None:
        if text not in col.choices:
            raise _Problem("", _("“%(value)s” is not one of: %(choices)s.")
                           % {"value": text, "choices": "、".join(col.choices)})
        return col.choices[text]
    if col.kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise _Problem("", _("“%(value)s” is not a valid email address.") % {"value": text}) from None
    if col.kind == "list":
        return [] if text == CLEAR else [part for part in LIST_SPLIT.split(text) if part]
    return text


def _header_name(value: Any) -> str:
    return re.sub(r"[*＊\s]|（必填）|\(必填\)", "", str(value or ""))


def read_workbook(data: bytes) -> tuple[dict[str, list[Row]], list[RowError]]:
    """Every non-empty row of the three sheets, its cells converted; and every cell that could not be."""
    errors: list[RowError] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a workbook we can read"
        raise _Refused(_("This is not an Excel workbook (.xlsx) that can be read. Save it in Excel or WPS "
                         "as “Excel workbook (*.xlsx)” and upload it again.")) from None
    try:
        sheets = {name.strip(): wb[name] for name in wb.sheetnames}
        if not any(name in sheets for name in COLUMNS):
            raise _Refused(_("The workbook has none of the sheets %(sheets)s. Download the import template "
                             "and fill it in.") % {"sheets": "、".join(COLUMNS)})
        scanned = kept = 0
        rows: dict[str, list[Row]] = {name: [] for name in COLUMNS}
        for name, cols in COLUMNS.items():
            if name not in sheets:
                continue
            lines = sheets[name].iter_rows(values_only=True, max_col=60)
            positions = {}
            for i, cell in enumerate(next(lines, None) or ()):
                positions.setdefault(_header_name(cell), i)
            missing = [c for c in cols if c.required and c.header not in positions]
            for col in missing:
                errors.append(RowError(name, 1, col.header, _("This required column is missing.")))
            if missing:
                continue
            present = [(c, positions[c.header]) for c in cols if c.header in positions]
            example = {c.field: _raw(c.example) for c in cols}
            for number, cells in enumerate(lines, start=2):
                scanned += 1
                raw = {c.field: _raw(cells[i] if i < len(cells) else None) for c, i in present}
                if all(v == "" for v in raw.values()) or all(example[k] == v for k, v in raw.items()):
                    if scanned > MAX_SCANNED_ROWS:
                        raise _Refused(_("The file has too many rows: at most %(max)s.") % {"max": MAX_ROWS})
                    continue
                kept += 1
                if kept > MAX_ROWS:
                    raise _Refused(_("The file has too many rows: at most %(max)s.") % {"max": MAX_ROWS})
                row = Row(name, number, {})
                for col, _i in present:
                    value = raw[col.field]
                    if value == "":
                        if col.required:
                            errors.append(RowError(name, number, col.header, _("This value is required.")))
                        continue
                    try:
                        row.values[col.field] = _convert(col, value)
                    except _Problem as problem:
                        errors.append(RowError(name, number, col.header, problem.message))
                rows[name].append(row)
        return rows, errors
    finally:
        wb.close()


# ---------------------------------------------------------------------------------------------- planning

@dataclass(eq=False)
class _Ref:
    """A unit as the import sees it: one that exists, or one the file will create."""

    name: str
    kind: str
    in_scope: bool
    unit: Unit | None = None
    parent: _Ref | None = None
    row: Row | None = None  # the file row that lists it
    action: str = ""  # create | update | "" (unchanged or not listed)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def is_branch(self) -> bool:
        return self.kind in UnitKind.branch_kinds()


@dataclass(eq=False)
class _PersonPlan:
    row: Row
    unit: _Ref
    person: Person | None
    action: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    roles: list[AcademicRole] | None = None


@dataclass(eq=False)
class _PostPlan:
    plan: _PersonPlan
    unit: _Ref
    role: str
    started_on: datetime.date | None


UNIT_FIELDS = ("name", "code", "kind", "department", "discipline", "established_on", "last_election_on")
PERSON_FIELDS = ("name", "gender", "birth_date", "title", "title_level", "highest_degree", "political_status",
                 "party_joined_on", "phone", "email")


class _Plan:
    """Everything the file would change, worked out against the database without writing to it."""

    def __init__(self, user: Any, result: ImportResult) -> None:
        self.result, self.counts = result, result.counts
        self.superuser = bool(user.is_superuser)
        self.scopes = [g.unit.path for g in user.grants if g.role == Role.ORG_ADMIN]
        self.today = timezone.localdate()
        self.by_code: dict[str, _Ref] = {}
        self.by_name: dict[str, list[_Ref]] = defaultdict(list)
        self.by_short: dict[str, list[_Ref]] = defaultdict(list)
        self.children: dict[str, list[_Ref]] = defaultdict(list)
        self.by_path: dict[str, _Ref] = {}
        self.listed: dict[tuple[int, str], Row] = {}
        self.units: list[_Ref] = []
        self.people: list[_PersonPlan] = []
        self.posts: list[_PostPlan] = []
        for unit in Unit.objects.order_by("path"):
            ref = _Ref(unit.name, unit.kind, self.covers(unit.path), unit=unit)
            if unit.code:
                self.by_code[unit.code] = ref
            self.by_name[unit.name].append(ref)
            if unit.short_name:
                self.by_short[unit.short_name].append(ref)
            self.children[unit.path[: -Unit.steplen]].append(ref)
            self.by_path[unit.path] = ref
        universities = [r for refs in self.children.values() for r in refs
                        if r.kind == UnitKind.UNIVERSITY and r.in_scope and r.unit and r.unit.is_active]
        self.default_parent = universities[0] if len(universities) == 1 else None

    def covers(self, path: str) -> bool:
        return self.superuser or any(path.startswith(p) for p in self.scopes)

    def error(self, row: Row, column: str, message: str) -> None:
        self.result.errors.append(RowError(row.sheet, row.number, row.header(column), message))

    def resolve(self, text: str, column: str) -> _Ref:
        """A unit named by its code, full name or short name, in the database or earlier in the file."""
        if text in self.by_code:
            return self.by_code[text]
        for index in (self.by_name, self.by_short):
            matches = list({id(r): r for r in index.get(text, [])}.values())
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise _Problem(column, _("“%(value)s” matches %(count)s units; use its unit code instead.")
                               % {"value": text, "count": len(matches)})
        raise _Problem(column, _("Unknown unit “%(value)s”.") % {"value": text})

    def usable(self, ref: _Ref, column: str, text: str) -> _Ref:
        if not ref.in_scope:
            raise _Problem(column, _("“%(value)s” is outside the units you administer.") % {"value": text})
        if ref.unit is not None and not ref.unit.is_active:
            raise _Problem(column, _("“%(value)s” has been deactivated.") % {"value": text})
        return ref

    # -- units

    def plan_units(self, rows: list[Row], branches: bool) -> None:
        for row in rows:
            name = row.values.get("name")
            if not name:
                continue
            try:
                self.plan_unit(row, name, branches)
            except _Problem as problem:
                if problem.message:
                    self.error(row, problem.column, problem.message)
                # Stand in for the bad row, so rows that refer to it are not reported as well.
                code = row.values.get("code", "")
                if name not in self.by_name and code not in self.by_code:
                    placeholder = _Ref(name, row.values.get("kind") or self.default_kind(branches), True, row=row)
                    self.by_name[name].append(placeholder)
                    if code:
                        self.by_code[code] = placeholder

    @staticmethod
    def default_kind(branches: bool) -> str:
        return UnitKind.TEACHER_BRANCH if branches else UnitKind.COLLEGE

    def plan_unit(self, row: Row, name: str, branches: bool) -> None:
        code = row.values.get("code", "")
        parent_text = row.values.get("parent", "")
        parent = None
        if parent_text:
            parent = self.usable(self.resolve(parent_text, "parent"), "parent", parent_text)
            if parent.is_branch:
                raise _Problem("parent", _("“%(value)s” is a Party branch; a branch must belong to a college-level "
                                           "Party committee.") % {"value": parent_text} if branches else
                               _("“%(value)s” is a Party branch; no unit can be placed under it.")
                               % {"value": parent_text})
        elif branches:
            raise _Problem("parent")  # already reported as a missing required value
        ref = self.match(row, name, code, parent, branches)
        if ref is None:
            parent = parent or self.default_parent
            if parent is None:
                raise _Problem("parent", _("Fill in the parent unit: it cannot be chosen automatically."))
            fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
            fields.setdefault("kind", self.default_kind(branches))
            self.check_dates(row, fields, None)
            ref = _Ref(name, fields["kind"], True, parent=parent, action="create", fields=fields)
            self.by_name[name].append(ref)
            if code:
                self.by_code[code] = ref
        else:
            fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
            self.check_dates(row, fields, ref.unit)
            fields = {k: v for k, v in fields.items() if getattr(ref.unit, k) != v}
            if fields:
                ref.action, ref.fields = "update", fields
            if name != ref.name:
                self.by_name[name].append(ref)
        ref.row = row
        self.listed[(id(ref.parent or parent), name)] = row
        self.units.append(ref)
        self.counts["branches" if branches else "colleges"][
            {"create": "created", "update": "updated"}.get(ref.action, "unchanged")] += 1

    def match(self, row: Row, name: str, code: str, parent: _Ref | None, branches: bool) -> _Ref | None:
        """The existing unit a row stands for: by code, else by name under the same parent."""
        ref = self.by_code.get(code) if code else None
        if ref is None:
            where = parent or self.default_parent
            seen = self.listed.get((id(where), name))
            if seen is not None:
                raise _Problem("name", _("This unit is already listed in sheet %(sheet)s, row %(row)s.")
                               % {"sheet": seen.sheet, "row": seen.number})
            siblings = [r for r in self.children.get(where.unit.path, []) if r.name == name] \
                if where is not None and where.unit is not None else []
            if not siblings:
                return None
            ref = siblings[0]
            if code and ref.unit is not None and ref.unit.code and ref.unit.code != code:
                raise _Problem("code", _("“%(name)s” under “%(parent)s” already has the unit code %(code)s.")
                               % {"name": name, "parent": where.name, "code": ref.unit.code})
        if ref.row is not None:
            raise _Problem("code" if code else "name", _("This unit is already listed in sheet %(sheet)s, "
                                                         "row %(row)s.") % {"sheet": ref.row.sheet,
                                                                            "row": ref.row.number})
        assert ref.unit is not None  # only file rows lack a unit, and they all have `row` set
        column = "code" if code else "name"
        if ref.is_branch != branches or (not branches and ref.kind != UnitKind.COLLEGE):
            raise _Problem(column, _("“%(name)s” already exists as a different kind of unit.") % {"name": ref.name})
        if not ref.in_scope:
            raise _Problem(column, _("“%(value)s” is outside the units you administer.") % {"value": ref.name})
        current = self.by_path.get(ref.unit.path[: -Unit.steplen])
        if parent is not None and parent is not current:
            raise _Problem("parent", _("“%(name)s” is under “%(parent)s”; move it on its own page first.")
                           % {"name": ref.name, "parent": current.name if current else "—"})
        ref.parent = current
        return ref

    def check_dates(self, row: Row, fields: dict[str, Any], unit: Unit | None) -> None:
        if "established_on" not in fields and "last_election_on" not in fields:
            return
        est = fields.get("established_on", getattr(unit, "established_on", None))
        elected = fields.get("last_election_on", getattr(unit, "last_election_on", None))
        if est and elected and elected < est:
            raise _Problem("last_election_on", _("The last election cannot be before the branch was established."))
        for name in ("established_on", "last_election_on"):
            if name in fields and fields[name] > self.today:
                raise _Problem(name, _("This date is in the future."))

    # -- people and posts

    def plan_people(self, rows: list[Row]) -> None:
        staff = [r.values["staff_no"] for r in rows if "staff_no" in r.values]
        existing: dict[str, Person] = {}
        held: set[tuple[int, int, str]] = set()
        for i in range(0, len(staff), 500):  # stay under the database's limit on query parameters
            chunk = list(Person.objects.filter(staff_no__in=staff[i:i + 500]).select_related("unit")
                         .prefetch_related("academic_roles"))
            existing.update((p.staff_no, p) for p in chunk)
            held.update(Position.objects.filter(person__in=chunk)
                        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.today))
                        .values_list("person_id", "unit_id", "role"))
        self.held = held
        self.secretaries = dict(Position.objects.current(self.today).filter(role=PositionRole.SECRETARY)
                                .values_list("unit_id", "person_id"))
        self.roles = {r.name: r for r in AcademicRole.objects.all()}
        seen: dict[str, Row] = {}
        self.secretary_rows: dict[int, Row] = {}
        for row in rows:
            staff_no = row.values.get("staff_no")
            if not staff_no:
                continue
            try:
                if staff_no in seen:
                    raise _Problem("staff_no", _("Staff number %(value)s is already used in row %(row)s.")
                                   % {"value": staff_no, "row": seen[staff_no].number})
                seen[staff_no] = row
                self.plan_person(row, staff_no, existing.get(staff_no))
            except _Problem as problem:
                if problem.message:
                    self.error(row, problem.column, problem.message)

    def plan_person(self, row: Row, staff_no: str, person: Person | None) -> None:
        if person is not None and not self.covers(person.unit.path):
            raise _Problem("staff_no", _("Staff number %(value)s belongs to a person outside the units you "
                                         "administer.") % {"value": staff_no})
        text = row.values.get("unit")
        if not text:
            raise _Problem("unit")
        unit = self.usable(self.resolve(text, "unit"), "unit", text)
        fields = {k: row.values[k] for k in PERSON_FIELDS if k in row.values}
        for name in ("birth_date", "party_joined_on"):
            if name in fields and fields[name] > self.today:
                raise _Problem(name, _("This date is in the future."))
        if "political_status" in fields or "party_joined_on" in fields:
            status = fields.get("political_status", person.political_status if person else PoliticalStatus.MASSES)
            joined = fields.get("party_joined_on", person.party_joined_on if person else None)
            if joined and status not in PoliticalStatus.party_statuses():
                raise _Problem("party_joined_on", _("Only a Party member or probationary member has a joining date."))
        roles = None
        if "academic_roles" in row.values:
            names = row.values["academic_roles"]
            unknown = [n for n in names if n not in self.roles]
            if unknown:
                raise _Problem("academic_roles", _("Unknown academic role “%(value)s”. Known roles: %(roles)s.")
                               % {"value": "、".join(unknown), "roles": "、".join(self.roles)})
            roles = list({self.roles[n].pk: self.roles[n] for n in names}.values())
        plan = _PersonPlan(row, unit, person)
        if person is None:
            plan.action, plan.fields, plan.roles = "create", fields | {"staff_no": staff_no}, roles
        else:
            plan.fields = {k: v for k, v in fields.items() if getattr(person, k) != v}
            if unit.unit is None or unit.unit.pk != person.unit_id:
                plan.fields["unit"] = unit  # resolved to the Unit when applied: it may not exist yet
            if roles is not None and {r.pk for r in roles} != {r.pk for r in person.academic_roles.all()}:
                plan.roles = roles
            if plan.fields or plan.roles is not None:
                plan.action = "update"
        self.plan_post(row, plan)
        self.people.append(plan)
        self.counts["people"][{"create": "created", "update": "updated"}.get(plan.action, "unchanged")] += 1

    def plan_post(self, row: Row, plan: _PersonPlan) -> None:
        role, start = row.values.get("post"), row.values.get("post_started_on")
        if role is None:
            if start is not None:
                raise _Problem("post_started_on", _("A term start date is given without a post."))
            return
        unit, person = plan.unit, plan.person
        if not unit.is_branch:
            raise _Problem("post", _("A branch post needs the person's unit to be a Party branch."))
        if role == PositionRole.SECRETARY:
            other = self.secretary_rows.get(id(unit))
            if other is not None:
                raise _Problem("post", _("Row %(row)s already names the secretary of this branch.")
                               % {"row": other.number})
            self.secretary_rows[id(unit)] = row
        if person is not None and unit.unit is not None and (person.pk, unit.unit.pk, role) in self.held:
            self.counts["posts"]["unchanged"] += 1
            return
        self.posts.append(_PostPlan(plan, unit, role, start))
        self.counts["posts"]["created"] += 1
        if role == PositionRole.SECRETARY and unit.unit is not None:
            current = self.secretaries.get(unit.unit.pk)
            if current is not None and current != getattr(person, "pk", None):
                self.counts["posts"]["updated"] += 1  # the previous secretary's term is ended

    # -- writing

    def apply(self) -> None:
        """Write the plan through the audited services, parents before children, people before posts."""
        for ref in self.units:
            self.at = ref.row
            if ref.action == "create":
                assert ref.parent is not None and ref.parent.unit is not None
                ref.unit = unit_create(parent=ref.parent.unit, **ref.fields)
            elif ref.action == "update":
                assert ref.unit is not None
                ref.unit = unit_update(unit=ref.unit, **ref.fields)
        for plan in self.people:
            self.at = plan.row
            fields = dict(plan.fields)
            if plan.action == "create":
                plan.person = person_create(academic_roles=plan.roles, unit=plan.unit.unit, **fields)
            elif plan.action == "update":
                assert plan.person is not None
                if "unit" in fields:
                    fields["unit"] = plan.unit.unit
                plan.person = person_update(person=plan.person, academic_roles=plan.roles, **fields)
        for post in self.posts:
            self.at = post.plan.row
            assert post.unit.unit is not None and post.plan.person is not None
            position_appoint(unit=post.unit.unit, person=post.plan.person, role=post.role,
                             started_on=post.started_on)


class _ApplyFailed(Exception):
    pass


def _read_upload(upload: IO[bytes]) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None or size <= limit:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
        if len(data) <= limit:
            if not data.startswith(XLSX_MAGIC):
                raise _Refused(_("This is not an Excel workbook (.xlsx) that can be read. Save it in Excel or "
                                 "WPS as “Excel workbook (*.xlsx)” and upload it again."))
            return data
    raise _Refused(_("The file is larger than %(size)s MB.") % {"size": round(limit / 1024 / 1024, 1)})


def import_workbook(*, upload: IO[bytes], user: Any, dry_run: bool = False, filename: str = "") -> ImportResult:
    """Check a filled-in template and, if every row is right and `dry_run` is off, apply all of it in one
    transaction. Any problem anywhere means nothing is written; the result lists every bad row. Units
    outside the importer's Organization Department scope (`user`'s org_admin grants) are row errors."""
    result = ImportResult(dry_run=dry_run)
    try:
        rows, errors = read_workbook(_read_upload(upload))
    except _Refused as refusal:
        result.errors.append(RowError("", None, "", str(refusal)))
        return result
    result.errors.extend(errors)
    plan = _Plan(user, result)
    try:
        with transaction.atomic():
            plan.plan_units(rows[SHEET_COLLEGES], branches=False)
            plan.plan_units(rows[SHEET_BRANCHES], branches=True)
            plan.plan_people(rows[SHEET_PEOPLE])
            if not result.errors and not dry_run:
                try:
                    plan.apply()
                except ValidationError as exc:  # a change made by someone else since the file was checked
                    at = getattr(plan, "at", None)
                    result.errors.append(RowError(at.sheet if at else "", at.number if at else None, "",
                                                  " ".join(exc.messages)))
                    raise _ApplyFailed from exc
                record("import.apply", object_type="import", object_repr=filename[:300], detail=filename,
                       after={"file": filename, **result.counts})
                result.applied = True
    except _ApplyFailed:
        pass
    result.errors.sort(key=lambda e: (SHEET_ORDER.index(e.sheet) if e.sheet in SHEET_ORDER else -1,
                                      e.row or 0))
    return result
