"""Endpoints for setting up a call's review, under the same rules as the pages (views/common.py: a call
outside the caller's Organization Department scope is 404, inside it without the right 403). Refusals
are 400 with the pages' messages. Instants are given in Beijing time (+08:00); instants sent without a
zone are read as Beijing time."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from dualleader.accounts.models import User
from dualleader.apierrors import ErrorOut, refused
from dualleader.applications.models import Application
from dualleader.calls.deadlines import parse_instant
from dualleader.units.api import MAX_ID, ObjectId
from dualleader.units.models import Person

from .. import assigning, panel, setup
from ..enums import EvaluationKind, PanelRole, RoundKind
from ..models import Assignment, Conflict, Evaluation, PanelMember, ReviewRound
from ..progress import progress, reviewers_remind
from ..scores import full_marks
from ..start import evaluation_start
from ..views.common import call_for, evaluation_for, managed, round_for

router = Router(tags=["reviews"])
CALL = "/reviews/calls/{call_id}"
ROUND = "/reviews/rounds/{round_id}"



class CriterionOut(Schema):
    id: int
    order: int
    name: str
    description: str
    max_points: str
    weight: str


class RoundOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    reviewers_per_item: int
    show_names: bool
    show_college: bool
    other_reviews: str


class EvaluationOut(Schema):
    id: int
    call_id: int
    aggregation: str
    show_scores_to_applicants: bool
    show_reviewers_to_applicants: bool
    rubric_locked_at: datetime.datetime | None
    full_marks: str
    criteria: list[CriterionOut]
    rounds: list[RoundOut]
    panel_count: int


class SettingsIn(Schema):
    aggregation: str = Field(..., max_length=16)
    show_scores_to_applicants: bool = False
    show_reviewers_to_applicants: bool = False


class CriterionIn(Schema):
    id: int | None = Field(None, ge=1, le=MAX_ID)
    name: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    max_points: str = Field(..., max_length=20)
    weight: str = Field("1", max_length=20)


class RubricIn(Schema):
    criteria: list[CriterionIn] = Field(..., max_length=setup.MAX_CRITERIA)


class RoundIn(Schema):
    opens_at: str = Field(..., max_length=40)
    closes_at: str = Field(..., max_length=40)
    reviewers_per_item: int = Field(..., ge=1, le=setup.MAX_K)
    show_names: bool = False
    show_college: bool = False
    other_reviews: str = Field("never", max_length=16)


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    username: str
    role: str
    external: bool
    affiliation: str


class MemberIn(Schema):
    person: int | None = Field(None, ge=1, le=MAX_ID)
    account: int | None = Field(None, ge=1, le=MAX_ID)
    role: str = Field(PanelRole.EXPERT, max_length=16)


class ExternalIn(Schema):
    name: str = Field(..., max_length=200)
    affiliation: str = Field(..., max_length=300)
    phone: str = Field("", max_length=64)
    email: str = Field("", max_length=254)
    role: str = Field(PanelRole.EXPERT, max_length=16)


class NewMemberOut(Schema):
    member: MemberOut
    username: str | None
    password: str | None = Field(None, description="Shown once: the new account's temporary password.")


class ConflictIn(Schema):
    reviewer: int = Field(..., ge=1, le=MAX_ID)
    application: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=1000)


class ConflictOut(Schema):
    id: int
    reviewer_id: int
    application_id: int
    reason: str
    source: str


class AssignmentOut(Schema):
    id: int
    reviewer_id: int
    application_id: int
    status: str
    automatic: bool


class AutoIn(Schema):
    k: int | None = Field(None, ge=1, le=50)
    applications: list[int] | None = Field(None, max_length=1000)


class AutoOut(Schema):
    created: list[AssignmentOut]
    short: dict[int, int]


class ManualIn(Schema):
    reviewer: int = Field(..., ge=1, le=MAX_ID)
    application: int = Field(..., ge=1, le=MAX_ID)


class ProgressRowOut(Schema):
    user_id: int
    name: str
    on_panel: bool
    assigned: int
    draft: int
    submitted: int
    declined: int
    overdue: bool


class ProgressOut(Schema):
    round_id: int
    due_soon: bool
    reviewers: list[ProgressRowOut]


class RemindIn(Schema):
    reviewer: int | None = Field(None, ge=1, le=MAX_ID)


class RemindOut(Schema):
    reminded: int



def _evaluation_out(evaluation: Evaluation) -> dict[str, Any]:
    criteria = list(evaluation.criteria.all())
    return {
        "id": evaluation.pk, "call_id": evaluation.call_id, "aggregation": evaluation.aggregation,
        "show_scores_to_applicants": evaluation.show_scores_to_applicants,
        "show_reviewers_to_applicants": evaluation.show_reviewers_to_applicants,
        "rubric_locked_at": timezone.localtime(evaluation.rubric_locked_at) if evaluation.rubric_locked_at else None,
        "full_marks": str(full_marks(criteria)),
        "criteria": [{"id": c.pk, "order": c.order, "name": c.name, "description": c.description,
                      "max_points": str(c.max_points), "weight": str(c.weight)} for c in criteria],
        "rounds": [_round_out(r) for r in evaluation.rounds.all()],
        "panel_count": evaluation.panel.filter(active=True).count()}


def _round_out(r: ReviewRound) -> dict[str, Any]:
    return {"id": r.pk, "kind": r.kind, "kind_label": str(r.get_kind_display()), "status": r.status,
            "status_label": str(r.get_status_display()), "opens_at": timezone.localtime(r.opens_at),
            "closes_at": timezone.localtime(r.closes_at), "reviewers_per_item": r.reviewers_per_item,
            "show_names": r.show_names, "show_college": r.show_college, "other_reviews": r.other_reviews}


def _member_out(m: PanelMember) -> dict[str, Any]:
    return {"id": m.pk, "user_id": m.user_id, "name": m.user.display_name, "username": m.user.username,
            "role": m.role, "external": m.external, "affiliation": m.affiliation}


def _assignment_out(a: Assignment) -> dict[str, Any]:
    return {"id": a.pk, "reviewer_id": a.reviewer_id, "application_id": a.application_id, "status": a.status,
            "automatic": a.automatic}


def _round_values(payload: RoundIn) -> dict[str, Any]:
    opens_at, closes_at = parse_instant(payload.opens_at), parse_instant(payload.closes_at)
    if opens_at is None or closes_at is None:
        raise ValidationError(gettext("Enter the opening and the closing time as a date and a time."))
    return {"opens_at": opens_at, "closes_at": closes_at, "reviewers_per_item": payload.reviewers_per_item,
            "show_names": payload.show_names, "show_college": payload.show_college,
            "other_reviews": payload.other_reviews}


# ---------------------------------------------------------------- evaluation, rubric, rounds

@router.get(CALL + "/evaluation", response=EvaluationOut, summary="A call's review set-up")
def get_evaluation(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    return _evaluation_out(evaluation_for(request, call_id))


@router.post(CALL + "/evaluation", response={200: EvaluationOut, 400: ErrorOut},
             summary="Set up the call's review (default rubric and a remote round); idempotent")
def start_evaluation(request: HttpRequest, call_id: ObjectId) -> Any:
    call = call_for(request, call_id)
    try:
        evaluation = evaluation_start(call=call, user=request.user, kind=EvaluationKind.SELECTION)
    except ValidationError as exc:
        return refused(exc)
    return _evaluation_out(evaluation)


@router.put(CALL + "/settings", response={200: EvaluationOut, 400: ErrorOut},
            summary="Aggregation method and what applicants see")
def put_settings(request: HttpRequest, call_id: ObjectId, payload: SettingsIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        evaluation = setup.evaluation_settings_save(evaluation=evaluation, user=request.user, **payload.dict())
    except ValidationError as exc:
        return refused(exc)
    return _evaluation_out(evaluation)


@router.put(CALL + "/rubric", response={200: EvaluationOut, 400: ErrorOut},
            summary="Replace the rubric (refused once the first score was saved)")
def put_rubric(request: HttpRequest, call_id: ObjectId, payload: RubricIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        setup.rubric_save(evaluation=evaluation, user=request.user,
                          criteria=[setup.CriterionIn(**c.dict()) for c in payload.criteria])
    except ValidationError as exc:
        return refused(exc)
    return _evaluation_out(evaluation)


@router.post(CALL + "/rounds", response={201: RoundOut, 400: ErrorOut}, summary="Create the presentation round")
def post_round(request: HttpRequest, call_id: ObjectId, payload: RoundIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        created = setup.round_save(evaluation=evaluation, kind=RoundKind.PRESENTATION, user=request.user,
                                   **_round_values(payload))
    except ValidationError as exc:
        return refused(exc)
    return 201, _round_out(created)


@router.put(ROUND, response={200: RoundOut, 400: ErrorOut}, summary="Change a round's window and switches")
def put_round(request: HttpRequest, round_id: ObjectId, payload: RoundIn) -> Any:
    round_ = round_for(request, round_id)
    try:
        saved = setup.round_save(evaluation=round_.evaluation, round=round_, user=request.user,
                                 **_round_values(payload))
    except ValidationError as exc:
        return refused(exc)
    return _round_out(saved)


@router.post(ROUND + "/open", response={200: RoundOut, 400: ErrorOut}, summary="Open a round for scoring")
def open_round(request: HttpRequest, round_id: ObjectId) -> Any:
    round_ = round_for(request, round_id)
    try:
        return _round_out(setup.round_open(round=round_, user=request.user))
    except ValidationError as exc:
        return refused(exc)


@router.post(ROUND + "/close", response={200: RoundOut, 400: ErrorOut}, summary="Close a round")
def close_round(request: HttpRequest, round_id: ObjectId) -> Any:
    round_ = round_for(request, round_id)
    try:
        return _round_out(setup.round_close(round=round_, user=request.user))
    except ValidationError as exc:
        return refused(exc)


# ---------------------------------------------------------------- panel and conflicts

@router.get(CALL + "/panel", response=list[MemberOut], summary="The review panel")
def get_panel(request: HttpRequest, call_id: ObjectId) -> list[dict[str, Any]]:
    evaluation = evaluation_for(request, call_id)
    return [_member_out(m) for m in evaluation.panel.select_related("user__person").order_by("role", "pk")]


@router.post(CALL + "/panel", response={201: NewMemberOut, 400: ErrorOut},
             summary="Add a person of the university (by person or account id)")
def post_panel(request: HttpRequest, call_id: ObjectId, payload: MemberIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    person = account = None
    if payload.account is not None:
        account = get_object_or_404(User, pk=payload.account, person__unit__path__startswith=evaluation.owner.path)
    elif payload.person is not None:
        person = get_object_or_404(Person, pk=payload.person, unit__path__startswith=evaluation.owner.path)
    try:
        member, password = panel.panel_add(evaluation=evaluation, account=account, person=person,
                                           role=payload.role, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 201, {"member": _member_out(member), "username": member.user.username if password else None,
                 "password": password}


@router.post(CALL + "/panel/external", response={201: NewMemberOut, 400: ErrorOut},
             summary="Add an external expert: a new account whose password is returned once")
def post_external(request: HttpRequest, call_id: ObjectId, payload: ExternalIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        member, password = panel.panel_add_external(evaluation=evaluation, user=request.user, **payload.dict())
    except ValidationError as exc:
        return refused(exc)
    return 201, {"member": _member_out(member), "username": member.user.username, "password": password}


@router.delete("/reviews/panel/{member_id}", response={204: None, 400: ErrorOut}, summary="Take off the panel")
def delete_member(request: HttpRequest, member_id: ObjectId) -> Any:
    member = managed(request, PanelMember, member_id, "evaluation__call")
    try:
        panel.panel_remove(member=member, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 204, None


@router.get(CALL + "/conflicts", response=list[ConflictOut], summary="Conflicts of interest")
def get_conflicts(request: HttpRequest, call_id: ObjectId) -> list[Conflict]:
    return list(Conflict.objects.filter(evaluation=evaluation_for(request, call_id)))


@router.post(CALL + "/conflicts", response={201: ConflictOut, 400: ErrorOut}, summary="Record a conflict")
def post_conflict(request: HttpRequest, call_id: ObjectId, payload: ConflictIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    reviewer = get_object_or_404(User, pk=payload.reviewer, panel_memberships__evaluation=evaluation)
    application = get_object_or_404(Application, pk=payload.application, call=evaluation.call)
    try:
        conflict = panel.conflict_record(evaluation=evaluation, reviewer=reviewer, application=application,
                                         reason=payload.reason, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 201, conflict


@router.delete("/reviews/conflicts/{conflict_id}", response={204: None, 400: ErrorOut},
               summary="Remove a recorded conflict")
def delete_conflict(request: HttpRequest, conflict_id: ObjectId) -> Any:
    conflict = managed(request, Conflict, conflict_id, "evaluation__call")
    try:
        panel.conflict_remove(conflict=conflict, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 204, None


# ---------------------------------------------------------------- assignment and progress

@router.get(ROUND + "/assignments", response=list[AssignmentOut], summary="A round's assignments")
def get_assignments(request: HttpRequest, round_id: ObjectId) -> list[dict[str, Any]]:
    round_ = round_for(request, round_id)
    return [_assignment_out(a) for a in Assignment.objects.filter(round=round_).order_by("application_id", "pk")]


@router.post(ROUND + "/assignments/auto", response={200: AutoOut, 400: ErrorOut},
             summary="Assign automatically: k per application, balanced; shortfalls returned")
def post_auto(request: HttpRequest, round_id: ObjectId, payload: AutoIn) -> Any:
    round_ = round_for(request, round_id)
    try:
        result = assigning.assign_auto(round=round_, k=payload.k, application_ids=payload.applications,
                                       user=request.user)
    except ValidationError as exc:
        return refused(exc)
    pairs = set(result.pairs)
    created = [a for a in Assignment.objects.filter(round=round_, automatic=True).order_by("pk")
               if (a.application_id, a.reviewer_id) in pairs]
    return {"created": [_assignment_out(a) for a in created], "short": result.short}


@router.post(ROUND + "/assignments", response={201: AssignmentOut, 400: ErrorOut}, summary="Assign by hand")
def post_assignment(request: HttpRequest, round_id: ObjectId, payload: ManualIn) -> Any:
    round_ = round_for(request, round_id)
    reviewer = get_object_or_404(User, pk=payload.reviewer, panel_memberships__evaluation=round_.evaluation)
    application = get_object_or_404(Application, pk=payload.application, call_id=round_.evaluation.call_id)
    try:
        created = assigning.assign_manual(round=round_, reviewer=reviewer, application=application,
                                          user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 201, _assignment_out(created)


@router.delete("/reviews/assignments/{assignment_id}", response={204: None, 400: ErrorOut},
               summary="Take back an unstarted review")
def delete_assignment(request: HttpRequest, assignment_id: ObjectId) -> Any:
    assignment = managed(request, Assignment, assignment_id, "round__evaluation__call")
    try:
        assigning.unassign(assignment=assignment, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 204, None


@router.get(ROUND + "/progress", response=ProgressOut, summary="Who has scored what")
def get_progress(request: HttpRequest, round_id: ObjectId) -> dict[str, Any]:
    data = progress(round_for(request, round_id))
    return {"round_id": round_id, "due_soon": data.due_soon, "reviewers": [
        {"user_id": r.user.pk, "name": r.user.display_name, "on_panel": r.member is not None,
         "assigned": r.assigned, "draft": r.draft, "submitted": r.submitted, "declined": r.declined,
         "overdue": r.overdue} for r in data.rows]}


@router.post(ROUND + "/remind", response={200: RemindOut, 400: ErrorOut},
             summary="Remind reviewers with unfinished reviews (all, or one)")
def post_remind(request: HttpRequest, round_id: ObjectId, payload: RemindIn) -> Any:
    round_ = round_for(request, round_id)
    reviewer = None
    if payload.reviewer is not None:
        reviewer = get_object_or_404(User, pk=payload.reviewer,
                                     pk__in=Assignment.objects.filter(round=round_).values("reviewer"))
    try:
        return {"reminded": reviewers_remind(round=round_, reviewer=reviewer, user=request.user)}
    except ValidationError as exc:
        return refused(exc)
