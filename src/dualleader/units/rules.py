"""Who may do what with organisation data. Every predicate is scoped by the unit tree: holding a role
on a unit gives that role over the unit's whole subtree and nothing outside it."""

from __future__ import annotations

from typing import Any

import rules

from dualleader.accounts.enums import Role

from .models import Person, Position, Unit
from .selectors import ORG_VIEW_ROLES


def covers(user: Any, unit: Unit | None, roles: tuple[str, ...]) -> bool:
    if unit is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(g.role in roles and unit.path.startswith(g.unit.path) for g in user.grants)


def unit_of(obj: Any) -> Unit | None:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Person | Position):
        return obj.unit
    for attr in ("unit", "owner", "branch"):  # objects of other apps point at their unit by one of these
        target = getattr(obj, attr, None)
        if isinstance(target, Unit):
            return target
    return None


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_org_admin(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.ORG_ADMIN)


@rules.predicate
def is_college_admin(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.COLLEGE_ADMIN)


@rules.predicate
def sees_organisation(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(*ORG_VIEW_ROLES)


@rules.predicate
def org_admin_over(user: Any, obj: Any) -> bool:
    return covers(user, unit_of(obj), (Role.ORG_ADMIN,))


@rules.predicate
def unit_admin_over(user: Any, obj: Any) -> bool:
    return covers(user, unit_of(obj), (Role.ORG_ADMIN, Role.COLLEGE_ADMIN))


@rules.predicate
def can_see(user: Any, obj: Any) -> bool:
    return covers(user, unit_of(obj), ORG_VIEW_ROLES)


@rules.predicate
def is_not_root(user: Any, obj: Any) -> bool:
    return isinstance(obj, Unit) and obj.depth > 1


# Page-level permissions (no object).
rules.add_perm("units.browse", is_superuser | sees_organisation)
rules.add_perm("units.import", is_superuser | is_org_admin)
# Object-level permissions.
rules.add_perm("units.view_unit", can_see)
rules.add_perm("units.change_unit", unit_admin_over)
rules.add_perm("units.add_child", org_admin_over)
rules.add_perm("units.move_unit", org_admin_over & is_not_root)
rules.add_perm("units.deactivate_unit", org_admin_over & is_not_root)
rules.add_perm("units.view_person", can_see)
rules.add_perm("units.change_person", unit_admin_over)
rules.add_perm("units.add_person", unit_admin_over)
rules.add_perm("units.manage_positions", unit_admin_over)
