from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models

from .context import current
from .models import AuditEvent, Result


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited state of an object: concrete field values, foreign keys as ids."""
    names = list(fields) if fields is not None else [
        f.attname for f in instance._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value changed, so the log shows the edit rather than the whole row."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(action: str, *, obj: models.Model | None = None, unit: Any = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           result: str = Result.OK, detail: str = "", actor: Any = None,
           object_type: str = "", object_id: str = "", object_repr: str = "") -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the write it describes, so the row and
    the change commit or roll back together."""
    ctx = current.get()
    actor = actor if actor is not None else ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if unit is None:
            unit = _unit_of(obj)
    return AuditEvent.objects.create(
        actor=actor, actor_name=(getattr(actor, "display_name", "") or getattr(actor, "username", ""))[:150]
        if actor else "",
        action=action, object_type=object_type, object_id=object_id, object_repr=object_repr,
        unit=unit, unit_path=getattr(unit, "path", "") or "", before=before, after=after,
        ip=ctx.ip, result=result, detail=detail[:500])


def _unit_of(obj: models.Model) -> Any:
    from dualleader.units.models import Unit

    if isinstance(obj, Unit):
        return obj
    for attr in ("unit", "person"):
        target = getattr(obj, attr, None)
        if isinstance(target, Unit):
            return target
        if target is not None and isinstance(getattr(target, "unit", None), Unit):
            return target.unit
    return None
