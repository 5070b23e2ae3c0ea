"""What the import file looks like: sheet names, columns, the Chinese label ↔ value maps and the limits.

The file format is Chinese (sheet names, headers, choice labels) whatever the interface language, because
it is what the offices fill in and the importer matches on these exact strings."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from ..enums import Degree, Gender, PoliticalStatus, PositionRole, TitleLevel, UnitKind

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

# The model fields a row may set, of units (colleges and branches) and of people.
UNIT_FIELDS = ("name", "code", "kind", "department", "discipline", "established_on", "last_election_on")
PERSON_FIELDS = ("name", "gender", "birth_date", "title", "title_level", "highest_degree", "political_status",
                 "party_joined_on", "phone", "email")
