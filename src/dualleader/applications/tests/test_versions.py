"""Submitted versions: the printed copy and the field-by-field difference."""

from __future__ import annotations

from django.urls import reverse

from dualleader.applications.services import application_recall, application_save, application_submit

from .factories import complete_data, make_application


def _two_versions(world):
    user = world.user("branch_secretary")
    application = make_application(world)
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=1, user=user)
    application = application_submit(application=application, user=user)
    application = application_recall(application=application, user=user)
    application = application_save(application=application, data=dict(application.data, goals="建成全省示范工作室。"),
                                   expected_lock_version=application.lock_version, user=user)
    return application_submit(application=application, user=user)


def test_diff_shows_changed_text(world, client_for):
    application = _two_versions(world)
    body = client_for("college_admin").get(reverse("applications:diff", args=[application.pk, 2])).content.decode()
    assert "<ins>全省</ins>" in body and "建设目标" in body
    assert "团队成员" not in body  # unchanged fields are not listed


def test_version_page_shows_the_frozen_text(world, client_for):
    application = _two_versions(world)
    body = client_for("studio_member").get(reverse("applications:version", args=[application.pk, 1])).content.decode()
    assert "建成示范工作室。" in body and "全省" not in body


def test_detail_lists_versions_and_actions(world, client_for):
    application = _two_versions(world)
    body = client_for("branch_secretary").get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert reverse("applications:diff", args=[application.pk, 2]) in body
    assert reverse("applications:recall", args=[application.pk]) in body
    assert "生成提交版本 · 第2版" in body and "已提交学院" in body


def test_submit_and_recall_and_withdraw_through_pages(world, client_for):
    user = world.user("branch_secretary")
    application = make_application(world)
    application_save(application=application, data=complete_data(application), expected_lock_version=1, user=user)
    client = client_for("branch_secretary")
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    client.post(reverse("applications:recall", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "draft"
    client.post(reverse("applications:withdraw", args=[application.pk]), {"reason": "暂不申报"})
    application.refresh_from_db()
    assert application.status == "withdrawn"
