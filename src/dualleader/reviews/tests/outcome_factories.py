"""Test data for 公示 and the province (helper H4): a call whose applications are under review, and the
leading group's decision over some of them. The Decision rows are written directly (reviews.deciding
belongs to another part); everything after it goes through reviews.publicity and reviews.province.

    setup = make_decided(world, n_apps=3, selected=2)   # setup.call, .evaluation, .apps, .decision, .org
    notice = make_published(setup, on=datetime.date(2026, 9, 30))
    studios = make_finalized(setup)                      # published in September, finalised after it
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.calls.models import Call
from dualleader.studios.models import Studio

from ..models import Decision, DecisionEntry, Evaluation, PublicNotice
from ..publicity import notice_defaults, notice_finalize, notice_publish, notice_save
from .factories import make_accepted, make_evaluation, open_round

PUBLISHED_ON = datetime.date(2026, 9, 30)  # before National Day: the period ends on 12 October
AFTER = datetime.date(2026, 10, 13)


@dataclass
class Decided:
    call: Call
    evaluation: Evaluation
    apps: list[Application]
    decision: Decision
    org: Any


def make_decided(world: Any, n_apps: int = 3, selected: int = 2, call: Call | None = None,
                 colleges: list[Any] | None = None) -> Decided:
    org = world.user("org_admin")
    call = call or make_open_call(world.school, contact_person="刘老师", contact_phone="0431-85716001")
    evaluation = make_evaluation(call, org)
    apps: list[Application] = []
    for i in range(n_apps):
        college = (colleges or [world.college])[i % len(colleges or [world.college])]
        apps.extend(make_accepted(call, college, 1))
    open_round(evaluation)
    apps = [Application.objects.get(pk=a.pk) for a in apps]
    decision = Decision.objects.create(evaluation=evaluation, meeting_date=datetime.date(2026, 9, 25),
                                       meeting_name="学校党建工作领导小组会议", minutes="会议纪要", basis="评审结果",
                                       decided_by=org)
    for rank, application in enumerate(apps[:selected], start=1):
        DecisionEntry.objects.create(decision=decision, application=application, rank=rank,
                                     score=Decimal(90 - rank))
    return Decided(call, evaluation, apps, decision, org)


def make_published(setup: Decided, on: datetime.date = PUBLISHED_ON, working_days: int = 5) -> PublicNotice:
    values = notice_defaults(setup.decision)
    notice = notice_save(decision=setup.decision, title=values["title"], body=values["body"],
                         working_days=working_days, contact=values["contact"], user=setup.org)
    return notice_publish(notice=notice, user=setup.org, on=on)


def make_finalized(setup: Decided) -> list[Studio]:
    notice = make_published(setup)
    return notice_finalize(notice=notice, user=setup.org, on=AFTER)
