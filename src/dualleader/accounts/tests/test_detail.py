from django.urls import reverse

from dualleader.accounts.models import LoginSession
from dualleader.audit.services import record


def _url(user) -> str:
    return reverse("accounts:detail", args=[user.pk])


def test_detail_shows_person_roles_sessions_and_events(client_for, world):
    member = world.user("studio_member")
    LoginSession.objects.create(user=member, session_key="k" * 32, ip="10.1.2.3", user_agent="Firefox")
    record("account.enable", obj=member, object_repr=member.username)
    body = client_for("org_admin").get(_url(member)).content.decode()
    assert reverse("units:person_detail", args=[member.person.pk]) in body
    assert "机械设计系教师党支部" in body
    assert "10.1.2.3" in body
    assert "启用账号" in body or "账号已启用" in body
    assert reverse("accounts:role_remove", args=[member.role_grants.get().pk]) in body


def test_superuser_sees_account_without_person(client_for, world):
    response = client_for("superuser").get(_url(world.user("superuser")))
    assert response.status_code == 200


def test_org_admin_gets_404_for_superuser_account(client_for, world):
    assert client_for("org_admin").get(_url(world.user("superuser"))).status_code == 404


def test_out_of_scope_admin_gets_404(scoped_client, world):
    assert scoped_client.get(_url(world.user("studio_member"))).status_code == 404


def test_college_admin_gets_403(client_for, world):
    assert client_for("college_admin").get(_url(world.user("studio_member"))).status_code == 403


def test_own_account_has_no_disable_button(client_for, world):
    admin = world.user("org_admin")
    body = client_for("org_admin").get(_url(admin)).content.decode()
    assert reverse("accounts:disable", args=[admin.pk]) not in body
