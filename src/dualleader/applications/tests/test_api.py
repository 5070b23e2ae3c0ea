"""The applications API: the same scope and rules as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dualleader.accounts.services import token_create
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application, Autosave
from dualleader.applications.tests.factories import complete_data, make_application, make_open_call
from dualleader.calls.enums import CallStatus

BASE = "/api/v1/applications"
pytestmark = pytest.mark.django_db


def token_client(world: Any, role: str) -> Client:
    _token, key = token_create(user=world.user(role), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, data=json.dumps(body) if body is not None else None,
                                   content_type="application/json")


def test_start_save_submit_recall_withdraw(world: Any) -> None:
    call = make_open_call(world.school)
    c = token_client(world, "branch_secretary")
    r = send(c, "post", BASE, {"call_id": call.pk})
    assert r.status_code == 201, r.content
    app = r.json()
    assert app["branch_id"] == world.branch.pk and app["status"] == ApplicationStatus.DRAFT
    application = Application.objects.get(pk=app["id"])

    # a second start is a duplicate
    r = send(c, "post", BASE, {"call_id": call.pk})
    assert r.status_code == 400 and r.json()["detail"]

    r = send(c, "put", f"{BASE}/{app['id']}/data", {"data": complete_data(application), "lock_version": app["lock_version"]})
    assert r.status_code == 200, r.content
    saved = r.json()
    assert saved["lock_version"] == app["lock_version"] + 1

    r = send(c, "post", f"{BASE}/{app['id']}/submit")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == ApplicationStatus.SUBMITTED
    assert [v["number"] for v in r.json()["versions"]] == [1]
    r = c.get(f"{BASE}/{app['id']}/versions/1")
    assert r.status_code == 200 and r.json()["data"]["goals"] == "建成示范工作室。"
    assert c.get(f"{BASE}/{app['id']}/versions/2").status_code == 404

    r = send(c, "post", f"{BASE}/{app['id']}/recall")
    assert r.status_code == 200 and r.json()["status"] == ApplicationStatus.DRAFT
    r = send(c, "post", f"{BASE}/{app['id']}/recall")
    assert r.status_code == 400 and r.json()["detail"]

    r = send(c, "post", f"{BASE}/{app['id']}/withdraw", {"reason": ""})
    assert r.status_code == 400
    r = send(c, "post", f"{BASE}/{app['id']}/withdraw", {"reason": "另行申报"})
    assert r.status_code == 200 and r.json()["status"] == ApplicationStatus.WITHDRAWN


def test_start_refused_for_closed_call(world: Any) -> None:
    call = make_open_call(world.school, status=CallStatus.CLOSED)
    r = send(token_client(world, "branch_secretary"), "post", BASE, {"call_id": call.pk})
    assert r.status_code in (400, 404)
    assert not Application.objects.exists()


def test_stale_save_is_409_and_keeps_newer_data(world: Any) -> None:
    application = make_application(world)
    c = token_client(world, "branch_secretary")
    url = f"{BASE}/{application.pk}/data"
    first = {**application.data, "goals": "新的目标"}
    assert send(c, "put", url, {"data": first, "lock_version": application.lock_version}).status_code == 200
    r = send(c, "put", url, {"data": {**application.data, "goals": "旧的目标"}, "lock_version": application.lock_version})
    assert r.status_code == 409 and r.json()["detail"]
    application.refresh_from_db()
    assert application.data["goals"] == "新的目标"
    assert Autosave.objects.get(application=application).data["goals"] == "旧的目标"


def test_submit_incomplete_lists_errors(world: Any) -> None:
    application = make_application(world)
    r = send(token_client(world, "branch_secretary"), "post", f"{BASE}/{application.pk}/submit")
    assert r.status_code == 422 and r.json()["errors"]


@pytest.mark.parametrize(("role", "read", "write"), [
    ("anonymous", 401, 401), ("superuser", 200, 200), ("org_admin", 200, 403), ("college_admin", 200, 403),
    ("branch_secretary", 200, 200), ("studio_member", 200, 403), ("reviewer", 404, 404), ("outsider", 404, 404),
])
def test_scoping_per_role(world: Any, client_for: Any, role: str, read: int, write: int) -> None:
    application = make_application(world)
    c = client_for(role) if role == "anonymous" else token_client(world, role)
    assert c.get(f"{BASE}/{application.pk}").status_code == read
    r = send(c, "put", f"{BASE}/{application.pk}/data", {"data": application.data, "lock_version": application.lock_version})
    assert r.status_code == write, r.content
    listed = c.get(BASE)
    if read == 200:
        assert [a["id"] for a in listed.json()["items"]] == [application.pk]


def test_session_write_needs_csrf(world: Any) -> None:
    application = make_application(world)
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.user("branch_secretary"))
    r = send(c, "post", f"{BASE}/{application.pk}/recall")
    assert r.status_code == 403
    assert c.get(f"{BASE}/{application.pk}").status_code == 200


def test_list_filters_and_query_count(world: Any) -> None:
    c = token_client(world, "org_admin")
    c.get(BASE)  # token last_used write out of the way

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(BASE).status_code == 200
        return len(ctx)

    first = make_application(world)
    small = count()
    for _ in range(3):
        make_application(world)
    assert count() == small
    assert c.get(BASE, {"call": first.call_id}).json()["count"] == 1
    assert c.get(BASE, {"status": "submitted"}).json()["count"] == 0
    assert c.get(BASE, {"status": "bogus"}).status_code == 422


@pytest.mark.parametrize("url", [f"{BASE}/0", f"{BASE}/abc", f"{BASE}/{2**70}", f"{BASE}/999999", f"{BASE}/1/versions/x"])
def test_bad_ids(world: Any, url: str) -> None:
    assert token_client(world, "branch_secretary").get(url).status_code in (400, 404, 422)


def test_bad_json(world: Any) -> None:
    application = make_application(world)
    c = token_client(world, "branch_secretary")
    url = f"{BASE}/{application.pk}/data"
    for body in ("{not json", "[]", '{"data": [], "lock_version": 1}', '{"data": {}, "lock_version": "x"}',
                 '{"data": {}, "lock_version": 99999999999999999999999}'):
        r = c.put(url, data=body, content_type="application/json")
        assert 400 <= r.status_code < 500, (body, r.status_code)
    assert send(c, "post", BASE, {"call_id": 2**70}).status_code == 422
    assert send(c, "post", BASE, {"call_id": "x"}).status_code == 422
