"""The Organization Department's set-up pages: they work for org_admin, refuse GET on state changes,
404 for those outside the call's scope, show refusals as messages, and do a constant number of queries."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.notifications.models import Notification

from ..assigning import assign_auto
from ..enums import AssignmentStatus, RoundStatus
from ..models import Assignment, Criterion, Evaluation, PanelMember, ReviewRound
from .factories import make_accepted, make_assignment, make_evaluation, make_panel, make_review, open_round
from .test_assign_services import make_round

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids



@pytest.fixture
def org(client_for: Any) -> Any:
    return client_for("org_admin")


def test_index_lists_calls_and_starts_a_review(world: Any, org: Any) -> None:
    call = make_open_call(world.school)
    response = org.get(reverse("reviews:index"))
    assert response.status_code == 200
    assert [r["evaluation"] for r in response.context["rows"]] == [None]
    response = org.post(reverse("reviews:start", args=[call.pk]))
    assert response.status_code == 302
    assert Evaluation.objects.filter(call=call).count() == 1
    assert org.get(reverse("reviews:start", args=[call.pk])).status_code == 405


@pytest.mark.parametrize("role", ["college_admin", "branch_secretary", "reviewer", "outsider"])
def test_index_forbidden_without_manage(world: Any, client_for: Any, role: str) -> None:
    assert client_for(role).get(reverse("reviews:index")).status_code == 403


@pytest.mark.parametrize("role", ["college_admin", "reviewer", "outsider"])
def test_overview_is_404_outside_the_scope(world: Any, client_for: Any, role: str) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    assert client_for(role).get(reverse("reviews:overview", args=[evaluation.call_id])).status_code == 404


def test_overview_shows_rubric_rounds_and_full_marks(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    response = org.get(reverse("reviews:overview", args=[evaluation.call_id]))
    assert response.status_code == 200
    assert str(response.context["full_marks"]) == "100.00"
    assert [r.kind for r in response.context["rounds"]] == ["remote"]


def test_settings_post_saves(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    response = org.post(reverse("reviews:settings", args=[evaluation.call_id]),
                        {"aggregation": "mean", "show_scores_to_applicants": "on"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.aggregation, evaluation.show_scores_to_applicants,
            evaluation.show_reviewers_to_applicants) == ("mean", True, False)


def test_rubric_post_saves_and_malformed_is_a_message(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    url = reverse("reviews:rubric", args=[evaluation.call_id])
    assert org.get(url).status_code == 200
    data = {"id": ["", ""], "name": ["甲", "乙"], "description": ["", ""], "max_points": ["60", "40"],
            "weight": ["1", "1"]}
    assert org.post(url, data).status_code == 302
    assert list(Criterion.objects.filter(evaluation=evaluation).values_list("name", "max_points")) == [
        ("甲", 60), ("乙", 40)]
    response = org.post(url, {"id": ["x"], "name": ["甲"], "description": [""], "max_points": ["1"], "weight": ["1"]},
                        follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "The form was incomplete; reload the page and try again."
    response = org.post(url, {**data, "max_points": ["abc", "40"]})
    assert response.status_code == 400
    assert Criterion.objects.filter(evaluation=evaluation).count() == 2


def test_rubric_page_says_it_is_locked(world: Any, org: Any) -> None:
    from django.utils import timezone
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    Evaluation.objects.filter(pk=evaluation.pk).update(rubric_locked_at=timezone.now())
    body = org.get(reverse("reviews:rubric", args=[evaluation.call_id])).content.decode()
    assert 'id="rubric-locked"' in body


def test_round_new_edit_open_close(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    make_accepted(evaluation.call, world.college, 1)
    data = {"opens_at": "2030-05-01T09:00", "closes_at": "2030-05-01T17:00", "reviewers_per_item": "5",
            "other_reviews": "after_submit", "show_names": "on"}
    assert org.post(reverse("reviews:round_new", args=[evaluation.call_id]), data).status_code == 302
    presentation = evaluation.rounds.get(kind="presentation")
    assert (presentation.show_names, presentation.show_college, presentation.other_reviews) == (
        True, False, "after_submit")
    assert presentation.opens_at.isoformat() == "2030-05-01T01:00:00+00:00"
    bad = org.post(reverse("reviews:round_edit", args=[presentation.pk]), {**data, "opens_at": "soon"})
    assert bad.status_code == 400
    remote = evaluation.rounds.get(kind="remote")
    assert org.post(reverse("reviews:round_open", args=[remote.pk])).status_code == 302
    assert Application.objects.get(call=evaluation.call).status == S.UNDER_REVIEW
    assert org.post(reverse("reviews:round_close", args=[remote.pk])).status_code == 302
    assert ReviewRound.objects.get(pk=remote.pk).status == RoundStatus.CLOSED
    assert org.get(reverse("reviews:round_open", args=[remote.pk])).status_code == 405


def test_panel_external_shows_the_password_once(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    response = org.post(reverse("reviews:panel_external", args=[evaluation.call_id]),
                        {"name": "刘专家", "affiliation": "吉林大学", "phone": "138", "role": "expert"}, follow=True)
    new = response.context["new_account"]
    assert new["name"] == "刘专家" and len(new["password"]) == 14
    assert new["password"] in response.content.decode()
    assert org.get(reverse("reviews:panel", args=[evaluation.call_id])).context["new_account"] is None


def test_panel_search_and_add_person(world: Any, org: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    response = org.get(reverse("reviews:panel", args=[evaluation.call_id]), {"q": "李明"})
    [person] = response.context["candidates"]
    assert org.post(reverse("reviews:panel", args=[evaluation.call_id]),
                    {"person": person.pk, "role": "leading_group"}).status_code == 302
    member = PanelMember.objects.get(evaluation=evaluation)
    assert (member.user, member.role) == (world.user("college_admin"), "leading_group")
    assert org.post(reverse("reviews:panel_remove", args=[member.pk])).status_code == 302
    assert not PanelMember.objects.exists()


def test_panel_remove_is_404_for_outsiders(world: Any, client_for: Any) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    [member] = make_panel(evaluation, 1, world.user("org_admin"))
    assert client_for("outsider").post(reverse("reviews:panel_remove", args=[member.pk])).status_code == 404


def test_conflicts_record_and_remove(world: Any, org: Any) -> None:
    r = make_round(world, n_apps=1, n_members=1)
    url = reverse("reviews:conflicts", args=[r.evaluation.call_id])
    assert org.get(url).status_code == 200
    assert org.post(url, {"reviewer": r.members[0].user_id, "application": r.apps[0].pk, "reason": "亲属"}
                    ).status_code == 302
    conflict = r.evaluation.conflicts.get()
    response = org.post(url, {"reviewer": "abc", "application": "", "reason": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "Choose a panel member and an application."
    assert org.post(reverse("reviews:conflict_remove", args=[conflict.pk])).status_code == 302
    assert not r.evaluation.conflicts.exists()


def test_assign_auto_add_unassign_through_the_pages(world: Any, org: Any) -> None:
    r = make_round(world, n_apps=2, n_members=3, k=2)
    response = org.post(reverse("reviews:assign_auto", args=[r.round.pk]), {"k": "3"}, follow=True)
    assert Assignment.objects.filter(round=r.round).count() == 6
    assert [str(m) for m in response.context["messages"]] == ["6 reviews were assigned."]
    one = Assignment.objects.filter(round=r.round).first()
    assert one is not None
    assert org.post(reverse("reviews:unassign", args=[one.pk])).status_code == 302
    assert org.post(reverse("reviews:assign_add", args=[r.round.pk]),
                    {"reviewer": one.reviewer_id, "application": one.application_id}).status_code == 302
    assert Assignment.objects.filter(round=r.round).count() == 6


def test_assign_auto_reports_the_shortfall(world: Any, org: Any) -> None:
    r = make_round(world, n_apps=1, n_members=1, k=2)
    response = org.post(reverse("reviews:assign_auto", args=[r.round.pk]), {"k": "2"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "1 review was assigned."
    assert messages[1].startswith("Not enough eligible reviewers for: ")
    assert response.context["short_total"] == 1


def test_progress_and_remind_through_the_pages(world: Any, org: Any) -> None:
    r = make_round(world, n_apps=1, n_members=2)
    make_assignment(r.round, r.members[0].user, r.apps[0], r.org)
    response = org.get(reverse("reviews:progress", args=[r.round.pk]))
    assert response.status_code == 200
    assert org.post(reverse("reviews:remind", args=[r.round.pk]), {"reviewer": r.members[0].user_id}
                    ).status_code == 302
    assert Notification.objects.filter(kind="reviews.reminder").count() == 1
    response = org.post(reverse("reviews:remind", args=[r.round.pk]), {"reviewer": "12x"}, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "This reviewer has no review in this round."


def _sized(world: Any, n: int) -> ReviewRound:
    """A round with n applications, n reviewers, every pair assigned, some submitted, a conflict."""
    org = world.user("org_admin")
    evaluation = make_evaluation(make_open_call(world.school), org)
    apps = make_accepted(evaluation.call, world.college, n)
    members = make_panel(evaluation, n, org)
    round_ = open_round(evaluation, reviewers_per_item=n)
    assign_auto(round=round_, user=org)
    first = Assignment.objects.filter(round=round_).first()
    assert first is not None
    make_review(round_, make_panel(evaluation, 1, org)[0].user, apps[0], org,
                [10] * evaluation.criteria.count())
    Assignment.objects.filter(pk=first.pk).update(status=AssignmentStatus.DRAFT)
    assert members
    return round_


@pytest.mark.parametrize("name", ["reviews:assignments", "reviews:progress"])
def test_pages_do_a_constant_number_of_queries(world: Any, org: Any, django_assert_num_queries: Any,
                                               name: str) -> None:
    small, large = _sized(world, 1), _sized(world, 4)
    with CaptureQueriesContext(connection) as first:
        assert org.get(reverse(name, args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        assert org.get(reverse(name, args=[large.pk])).status_code == 200


def test_api_start_rubric_panel_auto_progress(world: Any, org: Any) -> None:
    call = make_open_call(world.school)
    base = "/api/v1/reviews"
    response = org.post(f"{base}/calls/{call.pk}/evaluation")
    assert response.status_code == 200
    assert response.json()["full_marks"] == "100.00"
    response = org.put(f"{base}/calls/{call.pk}/rubric", json.dumps({"criteria": [
        {"name": "甲", "max_points": "50"}, {"name": "乙", "max_points": "50", "weight": "1"}]}),
        content_type="application/json")
    assert [c["name"] for c in response.json()["criteria"]] == ["甲", "乙"]
    bad = org.put(f"{base}/calls/{call.pk}/rubric", json.dumps({"criteria": []}), content_type="application/json")
    assert (bad.status_code, bad.json()["detail"]) == (400, "The rubric needs at least one criterion.")
    make_accepted(call, world.college, 2)
    response = org.post(f"{base}/calls/{call.pk}/panel/external", json.dumps(
        {"name": "刘专家", "affiliation": "吉林大学", "email": "liu@example.org"}), content_type="application/json")
    assert response.status_code == 201 and response.json()["password"]
    round_id = Evaluation.objects.get(call=call).rounds.get().pk
    assert org.post(f"{base}/rounds/{round_id}/open").json()["status"] == "open"
    response = org.post(f"{base}/rounds/{round_id}/assignments/auto", json.dumps({"k": 2}),
                        content_type="application/json")
    body = response.json()
    assert (len(body["created"]), sorted(body["short"].values())) == (2, [1, 1])
    progress = org.get(f"{base}/rounds/{round_id}/progress").json()
    assert [(r["assigned"], r["on_panel"]) for r in progress["reviewers"]] == [(2, True)]
    assert org.post(f"{base}/rounds/{round_id}/remind", "{}", content_type="application/json").json() == {
        "reminded": 1}


@pytest.mark.parametrize(("role", "status"), [("college_admin", 404), ("reviewer", 404), ("outsider", 404),
                                              ("org_admin", 200)])
def test_api_evaluation_access(world: Any, client_for: Any, role: str, status: int) -> None:
    evaluation = make_evaluation(make_open_call(world.school), world.user("org_admin"))
    assert client_for(role).get(f"/api/v1/reviews/calls/{evaluation.call_id}/evaluation").status_code == status
