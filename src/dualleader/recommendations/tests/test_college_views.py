"""The college workbench in the browser: who may see and act, and what each action does."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.calls.deadlines import beijing
from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call
from dualleader.recommendations.models import Recommendation, RecommendationEntry
from dualleader.recommendations.receipt import deadline_extension_grant
from dualleader.recommendations.services import attestation_rules, recommendation_include
from dualleader.recommendations.tests.factories import (
    make_branch,
    make_endorsed,
    make_returned_by_school,
    make_sent_list,
    make_submitted,
)


@pytest.fixture
def call(world):
    return make_open_call(world.school)


@pytest.fixture
def admin(world):
    return world.user("college_admin")


@pytest.fixture
def as_role(client_for):
    """A client signed in with the role, reading the English msgids."""

    def make(role):
        client = client_for(role)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


def workbench_url(call, college):
    return reverse("recommendations:college", args=[call.pk, college.pk])


def texts(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def submitted(world, call):
    return make_submitted(call, world.branch, world.user("branch_secretary"))


def endorsed(world, call, admin):
    branch, user = make_branch(world.college)
    return make_endorsed(call, branch, user, admin)


def ranks(call, college):
    return list(RecommendationEntry.objects.filter(recommendation__call=call, recommendation__unit=college)
                .order_by("rank").values_list("application_id", flat=True))


# --- index -------------------------------------------------------------------------------------

def test_index_shows_the_college_admins_calls_with_counts(world, call, admin, as_role):
    submitted(world, call)
    app = endorsed(world, call, admin)
    recommendation_include(application=app, user=admin)
    response = as_role("college_admin").get(reverse("recommendations:index"))
    assert response.status_code == 200
    rows = response.context["college_rows"]
    assert [(r["call"], r["college"]) for r in rows] == [(call, world.college)]
    r = rows[0]
    assert (r["submitted"], r["returned"], r["endorsed"], r["on_list"], r["quota"]) == (1, 0, 1, 1, 2)
    assert workbench_url(call, world.college) in response.content.decode()
    assert response.context["org_rows"] == []


def test_index_shows_the_extension_in_force(world, call, as_role):
    new = timezone.now() + datetime.timedelta(days=60)
    deadline_extension_grant(call=call, unit=world.college, deadline=new, reason="换届", user=world.user("org_admin"))
    response = as_role("college_admin").get(reverse("recommendations:index"))
    row = response.context["college_rows"][0]
    assert row["deadline"] == new
    assert row["extension"].reason == "换届"
    assert "Extended" in response.content.decode()


def test_index_leaves_out_draft_calls(world, as_role):
    make_open_call(world.school, status=CallStatus.DRAFT)
    response = as_role("college_admin").get(reverse("recommendations:index"))
    assert response.context["college_rows"] == []


def test_index_for_org_admin_links_the_desk_and_every_college(world, call, as_role):
    response = as_role("org_admin").get(reverse("recommendations:index"))
    assert response.status_code == 200
    (row,) = response.context["org_rows"]
    assert [c["college"] for c in row["colleges"]] == [world.college, world.other_college]
    body = response.content.decode()
    assert reverse("recommendations:desk", args=[call.pk]) in body
    assert workbench_url(call, world.other_college) in body
    assert response.context["college_rows"] == []


@pytest.mark.parametrize("role", ["branch_secretary", "studio_member", "reviewer"])
def test_index_refused_to_other_roles(world, as_role, role):
    assert as_role(role).get(reverse("recommendations:index")).status_code == 403


# --- workbench ---------------------------------------------------------------------------------

def test_workbench_lists_every_application_of_the_college(world, call, admin, as_role):
    a = submitted(world, call)
    b = endorsed(world, call, admin)
    make_submitted(call, *make_branch(world.other_college))
    response = as_role("college_admin").get(workbench_url(call, world.college))
    assert response.status_code == 200
    assert {r["application"].pk for r in response.context["rows"]} == {a.pk, b.pk}
    body = response.content.decode()
    assert reverse("recommendations:endorse", args=[a.pk]) in body
    assert reverse("recommendations:include", args=[b.pk]) in body
    assert reverse("documents:version_pdf", args=[a.pk, 1]) in body
    assert timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M") + " (Beijing time)" in body
    assert "0 / 2" in body


def test_workbench_for_org_admin_is_read_only(world, call, admin, as_role):
    a = submitted(world, call)
    response = as_role("org_admin").get(workbench_url(call, world.college))
    assert response.status_code == 200
    assert response.context["can_act"] is False
    body = response.content.decode()
    assert reverse("recommendations:endorse", args=[a.pk]) not in body
    assert reverse("recommendations:submit", args=[call.pk, world.college.pk]) not in body
    assert "<form method=\"post\" action=\"/recommendations/" not in body


def test_workbench_of_another_college_is_404(world, call, as_role):
    assert as_role("outsider").get(workbench_url(call, world.college)).status_code == 404


def test_workbench_refused_to_branch_secretary(world, call, as_role):
    assert as_role("branch_secretary").get(workbench_url(call, world.college)).status_code == 403


def test_workbench_of_draft_call_is_404(world, as_role):
    draft = make_open_call(world.school, status=CallStatus.DRAFT)
    assert as_role("college_admin").get(workbench_url(draft, world.college)).status_code == 404


def test_workbench_of_a_branch_is_404(world, call, as_role):
    assert as_role("college_admin").get(workbench_url(call, world.branch)).status_code == 404


def test_workbench_shows_extension_and_its_reason(world, call, as_role):
    new = timezone.now() + datetime.timedelta(days=60)
    deadline_extension_grant(call=call, unit=world.college, deadline=new, reason="学院党委换届",
                             user=world.user("org_admin"))
    response = as_role("college_admin").get(workbench_url(call, world.college))
    assert response.context["deadline"] == new
    assert "学院党委换届" in response.content.decode()


def test_workbench_shows_the_schools_return_reason_and_resend(world, call, admin, as_role):
    app = endorsed(world, call, admin)
    make_sent_list(call, world.college, [app], admin)
    make_returned_by_school(app, world.user("org_admin"), reason="缺少盖章扫描件。")
    response = as_role("college_admin").get(workbench_url(call, world.college))
    body = response.content.decode()
    assert "缺少盖章扫描件。" in body
    assert reverse("recommendations:resend", args=[app.pk]) in body


def test_workbench_query_count_does_not_grow_with_applications(world, call, admin, as_role,
                                                               django_assert_num_queries):
    client = as_role("college_admin")
    apps = [endorsed(world, call, admin) for _ in range(2)]
    recommendation_include(application=apps[0], user=admin)
    url = workbench_url(call, world.college)
    client.get(url)  # warm the session and content-type caches
    with django_assert_num_queries(NUM := _count(client, url)):
        client.get(url)
    for _ in range(4):
        endorsed(world, call, admin)
    recommendation_include(application=apps[1], user=admin)
    with django_assert_num_queries(NUM):
        response = client.get(url)
    assert len(response.context["rows"]) == 6


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


# --- actions on one application ----------------------------------------------------------------

def test_return_sends_the_application_back_with_the_reason(world, call, as_role):
    app = submitted(world, call)
    response = as_role("college_admin").post(reverse("recommendations:return", args=[app.pk]),
                                             {"reason": "请补充年度目标。"})
    assert response.status_code == 302
    assert response.url == workbench_url(call, world.college)
    app.refresh_from_db()
    assert (app.status, app.status_reason) == ("returned", "请补充年度目标。")
    assert texts(response)[0][0] == "success"


def test_return_without_reason_refused(world, call, as_role):
    app = submitted(world, call)
    response = as_role("college_admin").post(reverse("recommendations:return", args=[app.pk]), {"reason": " "})
    assert response.status_code == 302
    assert texts(response) == [("error", "Write the reason for returning the application; the applicant will see it.")]
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_return_of_recommended_application_shows_the_refusal(world, call, admin, as_role):
    app = endorsed(world, call, admin)
    make_sent_list(call, world.college, [app], admin)
    response = as_role("college_admin").post(reverse("recommendations:return", args=[app.pk]), {"reason": "改"})
    assert response.status_code == 302
    assert texts(response)[0][0] == "error"
    assert "withdraw the list" in texts(response)[0][1]
    assert Application.objects.get(pk=app.pk).status == "recommended"


def test_endorse(world, call, as_role):
    app = submitted(world, call)
    response = as_role("college_admin").post(reverse("recommendations:endorse", args=[app.pk]))
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).status == "endorsed"


def test_endorse_after_deadline_shows_the_deadline(world, call, as_role):
    app = submitted(world, call)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call.refresh_from_db()
    response = as_role("college_admin").post(reverse("recommendations:endorse", args=[app.pk]))
    assert response.status_code == 302
    assert texts(response) == [("error", f"The deadline, {beijing(call.deadline)}, has passed.")]
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_include_and_exclude(world, call, admin, as_role):
    app = endorsed(world, call, admin)
    client = as_role("college_admin")
    assert client.post(reverse("recommendations:include", args=[app.pk])).status_code == 302
    assert ranks(call, world.college) == [app.pk]
    assert client.post(reverse("recommendations:exclude", args=[app.pk])).status_code == 302
    assert ranks(call, world.college) == []


def test_include_when_full_shows_the_quota(world, call, admin, as_role):
    apps = [endorsed(world, call, admin) for _ in range(3)]
    client = as_role("college_admin")
    for app in apps[:2]:
        client.post(reverse("recommendations:include", args=[app.pk]))
    client.get(workbench_url(call, world.college))  # shows and so clears the success messages
    response = client.post(reverse("recommendations:include", args=[apps[2].pk]))
    (level, text), = texts(response)
    assert level == "error"
    assert "quota" in text
    assert ranks(call, world.college) == [apps[0].pk, apps[1].pk]


def test_resend(world, call, admin, as_role):
    app = endorsed(world, call, admin)
    make_sent_list(call, world.college, [app], admin)
    make_returned_by_school(app, world.user("org_admin"))
    response = as_role("college_admin").post(reverse("recommendations:resend", args=[app.pk]))
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).status == "recommended"


APP_ACTIONS = ["return", "endorse", "include", "exclude", "resend"]


@pytest.mark.parametrize("name", APP_ACTIONS)
def test_application_action_refuses_get(world, call, as_role, name):
    app = submitted(world, call)
    assert as_role("college_admin").get(reverse(f"recommendations:{name}", args=[app.pk])).status_code == 405


@pytest.mark.parametrize("name", APP_ACTIONS)
def test_application_action_by_other_college_is_404(world, call, as_role, name):
    app = submitted(world, call)
    response = as_role("outsider").post(reverse(f"recommendations:{name}", args=[app.pk]), {"reason": "x"})
    assert response.status_code == 404
    assert Application.objects.get(pk=app.pk).status == "submitted"


@pytest.mark.parametrize("name", APP_ACTIONS)
@pytest.mark.parametrize("role", ["org_admin", "branch_secretary"])
def test_application_action_refused_without_the_right(world, call, as_role, name, role):
    app = submitted(world, call)
    response = as_role(role).post(reverse(f"recommendations:{name}", args=[app.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Application.objects.get(pk=app.pk).status == "submitted"


# --- actions on the list -----------------------------------------------------------------------

def _listed(world, call, admin, n=2):
    apps = [endorsed(world, call, admin) for _ in range(n)]
    for app in apps:
        recommendation_include(application=app, user=admin)
    return apps, Recommendation.objects.get(call=call, unit=world.college)


def test_reorder(world, call, admin, as_role):
    (a, b), rec = _listed(world, call, admin)
    response = as_role("college_admin").post(reverse("recommendations:reorder", args=[call.pk, world.college.pk]),
                                             {"order": [b.pk, a.pk], "lock_version": rec.lock_version})
    assert response.status_code == 302
    assert ranks(call, world.college) == [b.pk, a.pk]


def test_workbench_up_button_posts_the_whole_new_order(world, call, admin, as_role):
    (a, b), rec = _listed(world, call, admin)
    response = as_role("college_admin").get(workbench_url(call, world.college))
    ranked = response.context["ranked"]
    assert (ranked[0]["up"], ranked[0]["down"]) == (None, [b.pk, a.pk])
    assert (ranked[1]["up"], ranked[1]["down"]) == ([b.pk, a.pk], None)
    assert "2 / 2" in response.content.decode()


def test_reorder_with_stale_lock_version_shows_the_message_and_keeps_ranks(world, call, admin, as_role):
    (a, b), rec = _listed(world, call, admin)
    client = as_role("college_admin")
    response = client.post(reverse("recommendations:reorder", args=[call.pk, world.college.pk]),
                           {"order": [b.pk, a.pk], "lock_version": rec.lock_version - 1})
    (level, text), = texts(response)
    assert level == "error"
    assert text.startswith("The college's list was changed by someone else")
    assert ranks(call, world.college) == [a.pk, b.pk]
    page = client.get(response.url)
    assert [r["entry"].application_id for r in page.context["ranked"]] == [a.pk, b.pk]


def test_reorder_with_garbage_refused(world, call, admin, as_role):
    (a, b), rec = _listed(world, call, admin)
    response = as_role("college_admin").post(reverse("recommendations:reorder", args=[call.pk, world.college.pk]),
                                             {"order": ["x", a.pk], "lock_version": "y"})
    assert response.status_code == 302
    assert texts(response) == [("error", "The ranking could not be read; nothing was changed.")]
    assert ranks(call, world.college) == [a.pk, b.pk]


def test_save_opinion_and_attestations(world, call, admin, as_role):
    _apps, rec = _listed(world, call, admin, 1)
    rule = attestation_rules(call)[0]
    response = as_role("college_admin").post(reverse("recommendations:save", args=[call.pk, world.college.pk]),
                                             {"opinion": "同意推荐", "attested": [rule.pk],
                                              "lock_version": rec.lock_version})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.opinion, rec.attested) == ("同意推荐", [rule.pk])


def test_save_with_stale_lock_version_shows_the_message(world, call, admin, as_role):
    _apps, rec = _listed(world, call, admin, 1)
    response = as_role("college_admin").post(reverse("recommendations:save", args=[call.pk, world.college.pk]),
                                             {"opinion": "同意推荐", "lock_version": rec.lock_version - 1})
    assert texts(response)[0][0] == "error"
    assert "changed by someone else" in texts(response)[0][1]
    rec.refresh_from_db()
    assert rec.opinion == ""


def test_submit_without_opinion_lists_every_problem(world, call, admin, as_role):
    _listed(world, call, admin, 1)
    response = as_role("college_admin").post(reverse("recommendations:submit", args=[call.pk, world.college.pk]))
    assert response.status_code == 302
    assert [level for level, _t in texts(response)] == ["error"] * 3
    assert "Write the opinion of the college Party committee." in [t for _l, t in texts(response)]
    assert Recommendation.objects.get(call=call, unit=world.college).status == "draft"


def test_submit_then_withdraw(world, call, admin, as_role):
    (app,), rec = _listed(world, call, admin, 1)
    client = as_role("college_admin")
    client.post(reverse("recommendations:save", args=[call.pk, world.college.pk]),
                {"opinion": "同意推荐", "attested": [r.pk for r in attestation_rules(call)],
                 "lock_version": rec.lock_version})
    response = client.post(reverse("recommendations:submit", args=[call.pk, world.college.pk]))
    assert texts(response)[0][0] == "success"
    rec.refresh_from_db()
    assert (rec.status, rec.submitted_by) == ("submitted", admin)
    page = client.get(workbench_url(call, world.college))
    assert reverse("recommendations:withdraw", args=[call.pk, world.college.pk]) in page.content.decode()
    response = client.post(reverse("recommendations:withdraw", args=[call.pk, world.college.pk]), {"reason": ""})
    assert texts(response) == [("error", "Give a reason for withdrawing the list.")]
    response = client.post(reverse("recommendations:withdraw", args=[call.pk, world.college.pk]),
                           {"reason": "调整排序"})
    rec.refresh_from_db()
    assert rec.status == "draft"
    assert Application.objects.get(pk=app.pk).status == "endorsed"


def test_withdraw_after_deadline_shows_the_refusal(world, call, admin, as_role):
    (app,), _rec = _listed(world, call, admin, 1)
    rec = make_sent_list(call, world.college, [], admin)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    response = as_role("college_admin").post(reverse("recommendations:withdraw", args=[call.pk, world.college.pk]),
                                             {"reason": "调整"})
    assert texts(response)[0][0] == "error"
    assert "has passed" in texts(response)[0][1]
    rec.refresh_from_db()
    assert rec.status == "submitted"


LIST_ACTIONS = ["reorder", "save", "submit", "withdraw"]


@pytest.mark.parametrize("name", LIST_ACTIONS)
def test_list_action_refuses_get(world, call, as_role, name):
    url = reverse(f"recommendations:{name}", args=[call.pk, world.college.pk])
    assert as_role("college_admin").get(url).status_code == 405


@pytest.mark.parametrize("name", LIST_ACTIONS)
def test_list_action_by_other_college_is_404(world, call, as_role, name):
    url = reverse(f"recommendations:{name}", args=[call.pk, world.college.pk])
    assert as_role("outsider").post(url, {"reason": "x", "lock_version": 1}).status_code == 404
    assert not Recommendation.objects.filter(call=call, unit=world.college).exists()


@pytest.mark.parametrize("name", LIST_ACTIONS)
@pytest.mark.parametrize("role", ["org_admin", "branch_secretary"])
def test_list_action_refused_without_the_right(world, call, as_role, name, role):
    url = reverse(f"recommendations:{name}", args=[call.pk, world.college.pk])
    assert as_role(role).post(url, {"reason": "x", "lock_version": 1}).status_code == 403
    assert not Recommendation.objects.filter(call=call, unit=world.college).exists()
