"""The recommendation and receipt API: the same scope and rules as the pages, refusals as 400 with the
services' messages, a stale ranking as 409."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dualleader.accounts.services import token_create
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Application
from dualleader.applications.services import (
    application_save,
    application_start,
    application_submit,
    attachment_add,
)
from dualleader.applications.tests.factories import complete_data, make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.recommendations.models import FormalCheck, PaperReceipt, Recommendation, RecommendationEntry
from dualleader.recommendations.services import attestation_rules
from dualleader.recommendations.tests.factories import (
    make_branch,
    make_endorsed,
    make_returned_by_school,
    make_sent_list,
    make_submitted,
)

BASE = "/api/v1/recommendations"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def token_client(world: Any, role: str) -> Client:
    _token, key = token_create(user=world.user(role), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def send(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, data=json.dumps(body) if body is not None else None,
                                   content_type="application/json")


def iso(instant: datetime.datetime) -> str:
    """An instant as the API writes it: Beijing time, milliseconds."""
    return DjangoJSONEncoder().default(timezone.localtime(instant))


def college_url(call: Call, world: Any, tail: str = "") -> str:
    return f"{BASE}/{call.pk}/colleges/{world.college.pk}{tail}"


def two_endorsed(world: Any) -> tuple[Call, Application, Application]:
    call = make_open_call(world.school)
    admin = world.user("college_admin")
    a = make_endorsed(call, world.branch, world.user("branch_secretary"), admin)
    branch, secretary = make_branch(world.college)
    b = make_endorsed(call, branch, secretary, admin)
    return call, a, b


# ------------------------------------------------------------------ the college


def test_college_view_lists_every_application_and_the_empty_list(world: Any) -> None:
    call = make_open_call(world.school)
    submitted = make_submitted(call, world.branch, world.user("branch_secretary"))
    draft_branch, draft_secretary = make_branch(world.college)
    draft = application_start(call=call, branch=draft_branch, user=draft_secretary)
    r = token_client(world, "college_admin").get(college_url(call, world))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["college_id"] == world.college.pk and body["quota"] == call.college_quota
    assert body["deadline"] == iso(call.deadline)
    assert body["deadline"].endswith("+08:00")
    assert [(a["id"], a["status"]) for a in body["applications"]] == [(submitted.pk, S.SUBMITTED),
                                                                      (draft.pk, S.DRAFT)]
    row = body["applications"][0]
    assert row["status"] == S.SUBMITTED and row["branch_id"] == world.branch.pk
    assert row["secretary"] == "王建国" and row["eligible"] is True and row["submitted_at"].endswith("+08:00")
    assert body["list"] == {"status": "draft", "status_label": body["list"]["status_label"], "opinion": "",
                            "attested": [], "lock_version": 1, "submitted_at": None, "entries": []}


def test_college_view_query_count_does_not_grow_with_the_applications(
        world: Any, django_assert_num_queries: Any) -> None:
    call = make_open_call(world.school)
    c = Client()
    c.force_login(world.user("college_admin"))
    admin = world.user("college_admin")

    def add(n: int) -> None:
        for _ in range(n):
            branch, secretary = make_branch(world.college)
            make_endorsed(call, branch, secretary, admin)

    add(1)
    with CaptureQueriesContext(connection) as small:
        assert c.get(college_url(call, world)).status_code == 200
    add(4)
    with django_assert_num_queries(len(small.captured_queries)):
        r = c.get(college_url(call, world))
    assert r.status_code == 200 and len(r.json()["applications"]) == 5


def test_college_admin_endorses_includes_ranks_saves_submits_and_withdraws(world: Any) -> None:
    call = make_open_call(world.school)
    c = token_client(world, "college_admin")
    a = make_submitted(call, world.branch, world.user("branch_secretary"))
    branch, secretary = make_branch(world.college)
    b = make_submitted(call, branch, secretary)

    for app in (a, b):
        r = send(c, "post", f"{BASE}/applications/{app.pk}/endorse")
        assert r.status_code == 200, r.content
        r = send(c, "post", f"{BASE}/applications/{app.pk}/include")
        assert r.status_code == 200, r.content
    listed = r.json()["list"]
    assert listed["entries"] == [{"application": a.pk, "rank": 1}, {"application": b.pk, "rank": 2}]

    r = send(c, "post", college_url(call, world, "/reorder"), {"order": [b.pk, a.pk],
                                                               "lock_version": listed["lock_version"]})
    assert r.status_code == 200, r.content
    listed = r.json()["list"]
    assert listed["entries"] == [{"application": b.pk, "rank": 1}, {"application": a.pk, "rank": 2}]

    attested = [rule.pk for rule in attestation_rules(call)]
    r = send(c, "post", college_url(call, world, "/save"), {"opinion": "同意推荐。", "attested": attested,
                                                            "lock_version": listed["lock_version"]})
    assert r.status_code == 200, r.content
    assert r.json()["list"]["opinion"] == "同意推荐。" and r.json()["list"]["attested"] == sorted(attested)

    r = send(c, "post", college_url(call, world, "/submit"))
    assert r.status_code == 200, r.content
    assert r.json()["list"]["status"] == "submitted" and r.json()["list"]["submitted_at"].endswith("+08:00")
    statuses = Application.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
    assert set(statuses) == {S.RECOMMENDED}

    r = send(c, "post", college_url(call, world, "/submit"))
    assert r.status_code == 400 and r.json()["detail"]

    r = send(c, "post", college_url(call, world, "/withdraw"), {"reason": ""})
    assert r.status_code == 400 and r.json()["detail"]
    r = send(c, "post", college_url(call, world, "/withdraw"), {"reason": "调整排序"})
    assert r.status_code == 200, r.content
    assert r.json()["list"]["status"] == "draft"
    assert set(Application.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {S.ENDORSED}

    r = send(c, "post", f"{BASE}/applications/{a.pk}/exclude")
    assert r.status_code == 200, r.content
    assert r.json()["list"]["entries"] == [{"application": b.pk, "rank": 1}]


def test_submit_of_an_incomplete_list_is_400_with_every_problem(world: Any) -> None:
    call, a, _b = two_endorsed(world)
    c = token_client(world, "college_admin")
    assert send(c, "post", f"{BASE}/applications/{a.pk}/include").status_code == 200
    r = send(c, "post", college_url(call, world, "/submit"))
    assert r.status_code == 400
    assert Recommendation.objects.get(call=call, unit=world.college).status == "draft"
    assert not AuditEvent.objects.filter(action="recommendation.submit").exists()


def test_return_needs_a_reason_and_sends_the_application_back(world: Any) -> None:
    call = make_open_call(world.school)
    a = make_submitted(call, world.branch, world.user("branch_secretary"))
    c = token_client(world, "college_admin")
    r = send(c, "post", f"{BASE}/applications/{a.pk}/return", {"reason": "  "})
    assert r.status_code == 400 and r.json()["detail"]
    r = send(c, "post", f"{BASE}/applications/{a.pk}/return", {"reason": "补充支部活动记录"})
    assert r.status_code == 200, r.content
    a.refresh_from_db()
    assert a.status == S.RETURNED and a.status_reason == "补充支部活动记录"


def test_include_beyond_the_quota_is_400(world: Any) -> None:
    call = make_open_call(world.school, college_quota=1)
    admin = world.user("college_admin")
    a = make_endorsed(call, world.branch, world.user("branch_secretary"), admin)
    branch, secretary = make_branch(world.college)
    b = make_endorsed(call, branch, secretary, admin)
    c = token_client(world, "college_admin")
    assert send(c, "post", f"{BASE}/applications/{a.pk}/include").status_code == 200
    r = send(c, "post", f"{BASE}/applications/{b.pk}/include")
    assert r.status_code == 400 and r.json()["detail"]
    assert list(RecommendationEntry.objects.values_list("application_id", flat=True)) == [a.pk]


def test_stale_reorder_is_409_and_changes_nothing(world: Any) -> None:
    call, a, b = two_endorsed(world)
    c = token_client(world, "college_admin")
    send(c, "post", f"{BASE}/applications/{a.pk}/include")
    stale = send(c, "post", f"{BASE}/applications/{b.pk}/include").json()["list"]["lock_version"] - 1
    r = send(c, "post", college_url(call, world, "/reorder"), {"order": [b.pk, a.pk], "lock_version": stale})
    assert r.status_code == 409
    assert r.json()["detail"]
    assert dict(RecommendationEntry.objects.values_list("application_id", "rank")) == {a.pk: 1, b.pk: 2}


def test_stale_save_is_409(world: Any) -> None:
    call, a, _b = two_endorsed(world)
    c = token_client(world, "college_admin")
    lock = send(c, "post", f"{BASE}/applications/{a.pk}/include").json()["list"]["lock_version"]
    r = send(c, "post", college_url(call, world, "/save"),
             {"opinion": "x", "attested": [], "lock_version": lock - 1})
    assert r.status_code == 409
    assert Recommendation.objects.get(call=call, unit=world.college).opinion == ""


def test_reorder_with_a_wrong_set_of_ids_is_400(world: Any) -> None:
    call, a, b = two_endorsed(world)
    c = token_client(world, "college_admin")
    send(c, "post", f"{BASE}/applications/{a.pk}/include")
    lock = send(c, "post", f"{BASE}/applications/{b.pk}/include").json()["list"]["lock_version"]
    r = send(c, "post", college_url(call, world, "/reorder"), {"order": [a.pk, a.pk], "lock_version": lock})
    assert r.status_code == 400 and r.json()["detail"]
    r = send(c, "post", college_url(call, world, "/reorder"), {"order": "x", "lock_version": lock})
    assert r.status_code == 422


def test_outsider_gets_404_for_the_college_and_its_applications(world: Any) -> None:
    call = make_open_call(world.school)
    a = make_submitted(call, world.branch, world.user("branch_secretary"))
    c = token_client(world, "outsider")
    assert c.get(college_url(call, world)).status_code == 404
    for action in ("endorse", "include", "exclude", "resend"):
        assert send(c, "post", f"{BASE}/applications/{a.pk}/{action}").status_code == 404
    assert send(c, "post", f"{BASE}/applications/{a.pk}/return", {"reason": "x"}).status_code == 404
    assert send(c, "post", college_url(call, world, "/submit")).status_code == 404
    r = send(c, "post", college_url(call, world, "/reorder"), {"order": [], "lock_version": 1})
    assert r.status_code == 404
    assert c.get(f"{BASE}/applications/{a.pk}/check").status_code == 404
    assert send(c, "post", f"{BASE}/applications/{a.pk}/accept").status_code == 404
    a.refresh_from_db()
    assert a.status == S.SUBMITTED
    # its own college answers
    assert c.get(f"{BASE}/{call.pk}/colleges/{world.other_college.pk}").status_code == 200


def test_branch_secretary_and_member_are_refused(world: Any) -> None:
    call = make_open_call(world.school)
    a = make_submitted(call, world.branch, world.user("branch_secretary"))
    for role in ("branch_secretary", "studio_member", "reviewer"):
        c = token_client(world, role)
        assert c.get(college_url(call, world)).status_code == 403
        assert send(c, "post", f"{BASE}/applications/{a.pk}/endorse").status_code == 403
        assert c.get(f"{BASE}/{call.pk}/desk").status_code == 403
    assert token_client(world, "branch_secretary").get(f"{BASE}/applications/{a.pk}/check").status_code == 403
    assert token_client(world, "reviewer").get(f"{BASE}/applications/{a.pk}/check").status_code == 404
    a.refresh_from_db()
    assert a.status == S.SUBMITTED


def test_org_admin_sees_the_college_but_does_not_act_for_it(world: Any) -> None:
    call = make_open_call(world.school)
    a = make_submitted(call, world.branch, world.user("branch_secretary"))
    c = token_client(world, "org_admin")
    r = c.get(college_url(call, world))
    assert r.status_code == 200 and [x["id"] for x in r.json()["applications"]] == [a.pk]
    assert send(c, "post", f"{BASE}/applications/{a.pk}/endorse").status_code == 403
    assert send(c, "post", college_url(call, world, "/submit")).status_code == 403


def test_unknown_college_or_call_is_404(world: Any) -> None:
    call = make_open_call(world.school)
    c = token_client(world, "college_admin")
    assert c.get(f"{BASE}/{call.pk}/colleges/{world.branch.pk}").status_code == 404  # a branch, not a college
    assert c.get(f"{BASE}/{call.pk + 1000}/colleges/{world.college.pk}").status_code == 404
    assert send(c, "post", f"{BASE}/applications/999999/endorse").status_code == 404


def test_anonymous_is_401_and_the_session_also_works(world: Any, client: Client) -> None:
    call = make_open_call(world.school)
    assert client.get(college_url(call, world)).status_code == 401
    client.force_login(world.user("college_admin"))
    assert client.get(college_url(call, world)).status_code == 200


# ------------------------------------------------------------------ the receipt desk


def test_desk_board_counts_each_college(world: Any) -> None:
    call, a, b = two_endorsed(world)
    make_sent_list(call, world.college, [a, b], world.user("college_admin"))
    r = token_client(world, "org_admin").get(f"{BASE}/{call.pk}/desk")
    assert r.status_code == 200, r.content
    rows = {row["college_id"]: row for row in r.json()["colleges"]}
    assert set(rows) == {world.college.pk, world.other_college.pk}
    mine = rows[world.college.pk]
    assert (mine["state"], mine["applications"], mine["on_list"], mine["quota"]) == ("submitted", 2, 2, 2)
    assert mine["submitted_at"].endswith("+08:00") and mine["extended"] is False
    assert rows[world.other_college.pk]["state"] == "not_started"
    for role in ("college_admin", "outsider"):
        assert token_client(world, role).get(f"{BASE}/{call.pk}/desk").status_code == 403


def sent_with_everything(world: Any) -> tuple[Call, Application]:
    """A sent application whose formal check can pass: evidence, a stamped scan and the paper copy."""
    call = make_open_call(world.school)
    user = world.user("branch_secretary")
    application = application_start(call=call, branch=world.branch, user=user)
    attachment_add(application=application, upload=SimpleUploadedFile("佐证.pdf", PDF, "application/pdf"),
                   description="", kind=AttachmentKind.EVIDENCE, user=user)
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=application.lock_version, user=user)
    application = application_submit(application=application, user=user)
    attachment_add(application=application, upload=SimpleUploadedFile("盖章.pdf", PDF, "application/pdf"),
                   description="", kind=AttachmentKind.STAMPED_SCAN, user=user)
    make_sent_list(call, world.college, [application], world.user("college_admin"))
    application.refresh_from_db()
    return call, application


def test_check_paper_and_accept(world: Any) -> None:
    _call, application = sent_with_everything(world)
    c = token_client(world, "org_admin")
    url = f"{BASE}/applications/{application.pk}"
    r = c.get(f"{url}/check")
    assert r.status_code == 200, r.content
    items = {i["key"]: i["passed"] for i in r.json()["items"]}
    assert items["paper"] is False and r.json()["paper"] is None and r.json()["rank"] == 1
    r = send(c, "post", f"{url}/accept")
    assert r.status_code == 400 and r.json()["detail"]

    assert send(c, "post", f"{url}/paper", {"received_on": "2026-13-40"}).status_code == 400
    assert send(c, "post", f"{url}/paper", {"received_on": "昨天"}).status_code == 400
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert send(c, "post", f"{url}/paper", {"received_on": tomorrow}).status_code == 400
    today = timezone.localdate().isoformat()
    r = send(c, "post", f"{url}/paper", {"received_on": today, "note": "第一份"})
    assert r.status_code == 200, r.content
    assert r.json()["paper"] == {"received_on": today, "note": "第一份"}
    assert PaperReceipt.objects.get(application=application).note == "第一份"

    r = send(c, "post", f"{url}/accept")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == S.ACCEPTED
    assert FormalCheck.objects.get(application=application).decision == "accepted"


def test_return_to_college_reads_a_naive_fix_by_as_beijing_time_and_the_college_resends(world: Any) -> None:
    call, a, b = two_endorsed(world)
    make_sent_list(call, world.college, [a, b], world.user("college_admin"))
    c = token_client(world, "org_admin")
    url = f"{BASE}/applications/{a.pk}/return-to-college"
    assert send(c, "post", url, {"reason": "缺扫描件", "fix_by": "下周"}).status_code == 400
    assert send(c, "post", url, {"reason": "", "fix_by": "2099-01-01T12:00"}).status_code == 400
    assert send(c, "post", url, {"reason": "缺扫描件", "fix_by": "2000-01-01T12:00"}).status_code == 400
    fix_by = timezone.localtime() + datetime.timedelta(days=3)
    r = send(c, "post", url, {"reason": "缺扫描件", "fix_by": fix_by.strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == S.RETURNED_BY_SCHOOL
    assert r.json()["fix_by"] == iso(fix_by.replace(second=0, microsecond=0))
    a.refresh_from_db()
    assert a.fix_by == fix_by.replace(second=0, microsecond=0)

    # the college sends it back; the desk cannot
    assert send(c, "post", f"{BASE}/applications/{a.pk}/resend").status_code == 403
    r = send(token_client(world, "college_admin"), "post", f"{BASE}/applications/{a.pk}/resend")
    assert r.status_code == 200, r.content
    a.refresh_from_db()
    assert a.status == S.RECOMMENDED


def test_college_admin_cannot_use_the_desk_on_its_own_application(world: Any) -> None:
    call, a, b = two_endorsed(world)
    make_sent_list(call, world.college, [a, b], world.user("college_admin"))
    c = token_client(world, "college_admin")
    assert c.get(f"{BASE}/applications/{a.pk}/check").status_code == 403
    assert send(c, "post", f"{BASE}/applications/{a.pk}/accept").status_code == 403
    assert send(c, "post", f"{BASE}/applications/{a.pk}/paper",
                {"received_on": timezone.localdate().isoformat()}).status_code == 403
    assert send(c, "post", f"{BASE}/applications/{a.pk}/return-to-college",
                {"reason": "x", "fix_by": "2099-01-01T00:00"}).status_code == 403
    a.refresh_from_db()
    assert a.status == S.RECOMMENDED


def test_returned_by_school_resend_refused_for_outsider(world: Any) -> None:
    call, a, b = two_endorsed(world)
    make_sent_list(call, world.college, [a, b], world.user("college_admin"))
    make_returned_by_school(a, world.user("org_admin"))
    assert send(token_client(world, "outsider"), "post", f"{BASE}/applications/{a.pk}/resend").status_code == 404


def test_extensions_granted_and_listed_by_the_desk_only(world: Any) -> None:
    call = make_open_call(world.school)
    c = token_client(world, "org_admin")
    url = f"{BASE}/{call.pk}/extensions"
    later = timezone.localtime(call.deadline) + datetime.timedelta(days=2)
    body = {"unit": world.college.pk, "deadline": later.strftime("%Y-%m-%dT%H:%M"), "reason": "系统故障"}
    assert send(c, "post", url, {**body, "reason": ""}).status_code == 400
    assert send(c, "post", url, {**body, "deadline": "明天"}).status_code == 400
    earlier = timezone.localtime(call.deadline) - datetime.timedelta(days=1)
    assert send(c, "post", url, {**body, "deadline": earlier.strftime("%Y-%m-%dT%H:%M")}).status_code == 400
    assert send(c, "post", url, {**body, "unit": world.branch.pk}).status_code == 400
    assert send(c, "post", url, {**body, "unit": world.school.pk}).status_code == 400
    assert not DeadlineExtension.objects.exists()

    r = send(c, "post", url, body)
    assert r.status_code == 201, r.content
    assert r.json()["deadline"] == iso(later.replace(second=0, microsecond=0))
    assert r.json()["in_force"] is True
    latest = (later + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = send(c, "post", url, {**body, "deadline": latest})
    assert r.status_code == 201
    listed = c.get(url).json()
    assert [e["in_force"] for e in listed] == [True, False]
    assert listed[0]["deadline"].endswith("+08:00")
    # the college now answers with its own deadline
    college = token_client(world, "college_admin").get(college_url(call, world)).json()
    assert college["deadline"] == listed[0]["deadline"]

    for role in ("college_admin", "outsider", "branch_secretary"):
        assert token_client(world, role).get(url).status_code == 403
        assert send(token_client(world, role), "post", url, body).status_code == 403
