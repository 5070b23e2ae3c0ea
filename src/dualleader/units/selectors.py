"""Reads shared by pages and the API. Every list a user sees starts from one of these, so the unit-tree
scope is applied in exactly one place."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dualleader.accounts.enums import Role

from .enums import PositionRole
from .models import Person, Position, Unit

# Roles that see the organisation data of the subtree they are granted on. Reviewers do not: they see
# only what is assigned to them.
ORG_VIEW_ROLES = (Role.ORG_ADMIN, Role.COLLEGE_ADMIN, Role.BRANCH_SECRETARY, Role.STUDIO_MEMBER)


def scope_q(user: Any, roles: tuple[str, ...] = ORG_VIEW_ROLES, prefix: str = "") -> Q | None:
    """A filter for the units `user` holds one of `roles` over; None means nothing at all."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Q()
    q: Q | None = None
    for grant in user.grants:
        if grant.role in roles:
            part = Q(**{f"{prefix}path__startswith": grant.unit.path})
            q = part if q is None else q | part
    return q


def visible_units(user: Any, roles: tuple[str, ...] = ORG_VIEW_ROLES) -> QuerySet[Unit]:
    q = scope_q(user, roles)
    return Unit.objects.none() if q is None else Unit.objects.filter(q)


def visible_people(user: Any, roles: tuple[str, ...] = ORG_VIEW_ROLES) -> QuerySet[Person]:
    q = scope_q(user, roles, prefix="unit__")
    return Person.objects.none() if q is None else Person.objects.filter(q)


def top_units(user: Any) -> list[Unit]:
    """The highest units a user can see: where the organisation pages start for them."""
    if getattr(user, "is_superuser", False):
        return list(Unit.objects.get_root_nodes())
    units = sorted({g.unit.path: g.unit for g in user.grants if g.role in ORG_VIEW_ROLES}.values(),
                   key=lambda u: u.path)
    tops: list[Unit] = []
    for unit in units:
        if not any(unit.path.startswith(t.path) for t in tops):
            tops.append(unit)
    return tops


def current_committee(unit: Unit, on: datetime.date | None = None) -> list[Position]:
    order = {PositionRole.SECRETARY: 0, PositionRole.DEPUTY_SECRETARY: 1, PositionRole.COMMITTEE_MEMBER: 2}
    posts = list(Position.objects.current(on).filter(unit=unit).select_related("person"))
    return sorted(posts, key=lambda p: (order.get(p.role, 9), p.started_on or datetime.date.min))


def secretaries_prefetch(on: datetime.date | None = None) -> Prefetch:
    """Prefetch each unit's current secretary into `unit.current_secretaries` (one query)."""
    on = on or timezone.localdate()
    return Prefetch("positions", to_attr="current_secretaries",
                    queryset=Position.objects.current(on).filter(role=PositionRole.SECRETARY)
                    .select_related("person"))


def ancestors(unit: Unit) -> list[Unit]:
    return list(Unit.objects.get_ancestors(unit)) if unit.depth > 1 else []
