from __future__ import annotations

import signal

import pytest
from conftest import free_port
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from tests.support_tasks import run_queued_tasks

from dualleader.notifications.models import Notification
from dualleader.notifications.services import notify


def with_email(user, address):  # type: ignore[no-untyped-def]
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_notify_emails_over_smtp_after_commit(world, smtp_outbox, django_capture_on_commit_callbacks):
    admin = with_email(world.user("college_admin"), "jd@example.edu.cn")
    secretary = world.user("branch_secretary")  # no address: inbox only
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([admin, secretary, admin], kind="application.returned", title="申报书已退回：机械设计系",
                      body="请按意见修改后重新提交。\n截止时间见通知。", url="/applications/7/")
    assert [n.recipient for n in rows] == [admin, secretary]
    assert DBTaskResult.objects.count() == 1
    assert smtp_outbox == []  # nothing is sent until the worker runs the task

    done = run_queued_tasks()

    assert [(r.status, r.return_value) for r in done] == [("SUCCESSFUL", 1)]
    assert len(smtp_outbox) == 1
    message = smtp_outbox[0]
    assert message["Subject"] == f"[{settings.SITE_NAME}] 申报书已退回：机械设计系"
    assert message["To"] == "jd@example.edu.cn"
    body = message.get_content()
    assert "请按意见修改后重新提交。\n截止时间见通知。" in body
    assert f"{settings.SITE_URL}/applications/7/" in body
    emailed, inbox_only = Notification.objects.get(recipient=admin), Notification.objects.get(recipient=secretary)
    assert emailed.emailed_at is not None and emailed.email_error == ""
    assert inbox_only.emailed_at is None and inbox_only.email_error == ""


def test_task_runs_again_sends_nothing_twice(world, smtp_outbox, django_capture_on_commit_callbacks):
    admin = with_email(world.user("college_admin"), "jd@example.edu.cn")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([admin], kind="test", title="提醒", url="/x/")
    run_queued_tasks()
    from dualleader.notifications.tasks import send_notification_emails

    assert send_notification_emails.call([rows[0].pk]) == 0
    assert len(smtp_outbox) == 1


def test_no_task_for_recipients_without_email(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([world.user("college_admin")], kind="test", title="提醒")
    assert callbacks == []
    assert DBTaskResult.objects.count() == 0
    assert Notification.objects.count() == 1


def test_rolled_back_change_sends_nothing(world, django_capture_on_commit_callbacks):
    admin = with_email(world.user("college_admin"), "jd@example.edu.cn")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([admin], kind="test", title="提醒")
            raise RuntimeError("the change failed")
    assert Notification.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_smtp_failure_is_kept_on_the_row(world, smtp_outbox, settings, django_capture_on_commit_callbacks):
    admin = with_email(world.user("college_admin"), "jd@example.edu.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notify([admin], kind="test", title="提醒", body="正文")
    settings.EMAIL_PORT = free_port()  # nothing listens there

    done = run_queued_tasks()

    assert [(r.status, r.return_value) for r in done] == [("SUCCESSFUL", 0)]
    assert smtp_outbox == []
    row = Notification.objects.get(recipient=admin)
    assert row.emailed_at is None
    assert row.email_error != ""
    assert row.read_at is None  # still in the inbox, unread


@pytest.mark.django_db(transaction=True)
def test_db_worker_command_sends_queued_email(world, smtp_outbox):
    admin = with_email(world.user("college_admin"), "jd@example.edu.cn")
    with transaction.atomic():
        notify([admin], kind="test", title="学院推荐截止提醒", body="请尽快提交。", url="/recommendations/")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)

    assert list(DBTaskResult.objects.values_list("status", "return_value")) == [("SUCCESSFUL", 1)]
    assert [m["Subject"] for m in smtp_outbox] == [f"[{settings.SITE_NAME}] 学院推荐截止提醒"]
    assert Notification.objects.get(recipient=admin).emailed_at is not None
