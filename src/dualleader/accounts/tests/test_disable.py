from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from tests.factories import PASSWORD

from dualleader.accounts.models import LoginSession
from dualleader.audit.models import AuditEvent


def _signed_in_as_member(world) -> Client:
    """A second browser, signed in through the real login page so the session is recorded."""
    other = Client()
    response = other.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert other.get(reverse("home:index")).status_code == 200
    return other


def test_disable_ends_every_session(client_for, world):
    member = world.user("studio_member")
    other = _signed_in_as_member(world)
    key = other.session.session_key
    response = client_for("org_admin").post(reverse("accounts:disable", args=[member.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert member.disabled_at is not None
    assert not Session.objects.filter(session_key=key).exists()
    assert not LoginSession.objects.filter(user=member).exists()
    page = other.get(reverse("home:index"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:login"))


def test_disable_is_audited(client_for, world):
    member = world.user("studio_member")
    client_for("org_admin").post(reverse("accounts:disable", args=[member.pk]))
    event = AuditEvent.objects.get(action="account.disable")
    assert event.object_type == "accounts.user"
    assert event.object_id == str(member.pk)
    assert event.actor == world.user("org_admin")
    assert event.after["is_active"] is False


def test_force_login_session_is_ended_too(client_for, world):
    member = world.user("studio_member")
    other = Client()
    other.force_login(member)
    assert LoginSession.objects.filter(session_key=other.session.session_key).exists()
    client_for("org_admin").post(reverse("accounts:disable", args=[member.pk]))
    assert other.get(reverse("home:index")).status_code == 302


def test_get_is_rejected(client_for, world):
    response = client_for("org_admin").get(reverse("accounts:disable", args=[world.user("studio_member").pk]))
    assert response.status_code == 405


def test_out_of_scope_admin_gets_404(scoped_client, world):
    member = world.user("studio_member")
    assert scoped_client.post(reverse("accounts:disable", args=[member.pk])).status_code == 404
    member.refresh_from_db()
    assert member.is_active


def test_college_admin_gets_403(client_for, world):
    member = world.user("studio_member")
    assert client_for("college_admin").post(reverse("accounts:disable", args=[member.pk])).status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_admin_cannot_disable_self(client_for, world):
    admin = world.user("org_admin")
    response = client_for("org_admin").post(reverse("accounts:disable", args=[admin.pk]))
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


def test_enable_restores_sign_in(client, client_for, world):
    member = world.user("studio_member")
    admin_client = client_for("org_admin")
    admin_client.post(reverse("accounts:disable", args=[member.pk]))
    response = admin_client.post(reverse("accounts:enable", args=[member.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active and member.disabled_at is None
    assert AuditEvent.objects.filter(action="account.enable", object_id=str(member.pk)).exists()
    assert _signed_in_as_member(world).get(reverse("home:index")).status_code == 200


def test_enable_rejects_get(client_for, world):
    response = client_for("org_admin").get(reverse("accounts:enable", args=[world.user("studio_member").pk]))
    assert response.status_code == 405
