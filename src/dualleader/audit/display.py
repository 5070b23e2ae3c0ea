"""Turning a stored audit row into something an office worker can read: field names instead of
attribute names, choice labels instead of codes, one line per changed field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AuditEvent


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    changed: bool


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    if object_type == "url":
        return _("Page")
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)  # also finds a foreign key by its "_id" attribute name
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def format_value(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices and isinstance(value, str | int):
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return str(label)
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    return value if isinstance(value, dict) else {"value": value}


def changes(event: AuditEvent) -> list[Change]:
    """Field-by-field before/after of one event, in the order the fields were recorded."""
    before, after = _as_dict(event.before), _as_dict(event.after)
    model = _model(event.object_type)
    # Only an edit has changes worth highlighting; on a creation or removal every field is new or gone.
    is_edit = bool(before) and bool(after)
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        field = _field(model, key)
        label = capfirst(str(field.verbose_name)) if field is not None else (
            _("Value") if key == "value" else key)
        rows.append(Change(field=label, before=format_value(before.get(key), field),
                           after=format_value(after.get(key), field),
                           changed=is_edit and before.get(key) != after.get(key)))
    return rows
