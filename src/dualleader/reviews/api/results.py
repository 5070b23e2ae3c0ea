"""Endpoints for the results of a review: a round's ranking table, the aggregation method, and the
leading group's decision (集中审议). The same rules as the pages: the Organization Department over the
call's owner only (outside that scope 404; a signed-in user without reviews.manage 403). Refusals are
400 with the page's messages; recording a decision from a stale `version` is 409. Decimals are strings."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from dualleader.apierrors import ErrorOut, refused
from dualleader.units.api import MAX_ID, ObjectId
from dualleader.versioning import StaleEdit, version_of

from ..deciding import decision_record, evaluation_method_set, notice_published
from ..enums import Aggregation
from ..models import Decision, Evaluation
from ..ranking import as_dict, ranking_for
from ..views.common import evaluation_for, round_for

router = Router(tags=["reviews"])
CALL = "/reviews/calls/{call_id}"



class CriterionOut(Schema):
    id: int
    name: str
    max_points: str
    weight: str


class ReviewLineOut(Schema):
    assignment_id: int
    reviewer: str
    status: str
    total: str | None
    points: list[str | None]
    comment: str
    outlier: bool


class RankingRowOut(Schema):
    application_id: int
    title: str
    branch: str
    college: str
    status: str
    rank: int | None
    tied: bool
    score: str | None
    mean: str | None
    criteria_means: list[str | None]
    submitted: int
    assigned: int
    low: str | None
    high: str | None
    outliers: int
    reviews: list[ReviewLineOut]


class RankingOut(Schema):
    round_id: int
    round_kind: str
    method: str
    method_label: str
    full_marks: str
    outlier_threshold: str
    criteria: list[CriterionOut]
    rows: list[RankingRowOut]


class MethodIn(Schema):
    method: str = Field(..., max_length=16, description="mean, trimmed or zscore")


class MethodOut(Schema):
    method: str
    method_label: str


class EntryOut(Schema):
    application_id: int
    rank: int
    score: str | None


class DecisionOut(Schema):
    recorded: bool
    editable: bool
    select_min: int
    select_max: int
    meeting_date: datetime.date | None = None
    meeting_name: str = ""
    minutes: str = ""
    basis: str = ""
    decided_by: str = ""
    updated_at: datetime.datetime | None = None
    version: str = ""
    entries: list[EntryOut] = []


class DecisionIn(Schema):
    meeting_date: datetime.date
    meeting_name: str = Field("", max_length=200)
    minutes: str = Field(..., max_length=20000)
    basis: str = Field(..., max_length=20000)
    application_ids: list[int] = Field(..., max_length=100, description="Selected applications, first-placed first")
    version: str | None = Field(None, max_length=64, description="The `version` read with the decision; a "
                                "stale one is refused with 409")


def _decision_out(evaluation: Evaluation) -> dict[str, Any]:
    call = evaluation.call
    out: dict[str, Any] = {"recorded": False, "editable": not notice_published(evaluation),
                           "select_min": call.select_min, "select_max": call.select_max}
    decision = Decision.objects.filter(evaluation=evaluation).select_related("decided_by__person").first()
    if decision is None:
        return out
    out.update({
        "recorded": True, "meeting_date": decision.meeting_date, "meeting_name": decision.meeting_name,
        "minutes": decision.minutes, "basis": decision.basis, "decided_by": decision.decided_by.display_name,
        "updated_at": timezone.localtime(decision.updated_at), "version": version_of(decision),
        "entries": [{"application_id": e.application_id, "rank": e.rank,
                     "score": None if e.score is None else str(e.score)} for e in decision.entries.order_by("rank")],
    })
    return out


@router.get("/reviews/rounds/{round_id}/ranking", response=RankingOut,
            summary="A round's ranking: score by the evaluation's method, means, flags, ties, each review")
def ranking(request: HttpRequest, round_id: ObjectId) -> dict[str, Any]:
    return as_dict(ranking_for(round_for(request, round_id)))


@router.post(CALL + "/method", response={200: MethodOut, 400: ErrorOut},
             summary="Choose the aggregation method (mean, trimmed mean, z-score)")
def set_method(request: HttpRequest, call_id: ObjectId, payload: MethodIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        evaluation_method_set(evaluation=evaluation, method=payload.method, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, {"method": evaluation.aggregation, "method_label": str(Aggregation(evaluation.aggregation).label)}


@router.get(CALL + "/decision", response=DecisionOut, summary="The leading group's decision (集中审议), if recorded")
def get_decision(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    return _decision_out(evaluation_for(request, call_id))


@router.post(CALL + "/decision", response={200: DecisionOut, 400: ErrorOut, 409: ErrorOut},
             summary="Record the decision: the selected applications in order, the meeting, minutes and basis")
def record_decision(request: HttpRequest, call_id: ObjectId, payload: DecisionIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    if any(not 0 < pk <= MAX_ID for pk in payload.application_ids):
        return 400, {"detail": _("Only applications of this call that are under review can be selected.")}
    try:
        decision_record(evaluation=evaluation, meeting_date=payload.meeting_date, meeting_name=payload.meeting_name,
                        minutes=payload.minutes, basis=payload.basis, application_ids=payload.application_ids,
                        user=request.user, expected_version=payload.version)
    except StaleEdit as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        return refused(exc)
    return 200, _decision_out(evaluation)
