"""Deadline extensions (延期): the page lists grants and grants new ones; the service refuses bad grants; the
applicant's and the college's deadline checks use the extension in force."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications.services import application_save, application_start, application_submit
from dualleader.applications.tests.factories import complete_data, make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.calls.deadlines import deadline_for
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.receipt import deadline_extension_grant

from .factories import make_endorsed, make_sent_list

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def grant(world, call, unit, deadline, reason="系统故障"):
    return deadline_extension_grant(call=call, unit=unit, deadline=deadline, reason=reason,
                                    user=world.user("org_admin"))


def expire(call: Call, *, seconds_ago: int = 2) -> Call:
    """Move the call's deadline into the past (without the checks an edit would make)."""
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=seconds_ago))
    call.refresh_from_db()
    return call


def test_page_lists_grants_newest_first(world, client_for):
    call = make_open_call(world.school)
    grant(world, call, world.college, call.deadline + datetime.timedelta(days=1), "第一次")
    grant(world, call, world.other_college, call.deadline + datetime.timedelta(days=2), "第二次")
    response = client_for("org_admin").get(reverse("recommendations:extensions", args=[call.pk]))
    assert [g.reason for g in response.context["grants"]] == ["第二次", "第一次"]
    html = response.content.decode()
    assert html.index("第二次") < html.index("第一次")
    assert [c.pk for c in response.context["colleges"]] == [world.college.pk, world.other_college.pk]


def test_page_grants_in_beijing_time(world, client_for):
    call = make_open_call(world.school)
    day = timezone.localdate(call.deadline) + datetime.timedelta(days=3)
    response = client_for("org_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": world.college.pk, "deadline_date": day.isoformat(), "deadline_time": "18:30", "reason": "停电"})
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(call=call)
    assert extension.unit == world.college and extension.reason == "停电"
    assert extension.deadline == datetime.datetime.combine(day, datetime.time(18, 30), tzinfo=BEIJING)
    assert extension.granted_by == world.user("org_admin")
    assert deadline_for(call, world.branch) == extension.deadline
    assert AuditEvent.objects.filter(action="call.extension", object_id=str(call.pk)).count() == 1


def test_page_refuses_a_deadline_not_later_than_the_calls(world, client_for):
    call = make_open_call(world.school)
    day = timezone.localdate(call.deadline) - datetime.timedelta(days=1)
    response = client_for("org_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": world.college.pk, "deadline_date": day.isoformat(), "deadline_time": "17:00", "reason": "停电"})
    assert response.status_code == 200
    assert not DeadlineExtension.objects.exists()
    assert len(list(response.context["messages"])) == 1
    assert response.context["form"]["reason"] == "停电"


def test_page_requires_a_reason(world, client_for):
    call = make_open_call(world.school)
    day = timezone.localdate(call.deadline) + datetime.timedelta(days=1)
    response = client_for("org_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": world.college.pk, "deadline_date": day.isoformat(), "deadline_time": "17:00", "reason": "  "})
    assert not DeadlineExtension.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [_("Give the reason for the extension.")]


@pytest.mark.parametrize("unit", ["branch", "school", "nonsense", ""])
def test_page_refuses_a_unit_that_is_not_a_college_of_the_call(world, client_for, unit):
    call = make_open_call(world.school)
    day = timezone.localdate(call.deadline) + datetime.timedelta(days=1)
    value = getattr(world, unit).pk if unit in ("branch", "school") else unit
    response = client_for("org_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": value, "deadline_date": day.isoformat(), "deadline_time": "17:00", "reason": "停电"})
    assert response.status_code == 200 and not DeadlineExtension.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [_("Choose one of the colleges the call goes to.")]


