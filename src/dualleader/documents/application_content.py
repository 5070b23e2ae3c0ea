"""The 申报书 as a printable structure, shared by the .docx and the PDF renderers.

`build(...)` turns a call's form schema and an application's data into a `Printable`: the cover page
facts and, per section, a list of blocks (paragraphs, a label/value grid, tables). Both renderers walk
the same structure, so the Word file and the PDF always say the same thing.

`version_source(version)` and `draft_source(application)` give the keyword arguments of
`render_docx`/`render_pdf` for a submitted version and for the current draft.
"""

from __future__ import annotations

import datetime
import decimal
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from dualleader.calls.formschema import iter_fields, table_total, years

FORM_TITLE = "“双带头人”教师党支部书记工作室申报书"
_CN_NUMBERS = "一二三四五六七八九十"
ENDORSEMENTS = ("所在学院党委推荐意见", "学校党委组织部审核意见")
SIGNATURE_LINES = ("负责人签字：　　　　　　（盖章）", "年　　月　　日")


def university_name() -> str:
    return getattr(settings, "SITE_NAME", "") or "长春工业大学"


def year_label(year: str) -> str:
    n = int(year)
    return f"第{_CN_NUMBERS[n - 1]}年" if 1 <= n <= len(_CN_NUMBERS) else f"第{n}年"


def cn_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    total: list[str] | None = None  # the 合计 row, aligned with headers
    widths: list[float] = field(default_factory=list)  # relative column widths

    @property
    def percent_widths(self) -> list[str]:
        total = sum(self.widths) or 1.0
        return [f"{100 * w / total:.1f}" for w in self.widths]


@dataclass
class Block:
    kind: str  # "text" | "grid" | "table"
    label: str = ""
    paragraphs: list[str] = field(default_factory=list)  # kind == "text"
    pairs: list[tuple[str, str]] = field(default_factory=list)  # kind == "grid"
    tables: list[Table] = field(default_factory=list)  # kind == "table"


@dataclass
class Section:
    title: str
    blocks: list[Block]


@dataclass
class Printable:
    university: str
    call_name: str
    form_title: str
    cover: list[tuple[str, str]]
    version_label: str
    submitted_at: datetime.datetime | None
    sections: list[Section]
    doc_title: str
    author: str
    # The boxes the paper copy is signed and stamped in (the notice asks for 加盖基层党组织章).
    endorsements: list[str] = field(default_factory=lambda: list(ENDORSEMENTS))


# Characters XML 1.0 cannot hold (python-docx refuses them, WeasyPrint's parser drops them): pasted
# from other programs, e.g. \x0b from Word's manual line break.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return _XML_ILLEGAL.sub(" ", str(value)).strip()


def format_value(field_def: dict[str, Any], value: Any) -> str:
    """A scalar value as printed: choices by their label, dates in Chinese, money with two decimals."""
    text = _text(value)
    if not text:
        return ""
    kind = field_def.get("type")
    if kind == "choice":
        return next((str(c[1]) for c in field_def.get("choices", []) if str(c[0]) == text), text)
    if kind == "date":
        try:
            return cn_date(datetime.date.fromisoformat(text))
        except ValueError:
            return text
    if kind == "money":
        try:
            return f"{decimal.Decimal(text):.2f}"
        except decimal.InvalidOperation:
            return text
    return text


