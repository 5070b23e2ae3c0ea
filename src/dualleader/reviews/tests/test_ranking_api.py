"""/api/v1/reviews/…: the ranking, the method and the decision, under the page rules."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from ..enums import Aggregation, NoticeStatus
from ..models import Decision, PublicNotice
from .factories import make_assignment
from .test_ranking import Results, make_results

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids

YESTERDAY = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()



@pytest.fixture
def r(world: Any) -> Results:
    r = make_results(world, 3, 4, Aggregation.MEAN)
    for reviewer, total in enumerate([80, 82, 84, 61]):
        r.review(0, reviewer, total)
    r.review(1, 0, 90)
    r.review(2, 0, 90)
    return r


def post(client: Any, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(payload), content_type="application/json")


def call_url(r: Results, tail: str) -> str:
    return f"/api/v1/reviews/calls/{r.evaluation.call_id}/{tail}"


def test_ranking_json(r: Results, client_for: Any) -> None:
    response = client_for("org_admin").get(f"/api/v1/reviews/rounds/{r.round.pk}/ranking")
    assert response.status_code == 200
    body = response.json()
    assert (body["method"], body["full_marks"], body["outlier_threshold"]) == ("mean", "100.00", "20.00")
    assert [(row["application_id"], row["rank"], row["tied"], row["score"]) for row in body["rows"]] == [
        (r.apps[1].pk, 1, True, "90.00"), (r.apps[2].pk, 1, True, "90.00"), (r.apps[0].pk, 3, False, "76.75")]
    last = body["rows"][2]
    assert (last["submitted"], last["assigned"], last["outliers"]) == (4, 4, 1)
    assert [x["outlier"] for x in last["reviews"]] == [False, False, False, True]
    assert last["reviews"][3]["reviewer"] == "评审专家3"


@pytest.mark.parametrize(("role", "status"), [("reviewer", 404), ("outsider", 404), ("college_admin", 404),
                                              ("org_admin", 200)])
def test_ranking_json_access(r: Results, client_for: Any, role: str, status: int) -> None:
    make_assignment(r.round, r.reviewers[1], r.apps[1], r.org)
    assert client_for(role).get(f"/api/v1/reviews/rounds/{r.round.pk}/ranking").status_code == status


def test_assigned_reviewer_cannot_read_the_ranking(r: Results, client: Any) -> None:
    client.force_login(r.reviewers[0])
    assert client.get(f"/api/v1/reviews/rounds/{r.round.pk}/ranking").status_code == 404
    assert client.get(call_url(r, "decision")).status_code == 404


def test_method_set_and_refused(r: Results, client_for: Any) -> None:
    client = client_for("org_admin")
    response = post(client, call_url(r, "method"), {"method": "zscore"})
    assert response.status_code == 200 and response.json()["method"] == "zscore"
    response = post(client, call_url(r, "method"), {"method": "median"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Choose one of the aggregation methods offered."


def test_decision_get_record_stale_and_locked(r: Results, client_for: Any) -> None:
    client = client_for("org_admin")
    body = client.get(call_url(r, "decision")).json()
    assert (body["recorded"], body["editable"], body["select_min"], body["select_max"]) == (False, True, 2, 5)
    payload = {"meeting_date": YESTERDAY, "minutes": "纪要", "basis": "排名",
               "application_ids": [r.apps[2].pk, r.apps[1].pk]}
    response = post(client, call_url(r, "decision"), payload)
    assert response.status_code == 200
    body = response.json()
    assert [(e["application_id"], e["rank"], e["score"]) for e in body["entries"]] == [
        (r.apps[2].pk, 1, "90.00"), (r.apps[1].pk, 2, "90.00")]
    version = body["version"]
    assert post(client, call_url(r, "decision"), {**payload, "version": "2000-01-01T00:00:00+00:00"}
                ).status_code == 409
    assert post(client, call_url(r, "decision"), {**payload, "version": version}).status_code == 200
    PublicNotice.objects.create(decision=Decision.objects.get(), title="公示", body="…",
                                status=NoticeStatus.PUBLISHED)
    response = post(client, call_url(r, "decision"), payload)
    assert response.status_code == 400
    assert response.json()["detail"] == "The public notice has been published; the decision can no longer be changed."
    assert client.get(call_url(r, "decision")).json()["editable"] is False


@pytest.mark.parametrize(("ids", "detail"), [
    ([1], "The call selects between 2 and 5 studios; 1 were chosen."),
    ([0, -5], "Only applications of this call that are under review can be selected."),
    ([2**70, 1], "Only applications of this call that are under review can be selected."),
])
def test_decision_bad_ids_are_400(r: Results, client_for: Any, ids: list[int], detail: str) -> None:
    response = post(client_for("org_admin"), call_url(r, "decision"),
                    {"meeting_date": YESTERDAY, "minutes": "纪要", "basis": "排名", "application_ids": ids})
    assert response.status_code == 400 and response.json()["detail"] == detail
    assert not Decision.objects.exists()


def test_decision_malformed_date_is_422(r: Results, client_for: Any) -> None:
    response = post(client_for("org_admin"), call_url(r, "decision"),
                    {"meeting_date": "2026-02-30", "minutes": "纪要", "basis": "排名", "application_ids": []})
    assert response.status_code == 422
