"""Reads of applications shared by pages: every list starts from `visible_applications`, so the unit-tree
scope is applied in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dualleader.accounts.enums import Role
from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call
from dualleader.units.enums import UnitKind
from dualleader.units.models import Unit
from dualleader.units.selectors import scope_q

from .models import Application

APPLICATION_ROLES = (Role.ORG_ADMIN, Role.COLLEGE_ADMIN, Role.BRANCH_SECRETARY, Role.STUDIO_MEMBER)


def visible_applications(user: Any) -> QuerySet[Application]:
    q = scope_q(user, APPLICATION_ROLES, prefix="branch__")
    return Application.objects.none() if q is None else Application.objects.filter(q)


def visible_calls(user: Any) -> QuerySet[Call]:
    """Calls an applicant may act on: published ones (drafts belong to the Organization Department)."""
    return Call.objects.filter(status=CallStatus.PUBLISHED)


def open_calls() -> QuerySet[Call]:
    now = timezone.now()
    return Call.objects.filter(status=CallStatus.PUBLISHED, opens_at__lte=now, deadline__gt=now).order_by("deadline")


def user_branches(user: Any, roles: tuple[str, ...] = (Role.BRANCH_SECRETARY,)) -> list[Unit]:
    """The branches the user holds one of `roles` on directly (a secretary's own branch)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [g.unit for g in user.grants if g.role in roles and g.unit.kind in UnitKind.branch_kinds()]


def with_college_names(applications: list[Application]) -> None:
    """Attach `college_name` (the branch's parent) to each application with one query."""
    paths = {a.branch.path[: -Unit.steplen] for a in applications if a.branch.depth > 1}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name")) if paths else {}
    for a in applications:
        a.college_name = names.get(a.branch.path[: -Unit.steplen], "")  # type: ignore[attr-defined]
