"""Who sees a studio: like its application, the branch, its college and the Organization Department."""

from __future__ import annotations

import rules

from dualleader.accounts.enums import Role
from dualleader.units.rules import covers, is_superuser, sees_organisation, unit_of


@rules.predicate
def sees_studio(user, studio) -> bool:  # type: ignore[no-untyped-def]
    return covers(user, unit_of(studio), (Role.ORG_ADMIN, Role.COLLEGE_ADMIN, Role.BRANCH_SECRETARY,
                                          Role.STUDIO_MEMBER))


rules.add_perm("studios.browse", is_superuser | sees_organisation)
rules.add_perm("studios.view", sees_studio)
