from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.support_tasks import run_queued_tasks

from dualleader.applications.tests.factories import make_open_call
from dualleader.calls.deadlines import beijing
from dualleader.calls.enums import CallStatus
from dualleader.calls.services import call_close, call_publish, call_update
from dualleader.notifications.models import Notification, ReminderSent
from dualleader.notifications.reminders import remind_colleges, schedule_reminders
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.receipt import deadline_extension_grant

TASK = "dualleader.notifications.reminders.remind_colleges"


@pytest.fixture
def call(world):  # type: ignore[no-untyped-def]
    deadline = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    return make_open_call(world.school, deadline=deadline, notice="关于开展第二批申报工作的通知")


@pytest.fixture
def emails(world):  # type: ignore[no-untyped-def]
    for role, address in (("college_admin", "jd@example.edu.cn"), ("outsider", "jsj@example.edu.cn")):
        user = world.user(role)
        user.email = address
        user.save(update_fields=["email"])


def scheduled() -> list[tuple[datetime.datetime, list]]:  # type: ignore[type-arg]
    return [(r.run_after, r.args_kwargs["args"]) for r in
            DBTaskResult.objects.filter(task_path=TASK, status="READY").order_by("run_after", "enqueued_at")]


def time_passes() -> None:
    """Every queued reminder becomes due (as if the clock reached its run_after)."""
    DBTaskResult.objects.filter(task_path=TASK, status="READY").update(run_after=timezone.now())


def reminded(world) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {role: list(Notification.objects.filter(recipient=world.user(role), kind="deadline.reminder")
                       .values_list("title", flat=True))
            for role in ("college_admin", "outsider", "org_admin", "branch_secretary")}


def test_schedule_queues_a_task_n_days_and_one_day_before(call, django_capture_on_commit_callbacks, settings):
    settings.REMINDER_DAYS = 3
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_reminders(call) == 2
    iso = call.deadline.isoformat()
    assert scheduled() == [(call.deadline - datetime.timedelta(days=3), [call.pk, iso, 3, None]),
                           (call.deadline - datetime.timedelta(days=1), [call.pk, iso, 1, None])]


def test_schedule_queues_nothing_before_commit(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_reminders(call)
    assert len(callbacks) == 2
    assert DBTaskResult.objects.count() == 0


def test_schedule_skips_reminders_whose_time_has_passed(world, django_capture_on_commit_callbacks):
    call = make_open_call(world.school, deadline=timezone.now() + datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reminders(call)
    assert [args[2] for _, args in scheduled()] == [1]


def test_schedule_nothing_for_unpublished_call(world, django_capture_on_commit_callbacks):
    call = make_open_call(world.school, status=CallStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_reminders(call) == 0
    assert scheduled() == []


def test_publishing_schedules_reminders(world, django_capture_on_commit_callbacks):
    call = make_open_call(world.school, status=CallStatus.DRAFT, notice="通知全文")
    with django_capture_on_commit_callbacks(execute=True):
        call_publish(call=call)
    assert [args[2] for _, args in scheduled()] == [3, 1]


def test_reminders_go_to_colleges_that_have_not_submitted(world, call, emails, smtp_outbox,
                                                         django_capture_on_commit_callbacks):
    Recommendation.objects.create(call=call, unit=world.college, status=RecommendationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reminders(call)
    time_passes()

    done = run_queued_tasks()

    assert [(r.task_path.rsplit(".", 1)[1], r.return_value) for r in done] == [
        ("remind_colleges", 1), ("remind_colleges", 1), ("send_notification_emails", 1),
        ("send_notification_emails", 1)]
    assert reminded(world) == {"college_admin": [], "org_admin": [], "branch_secretary": [], "outsider": [
        "提醒：距“第二批”学院推荐截止还有1天", "提醒：距“第二批”学院推荐截止还有3天"]}
    assert [m["To"] for m in smtp_outbox] == ["jsj@example.edu.cn", "jsj@example.edu.cn"]
    first = smtp_outbox[0]
    assert first["Subject"] == "[长春工业大学] 提醒：距“第二批”学院推荐截止还有3天"
    assert first.get_content().startswith(
        f"计算机科学与工程学院党委尚未向学校报送“第二批”的推荐名单。截止时间为{beijing(call.deadline)}，逾期将无法报送。")
    assert f"/recommendations/{call.pk}/college/{world.other_college.pk}/" in first.get_content()


def test_reminder_running_twice_sends_once(world, call, django_capture_on_commit_callbacks):
    iso = call.deadline.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_colleges.call(call.pk, iso, 3) == 2
        assert remind_colleges.call(call.pk, iso, 3) == 0
    assert ReminderSent.objects.filter(call=call).count() == 2
    assert Notification.objects.filter(kind="deadline.reminder").count() == 2


def test_reminder_for_an_old_deadline_does_nothing(world, call, django_capture_on_commit_callbacks):
    old = call.deadline
    new = old + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reminders(call)
        call_update(call=call, deadline=new)
    iso = new.isoformat()
    assert [args for _, args in scheduled()] == [[call.pk, old.isoformat(), 3, None], [call.pk, old.isoformat(), 1, None],
                                                 [call.pk, iso, 3, None], [call.pk, iso, 1, None]]
    time_passes()
    done = run_queued_tasks()
    assert [r.return_value for r in done if r.task_path == TASK] == [0, 0, 2, 2]
    assert ReminderSent.objects.filter(deadline=old).count() == 0
    assert ReminderSent.objects.filter(deadline=new).count() == 4


def test_extension_moves_that_colleges_reminders(world, call, django_capture_on_commit_callbacks):
    extended = call.deadline + datetime.timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reminders(call)
        deadline_extension_grant(call=call, unit=world.other_college, deadline=extended, reason="系统故障",
                                 user=world.user("org_admin"))
    assert [args for _, args in scheduled()][2:] == [[call.pk, extended.isoformat(), 3, world.other_college.pk],
                                                     [call.pk, extended.isoformat(), 1, world.other_college.pk]]
    time_passes()
    run_queued_tasks()
    sent = set(ReminderSent.objects.values_list("unit_id", "deadline", "days_before"))
    assert sent == {(world.college.pk, call.deadline, 3), (world.college.pk, call.deadline, 1),
                    (world.other_college.pk, extended, 3), (world.other_college.pk, extended, 1)}


def test_no_reminder_once_the_call_is_closed(world, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_reminders(call)
        call_close(call=call)
    time_passes()
    assert [r.return_value for r in run_queued_tasks()] == [0, 0]
    assert Notification.objects.filter(kind="deadline.reminder").count() == 0


def test_no_reminder_after_the_deadline(world, django_capture_on_commit_callbacks):
    call = make_open_call(world.school, deadline=timezone.now() - datetime.timedelta(minutes=1))
    assert remind_colleges.call(call.pk, call.deadline.isoformat(), 1) == 0
    assert ReminderSent.objects.count() == 0
