"""Who may do what in review and selection. The Organization Department over the unit that owns the
call runs everything; a reviewer sees only the assignments made to them (views scope their querysets by
`reviewer=user`, so anything else is a 404); the public notice is public."""

from __future__ import annotations

from typing import Any

import rules

from dualleader.accounts.enums import Role
from dualleader.units.rules import covers, is_org_admin, is_superuser, unit_of


@rules.predicate
def runs_review(user: Any, obj: Any) -> bool:
    """Org admin over the owner of an Evaluation, ReviewRound, Decision, notice, objection or Call."""
    return covers(user, unit_of(obj), (Role.ORG_ADMIN,))


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.REVIEWER)


@rules.predicate
def is_assigned(user: Any, assignment: Any) -> bool:
    return getattr(user, "is_authenticated", False) and assignment is not None \
        and assignment.reviewer_id == user.pk


# Page-level entry points.
rules.add_perm("reviews.manage", is_superuser | is_org_admin)
rules.add_perm("reviews.queue", is_superuser | is_reviewer)
# Object: an Evaluation (or anything with a `unit` that is its owner).
rules.add_perm("reviews.run", runs_review)
# Object: an Assignment.
rules.add_perm("reviews.score", is_assigned)
