"""Audit rows for tests, written the way services write them but with a chosen time."""

from __future__ import annotations

import datetime
from typing import Any

from dualleader.audit.models import AuditEvent
from dualleader.units.models import Unit


def make_event(action: str = "unit.update", *, unit: Unit | None = None, at: datetime.datetime | None = None,
               actor: Any = None, **fields: Any) -> AuditEvent:
    defaults: dict[str, Any] = {"object_type": "units.unit", "object_id": str(unit.pk) if unit else "",
                                "object_repr": unit.name if unit else "", "ip": "10.0.0.1"}
    defaults.update(fields)
    event = AuditEvent.objects.create(
        action=action, unit=unit, unit_path=unit.path if unit else "", actor=actor,
        actor_name=actor.display_name if actor is not None else "", **defaults)
    if at is not None:  # `at` is auto_now_add: only an update can backdate it
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
        event.at = at
    return event


def utc(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)
