from django.urls import reverse
from tests.factories import PASSWORD

from dualleader.accounts.models import LoginSession
from dualleader.audit.models import AuditEvent


def test_login_page_renders_in_chinese(client, world):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_correct_login_lands_on_home_and_records_session(client, world):
    response = client.post(reverse("accounts:login"), {"username": "zzb", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home:index")
    assert LoginSession.objects.filter(user=world.user("org_admin"),
                                       session_key=client.session.session_key).exists()
    assert AuditEvent.objects.filter(action="auth.login", object_id=str(world.user("org_admin").pk)).exists()


def test_wrong_password_shows_chinese_error_and_is_audited(client, world):
    response = client.post(reverse("accounts:login"), {"username": "zzb", "password": "wrong-password"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.object_id == str(world.user("org_admin").pk)
    assert event.result == "failed"


def test_disabled_account_cannot_sign_in(client, world):
    user = world.user("studio_member")
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
