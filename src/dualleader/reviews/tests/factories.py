"""Test data for review and selection. Applications are made and submitted through the real services;
the later steps (endorsed → recommended → accepted) go through applications.workflow.transition, the
one function that moves an application, without building college lists and formal checks each time.

    evaluation = make_evaluation(call, org_user)             # default rubric + a draft remote round
    apps = make_accepted(call, college, 3)                    # 3 accepted applications, one branch each
    members = make_panel(evaluation, 5, org_user)             # 5 reviewers (school-level, no college)
    round_ = open_round(evaluation)                           # the remote round, open now
    a = make_assignment(round_, user, app, org_user)          # assigned, not started
    a = make_review(round_, user, app, org_user, [18, 14, ...], comment="…")  # submitted with scores
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from tests.factories import make_person, make_user

from dualleader.accounts.enums import Role
from dualleader.accounts.models import User
from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.calls.models import Call
from dualleader.recommendations.tests.factories import make_branch, make_submitted
from dualleader.units.models import Unit

from ..enums import AssignmentStatus, PanelRole, RoundKind, RoundStatus
from ..models import Assignment, Evaluation, PanelMember, ReviewRound
from ..scores import weighted_total
from ..start import evaluation_start

_seq = itertools.count(1)


def make_evaluation(call: Call, user: Any) -> Evaluation:
    return evaluation_start(call=call, user=user)


def make_accepted(call: Call, college: Unit, n: int = 1) -> list[Application]:
    """`n` applications of new branches under `college`, submitted and moved on to accepted."""
    apps = []
    for _ in range(n):
        branch, secretary = make_branch(college)
        application = make_submitted(call, branch, secretary)
        for status in (S.ENDORSED, S.RECOMMENDED, S.ACCEPTED):
            application = workflow.transition(application, status)
        apps.append(application)
    return apps


def make_reviewer(unit: Unit, name: str | None = None) -> User:
    n = next(_seq)
    return make_user(f"reviewer{n}_{unit.pk}", make_person(unit, name or f"专家{n}"), Role.REVIEWER, unit)


def make_panel(evaluation: Evaluation, n: int, user: Any, *, unit: Unit | None = None,
               role: str = PanelRole.EXPERT) -> list[PanelMember]:
    """`n` reviewers working at `unit` (default: the call's owning unit, so no college conflicts)."""
    unit = unit or evaluation.owner
    return [PanelMember.objects.create(evaluation=evaluation, user=make_reviewer(unit), role=role, added_by=user)
            for _ in range(n)]


def open_round(evaluation: Evaluation, kind: str = RoundKind.REMOTE, **fields: Any) -> ReviewRound:
    """The evaluation's round of `kind` (created if missing), open from yesterday for a week; the
    accepted applications of the call move to under_review."""
    now = timezone.now()
    values = {"status": RoundStatus.OPEN, "opens_at": now - datetime.timedelta(days=1),
              "closes_at": now + datetime.timedelta(days=7), **fields}
    round_, _ = ReviewRound.objects.update_or_create(evaluation=evaluation, kind=kind, defaults=values)
    for application in Application.objects.filter(call=evaluation.call, status=S.ACCEPTED):
        workflow.transition(application, S.UNDER_REVIEW)
    return round_


def make_assignment(round_: ReviewRound, reviewer: Any, application: Application, user: Any) -> Assignment:
    return Assignment.objects.create(round=round_, reviewer=reviewer, application=application, assigned_by=user)


def make_review(round_: ReviewRound, reviewer: Any, application: Application, user: Any,
                points: Sequence[float | int | str], comment: str = "论证充分，建议支持。") -> Assignment:
    """A submitted review with `points` given on the rubric's criteria in order."""
    criteria = list(round_.evaluation.criteria.all())
    scores = {str(c.pk): str(Decimal(str(p))) for c, p in zip(criteria, points, strict=True)}
    now = timezone.now()
    return Assignment.objects.create(round=round_, reviewer=reviewer, application=application, assigned_by=user,
                                     status=AssignmentStatus.SUBMITTED, scores=scores, comment=comment,
                                     total=weighted_total(criteria, scores), saved_at=now, submitted_at=now)
