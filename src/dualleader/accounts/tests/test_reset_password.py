import re

from django.test import Client
from django.urls import reverse
from tests.factories import PASSWORD

from dualleader.accounts.models import LoginSession
from dualleader.audit.models import AuditEvent


def _url(user) -> str:
    return reverse("accounts:reset_password", args=[user.pk])


def _login(username: str, password: str) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client


def test_reset_gives_temporary_password_and_old_one_stops_working(client_for, world):
    member = world.user("studio_member")
    old_session = _login("member", PASSWORD)
    response = client_for("org_admin").post(_url(member))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'id="temporary-password">([^<]+)<', response.content.decode()).group(1)
    member.refresh_from_db()
    assert member.must_change_password
    assert not member.check_password(PASSWORD)
    assert "_auth_user_id" not in _login("member", PASSWORD).session
    assert not LoginSession.objects.filter(user=member, session_key=old_session.session.session_key).exists()
    assert old_session.get(reverse("home:index")).status_code == 302
    fresh = _login("member", password)
    assert fresh.get(reverse("home:index")).url == reverse("accounts:password_change")


def test_reset_is_audited_without_the_password(client_for, world):
    member = world.user("studio_member")
    response = client_for("org_admin").post(_url(member))
    password = re.search(r'id="temporary-password">([^<]+)<', response.content.decode()).group(1)
    event = AuditEvent.objects.get(action="account.reset_password")
    assert event.object_id == str(member.pk)
    assert event.after["must_change_password"] is True
    assert password not in str(event.after) + str(event.before) + event.detail


def test_get_is_rejected(client_for, world):
    assert client_for("org_admin").get(_url(world.user("studio_member"))).status_code == 405


def test_out_of_scope_admin_gets_404(scoped_client, world):
    assert scoped_client.post(_url(world.user("studio_member"))).status_code == 404


def test_reviewer_gets_403(client_for, world):
    assert client_for("reviewer").post(_url(world.user("studio_member"))).status_code == 403


def test_admin_cannot_reset_own_password_here(client_for, world):
    admin = world.user("org_admin")
    response = client_for("org_admin").post(_url(admin))
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)
