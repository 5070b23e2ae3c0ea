"""Who may see and act on an application. Visibility follows the unit tree: the branch's secretary and
members, the branch's college, and the Organization Department above them."""

from __future__ import annotations

from typing import Any

import rules

from dualleader.accounts.enums import Role
from dualleader.units.rules import covers, is_org_admin, is_superuser, sees_organisation


def _branch(obj: Any) -> Any:
    """The branch an application belongs to; a Unit stands for itself (asking before one exists)."""
    from dualleader.units.models import Unit

    return obj if isinstance(obj, Unit) else getattr(obj, "branch", None)


@rules.predicate
def is_branch_secretary_of(user: Any, application: Any) -> bool:
    return covers(user, _branch(application), (Role.BRANCH_SECRETARY,))


@rules.predicate
def sees_application(user: Any, application: Any) -> bool:
    return covers(user, _branch(application), (Role.ORG_ADMIN, Role.COLLEGE_ADMIN, Role.BRANCH_SECRETARY,
                                               Role.STUDIO_MEMBER))


@rules.predicate
def is_secretary(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.BRANCH_SECRETARY)


rules.add_perm("applications.start", is_superuser | is_secretary)
rules.add_perm("applications.apply_for", is_branch_secretary_of)  # object: the branch
rules.add_perm("applications.view", sees_application)
rules.add_perm("applications.edit", is_branch_secretary_of)
rules.add_perm("applications.submit", is_branch_secretary_of)
rules.add_perm("applications.list_all", is_superuser | is_org_admin)

# The applications pages: every role that sees organisation data (reviewers see only what is assigned).
rules.add_perm("applications.browse", is_superuser | sees_organisation)
