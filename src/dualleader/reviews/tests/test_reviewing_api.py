"""/api/v1/reviews/mine…: the reviewer's endpoints under the page rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..enums import AssignmentStatus, RoundStatus
from ..models import ReviewRound
from .factories import make_assignment, make_reviewer
from .test_scoring_services import Setup, full, setup_review

API = "/api/v1/reviews/mine"


@pytest.fixture
def s(world: Any) -> Setup:
    return setup_review(world)


def post(client: Any, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_list_my_assignments(s: Setup, client_for: Any) -> None:
    response = client_for("reviewer").get(API)
    assert response.status_code == 200
    [row] = response.json()
    assert (row["id"], row["status"], row["can_score"], row["college"]) == (
        s.assignment.pk, AssignmentStatus.ASSIGNED, True, "")
    assert s.application.branch.name not in response.content.decode()


def test_one_assignment_is_masked(s: Setup, client_for: Any) -> None:
    response = client_for("reviewer").get(f"{API}/{s.assignment.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["content"]["branch_name"] == "＊＊＊"
    assert body["content"]["secretary_name"] == "＊＊＊"
    assert s.application.branch.name not in response.content.decode()
    assert [c["id"] for c in body["criteria"]] == [c.pk for c in s.criteria]
    assert body["other_reviews"] is None


@pytest.mark.parametrize(("role", "status"), [("org_admin", 403), ("outsider", 403), ("college_admin", 403)])
def test_one_assignment_refused_to_non_reviewers(s: Setup, client_for: Any, role: str, status: int) -> None:
    assert client_for(role).get(f"{API}/{s.assignment.pk}").status_code == status


def test_other_reviewers_assignment_is_404(world: Any, s: Setup, client_for: Any) -> None:
    other = make_assignment(s.round, make_reviewer(world.school), s.application, s.org)
    client = client_for("reviewer")
    assert client.get(f"{API}/{other.pk}").status_code == 404
    assert post(client, f"{API}/{other.pk}/save", {"scores": {}, "lock_version": 1}).status_code == 404
    assert post(client, f"{API}/{other.pk}/decline", {"reason": "x"}).status_code == 404


def test_save_then_stale_save_is_409(s: Setup, client_for: Any) -> None:
    client = client_for("reviewer")
    first = post(client, f"{API}/{s.assignment.pk}/save", {"scores": full(s, "7"), "comment": "草稿", "lock_version": 1})
    assert first.status_code == 200
    assert (first.json()["lock_version"], first.json()["scores"]) == (2, full(s, "7"))
    stale = post(client, f"{API}/{s.assignment.pk}/save", {"scores": full(s, "1"), "lock_version": 1})
    assert stale.status_code == 409
    s.assignment.refresh_from_db()
    assert s.assignment.scores == full(s, "7")


def test_save_out_of_bounds_is_400_with_the_criterion(s: Setup, client_for: Any) -> None:
    scores = full(s, "5")
    scores[str(s.criteria[0].pk)] = "5.55"
    response = post(client_for("reviewer"), f"{API}/{s.assignment.pk}/save", {"scores": scores, "lock_version": 1})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [str(s.criteria[0].pk)]
    s.assignment.refresh_from_db()
    assert s.assignment.scores == {}


def test_submit_and_it_stays_submitted(s: Setup, client_for: Any) -> None:
    client = client_for("reviewer")
    response = post(client, f"{API}/{s.assignment.pk}/submit", {"scores": full(s, "6"), "comment": "同意"})
    assert response.status_code == 200
    assert response.json()["status"] == AssignmentStatus.SUBMITTED
    again = post(client, f"{API}/{s.assignment.pk}/save", {"scores": full(s, "1"), "lock_version": 2})
    assert again.status_code == 400
    s.assignment.refresh_from_db()
    assert s.assignment.scores == full(s, "6")


def test_submit_in_a_closed_round_is_400(s: Setup, client_for: Any) -> None:
    ReviewRound.objects.filter(pk=s.round.pk).update(status=RoundStatus.CLOSED)
    response = post(client_for("reviewer"), f"{API}/{s.assignment.pk}/submit", {"scores": full(s, "6")})
    assert response.status_code == 400


def test_decline_with_conflict(s: Setup, client_for: Any) -> None:
    response = post(client_for("reviewer"), f"{API}/{s.assignment.pk}/decline",
                    {"reason": "利益相关", "conflict": True})
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.DECLINED
