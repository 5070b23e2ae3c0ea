"""Which reviewer may not review which application: the same college or branch, and declared or
recorded conflicts (including an earlier decline). Computed for a whole round in a fixed number of
queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dualleader.units.enums import UnitKind
from dualleader.units.models import Unit

from .enums import AssignmentStatus
from .models import Assignment, Conflict, Evaluation, PanelMember


def college_paths(owner: Unit) -> list[str]:
    """The paths of the colleges under `owner`, longest first (one query)."""
    paths = Unit.objects.filter(path__startswith=owner.path, kind=UnitKind.COLLEGE).values_list("path", flat=True)
    return sorted(paths, key=len, reverse=True)


def college_path_of(path: str, colleges: list[str]) -> str | None:
    """The college a unit path lies in, if any."""
    return next((c for c in colleges if path.startswith(c)), None)


def related(member_path: str | None, branch_path: str, colleges: list[str]) -> bool:
    """Whether a reviewer working at `member_path` is too close to a branch: inside the same college,
    or inside the branch itself, or the branch inside the reviewer's unit below the university."""
    if not member_path:
        return False
    if member_path.startswith(branch_path):
        return True
    college = college_path_of(branch_path, colleges)
    return college is not None and college_path_of(member_path, colleges) == college


def home_path(member: PanelMember) -> str | None:
    """Where the reviewer works inside the university: the panel's home unit, else their person's unit.
    Needs `home_unit` and `user__person__unit` selected."""
    if member.home_unit_id:
        return member.home_unit.path
    person = getattr(member.user, "person", None)
    return person.unit.path if person is not None and not member.external else None


def forbidden_pairs(evaluation: Evaluation, applications: Iterable[Any],
                    members: Iterable[PanelMember]) -> set[tuple[int, int]]:
    """(application id, reviewer user id) pairs that must never be assigned in `evaluation`.
    `applications` need `branch` selected; `members` need `home_unit` and `user__person__unit`."""
    colleges = college_paths(evaluation.owner)
    applications = list(applications)
    members = list(members)
    pairs: set[tuple[int, int]] = set()
    for member in members:
        path = home_path(member)
        for application in applications:
            if related(path, application.branch.path, colleges):
                pairs.add((application.pk, member.user_id))
    pairs.update(Conflict.objects.filter(evaluation=evaluation).values_list("application_id", "reviewer_id"))
    pairs.update(Assignment.objects.filter(round__evaluation=evaluation, status=AssignmentStatus.DECLINED)
                 .values_list("application_id", "reviewer_id"))
    return pairs


def panel_for_conflicts(evaluation: Evaluation) -> list[PanelMember]:
    return list(evaluation.panel.filter(active=True).select_related("home_unit", "user__person__unit"))
