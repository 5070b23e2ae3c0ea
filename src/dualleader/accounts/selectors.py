"""Reads for the account pages. The scope of accounts an administrator manages is defined here once,
and matches `manages_account` in rules.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from dualleader.audit.models import AuditEvent
from dualleader.units.models import Unit
from dualleader.units.selectors import scope_q

from .enums import Role
from .models import RoleGrant, User

RECENT_EVENTS = 20


def manageable_accounts(user: Any) -> QuerySet[User]:
    """Accounts `user` may manage: all for a superuser; for an Organization Department administrator,
    the non-superuser accounts whose person belongs to a unit under one of their `org_admin` grants."""
    if getattr(user, "is_authenticated", False) and user.is_superuser:
        return User.objects.all()
    q = scope_q(user, (Role.ORG_ADMIN,), prefix="person__unit__")
    if q is None:
        return User.objects.none()
    return User.objects.filter(q, person__isnull=False, is_superuser=False)


def account_rows(user: Any, *, search: str = "", role: str = "", unit: Unit | None = None,
                 status: str = "") -> QuerySet[User]:
    """The account list with everything a row shows loaded in a fixed number of queries."""
    qs = manageable_accounts(user)
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(person__name__icontains=search)
                       | Q(person__staff_no__icontains=search))
    if role:
        qs = qs.filter(Exists(RoleGrant.objects.filter(user=OuterRef("pk"), role=role)))
    if unit is not None:
        # An account belongs to a unit through its person, and acts in it through its roles.
        qs = qs.filter(unit.subtree_q("person__unit__")
                       | Exists(RoleGrant.objects.filter(unit.subtree_q("unit__"), user=OuterRef("pk"))))
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "disabled":
        qs = qs.filter(is_active=False)
    grants = RoleGrant.objects.select_related("unit").order_by("role", "unit__path")
    return (qs.select_related("person", "person__unit")
            .prefetch_related(Prefetch("role_grants", queryset=grants, to_attr="grant_list"))
            .order_by("username"))


def account_events(account: User, limit: int = RECENT_EVENTS) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="accounts.user", object_id=str(account.pk))
                .order_by("-at", "-id")[:limit])
