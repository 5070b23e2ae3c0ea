import hashlib
import re

import pytest
from django.urls import reverse

from dualleader.accounts.models import ApiToken
from dualleader.audit.models import AuditEvent

URL = reverse("accounts:tokens")


def _key(response) -> str:
    match = re.search(r"(dl_[A-Za-z0-9_-]+)", response.content.decode())
    assert match
    return match.group(1)


@pytest.mark.parametrize("role", ["superuser", "org_admin", "college_admin", "branch_secretary", "studio_member",
                                  "reviewer", "outsider"])
def test_every_signed_in_role_may_use_the_page(client_for, role):
    assert client_for(role).get(URL).status_code == 200


def test_anonymous_is_sent_to_login(client_for):
    assert client_for("anonymous").get(URL).status_code == 302


def test_create_shows_key_once_and_stores_only_digest(client_for, world):
    client = client_for("reviewer")
    response = client.post(URL, {"name": "评审脚本"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = _key(response)
    token = ApiToken.objects.get(user=world.user("reviewer"))
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert ApiToken.objects.for_key(key) == token
    assert key not in client.get(URL).content.decode()
    event = AuditEvent.objects.get(action="token.create")
    assert key not in str(event.after) and token.digest not in str(event.after)


def test_blank_name_is_an_error(client_for, world):
    response = client_for("reviewer").post(URL, {"name": "   "})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_list_shows_only_own_tokens(client_for, world):
    ApiToken.objects.create(user=world.user("org_admin"), name="组织部同步", prefix="dl_aaaaaaa", digest="a" * 64)
    assert "组织部同步" not in client_for("reviewer").get(URL).content.decode()


def test_revoke_own_token(client_for, world):
    client = client_for("reviewer")
    key = _key(client.post(URL, {"name": "评审脚本"}))
    token = ApiToken.objects.get()
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.for_key(key) is None
    assert AuditEvent.objects.filter(action="token.revoke").exists()


def test_revoke_rejects_get(client_for, world):
    token = ApiToken.objects.create(user=world.user("reviewer"), name="x", prefix="dl_x", digest="b" * 64)
    assert client_for("reviewer").get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405


def test_revoking_someone_elses_token_is_404(client_for, world):
    token = ApiToken.objects.create(user=world.user("reviewer"), name="x", prefix="dl_x", digest="b" * 64)
    response = client_for("org_admin").post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
