from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dualleader.calls.templatetags.calls_tags import beijing
from dualleader.notifications.models import Notification
from dualleader.notifications.services import notify
from dualleader.notifications.views.inbox import PAGE_SIZE


def make(user, title="申报书已退回", **fields):  # type: ignore[no-untyped-def]
    return Notification.objects.create(recipient=user, kind="test", title=title, **fields)


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'id="notification-\d+".*?<button[^>]*>([^<]*)</button>', response.content.decode(), re.S)


def test_inbox_shows_own_notifications_newest_first(client_for, world):
    me = world.user("college_admin")
    old = make(me, "较早的消息", url="/a/")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    make(me, "最新的消息", url="/b/")
    make(world.user("outsider"), "别人的消息", url="/c/")
    response = client_for("college_admin").get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert titles(response) == ["最新的消息", "较早的消息"]
    assert "别人的消息" not in response.content.decode()


def test_inbox_highlights_unread_and_filters(client_for, world):
    me = world.user("college_admin")
    make(me, "已读消息", url="/a/", read_at=timezone.now())
    make(me, "未读消息", url="/b/")
    client = client_for("college_admin")
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert page.count("notification-unread") == 1
    assert re.search(r'notification-unread" id="notification-\d+">.*?未读消息', page, re.S)
    unread = client.get(reverse("notifications:inbox"), {"show": "unread"})
    assert titles(unread) == ["未读消息"]
    bogus = client.get(reverse("notifications:inbox"), {"show": "<x>", "page": "abc"})
    assert bogus.status_code == 200
    assert titles(bogus) == ["未读消息", "已读消息"]


def test_inbox_body_is_escaped_with_line_breaks_and_time_in_beijing(client_for, world):
    n = make(world.user("college_admin"), body="<script>alert(1)</script>\n第二行", url="/x/")
    instant = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)
    Notification.objects.filter(pk=n.pk).update(created_at=instant)
    page = client_for("college_admin").get(reverse("notifications:inbox")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in page
    assert "2026-03-05 17:00" in page
    assert beijing(instant) in page


def test_inbox_is_paginated(client_for, world):
    me = world.user("college_admin")
    Notification.objects.bulk_create(
        [Notification(recipient=me, kind="test", title=f"消息{i}", url="/x/") for i in range(PAGE_SIZE + 5)])
    client = client_for("college_admin")
    assert len(titles(client.get(reverse("notifications:inbox")))) == PAGE_SIZE
    second = client.get(reverse("notifications:inbox"), {"page": 2})
    assert len(titles(second)) == 5
    assert 'class="pagination' in second.content.decode()


def test_inbox_requires_sign_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_open_marks_read_and_redirects_to_its_path(client_for, world):
    n = make(world.user("college_admin"), url="/recommendations/1/college/2/?tab=list")
    response = client_for("college_admin").post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/recommendations/1/college/2/?tab=list"
    n.refresh_from_db()
    assert n.read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                                 "evil.example/x", "", "/\tx"])
def test_open_refuses_links_off_the_site(client_for, world, url):
    n = make(world.user("college_admin"), url=url)
    response = client_for("college_admin").post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    n.refresh_from_db()
    assert n.read_at is not None


def test_open_someone_elses_notification_is_404(client_for, world):
    n = make(world.user("outsider"), url="/x/")
    assert client_for("college_admin").post(reverse("notifications:open", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_open_and_read_all_need_post(client_for, world):
    n = make(world.user("college_admin"), url="/x/")
    client = client_for("college_admin")
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    n.refresh_from_db()
    assert n.read_at is None


def test_read_all_marks_only_mine(client_for, world):
    me = world.user("college_admin")
    make(me, url="/a/")
    make(me, url="/b/")
    theirs = make(world.user("outsider"), url="/c/")
    response = client_for("college_admin").post(reverse("notifications:read_all"), {"show": "unread"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox") + "?show=unread"
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("count", [2, 40])
def test_inbox_query_count_is_constant(client_for, world, django_assert_num_queries, count):
    me = world.user("college_admin")
    Notification.objects.bulk_create(
        [Notification(recipient=me, kind="test", title=f"消息{i}", body="正文", url="/x/") for i in range(count)])
    client = client_for("college_admin")
    client.get(reverse("notifications:inbox"))  # warm the session
    # session, user, page count, role grants and two permission reads (menu), unread count, the user's
    # person, page rows
    with django_assert_num_queries(9):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_bell_shows_unread_count_with_one_query(client_for, world):
    me = world.user("college_admin")
    notify([me, world.user("outsider")], kind="test", title="提醒", url="/x/")
    make(me, url="/y/", read_at=timezone.now())
    make(me, url="/z/")
    client = client_for("college_admin")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("home:index")).content.decode()
    assert re.search(r'id="nav-notifications".*?data-unread="2"', page, re.S)
    assert sum("notifications_notification" in q["sql"] for q in ctx.captured_queries) == 1


def test_bell_has_no_badge_when_all_read(client_for, world):
    make(world.user("college_admin"), url="/y/", read_at=timezone.now())
    page = client_for("college_admin").get(reverse("home:index")).content.decode()
    assert 'id="nav-notifications"' in page
    assert "data-unread" not in page


def test_no_bell_and_no_query_for_anonymous(client, world):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("calls:public_list")).content.decode()
    assert 'id="nav-notifications"' not in page
    assert not any("notifications_notification" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "superuser", "org_admin", "college_admin", "branch_secretary",
                                  "studio_member", "reviewer", "outsider"])
def test_who_reaches_what(client_for, world, role):
    n = make(world.user("college_admin"), url="/")
    client = client_for(role)
    signed_in = role != "anonymous"
    assert client.get(reverse("notifications:inbox")).status_code == (200 if signed_in else 302)
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == (405 if signed_in else 302)
    assert client.post(reverse("notifications:open", args=[n.pk])).status_code == (
        302 if role in ("college_admin", "anonymous") else 404)
    assert client.post(reverse("notifications:read_all")).status_code == 302
