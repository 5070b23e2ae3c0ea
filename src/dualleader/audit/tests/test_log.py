from __future__ import annotations

import pytest
from django.urls import reverse
from tests.factories import make_person, make_user

from dualleader.accounts.enums import Role
from dualleader.audit.models import AuditEvent

from .factories import make_event, utc

LOG = reverse("audit:log")


def listed(response) -> set[int]:  # type: ignore[no-untyped-def]
    return {event.pk for event in response.context["page"]}


@pytest.fixture
def as_role(client_for):  # type: ignore[no-untyped-def]
    """A client signed in with `role`, minus the audit row of that sign-in, so a test sees only its own
    events."""

    def make(role: str):  # type: ignore[no-untyped-def]
        client = client_for(role)
        AuditEvent.objects.filter(action="auth.login").delete()
        return client

    return make


@pytest.fixture
def college_org_admin(world):  # type: ignore[no-untyped-def]
    """An Organization Department account scoped to one college only."""
    return make_user("jdzz", make_person(world.college, "陈组织"), Role.ORG_ADMIN, world.college)


def test_org_admin_sees_events(world, as_role):
    event = make_event("unit.update", unit=world.branch, actor=world.user("college_admin"))
    response = as_role("org_admin").get(LOG)
    assert response.status_code == 200
    assert listed(response) == {event.pk}
    assert "机械设计系教师党支部" in response.content.decode()


def test_log_page_is_in_chinese(world, as_role):
    make_event("unit.move", unit=world.branch, actor=world.user("org_admin"))
    content = as_role("org_admin").get(LOG).content.decode()
    assert "审计日志" in content
    assert "移动单位" in content
    assert "操作人" in content


def test_superuser_sees_events(world, as_role):
    event = make_event("auth.login_failed", object_repr="nobody", result="failed")
    assert listed(as_role("superuser").get(LOG)) == {event.pk}


@pytest.mark.parametrize("role", ["college_admin", "branch_secretary", "studio_member", "reviewer", "outsider"])
def test_log_forbidden_without_org_admin_role(world, as_role, role):
    assert as_role(role).get(LOG).status_code == 403


def test_anonymous_redirected_to_login(world, as_role):
    response = as_role("anonymous").get(LOG)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_filter_by_action(world, as_role):
    move = make_event("unit.move", unit=world.branch)
    make_event("unit.update", unit=world.branch)
    assert listed(as_role("org_admin").get(LOG, {"action": "unit.move"})) == {move.pk}


def test_filter_by_unit_includes_its_branches(world, as_role):
    on_college = make_event(unit=world.college)
    on_branch = make_event(unit=world.branch)
    make_event(unit=world.other_branch)
    make_event("auth.login_failed")
    response = as_role("org_admin").get(LOG, {"unit": world.college.pk})
    assert listed(response) == {on_college.pk, on_branch.pk}


def test_filter_by_result(world, as_role):
    refused = make_event("permission.denied", result="denied", object_type="url", object_repr="GET /org/")
    make_event(unit=world.branch)
    assert listed(as_role("org_admin").get(LOG, {"result": "denied"})) == {refused.pk}


def test_filter_by_date_uses_beijing_days(world, as_role):
    # 2026-03-04 16:00 UTC is 2026-03-05 00:00 in Beijing; 15:59 UTC is still the 4th there.
    late_on_4th = make_event(unit=world.branch, at=utc(2026, 3, 4, 15, 59))
    first_on_5th = make_event(unit=world.branch, at=utc(2026, 3, 4, 16, 0))
    last_on_5th = make_event(unit=world.branch, at=utc(2026, 3, 5, 15, 59, 59))
    make_event(unit=world.branch, at=utc(2026, 3, 5, 16, 0))
    client = as_role("org_admin")
    assert listed(client.get(LOG, {"date_from": "2026-03-05", "date_to": "2026-03-05"})) == {
        first_on_5th.pk, last_on_5th.pk}
    assert listed(client.get(LOG, {"date_to": "2026-03-04"})) == {late_on_4th.pk}


def test_time_shown_in_beijing_time(world, as_role):
    make_event(unit=world.branch, at=utc(2026, 11, 24, 6, 30, 5))
    assert "2026-11-24 14:30:05" in as_role("org_admin").get(LOG).content.decode()