@pytest.mark.parametrize("day,time", [("2026-02-30", "17:00"), ("", "17:00"), ("2030-01-01", "xx")])
def test_page_with_bad_date_shows_message_not_500(world, client_for, day, time):
    call = make_open_call(world.school)
    response = client_for("org_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": world.college.pk, "deadline_date": day, "deadline_time": time, "reason": "停电"})
    assert response.status_code == 200 and not DeadlineExtension.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [
        _("Enter the new deadline as a date and a time (Beijing time).")]


@pytest.mark.parametrize("role,status", [("org_admin", 200), ("college_admin", 404), ("outsider", 404),
                                         ("branch_secretary", 404)])
def test_page_access(world, client_for, role, status):
    call = make_open_call(world.school)
    assert client_for(role).get(reverse("recommendations:extensions", args=[call.pk])).status_code == status


def test_college_admin_cannot_grant(world, client_for):
    call = make_open_call(world.school)
    response = client_for("college_admin").post(reverse("recommendations:extensions", args=[call.pk]), {
        "unit": world.college.pk, "deadline_date": "2099-01-01", "deadline_time": "17:00", "reason": "自己延期"})
    assert response.status_code == 404 and not DeadlineExtension.objects.exists()


def test_service_refuses_a_college_outside_the_calls_owner(world):
    call = make_open_call(world.college)
    with pytest.raises(ValidationError):
        grant(world, call, world.other_college, call.deadline + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        grant(world, call, world.college, call.deadline + datetime.timedelta(days=1))  # the owner itself


def test_service_refuses_earlier_deadline_and_empty_reason(world):
    call = make_open_call(world.school)
    with pytest.raises(ValidationError):
        grant(world, call, world.college, call.deadline)
    with pytest.raises(ValidationError):
        grant(world, call, world.college, call.deadline + datetime.timedelta(days=1), reason=" ")
    assert not DeadlineExtension.objects.exists()


# --- the boundary uses the extension ---------------------------------------------------------------

def test_applicant_save_and_submit_before_the_extended_deadline_work(world):
    user = world.user("branch_secretary")
    call = make_open_call(world.school)
    application = application_start(call=call, branch=world.branch, user=user)
    call = expire(call)
    grant(world, call, world.college, timezone.now() + datetime.timedelta(seconds=30))
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=application.lock_version, user=user)
    assert application_submit(application=application, user=user).status == "submitted"


def test_applicant_save_just_after_the_extended_deadline_is_refused(world):
    user = world.user("branch_secretary")
    call = make_open_call(world.school)
    application = application_start(call=call, branch=world.branch, user=user)
    call = expire(call, seconds_ago=3)
    grant(world, call, world.college, timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        application_save(application=application, data=complete_data(application),
                         expected_lock_version=application.lock_version, user=user)


def test_applicant_of_another_college_is_not_extended(world):
    from tests.factories import make_person, make_user

    from dualleader.units.enums import PositionRole
    from dualleader.units.models import Position

    person = make_person(world.other_branch, "陈书记", title="教授", title_level="full")
    Position.objects.create(person=person, unit=world.other_branch, role=PositionRole.SECRETARY,
                            started_on=datetime.date(2024, 6, 1))
    user = make_user("chen", person, "branch_secretary", world.other_branch)
    call = make_open_call(world.school)
    application = application_start(call=call, branch=world.other_branch, user=user)
    call = expire(call)
    grant(world, call, world.college, timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        application_save(application=application, data=complete_data(application),
                         expected_lock_version=application.lock_version, user=user)


def test_college_sends_its_list_after_the_calls_deadline_within_its_extension(world):
    call = make_open_call(world.school)
    application = make_endorsed(call, world.branch, world.user("branch_secretary"), world.user("college_admin"))
    call = expire(call)
    with pytest.raises(ValidationError):
        make_sent_list(call, world.college, [application], world.user("college_admin"))
    grant(world, call, world.college, timezone.now() + datetime.timedelta(minutes=5))
    recommendation = make_sent_list(call, world.college, [application], world.user("college_admin"))
    assert recommendation.status == RecommendationStatus.SUBMITTED
