from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from dualleader.calls.enums import CallStatus

from .factories import BEIJING, make_annex, make_call


def test_public_list_shows_published_and_closed_not_draft(client, world):
    make_call(world.school, name="第二批", status=CallStatus.PUBLISHED)
    make_call(world.school, name="第一批", status=CallStatus.CLOSED)
    make_call(world.school, name="第三批草稿")
    body = client.get(reverse("calls:public_list")).content.decode()
    assert "第二批" in body and "第一批" in body and "第三批草稿" not in body
    assert "已截止" in body


def test_public_detail_looks_like_the_portal(client, world):
    deadline = datetime.datetime(2030, 3, 5, 17, 0, tzinfo=BEIJING)
    call = make_call(world.school, status=CallStatus.PUBLISHED, deadline=deadline)
    make_annex(call)
    body = client.get(reverse("calls:public_detail", args=[call.pk])).content.decode()
    assert "2030-03-05 17:00（北京时间）" in body
    assert "<h2>一、建设目的</h2>" in body
    assert "张慧" in body and "85927818" in body
    assert "附件1" in body and reverse("calls:annex_download", args=[call.annexes.get().pk]) in body
    assert reverse("accounts:login") in body and "登录申报" in body


def test_public_detail_of_draft_is_404(client, world):
    call = make_call(world.school)
    assert client.get(reverse("calls:public_detail", args=[call.pk])).status_code == 404


def test_closed_call_has_no_apply_button(client, world):
    call = make_call(world.school, status=CallStatus.CLOSED, opens_at=timezone.now() - datetime.timedelta(days=9),
                     deadline=timezone.now() - datetime.timedelta(days=1))
    body = client.get(reverse("calls:public_detail", args=[call.pk])).content.decode()
    assert "登录申报" not in body and "已截止" in body
