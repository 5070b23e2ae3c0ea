"""我的待办 for applicants: open calls not yet applied to, drafts and returned applications."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.factories import make_person, make_unit

from dualleader.accounts.models import User
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.applications.services import application_start
from dualleader.applications.todo import applicant_todo
from dualleader.calls.enums import CallStatus
from dualleader.home.todo import todo_for
from dualleader.units.enums import PositionRole, UnitKind
from dualleader.units.models import Position

from .factories import make_open_call


def _home_todo(client):  # type: ignore[no-untyped-def]
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    return response.context["todo"], response.content.decode()


def test_secretary_sees_open_call_with_deadline(client_for, world):
    call = make_open_call(world.school, name="第二批")
    todo, body = _home_todo(client_for("branch_secretary"))
    url = reverse("applications:eligibility", args=[call.pk]) + f"?branch={world.branch.pk}"
    [item] = [i for i in todo if i.url == url]
    deadline = timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M")
    assert "第二批" in item.text and deadline in item.text
    assert url in body and deadline in body


def test_no_item_for_calls_not_open_or_already_applied(client_for, world):
    now = timezone.now()
    make_open_call(world.school, name="草稿批次", status=CallStatus.DRAFT)
    make_open_call(world.school, name="已截止批次", opens_at=now - datetime.timedelta(days=40),
                   deadline=now - datetime.timedelta(days=1))
    make_open_call(world.school, name="未开始批次", opens_at=now + datetime.timedelta(days=1),
                   deadline=now + datetime.timedelta(days=30))
    applied = make_open_call(world.school, name="第二批")
    application = application_start(call=applied, branch=world.branch, user=world.user("branch_secretary"))
    todo, _body = _home_todo(client_for("branch_secretary"))
    texts = " ".join(i.text for i in todo)
    for name in ("草稿批次", "已截止批次", "未开始批次"):
        assert name not in texts
    # Applied: no "open call" item, but the draft is waiting to be submitted.
    assert not [i for i in todo if "/eligibility/" in i.url]
    assert [i.url for i in todo if "第二批" in i.text] == [reverse("applications:edit", args=[application.pk])]


def test_draft_and_returned_applications(client_for, world):
    first = make_open_call(world.school, name="第二批")
    second = make_open_call(world.school, name="第三批")
    draft = application_start(call=first, branch=world.branch, user=world.user("branch_secretary"))
    returned = application_start(call=second, branch=world.branch, user=world.user("branch_secretary"))
    Application.objects.filter(pk=returned.pk).update(status=ApplicationStatus.RETURNED)
    todo, body = _home_todo(client_for("branch_secretary"))
    by_url = {i.url: i for i in todo}
    assert "第二批" in by_url[reverse("applications:edit", args=[draft.pk])].text
    returned_item = by_url[reverse("applications:detail", args=[returned.pk])]
    assert "第三批" in returned_item.text and returned_item.level == "danger"
    assert reverse("applications:edit", args=[draft.pk]) in body


def test_submitted_and_withdrawn_applications_are_not_waiting(world):
    first = make_open_call(world.school, name="第二批")
    second = make_open_call(world.school, name="第三批")
    submitted = application_start(call=first, branch=world.branch, user=world.user("branch_secretary"))
    withdrawn = application_start(call=second, branch=world.branch, user=world.user("branch_secretary"))
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.SUBMITTED)
    Application.objects.filter(pk=withdrawn.pk).update(status=ApplicationStatus.WITHDRAWN)
    items = applicant_todo(User.objects.get(pk=world.user("branch_secretary").pk))
    # Only the withdrawn call is offered again (a branch may start afresh after withdrawing).
    assert [i.url for i in items] == [
        reverse("applications:eligibility", args=[second.pk]) + f"?branch={world.branch.pk}"]


def test_reviewer_and_other_roles_get_nothing(client_for, world):
    call = make_open_call(world.school)
    application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    for role in ("reviewer", "studio_member", "college_admin", "org_admin", "outsider"):
        assert applicant_todo(User.objects.get(pk=world.user(role).pk)) == []
    todo, _body = _home_todo(client_for("reviewer"))
    assert not [i for i in todo if "/applications/" in i.url]


def _grow(world, n: int) -> None:
    """n more open calls; the secretary's branch has a draft on half of them, other branches apply too."""
    for _ in range(n):
        call = make_open_call(world.school, name=f"扩展批次{Application.objects.count()}")
        branch = make_unit(world.college, f"扩展支部{world.college.numchild}", UnitKind.TEACHER_BRANCH,
                           established_on=world.branch.established_on)
        world.college.refresh_from_db()
        Position.objects.create(person=make_person(branch), unit=branch, role=PositionRole.SECRETARY)
        application_start(call=call, branch=branch, user=world.user("org_admin"))
        if call.pk % 2:
            application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))


def _count_provider(world) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    user = User.objects.get(pk=world.user("branch_secretary").pk)
    user.grants  # noqa: B018 - loaded once per request by the middleware and permission checks
    with CaptureQueriesContext(connection) as mine:
        items = applicant_todo(user)
    with CaptureQueriesContext(connection) as everything:
        todo_for(user)
    return len(mine), len(everything), len(items)


def test_query_count_is_constant(client_for, world):
    client = client_for("branch_secretary")
    _grow(world, 1)
    small_queries, small_all, small_items = _count_provider(world)
    with CaptureQueriesContext(connection) as small_page:
        _home_todo(client)
    _grow(world, 6)
    large_queries, large_all, large_items = _count_provider(world)
    with CaptureQueriesContext(connection) as large_page:
        _home_todo(client)
    assert large_items > small_items
    assert large_queries == small_queries == 2  # the open calls, and the branch's live applications
    assert large_all == small_all
    assert len(large_page) == len(small_page)
