"""The application form (申报书) as data.

A schema is `{"sections": [section, ...]}`; a section is `{"key", "title", "guidance", "fields": [...]}`;
a field is a dict with:

- `key` (unique in the form), `label`, `type`, `required` (bool), `guidance` (help text);
- `type` one of: `text` (one line), `textarea` (with optional `max_words`), `date`, `number`, `money`,
  `choice` (with `choices`: list of [value, label]), `table`;
- `prefill`: a source like "branch.name" filled in when the application is created (see PREFILL);
  `editable: false` keeps such a field read-only;
- for `table`: `columns` (fields of the scalar types), `per_year` (one table per construction year),
  `min_rows` (an int, or "call.min_outcomes_per_year"), `total` (a money column to sum),
  `fixed_rows` (list of values for the first column, e.g. the five construction tasks).

Application data is `{field_key: value}`: strings for scalars (dates as YYYY-MM-DD), a list of row dicts
for a table, and `{"1": rows, "2": rows}` for a per-year table.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .enums import ConstructionTask, OutcomeType

SCALAR_TYPES = {"text", "textarea", "date", "number", "money", "choice"}
FIELD_TYPES = SCALAR_TYPES | {"table"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")


def word_count(text: str) -> int:
    """字数 as Chinese offices count it: every Chinese character and full-width mark is one, and a run of
    Latin letters or digits is one word."""
    text = text or ""
    return len(_CJK.findall(text)) + len(_WORD.findall(_CJK.sub(" ", text)))


def _choices(enum: Any) -> list[list[str]]:
    return [[value, str(label)] for value, label in enum.choices]


def default_schema() -> dict[str, Any]:
    """The default 申报书 of the notice. Labels are Chinese data, not UI strings: the form is what the
    university prints, and the Organization Department edits it per call."""
    tasks = [[v, label] for v, label in zip(ConstructionTask.values, [
        "强化支部政治功能", "抓好党建主责主业", "提升思想政治工作质量", "促进学校事业发展", "加强支部班子建设"], strict=True)]
    outcome_types = [[v, label] for v, label in zip(OutcomeType.values, [
        "制度体系、机制办法", "支部工作法、典型案例", "思想政治工作品牌、育人载体", "宣传平台、网络阵地",
        "高水平研究成果", "经验推广示范、辐射带动成效", "其他"], strict=True)]
    return {"sections": [
        {"key": "basic", "title": "一、基本情况", "guidance": "由系统根据组织机构信息自动填写，可按实际情况修改。",
         "fields": [
             {"key": "studio_name", "type": "text", "label": "工作室名称", "required": True,
              "guidance": "例如：“××系教师党支部书记工作室”"},
             {"key": "branch_name", "type": "text", "label": "依托党支部", "required": True,
              "prefill": "branch.name", "editable": False},
             {"key": "college_name", "type": "text", "label": "所在学院党委", "required": True,
              "prefill": "branch.college", "editable": False},
             {"key": "department", "type": "text", "label": "依托单位/学科", "prefill": "branch.department"},
             {"key": "established_on", "type": "date", "label": "支部成立时间", "required": True,
              "prefill": "branch.established_on", "editable": False},
             {"key": "member_count", "type": "number", "label": "党员人数", "required": True,
              "prefill": "branch.party_member_count"},
             {"key": "secretary_name", "type": "text", "label": "负责人（支部书记）", "required": True,
              "prefill": "secretary.name", "editable": False},
             {"key": "secretary_title", "type": "text", "label": "职称", "prefill": "secretary.title"},
             {"key": "secretary_degree", "type": "text", "label": "最高学位", "prefill": "secretary.degree"},
             {"key": "secretary_roles", "type": "text", "label": "学术兼职/称号", "prefill": "secretary.academic_roles"},
             {"key": "secretary_phone", "type": "text", "label": "联系电话", "required": True,
              "prefill": "secretary.phone"},
         ]},
        {"key": "foundation", "title": "二、支部工作基础", "guidance": "支部近三年在组织建设、党员教育管理、服务师生等方面的工作基础和成效。",
         "fields": [{"key": "foundation", "type": "textarea", "label": "支部工作基础", "required": True,
                     "max_words": 1500}]},
        {"key": "goals", "title": "三、建设目标", "guidance": "围绕“双带头人”培育，说明2年建设周期的总体目标。",
         "fields": [{"key": "goals", "type": "textarea", "label": "建设目标", "required": True, "max_words": 1000}]},
        {"key": "plan", "title": "四、建设计划", "guidance": "按五项建设任务分年度填写年度工作目标。",
         "fields": [{"key": "plan", "type": "table", "label": "年度建设计划", "required": True, "per_year": True,
                     "fixed_rows": [t[0] for t in tasks],
                     "columns": [
                         {"key": "task", "type": "choice", "label": "建设任务", "choices": tasks, "required": True},
                         {"key": "goal", "type": "textarea", "label": "年度目标与举措", "required": True,
                          "max_words": 300}]}]},
        {"key": "schedule", "title": "五、实施计划与进度安排",
         "fields": [{"key": "schedule", "type": "textarea", "label": "实施计划与进度安排", "required": True,
                     "max_words": 1000}]},
        {"key": "outcomes", "title": "六、预期成果", "guidance": "每年至少形成规定数量的代表性成果，并注明成果类型。",
         "fields": [{"key": "outcomes", "type": "table", "label": "预期成果", "required": True, "per_year": True,
                     "min_rows": "call.min_outcomes_per_year",
                     "columns": [
                         {"key": "type", "type": "choice", "label": "成果类型", "choices": outcome_types,
                          "required": True},
                         {"key": "title", "type": "text", "label": "成果名称", "required": True},
                         {"key": "form", "type": "textarea", "label": "成果形式与说明", "max_words": 200}]}]},
        {"key": "budget", "title": "七、经费预算",
         "fields": [{"key": "budget", "type": "table", "label": "经费预算", "total": "amount",
                     "columns": [
                         {"key": "item", "type": "text", "label": "支出项目", "required": True},
                         {"key": "amount", "type": "money", "label": "金额（元）", "required": True},
                         {"key": "basis", "type": "text", "label": "测算依据"}]}]},
        {"key": "features", "title": "八、特色与创新",
         "fields": [{"key": "features", "type": "textarea", "label": "特色与创新", "required": True,
                     "max_words": 800}]},
        {"key": "team", "title": "九、团队成员",
         "fields": [{"key": "team", "type": "table", "label": "团队成员",
                     "columns": [
                         {"key": "name", "type": "text", "label": "姓名", "required": True},
                         {"key": "title", "type": "text", "label": "职称"},
                         {"key": "party_post", "type": "text", "label": "党内职务"},
                         {"key": "duty", "type": "text", "label": "工作室分工"}]}]},
    ]}


def iter_fields(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for section in schema.get("sections", []):
        for field in section.get("fields", []):
            yield section, field


def validate_schema(schema: Any) -> list[str]:
    """Problems with a schema an administrator edited, in Chinese-ready messages."""
    errors: list[str] = []
    if not isinstance(schema, dict) or not isinstance(schema.get("sections"), list) or not schema["sections"]:
        return [_("The form must have at least one section.")]
    keys: set[str] = set()
    for section in schema["sections"]:
        if not isinstance(section, dict) or not section.get("key") or not section.get("title"):
            errors.append(_("Every section needs a key and a title."))
            continue
        for field in section.get("fields", []):
            key = field.get("key") if isinstance(field, dict) else None
            if not key or not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", str(key)):
                errors.append(_("Field keys must be lower-case letters, digits and underscores: %(key)s")
                              % {"key": key})
                continue
            if key in keys:
                errors.append(_("The field key %(key)s is used twice.") % {"key": key})
            keys.add(key)
            if field.get("type") not in FIELD_TYPES:
                errors.append(_("The field %(key)s has an unknown type.") % {"key": key})
            if field.get("type") == "table":
                cols = field.get("columns") or []
                if not cols or any(c.get("type") not in SCALAR_TYPES for c in cols):
                    errors.append(_("The table %(key)s needs columns of simple types.") % {"key": key})
            max_words = field.get("max_words")
            if max_words is not None and (not isinstance(max_words, int) or max_words <= 0):
                errors.append(_("The word limit of %(key)s must be a positive whole number.") % {"key": key})
    return errors


def _check_scalar(field: dict[str, Any], value: Any, *, submitting: bool) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return _("This field is required.") if submitting and field.get("required") else None
    kind = field.get("type")
    if kind == "date":
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return _("Enter a date such as 2024-03-05.")
    elif kind in ("number", "money"):
        try:
            number = decimal.Decimal(text)
        except decimal.InvalidOperation:
            return _("Enter a number.")
        if not number.is_finite() or number < 0:
            return _("Enter a number that is not negative.")
        if kind == "number" and number != number.to_integral_value():
            return _("Enter a whole number.")
    elif kind == "choice":
        if text not in {c[0] for c in field.get("choices", [])}:
            return _("Choose one of the options.")
    max_words = field.get("max_words")
    if max_words and word_count(text) > max_words:
        return _("%(count)d characters; the limit is %(limit)d.") % {"count": word_count(text), "limit": max_words}
    return None


def years(call: Any) -> list[str]:
    return [str(y) for y in range(1, (getattr(call, "cycle_years", 2) or 2) + 1)]


def validate_data(schema: dict[str, Any], data: dict[str, Any], call: Any, *, submitting: bool) -> dict[str, str]:
    """Problems with application data, keyed by a path ("goals", "plan.1.0.goal", "outcomes.2").
    A draft is checked only for values that can never be right (bad dates, over the word limit);
    a submission also for everything required."""
    errors: dict[str, str] = {}
    for _section, field in iter_fields(schema):
        key = field["key"]
        value = data.get(key)
        if field["type"] != "table":
            problem = _check_scalar(field, value, submitting=submitting)
            if problem:
                errors[key] = problem
            continue
        tables = value if isinstance(value, dict) else {}
        groups = [(y, tables.get(y)) for y in years(call)] if field.get("per_year") else [("", value)]
        min_rows = field.get("min_rows") or 0
        if min_rows == "call.min_outcomes_per_year":
            min_rows = getattr(call, "min_outcomes_per_year", 1)
        for year, rows in groups:
            rows = rows if isinstance(rows, list) else []
            prefix = f"{key}.{year}" if year else key
            filled = [r for r in rows if isinstance(r, dict) and any(str(v).strip() for v in r.values())]
            if submitting and field.get("required") and not filled:
                errors[prefix] = _("Add at least one row.")
            elif submitting and len(filled) < int(min_rows):
                errors[prefix] = _("At least %(n)d rows are needed here.") % {"n": int(min_rows)}
            for i, row in enumerate(rows):
                if not isinstance(row, dict) or not any(str(v).strip() for v in row.values()):
                    continue
                for col in field["columns"]:
                    problem = _check_scalar(col, row.get(col["key"]), submitting=submitting)
                    if problem:
                        errors[f"{prefix}.{i}.{col['key']}"] = problem
    return errors


def table_total(field: dict[str, Any], rows: list[dict[str, Any]]) -> decimal.Decimal:
    total = decimal.Decimal(0)
    for row in rows or []:
        try:
            total += decimal.Decimal(str(row.get(field.get("total", ""), "") or 0))
        except decimal.InvalidOperation:
            continue
    return total


def prefill_value(source: str, branch: Any, secretary: Any) -> Any:
    from dualleader.units.enums import PoliticalStatus

    match source:
        case "branch.name":
            return branch.name
        case "branch.college":
            from dualleader.units.models import Unit

            parent = Unit.objects.get_parent(branch)
            return parent.name if parent else ""
        case "branch.department":
            return " / ".join(x for x in (branch.department, branch.discipline) if x)
        case "branch.established_on":
            return branch.established_on.isoformat() if branch.established_on else ""
        case "branch.party_member_count":
            return str(branch.people.filter(is_active=True, political_status__in=PoliticalStatus.party_statuses())
                       .count())
        case "secretary.name":
            return secretary.name if secretary else ""
        case "secretary.title":
            return secretary.title if secretary else ""
        case "secretary.degree":
            return secretary.get_highest_degree_display() if secretary and secretary.highest_degree else ""
        case "secretary.academic_roles":
            return "、".join(r.name for r in secretary.academic_roles.all()) if secretary else ""
        case "secretary.phone":
            return secretary.phone if secretary else ""
    return ""


def initial_data(schema: dict[str, Any], branch: Any, secretary: Any, call: Any) -> dict[str, Any]:
    """A new application's data: prefilled fields, and the fixed rows of tables like the plan."""
    data: dict[str, Any] = {}
    for _section, field in iter_fields(schema):
        if field.get("prefill"):
            data[field["key"]] = prefill_value(field["prefill"], branch, secretary)
        elif field["type"] == "table" and field.get("fixed_rows"):
            first = field["columns"][0]["key"]
            rows = [{first: value} for value in field["fixed_rows"]]
            data[field["key"]] = {y: [dict(r) for r in rows] for y in years(call)} if field.get("per_year") else rows
    return data
