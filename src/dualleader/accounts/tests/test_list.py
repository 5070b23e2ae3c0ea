import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import make_person, make_user

from dualleader.accounts.enums import Role

URL = reverse("accounts:list")


def _add_accounts(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        user = make_user(f"extra{i}", make_person(world.branch, f"新增{i}"), Role.STUDIO_MEMBER, world.branch)
        user.role_grants.create(role=Role.REVIEWER, unit=world.school)


def test_org_admin_sees_accounts_in_chinese(client_for, world):
    response = client_for("org_admin").get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "账号" in body
    assert "王建国" in body
    assert "周强" in body  # the whole university is in scope


def test_superuser_also_sees_accounts_without_person(client_for, world):
    response = client_for("superuser").get(URL)
    assert response.status_code == 200
    assert ">root</a>" in response.content.decode()


def test_org_admin_does_not_see_superuser_account(client_for, world):
    response = client_for("org_admin").get(URL)
    assert ">root</a>" not in response.content.decode()


@pytest.mark.parametrize("role", ["college_admin", "branch_secretary", "studio_member", "reviewer", "outsider"])
def test_roles_without_the_right_get_403(client_for, role):
    assert client_for(role).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client_for):
    response = client_for("anonymous").get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_scoped_admin_sees_only_own_college(scoped_client, world):
    body = scoped_client.get(URL).content.decode()
    assert "周强" in body
    assert "王建国" not in body


def test_search_by_staff_number(client_for, world):
    staff_no = world.user("studio_member").person.staff_no
    body = client_for("org_admin").get(URL, {"q": staff_no}).content.decode()
    assert "赵丽" in body
    assert "王建国" not in body


def test_filter_by_role_unit_and_status(client_for, world):
    member = world.user("studio_member")
    member.is_active = False
    member.save(update_fields=["is_active"])
    client = client_for("org_admin")
    by_role = client.get(URL, {"role": Role.BRANCH_SECRETARY}).content.decode()
    assert "王建国" in by_role and "赵丽" not in by_role
    by_unit = client.get(URL, {"unit": world.other_college.pk}).content.decode()
    assert "周强" in by_unit and "王建国" not in by_unit
    disabled = client.get(URL, {"status": "disabled"}).content.decode()
    assert "赵丽" in disabled and "王建国" not in disabled


def test_bad_filter_values_are_errors_not_500(client_for):
    response = client_for("org_admin").get(URL, {"unit": "abc", "role": "king", "page": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_last_login_shown_in_beijing_time(client_for, world):
    user = world.user("studio_member")
    user.last_login = datetime.datetime(2026, 11, 24, 6, 30, tzinfo=datetime.UTC)
    user.save(update_fields=["last_login"])
    body = client_for("org_admin").get(URL, {"q": "member"}).content.decode()
    assert "2026-11-24 14:30 (北京时间)" in body


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_accounts(client_for, world, django_assert_num_queries):
    client = client_for("org_admin")
    _add_accounts(world, 1)
    client.get(URL)  # warm up: the first request of a session does one-off work
    small = _count_queries(client)
    _add_accounts(world, 4, start=1)
    with django_assert_num_queries(small):
        response = client.get(URL)
    assert response.content.decode().count("新增") == 5
