"""Who may manage accounts. The Organization Department manages the accounts of the people inside the
subtree it holds `org_admin` on; an account with no person attached, or a superuser's account, belongs
to no unit and is managed by a superuser only."""

from __future__ import annotations

from typing import Any

import rules

from dualleader.units.rules import covers, is_org_admin, is_superuser, org_admin_over

from .enums import Role


@rules.predicate
def manages_account(user: Any, account: Any) -> bool:
    if account is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if account.is_superuser or account.person_id is None:
        return False
    return covers(user, account.person.unit, (Role.ORG_ADMIN,))


@rules.predicate
def manages_grant(user: Any, grant: Any) -> bool:
    """Removing a role needs the account *and* the unit the role is held on to be in the admin's scope:
    a college-level administrator cannot strip a school-level role."""
    return manages_account(user, grant.user) and covers(user, grant.unit, (Role.ORG_ADMIN,))


@rules.predicate
def is_self(user: Any, account: Any) -> bool:
    return account is not None and getattr(user, "pk", None) == account.pk


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Page-level.
rules.add_perm("accounts.manage", is_superuser | is_org_admin)
rules.add_perm("accounts.use_tokens", is_signed_in)
# Object-level: an account.
rules.add_perm("accounts.view_account", manages_account)
rules.add_perm("accounts.change_account", manages_account)
rules.add_perm("accounts.disable_account", manages_account & ~is_self)
rules.add_perm("accounts.reset_password", manages_account & ~is_self)
# Object-level: a unit a role is granted on, and a grant.
rules.add_perm("accounts.grant_role_on", org_admin_over)
rules.add_perm("accounts.revoke_grant", manages_grant)
