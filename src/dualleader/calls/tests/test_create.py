from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from dualleader.calls.models import Call

URL = reverse("calls:create")


def form_data(world, **overrides):
    data = {"name": "第三批", "owner": world.school.pk, "notice": "## 一、建设目的\n\n正文",
            "opens_at": "2026-12-01T09:00", "deadline": "2026-12-20T17:00", "cycle_years": 2,
            "college_quota": 2, "select_min": 2, "select_max": 5, "min_outcomes_per_year": 1,
            "contact_person": "张慧", "contact_phone": "85927818", "review_principles": "标准引领"}
    data.update(overrides)
    return data


def test_create_works(client_for, world):
    response = client_for("org_admin").post(URL, form_data(world))
    call = Call.objects.get(name="第三批")
    assert response.url == reverse("calls:detail", args=[call.pk])
    assert timezone.localtime(call.deadline).replace(tzinfo=None) == datetime.datetime(2026, 12, 20, 17, 0)
    assert call.deadline == datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.UTC)
    assert call.forms.count() == 1 and call.rules.count() == 6


def test_create_refuses_deadline_before_opening(client_for, world):
    response = client_for("org_admin").post(URL, form_data(world, deadline="2026-11-30T17:00"))
    assert response.status_code == 200
    assert "截止时间必须晚于开始时间" in response.content.decode()
    assert not Call.objects.exists()


def test_create_refuses_malformed_datetime(client_for, world):
    response = client_for("org_admin").post(URL, form_data(world, deadline="2026-13-45 99:00"))
    assert response.status_code == 200
    assert "请输入日期和时间" in response.content.decode()


def test_create_refuses_select_min_over_max(client_for, world):
    response = client_for("org_admin").post(URL, form_data(world, select_min=6, select_max=5))
    assert response.status_code == 200
    assert "最多入选数不能小于最少入选数" in response.content.decode()


def test_create_for_unit_outside_scope_is_refused(client_for, world):
    response = client_for("college_admin").post(URL, form_data(world))
    assert response.status_code == 403
