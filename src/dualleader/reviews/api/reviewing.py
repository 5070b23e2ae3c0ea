"""Endpoints for the reviewer (评审专家), under the same rules as the pages: only the caller's own
assignments (anything else 404; a caller without the reviewer role 403). The application's content is
masked as the round requires (reviews/reviewer.py). Refusals are 400 with the page's messages; a save
from a stale lock_version is 409. Instants are in Beijing time (+08:00)."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from dualleader.applications.views.common import messages_of, require
from dualleader.calls.deadlines import local
from dualleader.units.api import ObjectId

from ..models import Assignment
from ..reviewer import queue, review_view
from ..scoring import StaleReview, review_decline, review_save, review_submit
from ..views.common import assignment_for

router = Router(tags=["reviews"])
BASE = "/reviews/mine"
ONE = BASE + "/{assignment_id}"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


class AssignmentOut(Schema):
    id: int
    round_id: int
    round_kind: str
    round_label: str
    call_id: int
    call_name: str
    label: str
    college: str
    status: str
    status_label: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    overdue: bool
    can_score: bool
    total: str | None
    saved_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    declined_at: datetime.datetime | None
    decline_reason: str


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    max_points: str
    weight: str


class AttachmentOut(Schema):
    id: int
    name: str
    description: str
    size: int
    content_type: str
    url: str


class OtherReviewOut(Schema):
    reviewer: str
    points: list[str | None]
    total: str | None
    comment: str


class ReviewOut(AssignmentOut):
    lock_version: int
    version_number: int | None
    title: str
    content: dict[str, Any]
    form: dict[str, Any]
    attachments: list[AttachmentOut]
    criteria: list[CriterionOut]
    scores: dict[str, str]
    comment: str
    full_marks: str
    other_reviews: list[OtherReviewOut] | None


class SaveIn(Schema):
    scores: dict[str, str | float | int | None] = Field(default_factory=dict)
    comment: str = Field("", max_length=20000)
    lock_version: int = Field(..., ge=0, le=2**31)


class SubmitIn(Schema):
    scores: dict[str, str | float | int | None] | None = None
    comment: str | None = Field(None, max_length=20000)
    lock_version: int | None = Field(None, ge=0, le=2**31)


class DeclineIn(Schema):
    reason: str = Field("", max_length=2000)
    conflict: bool = False


class DeclineOut(Schema):
    id: int
    status: str
    replaced_by_another_reviewer: bool



def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _row(a: Assignment, label: str, college: str, overdue: bool, can_score: bool) -> dict[str, Any]:
    r = a.round
    return {"id": a.pk, "round_id": r.pk, "round_kind": r.kind, "round_label": str(r.get_kind_display()),
            "call_id": r.evaluation.call_id, "call_name": r.evaluation.call.name, "label": label,
            "college": college, "status": a.status, "status_label": str(a.get_status_display()),
            "opens_at": local(r.opens_at), "closes_at": local(r.closes_at), "overdue": overdue,
            "can_score": can_score, "total": _text(a.total), "saved_at": local(a.saved_at),
            "submitted_at": local(a.submitted_at), "declined_at": local(a.declined_at),
            "decline_reason": a.decline_reason}


def _review_out(assignment: Assignment) -> dict[str, Any]:
    fresh = Assignment.objects.select_related("round__evaluation__call", "application").get(pk=assignment.pk)
    view = review_view(fresh)
    a = view.assignment
    out = _row(a, view.label, view.college, view.overdue, view.can_score)
    out.update({
        "lock_version": a.lock_version, "version_number": view.version.number if view.version else None,
        "title": view.title, "content": view.data, "form": view.version.form.schema if view.version else {},
        "attachments": [{**x, "url": reverse("reviews:attachment", args=[a.pk, x["id"]])} for x in view.attachments],
        "criteria": [{"id": c.pk, "name": c.name, "description": c.description, "max_points": str(c.max_points),
                      "weight": str(c.weight)} for c in view.criteria],
        "scores": {str(k): str(v) for k, v in (a.scores or {}).items()}, "comment": a.comment,
        "full_marks": str(view.full_marks),
        "other_reviews": None if view.others is None else [
            {"reviewer": o.label, "points": [_text(p) for p in o.points], "total": _text(o.total),
             "comment": o.comment} for o in view.others],
    })
    return out


def _refused(exc: ValidationError) -> tuple[int, dict[str, Any]]:
    errors = ({k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}
              if hasattr(exc, "error_dict") else {})
    return 400, {"detail": " ".join(messages_of(exc)), "errors": errors}


def _scores(raw: dict[str, Any] | None) -> dict[str, str] | None:
    if raw is None:
        return None
    return {str(k): "" if v is None else str(v) for k, v in raw.items()}


@router.get(BASE, response=list[AssignmentOut], summary="The caller's review assignments, all rounds")
def my_assignments(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, "reviews.queue")
    mine = queue(request.user)
    rows = [r for g in mine.rounds for r in g.rows] + mine.declined
    return [_row(r.assignment, r.label, r.college, r.overdue, r.can_score) for r in rows]


@router.get(ONE, response=ReviewOut, summary="One assignment: the masked 申报书, the rubric, the scores so far")
def my_assignment(request: HttpRequest, assignment_id: ObjectId) -> dict[str, Any]:
    return _review_out(assignment_for(request, assignment_id))


@router.post(ONE + "/save", response={200: ReviewOut, 400: ErrorOut, 409: ErrorOut},
             summary="Save the draft (scores by criterion id, comment); 409 when lock_version is stale")
def save_review(request: HttpRequest, assignment_id: ObjectId, payload: SaveIn) -> Any:
    assignment = assignment_for(request, assignment_id)
    try:
        review_save(assignment=assignment, scores=_scores(payload.scores) or {}, comment=payload.comment,
                    expected_lock_version=payload.lock_version, user=request.user)
    except StaleReview as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        return _refused(exc)
    return 200, _review_out(assignment)


@router.post(ONE + "/submit", response={200: ReviewOut, 400: ErrorOut, 409: ErrorOut},
             summary="Submit the review (every criterion scored); it cannot be changed afterwards")
def submit_review(request: HttpRequest, assignment_id: ObjectId, payload: SubmitIn) -> Any:
    assignment = assignment_for(request, assignment_id)
    try:
        review_submit(assignment=assignment, scores=_scores(payload.scores), comment=payload.comment,
                      expected_lock_version=payload.lock_version, user=request.user)
    except StaleReview as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        return _refused(exc)
    return 200, _review_out(assignment)


@router.post(ONE + "/decline", response={200: DeclineOut, 400: ErrorOut},
             summary="Decline the review with a reason, optionally declaring a conflict of interest")
def decline_review(request: HttpRequest, assignment_id: ObjectId, payload: DeclineIn) -> Any:
    assignment = assignment_for(request, assignment_id)
    try:
        replacement = review_decline(assignment=assignment, reason=payload.reason, conflict=payload.conflict,
                                     user=request.user)
    except ValidationError as exc:
        return _refused(exc)
    return 200, {"id": assignment.pk, "status": "declined", "replaced_by_another_reviewer": replacement is not None}
