"""Manual assignment, taking back, handing on a declined review, and the presentation round's choice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.notifications.models import Notification

from ..assigning import assign_auto, assign_manual, replace_declined, unassign
from ..enums import AssignmentStatus, RoundKind
from ..models import Assignment, Evaluation, PanelMember, ReviewRound
from .factories import make_accepted, make_assignment, make_evaluation, make_panel, open_round

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids



@dataclass
class Round:
    evaluation: Evaluation
    round: ReviewRound
    apps: list[Application]
    members: list[PanelMember]
    org: Any


def make_round(world: Any, n_apps: int = 2, n_members: int = 3, k: int = 2) -> Round:
    org = world.user("org_admin")
    evaluation = make_evaluation(make_open_call(world.school), org)
    apps = make_accepted(evaluation.call, world.college, n_apps)
    members = make_panel(evaluation, n_members, org)
    return Round(evaluation, open_round(evaluation, reviewers_per_item=k), apps, members, org)


def decline(assignment: Assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.DECLINED, declined_at=timezone.now())
    assignment.refresh_from_db()


def test_assign_auto_notifies_each_reviewer_once(world: Any) -> None:
    r = make_round(world)
    result = assign_auto(round=r.round, user=r.org)
    assert len(result.pairs) == 4
    assert Notification.objects.filter(kind="reviews.assigned").count() == 3
    again = assign_auto(round=r.round, user=r.org)
    assert again.pairs == []


def test_assign_manual_refuses_own_college(world: Any) -> None:
    r = make_round(world)
    [insider] = make_panel(r.evaluation, 1, r.org, unit=world.college)
    with pytest.raises(ValidationError) as exc:
        assign_manual(round=r.round, reviewer=insider.user, application=r.apps[0], user=r.org)
    assert exc.value.messages == [f"{insider.user.display_name} works in the applicant's college or branch."]


def test_assign_manual_refuses_twice_and_off_panel(world: Any) -> None:
    r = make_round(world)
    reviewer = r.members[0].user
    assign_manual(round=r.round, reviewer=reviewer, application=r.apps[0], user=r.org)
    with pytest.raises(ValidationError) as exc:
        assign_manual(round=r.round, reviewer=reviewer, application=r.apps[0], user=r.org)
    assert exc.value.messages == [f"{reviewer.display_name} already has this application in this round."]
    with pytest.raises(ValidationError) as exc:
        assign_manual(round=r.round, reviewer=world.user("reviewer"), application=r.apps[0], user=r.org)
    assert exc.value.messages == ["This reviewer is not on the panel."]


def test_unassign_only_an_unstarted_review(world: Any) -> None:
    r = make_round(world)
    started = make_assignment(r.round, r.members[0].user, r.apps[0], r.org)
    Assignment.objects.filter(pk=started.pk).update(status=AssignmentStatus.DRAFT, saved_at=timezone.now())
    started.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        unassign(assignment=started, user=r.org)
    assert exc.value.messages == ["Only a review that has not been started can be taken back; this one is “Draft saved”."]
    fresh = make_assignment(r.round, r.members[1].user, r.apps[0], r.org)
    unassign(assignment=fresh, user=r.org)
    assert not Assignment.objects.filter(pk=fresh.pk).exists()
    assert Notification.objects.filter(recipient=r.members[1].user, kind="reviews.unassigned").count() == 1


def test_replace_declined_picks_the_least_loaded_eligible(world: Any) -> None:
    r = make_round(world, n_apps=2, n_members=3, k=1)
    first = make_assignment(r.round, r.members[0].user, r.apps[0], r.org)
    make_assignment(r.round, r.members[1].user, r.apps[1], r.org)
    decline(first)
    created = replace_declined(assignment=first, user=r.members[0].user)
    assert created is not None
    assert (created.reviewer_id, created.application_id, created.automatic, created.replaces_id) == (
        r.members[2].user_id, r.apps[0].pk, True, first.pk)
    assert Notification.objects.filter(recipient=r.members[2].user, kind="reviews.assigned").count() == 1


def test_replace_declined_tells_the_org_admins_when_nobody_is_left(world: Any) -> None:
    r = make_round(world, n_apps=1, n_members=1, k=1)
    first = make_assignment(r.round, r.members[0].user, r.apps[0], r.org)
    decline(first)
    assert replace_declined(assignment=first, user=r.members[0].user) is None
    assert Notification.objects.filter(recipient=r.org, kind="reviews.declined").count() == 1


def test_presentation_round_may_be_limited_to_chosen_applications(world: Any) -> None:
    r = make_round(world, n_apps=3, n_members=2, k=1)
    presentation = open_round(r.evaluation, RoundKind.PRESENTATION, reviewers_per_item=2)
    result = assign_auto(round=presentation, user=r.org, application_ids=[r.apps[1].pk])
    assert {a for a, _r in result.pairs} == {r.apps[1].pk}
    assert len(result.pairs) == 2
    with pytest.raises(ValidationError) as exc:
        assign_auto(round=presentation, user=r.org, application_ids=[999999])
    assert exc.value.messages == ["Some chosen applications are not reviewed in this round."]
