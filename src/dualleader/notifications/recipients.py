"""Who a change concerns, as accounts: the people holding a role on a unit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dualleader.accounts.enums import Role
from dualleader.accounts.models import User
from dualleader.units.models import Unit


def holders(unit: Unit, *roles: str) -> QuerySet[User]:
    """Active accounts with one of `roles` granted on exactly this unit."""
    return User.objects.filter(role_grants__unit=unit, role_grants__role__in=roles, is_active=True).distinct()


def org_admins_over(unit: Unit) -> QuerySet[User]:
    """Organization Department administrators whose grant covers `unit` (on it or an ancestor)."""
    return User.objects.filter(role_grants__unit__path__in=unit.lineage_paths(), role_grants__role=Role.ORG_ADMIN,
                               is_active=True).distinct()


def secretaries_of(branch: Unit) -> QuerySet[User]:
    return holders(branch, Role.BRANCH_SECRETARY)


def college_admins_of(college: Unit) -> QuerySet[User]:
    return holders(college, Role.COLLEGE_ADMIN)


def all_of(*querysets: Any) -> list[User]:
    seen: dict[int, User] = {}
    for qs in querysets:
        for user in qs:
            seen.setdefault(user.pk, user)
    return list(seen.values())
