"""Reads of calls shared by pages. Managers see the calls owned by units they are Organization
Department administrators over; the public sees published and closed calls only."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from dualleader.accounts.enums import Role
from dualleader.units.selectors import scope_q

from .enums import CallStatus
from .models import Call

PUBLIC_STATUSES = (CallStatus.PUBLISHED, CallStatus.CLOSED)


def managed_calls(user: Any) -> QuerySet[Call]:
    q = scope_q(user, (Role.ORG_ADMIN,), prefix="owner__")
    return Call.objects.none() if q is None else Call.objects.filter(q)


def public_calls() -> QuerySet[Call]:
    return Call.objects.filter(status__in=PUBLIC_STATUSES)


def with_counts(qs: QuerySet[Call]) -> QuerySet[Call]:
    return qs.select_related("owner").annotate(
        n_rules=Count("rules", distinct=True), n_annexes=Count("annexes", distinct=True))
