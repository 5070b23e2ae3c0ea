from __future__ import annotations

from django.urls import reverse
from tests.factories import PASSWORD

from dualleader.audit.models import AuditEvent


def test_failed_login_is_recorded_with_ip(world, client):
    response = client.post(reverse("accounts:login"), {"username": "zzb", "password": "wrong-password"},
                           REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.result, event.ip, event.object_repr, event.actor) == ("failed", "192.0.2.7", "zzb", None)
    assert event.object_id == str(world.user("org_admin").pk)


def test_failed_login_of_unknown_name_is_recorded(world, client):
    client.post(reverse("accounts:login"), {"username": "ghost", "password": "x"}, REMOTE_ADDR="192.0.2.8")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.object_repr, event.object_id, event.detail) == ("ghost", "", "unknown account")


def test_login_is_recorded_on_the_persons_unit(world, client):
    client.post(reverse("accounts:login"), {"username": "jd", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, event.ip, event.unit) == (world.user("college_admin"), "192.0.2.9", world.college)


def test_refusal_is_recorded(world, client_for):
    response = client_for("college_admin").get(reverse("audit:log"), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="permission.denied")
    assert (event.actor, event.result, event.ip, event.object_repr) == (
        world.user("college_admin"), "denied", "192.0.2.10", "GET /audit/")