def test_filter_by_actor_name_or_user_name(world, as_role):
    by_li = make_event(unit=world.branch, actor=world.user("college_admin"))  # 李明, user name "jd"
    make_event(unit=world.branch, actor=world.user("org_admin"))
    tried = make_event("auth.login_failed", object_repr="jd", result="failed")
    client = as_role("org_admin")
    assert listed(client.get(LOG, {"actor": "李明"})) == {by_li.pk}
    assert listed(client.get(LOG, {"actor": "jd"})) == {by_li.pk, tried.pk}


def test_invalid_date_shows_error_not_500(world, as_role):
    make_event(unit=world.branch)
    response = as_role("org_admin").get(LOG, {"date_from": "2026-13-45"})
    assert response.status_code == 200
    assert "请输入有效的日期" in response.content.decode()
    assert listed(response) == set()


def test_far_out_date_is_refused_not_overflowed(world, as_role):
    response = as_role("org_admin").get(LOG, {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"date_from", "date_to"}


def test_end_before_start_is_an_error(world, as_role):
    response = as_role("org_admin").get(LOG, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "结束日期早于开始日期" in response.content.decode()


def test_college_scoped_org_admin_sees_only_their_college(world, client, college_org_admin):
    mine = make_event(unit=world.branch)
    make_event(unit=world.other_branch)
    make_event(unit=world.school)
    make_event("auth.login_failed", object_repr="somebody", result="failed")
    client.force_login(college_org_admin)
    AuditEvent.objects.filter(action="auth.login").delete()
    assert listed(client.get(LOG)) == {mine.pk}


def test_college_scoped_org_admin_cannot_filter_by_other_college(world, client, college_org_admin):
    client.force_login(college_org_admin)
    AuditEvent.objects.filter(action="auth.login").delete()
    response = client.get(LOG, {"unit": world.other_college.pk})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert listed(response) == set()


def test_root_org_admin_sees_events_without_unit(world, as_role):
    refused = make_event("permission.denied", result="denied", object_type="url", object_repr="GET /audit/")
    assert listed(as_role("org_admin").get(LOG)) == {refused.pk}


def test_unknown_action_is_shown_as_its_code(world, as_role):
    make_event("studio.frobnicate", unit=world.branch)
    response = as_role("org_admin").get(LOG, {"action": "studio.frobnicate"})
    assert len(listed(response)) == 1
    assert "studio.frobnicate" in response.content.decode()


def test_log_is_paginated_by_50(world, as_role):
    AuditEvent.objects.bulk_create(AuditEvent(action="unit.update", unit=world.branch,
                                              unit_path=world.branch.path) for _ in range(51))
    client = as_role("org_admin")
    assert len(listed(client.get(LOG))) == 50
    assert len(listed(client.get(LOG, {"page": 2}))) == 1


def test_row_shows_field_by_field_changes(world, as_role):
    make_event(unit=world.branch, before={"discipline": "机械工程"}, after={"discipline": "机械电子工程"})
    content = as_role("org_admin").get(LOG).content.decode()
    assert "机械工程" in content
    assert "机械电子工程" in content


EVENT = "audit:event"


def test_event_detail(world, as_role):
    event = make_event("unit.update", unit=world.branch, actor=world.user("college_admin"),
                       before={"name": "旧名称"}, after={"name": "新名称"}, detail="renamed")
    response = as_role("org_admin").get(reverse(EVENT, args=[event.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "旧名称" in content and "新名称" in content and "李明" in content and "10.0.0.1" in content


def test_event_detail_out_of_scope_is_404(world, client, college_org_admin):
    other = make_event(unit=world.other_branch)
    client.force_login(college_org_admin)
    AuditEvent.objects.filter(action="auth.login").delete()
    assert client.get(reverse(EVENT, args=[other.pk])).status_code == 404


def test_event_detail_unknown_pk_is_404(world, as_role):
    assert as_role("org_admin").get(reverse(EVENT, args=[999999])).status_code == 404


def test_event_detail_forbidden_for_college_admin(world, as_role):
    event = make_event(unit=world.branch)
    assert as_role("college_admin").get(reverse(EVENT, args=[event.pk])).status_code == 403


def test_event_detail_anonymous_redirected(world, as_role):
    event = make_event(unit=world.branch)
    assert as_role("anonymous").get(reverse(EVENT, args=[event.pk])).status_code == 302
