"""Who may act in recommendation and receipt. The college's pages belong to its college_admin (the
Organization Department above it may look); the receipt desk and the formal check belong to the
Organization Department over the unit that owns the call."""

from __future__ import annotations

from typing import Any

import rules

from dualleader.accounts.enums import Role
from dualleader.units.models import Unit
from dualleader.units.rules import covers, is_college_admin, is_org_admin, is_superuser


def _unit(obj: Any) -> Unit | None:
    """A college Unit stands for itself; an application stands for its branch; a call for its owner."""
    if isinstance(obj, Unit):
        return obj
    for attr in ("branch", "unit", "owner"):
        target = getattr(obj, attr, None)
        if isinstance(target, Unit):
            return target
    return None


@rules.predicate
def sees_college(user: Any, obj: Any) -> bool:
    return covers(user, _unit(obj), (Role.ORG_ADMIN, Role.COLLEGE_ADMIN))


@rules.predicate
def acts_for_college(user: Any, obj: Any) -> bool:
    return covers(user, _unit(obj), (Role.COLLEGE_ADMIN,))


@rules.predicate
def receives_for(user: Any, obj: Any) -> bool:
    return covers(user, _unit(obj), (Role.ORG_ADMIN,))


# Pages without an object: the entry points.
rules.add_perm("recommendations.browse", is_superuser | is_org_admin | is_college_admin)
rules.add_perm("recommendations.desk", is_superuser | is_org_admin)
# Object: the college (a Unit) or an application of one of its branches.
rules.add_perm("recommendations.view_college", sees_college)
rules.add_perm("recommendations.act", acts_for_college)
# Object: the call (its owner's subtree) or an application under it.
rules.add_perm("recommendations.receive", receives_for)