def paragraphs(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return [line.strip() for line in _XML_ILLEGAL.sub(" ", text).split("\n") if line.strip()]


def _filled(row: Any) -> bool:
    return isinstance(row, dict) and any(_text(v) for v in row.values())


def _widths(columns: list[dict[str, Any]]) -> list[float]:
    weight = {"textarea": 4.0, "text": 2.0, "choice": 2.2, "money": 1.4, "number": 1.0, "date": 1.6}
    return [weight.get(c.get("type", "text"), 2.0) for c in columns]


def _table(field_def: dict[str, Any], rows: Any, caption: str) -> Table:
    columns = field_def.get("columns") or []
    rows = [r for r in (rows if isinstance(rows, list) else []) if _filled(r)]
    body = [[format_value(c, r.get(c["key"])) for c in columns] for r in rows]
    total = None
    if field_def.get("total"):
        total_key = field_def["total"]
        total = ["" for _ in columns]
        idx = next((i for i, c in enumerate(columns) if c["key"] == total_key), None)
        if idx is not None:
            total[idx] = f"{table_total(field_def, rows):.2f}"
        total[0 if idx != 0 else min(1, len(columns) - 1)] = "合计"
    return Table(caption=caption, headers=[str(c.get("label", c["key"])) for c in columns], rows=body,
                 total=total, widths=_widths(columns))


def _strip_number(title: str) -> str:
    for sep in ("、", "．", ".", " "):
        if sep in title[:4]:
            return title.split(sep, 1)[1].strip()
    return title


def build(*, call: Any, branch_name: str, college_name: str, title: str, schema: dict[str, Any],
          data: dict[str, Any], version_label: str, submitted_at: datetime.datetime | None) -> Printable:
    data = data or {}
    sections: list[Section] = []
    for section in schema.get("sections", []):
        blocks: list[Block] = []
        fields = [f for s, f in iter_fields({"sections": [section]})]
        for f in fields:
            kind = f.get("type")
            label = str(f.get("label", f["key"]))
            value = data.get(f["key"])
            if kind == "textarea":
                only = len(fields) == 1 and label == _strip_number(str(section.get("title", "")))
                text = "" if value is None else str(value)
                blocks.append(Block("text", label="" if only else label, paragraphs=paragraphs(text)))
            elif kind == "table":
                if f.get("per_year"):
                    groups = value if isinstance(value, dict) else {}
                    tables = [_table(f, groups.get(y), year_label(y)) for y in years(call)]
                else:
                    tables = [_table(f, value, "")]
                only = len(fields) == 1 and label == _strip_number(str(section.get("title", "")))
                blocks.append(Block("table", label="" if only else label, tables=tables))
            else:
                pair = (label, format_value(f, value))
                if blocks and blocks[-1].kind == "grid":
                    blocks[-1].pairs.append(pair)
                else:
                    blocks.append(Block("grid", pairs=[pair]))
        sections.append(Section(title=str(section.get("title", "")), blocks=blocks))

    studio = _text(title) or _text(data.get("studio_name"))
    cover = [
        ("工作室名称", studio),
        ("依托党支部", _text(branch_name) or _text(data.get("branch_name"))),
        ("所在学院党委", _text(college_name) or _text(data.get("college_name"))),
        ("负责人", _text(data.get("secretary_name"))),
        ("联系电话", _text(data.get("secretary_phone"))),
        ("填报日期", cn_date(submitted_at)),
    ]
    return Printable(
        university=university_name(), call_name=_text(getattr(call, "name", "")), form_title=FORM_TITLE,
        cover=cover, version_label=version_label, submitted_at=submitted_at, sections=sections,
        doc_title=f"{studio or branch_name}申报书", author=_text(branch_name) or university_name())


def version_source(version: Any) -> dict[str, Any]:
    """render_* keyword arguments for a submitted, immutable version."""
    application = version.application
    data = version.data or {}
    return {
        "call": application.call, "branch_name": data.get("branch_name") or application.branch.name,
        "college_name": data.get("college_name") or _college_name(application),
        "title": version.title or data.get("studio_name") or "", "schema": version.form.schema, "data": data,
        "version_label": f"第{version.number}版", "submitted_at": version.submitted_at,
    }


def draft_source(application: Any) -> dict[str, Any]:
    """render_* keyword arguments for the working draft (a preview, not a submitted document)."""
    data = application.data or {}
    return {
        "call": application.call, "branch_name": data.get("branch_name") or application.branch.name,
        "college_name": data.get("college_name") or _college_name(application),
        "title": application.title or data.get("studio_name") or "", "schema": application.form.schema,
        "data": data, "version_label": "草稿（预览）", "submitted_at": None,
    }


def _college_name(application: Any) -> str:
    from dualleader.units.models import Unit

    parent = Unit.objects.get_parent(application.branch)
    return parent.name if parent else ""
