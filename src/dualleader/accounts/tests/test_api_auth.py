from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from ninja.errors import HttpError
from tests.factories import World

from dualleader.accounts.models import ApiToken, User
from dualleader.accounts.services import token_create, token_revoke
from dualleader.apiauth import SessionAuth, touch_token

pytestmark = pytest.mark.django_db


def issue_token(user: User) -> tuple[str, ApiToken]:
    token, key = token_create(user=user, name="脚本")
    return key, token


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def test_token_authenticates_as_its_user(world: World) -> None:
    key, _ = issue_token(world.user("college_admin"))

    response = Client().get("/api/v1/me", **bearer(key))

    assert response.status_code == 200
    assert response.json()["username"] == "jd"


def test_token_applies_the_users_permissions(world: World) -> None:
    key, _ = issue_token(world.user("outsider"))

    response = Client().get(f"/api/v1/units/{world.branch.pk}", **bearer(key))

    assert response.status_code == 404


def test_token_scopes_lists_like_the_session(world: World) -> None:
    key, _ = issue_token(world.user("college_admin"))

    response = Client().get("/api/v1/units", **bearer(key))

    assert {item["id"] for item in response.json()["items"]} == {world.college.pk, world.branch.pk}


def test_token_records_last_use(world: World) -> None:
    key, token = issue_token(world.user("org_admin"))

    Client().get("/api/v1/me", **bearer(key))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_last_use_written_at_most_once_a_minute(world: World) -> None:
    _, token = issue_token(world.user("org_admin"))
    first = timezone.now()
    touch_token(token, now=first)

    touch_token(ApiToken.objects.get(pk=token.pk), now=first + datetime.timedelta(seconds=30))

    token.refresh_from_db()
    assert token.last_used_at == first


def test_token_last_use_moves_on_after_a_minute(world: World) -> None:
    _, token = issue_token(world.user("org_admin"))
    first = timezone.now()
    touch_token(token, now=first)
    later = first + datetime.timedelta(seconds=61)

    touch_token(ApiToken.objects.get(pk=token.pk), now=later)

    token.refresh_from_db()
    assert token.last_used_at == later


def test_unknown_token_is_401(world: World) -> None:
    response = Client().get("/api/v1/me", **bearer("dl_not-a-real-key"))

    assert response.status_code == 401
    assert response.json() == {"detail": zh("The API token is invalid or has been revoked.")}


def test_revoked_token_is_401(world: World) -> None:
    key, token = issue_token(world.user("org_admin"))
    token_revoke(token=token)

    response = Client().get("/api/v1/units", **bearer(key))

    assert response.status_code == 401


def test_empty_bearer_is_401(world: World) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 401


def test_inactive_users_token_is_401(world: World) -> None:
    user = world.user("org_admin")
    key, _ = issue_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = Client().get("/api/v1/me", **bearer(key))

    assert response.status_code == 401


def test_bad_token_is_refused_even_with_a_session(client_for: Any, world: World) -> None:
    client = client_for("org_admin")

    response = client.get("/api/v1/me", **bearer("dl_revoked"))

    assert response.status_code == 401


def test_session_authenticates(client_for: Any, world: World) -> None:
    response = client_for("branch_secretary").get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "wang"


def test_anonymous_is_401_with_a_message(client: Client, world: World) -> None:
    response = client.get("/api/v1/units")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "detail": zh("Authentication required: sign in, or send an API token in the Authorization header.")}


def test_other_scheme_is_401(world: World) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION="Basic d2FuZzpwYXNzd29yZA==")

    assert response.status_code == 401


def test_session_auth_refuses_unsafe_method_without_csrf_token(world: World) -> None:
    request = RequestFactory().post("/api/v1/units")
    request.user = world.user("org_admin")

    with pytest.raises(HttpError) as refused:
        SessionAuth()(request)

    assert refused.value.status_code == 403


def test_session_auth_accepts_safe_method_without_csrf_token(world: World) -> None:
    request = RequestFactory().get("/api/v1/units")
    request.user = world.user("org_admin")

    assert SessionAuth()(request) == world.user("org_admin")
