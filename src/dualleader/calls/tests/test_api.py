from django.urls import reverse

from dualleader.calls.enums import CallStatus

from .factories import make_call


def test_signed_in_users_read_published_calls_not_drafts(client_for, world):
    make_call(world.school, name="草稿批次")
    make_call(world.school, name="第二批", status=CallStatus.PUBLISHED)
    names = [c["name"] for c in client_for("branch_secretary").get(reverse("api:list_calls")).json()["items"]]
    assert names == ["第二批"]


def test_org_admin_reads_its_draft_calls(client_for, world):
    make_call(world.school, name="草稿批次")
    names = [c["name"] for c in client_for("org_admin").get(reverse("api:list_calls")).json()["items"]]
    assert names == ["草稿批次"]


def test_call_detail_has_rules_and_form(client_for, world):
    call = make_call(world.school, status=CallStatus.PUBLISHED)
    body = client_for("college_admin").get(reverse("api:get_call", args=[call.pk])).json()
    assert body["form_version"] == 1
    assert any(r["kind"] == "established_years" for r in body["rules"])
    assert body["form"]["sections"][0]["key"] == "basic"


def test_draft_call_detail_is_404_for_a_secretary(client_for, world):
    call = make_call(world.school)
    assert client_for("branch_secretary").get(reverse("api:get_call", args=[call.pk])).status_code == 404


def test_eligibility_of_own_branch_and_404_for_other_college(client_for, world):
    call = make_call(world.school, status=CallStatus.PUBLISHED)
    client = client_for("branch_secretary")
    body = client.get(reverse("api:branch_eligibility", args=[call.pk, world.branch.pk])).json()
    assert body["eligible"] is True
    assert [c["passed"] for c in body["checks"] if c["passed"] is not None] == [True, True, True, True]
    assert client.get(reverse("api:branch_eligibility", args=[call.pk, world.other_branch.pk])).status_code == 404


def test_anonymous_gets_401(client_for, world):
    assert client_for("anonymous").get(reverse("api:list_calls")).status_code == 401
