"""The deadline boundary for the college's list: acting before the deadline in force is accepted, at or
after it is refused with a message naming the deadline in Beijing time, and an extension moves the
boundary for its college only. The data is built with the deadline far ahead; the call's (or the
extension's) deadline is then moved next to the present, and the real services are called at once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.calls.deadlines import beijing, check_not_past
from dualleader.calls.models import Call
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.receipt import deadline_extension_grant
from dualleader.recommendations.services import (
    attestation_rules,
    recommendation_include,
    recommendation_save,
    recommendation_submit,
    recommendation_withdraw,
)
from dualleader.recommendations.tests.factories import make_branch, make_endorsed, make_sent_list
from dualleader.units.models import Unit

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def ready_list(call: Call, college: Unit, admin: Any) -> Recommendation:
    """The college's list, complete and ready to send: one endorsed application, the opinion, every
    attestation."""
    branch, secretary = make_branch(college)
    application = make_endorsed(call, branch, secretary, admin)
    recommendation_include(application=application, user=admin)
    return recommendation_save(recommendation=Recommendation.objects.get(call=call, unit=college),
                               opinion="同意推荐。", attested=[r.pk for r in attestation_rules(call)],
                               expected_lock_version=None, user=admin)


def move_deadline(call: Call, deadline: datetime.datetime) -> Call:
    Call.objects.filter(pk=call.pk).update(deadline=deadline)
    return Call.objects.get(pk=call.pk)


def local_minute(instant: datetime.datetime) -> str:
    return timezone.localtime(instant, datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def past_message(deadline: datetime.datetime) -> str:
    return gettext("The deadline, %(deadline)s, has passed.") % {"deadline": beijing(deadline)}


def refused(action: Any, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        action(**kwargs)
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


def test_the_deadline_instant_itself_is_past_and_the_instant_before_is_not(world: Any) -> None:
    call = make_open_call(world.school)
    check_not_past(call, world.college, now=call.deadline - datetime.timedelta(microseconds=1))
    with pytest.raises(ValidationError) as caught:
        check_not_past(call, world.college, now=call.deadline)
    assert caught.value.messages == [past_message(call.deadline)]


def test_submit_just_before_the_deadline_is_accepted(world: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    recommendation = ready_list(call, world.college, admin)
    call = move_deadline(call, timezone.now() + 2 * SECOND)
    sent = recommendation_submit(recommendation=recommendation, user=admin)
    assert sent.status == RecommendationStatus.SUBMITTED and sent.submitted_at < call.deadline


def test_submit_just_after_the_deadline_is_refused_naming_it_in_beijing_time(world: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    recommendation = ready_list(call, world.college, admin)
    call = move_deadline(call, timezone.now() - SECOND)
    message = refused(recommendation_submit, recommendation=recommendation, user=admin)
    assert message == past_message(call.deadline)
    assert local_minute(call.deadline) in message
    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.DRAFT
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {S.ENDORSED}


def test_an_extension_lets_its_college_submit_after_the_calls_deadline_and_no_other(world: Any) -> None:
    call = make_open_call(world.school)
    admin, other_admin = world.user("college_admin"), world.user("outsider")
    mine = ready_list(call, world.college, admin)
    theirs = ready_list(call, world.other_college, other_admin)
    call = move_deadline(call, timezone.now() - SECOND)
    extension = deadline_extension_grant(call=call, unit=world.college,
                                         deadline=timezone.now() + datetime.timedelta(hours=1), reason="系统故障", user=world.user("org_admin"))

    message = refused(recommendation_submit, recommendation=theirs, user=other_admin)
    assert message == past_message(call.deadline) and local_minute(call.deadline) in message

    sent = recommendation_submit(recommendation=mine, user=admin)
    assert sent.status == RecommendationStatus.SUBMITTED
    assert call.deadline < sent.submitted_at < extension.deadline


def test_submit_after_the_extended_deadline_is_refused_naming_the_extension(world: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    recommendation = ready_list(call, world.college, admin)
    call = move_deadline(call, timezone.now() - datetime.timedelta(hours=2))
    extension = deadline_extension_grant(call=call, unit=world.college, deadline=timezone.now() - SECOND,
                                         reason="系统故障", user=world.user("org_admin"))
    message = refused(recommendation_submit, recommendation=recommendation, user=admin)
    assert message == past_message(extension.deadline)
    assert local_minute(extension.deadline) in message and local_minute(call.deadline) not in message
    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.DRAFT


def test_withdraw_just_before_the_deadline_is_accepted(world: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    branch, secretary = make_branch(world.college)
    recommendation = make_sent_list(call, world.college, [make_endorsed(call, branch, secretary, admin)], admin)
    move_deadline(call, timezone.now() + 2 * SECOND)
    withdrawn = recommendation_withdraw(recommendation=recommendation, reason="调整排序", user=admin)
    assert withdrawn.status == RecommendationStatus.DRAFT


def test_withdraw_after_the_deadline_is_refused(world: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    branch, secretary = make_branch(world.college)
    application = make_endorsed(call, branch, secretary, admin)
    recommendation = make_sent_list(call, world.college, [application], admin)
    call = move_deadline(call, timezone.now() - SECOND)
    message = refused(recommendation_withdraw, recommendation=recommendation, reason="调整排序", user=admin)
    assert message == past_message(call.deadline) and local_minute(call.deadline) in message
    assert Recommendation.objects.get(pk=recommendation.pk).status == RecommendationStatus.SUBMITTED
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED


def test_the_api_refuses_a_late_submit_with_the_deadline_in_the_detail(world: Any, client: Any) -> None:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    ready_list(call, world.college, admin)
    call = move_deadline(call, timezone.now() - SECOND)
    client.force_login(admin)
    r = client.post(f"/api/v1/recommendations/{call.pk}/colleges/{world.college.pk}/submit")
    assert r.status_code == 400
    assert r.json() == {"detail": past_message(call.deadline)}
    assert local_minute(call.deadline) in r.json()["detail"]
