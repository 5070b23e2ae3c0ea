"""The application form as the templates need it: the schema joined with the data and the errors, so
the edit page, the printed preview and a version render from one structure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dualleader.calls.formschema import iter_fields, table_total, word_count, years


@dataclass
class Cell:
    col: dict[str, Any]
    value: str
    error: str = ""
    fixed: bool = False

    @property
    def display(self) -> str:
        return choice_label(self.col, self.value)


@dataclass
class Group:
    year: str
    path: str
    rows: list[list[Cell]]
    error: str = ""
    total: Any = None


@dataclass
class Field:
    spec: dict[str, Any]
    value: Any = ""
    error: str = ""
    groups: list[Group] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.spec["key"])

    @property
    def type(self) -> str:
        return str(self.spec["type"])

    @property
    def readonly(self) -> bool:
        return bool(self.spec.get("prefill")) and self.spec.get("editable") is False

    @property
    def words(self) -> int:
        return word_count(str(self.value or ""))

    @property
    def over_limit(self) -> bool:
        limit = self.spec.get("max_words")
        return bool(limit) and self.words > int(limit)

    @property
    def display(self) -> str:
        return choice_label(self.spec, str(self.value or ""))

    @property
    def fixed_rows(self) -> bool:
        return bool(self.spec.get("fixed_rows"))

    @property
    def empty_row(self) -> list[Cell]:
        return [Cell(col, "") for col in self.spec.get("columns", [])]


@dataclass
class Section:
    spec: dict[str, Any]
    fields: list[Field]
    has_error: bool = False


def choice_label(spec: dict[str, Any], value: str) -> str:
    for choice in spec.get("choices") or []:
        if choice[0] == value:
            return str(choice[1])
    return value


def build(schema: dict[str, Any], data: dict[str, Any], call: Any, errors: dict[str, str] | None = None
          ) -> list[Section]:
    errors = errors or {}
    sections: dict[str, Section] = {}
    order: list[Section] = []
    for section_spec, spec in iter_fields(schema):
        section = sections.get(section_spec["key"])
        if section is None:
            section = sections[section_spec["key"]] = Section(section_spec, [])
            order.append(section)
        key = spec["key"]
        f = Field(spec, error=errors.get(key, ""))
        value = data.get(key)
        if spec["type"] != "table":
            f.value = "" if value is None else str(value)
        else:
            fixed = len(spec.get("fixed_rows") or [])
            pairs = ([(y, (value or {}).get(y) if isinstance(value, dict) else None) for y in years(call)]
                     if spec.get("per_year") else [("", value)])
            for year, rows in pairs:
                rows = rows if isinstance(rows, list) else []
                path = f"{key}.{year}" if year else key
                cells = [[Cell(col, str((row or {}).get(col["key"], "") or ""),
                               errors.get(f"{path}.{i}.{col['key']}", ""), fixed=(i < fixed and j == 0))
                          for j, col in enumerate(spec["columns"])] for i, row in enumerate(rows)]
                total = table_total(spec, rows) if spec.get("total") else None
                f.groups.append(Group(year, path, cells, errors.get(path, ""), total))
        section.fields.append(f)
    for section in order:
        section.has_error = any(f.error or any(g.error or any(c.error for r in g.rows for c in r) for g in f.groups)
                                for f in section.fields)
    return order


def _flat(schema: dict[str, Any], data: dict[str, Any], call: Any) -> list[tuple[str, str, str]]:
    """(path, label, text) for every value, so two versions can be compared field by field."""
    out: list[tuple[str, str, str]] = []
    for _section, spec in iter_fields(schema):
        key, label = spec["key"], spec.get("label", spec["key"])
        value = data.get(key)
        if spec["type"] != "table":
            out.append((key, label, choice_label(spec, "" if value is None else str(value))))
            continue
        pairs = ([(y, (value or {}).get(y) if isinstance(value, dict) else None) for y in years(call)]
                 if spec.get("per_year") else [("", value)])
        for year, rows in pairs:
            for i, row in enumerate(rows if isinstance(rows, list) else []):
                for col in spec["columns"]:
                    where = f"{label} · {year}" if year else label
                    out.append((f"{key}.{year}.{i}.{col['key']}", f"{where} · {i + 1} · {col.get('label', '')}",
                                choice_label(col, str((row or {}).get(col["key"], "") or ""))))
    return out


def inline_diff(old: str, new: str) -> SafeString:
    """Character-level difference (Chinese has no spaces to split words on): <del> and <ins> marks."""
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def diff(schema: dict[str, Any], old: dict[str, Any], new: dict[str, Any], call: Any) -> list[dict[str, Any]]:
    before = {path: (label, text) for path, label, text in _flat(schema, old, call)}
    changes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path, label, text in _flat(schema, new, call):
        seen.add(path)
        old_text = before.get(path, ("", ""))[1]
        if old_text != text:
            changes.append({"label": label, "old": old_text, "new": text, "html": inline_diff(old_text, text)})
    for path, (label, text) in before.items():
        if path not in seen and text:
            changes.append({"label": label, "old": text, "new": "", "html": inline_diff(text, "")})
    return changes
