from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from dualleader.audit.models import AuditEvent
from dualleader.audit.views import export

from .factories import make_event, utc

EXPORT = reverse("audit:export")


def rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_export_has_bom_and_chinese_headers(world, client_for):
    make_event("unit.move", unit=world.branch, actor=world.user("org_admin"), at=utc(2026, 11, 24, 6, 30, 5),
               before={"parent": 2}, after={"parent": 3})
    response = client_for("org_admin").get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    header, *data = rows(response)
    assert header[:3] == ["时间（北京时间）", "操作人", "操作"]
    assert data[-1][:4] == ["2026-11-24 14:30:05", "张慧", "移动单位", "unit.move"]
    assert data[-1][7:10] == ["机械设计系教师党支部", "成功", "10.0.0.1"]


def test_export_applies_filters_and_scope(world, client_for):
    make_event("unit.move", unit=world.branch)
    make_event("unit.update", unit=world.branch)
    header, *data = rows(client_for("org_admin").get(EXPORT, {"action": "unit.update"}))
    assert [r[3] for r in data] == ["unit.update"]


def test_export_neutralises_formulas(world, client_for):
    make_event("auth.login_failed", object_repr="=HYPERLINK(\"http://x\")", result="failed")
    header, *data = rows(client_for("org_admin").get(EXPORT, {"action": "auth.login_failed"}))
    assert data[0][5] == "'=HYPERLINK(\"http://x\")"


def test_export_is_itself_audited(world, client_for):
    rows(client_for("org_admin").get(EXPORT, {"result": "ok"}))
    event = AuditEvent.objects.get(action="audit.export")
    assert (event.actor, event.detail) == (world.user("org_admin"), "result=ok")


def test_export_with_invalid_filter_goes_back_to_the_form(world, client_for):
    response = client_for("org_admin").get(EXPORT, {"date_from": "not-a-date"})
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:log") + "?date_from=not-a-date"


@pytest.mark.parametrize("role", ["college_admin", "reviewer", "outsider"])
def test_export_forbidden_without_org_admin_role(world, client_for, role):
    assert client_for(role).get(EXPORT).status_code == 403


def test_export_anonymous_redirected(world, client_for):
    assert client_for("anonymous").get(EXPORT).status_code == 302


def test_export_is_capped(world):
    for _ in range(3):
        make_event(unit=world.branch)
    events = AuditEvent.objects.select_related("unit")
    body = "".join(export.lines(events[:3], "zh-hans", limit=2))
    header, *data = list(csv.reader(io.StringIO(body[1:])))
    assert len(data) == 3
    assert data[-1][0].startswith("已截断")


def test_export_limit_is_100000():
    assert export.EXPORT_LIMIT == 100_000
