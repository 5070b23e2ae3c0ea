"""Which audit rows a user may read, and the log's filters. Every audit page and the export start here,
so the scope rule lives in one place."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from dualleader.accounts.enums import Role

from .models import AuditEvent

# The log's days are Beijing days whatever the server or browser thinks the time zone is.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    """A superuser reads everything. An org_admin reads the events recorded on units inside the
    subtrees they administer; events tied to no unit (failed sign-ins of unknown names, refusals,
    system-wide actions) only when one of those subtrees is a whole tree (a root unit), because such an
    event cannot be attributed to any smaller part of the organisation. Everyone else reads nothing."""
    if not getattr(user, "is_authenticated", False):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    q: Q | None = None
    for grant in user.grants:
        if grant.role != Role.ORG_ADMIN:
            continue
        part = Q(unit_path__startswith=grant.unit.path)
        if grant.unit.depth == 1:
            part |= Q(unit_path="")
        q = part if q is None else q | part
    return AuditEvent.objects.none() if q is None else AuditEvent.objects.filter(q)


def day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=SHANGHAI)


def filter_events(events: QuerySet[AuditEvent], data: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Apply the cleaned filters of `EventFilterForm`. A date range covers whole Beijing days, both ends
    included."""
    actor = (data.get("actor") or "").strip()
    if actor:
        # A failed sign-in has no actor: the name that was tried is its object.
        events = events.filter(Q(actor_name__icontains=actor) | Q(actor__username__icontains=actor)
                               | Q(action="auth.login_failed", object_repr__icontains=actor))
    if data.get("unit") is not None:
        events = events.filter(unit_path__startswith=data["unit"].path)
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("result"):
        events = events.filter(result=data["result"])
    if data.get("date_from"):
        events = events.filter(at__gte=day_start(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=day_start(data["date_to"] + datetime.timedelta(days=1)))
    return events
