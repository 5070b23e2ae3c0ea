"""The demo's college and university work on 第二批: jdxy has applications to decide, jsjxy's college has
sent its ranked list, 化学工程学院 has an extension, and loading again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dualleader.accounts.models import User
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.calls.deadlines import deadline_for
from dualleader.calls.models import Call
from dualleader.demo.notice import CALL_NAME
from dualleader.demo.recommendations import COMPUTING, EXTENDED, MECH
from dualleader.home.todo import todo_for
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.selectors import college_applications
from dualleader.units.models import Unit

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_jdxy_has_submitted_and_endorsed_applications_to_work_on() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    statuses = sorted(college_applications(call, Unit.objects.get(name=MECH)).values_list("status", flat=True))
    assert statuses == sorted([ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.ENDORSED])
    texts = [i.text for i in todo_for(User.objects.get(username="jdxy"))]
    assert any("待学院审核" in t or "wait for the college" in t for t in texts)


def test_jsjxy_sent_a_ranked_list_of_two() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    recommendation = Recommendation.objects.get(call=call, unit__name=COMPUTING)
    assert recommendation.status == RecommendationStatus.SUBMITTED and recommendation.opinion
    assert list(recommendation.entries.values_list("rank", flat=True)) == [1, 2]
    assert {e.application.status for e in recommendation.entries.all()} == {ApplicationStatus.RECOMMENDED}
    assert todo_for(User.objects.get(username="zzb"))  # the receipt desk has work


def test_one_college_has_an_extension() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    assert deadline_for(call, Unit.objects.get(name=EXTENDED)) > call.deadline
    assert deadline_for(call, Unit.objects.get(name=MECH)) == call.deadline


def test_loading_again_changes_nothing() -> None:
    load()
    before = list(Application.objects.order_by("pk").values_list("pk", "status", "lock_version"))
    assert "未做任何修改" in load()
    assert list(Application.objects.order_by("pk").values_list("pk", "status", "lock_version")) == before
