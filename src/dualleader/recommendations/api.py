"""Endpoints for the college's recommendation (学院推荐) and the Organization Department's receipt desk
(受理与资格审查). The same scope and rules as the pages: a college outside the caller's colleges, or an
application outside the caller's scope, is 404; inside it without the right is 403. Every write goes
through recommendations/services.py or receipt.py; their refusals are 400 with the same messages the
pages show, a stale ranking or opinion is 409. Instants are given in Beijing time (+08:00)."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from dualleader.apierrors import ErrorOut, refused
from dualleader.applications.models import Application
from dualleader.applications.selectors import visible_applications
from dualleader.applications.views.common import require
from dualleader.calls.deadlines import beijing, deadline_for, local, parse_instant
from dualleader.calls.eligibility import evaluate, is_eligible
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.calls.selectors import PUBLIC_STATUSES
from dualleader.units.api import MAX_ID, ObjectId
from dualleader.units.enums import PositionRole
from dualleader.units.models import Position, Unit
from dualleader.units.selectors import visible_units

from . import receipt, services
from .board import board
from .models import PaperReceipt, Recommendation
from .selectors import college_applications, college_of, colleges_of_call, managed_colleges

router = Router(tags=["recommendations"])
BASE = "/recommendations"


# ---------------------------------------------------------------- schemas


class CollegeApplicationOut(Schema):
    id: int
    branch_id: int
    branch_name: str
    secretary: str | None
    title: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    fix_by: datetime.datetime | None
    eligible: bool


class EntryOut(Schema):
    application: int
    rank: int


class ListOut(Schema):
    status: str
    status_label: str
    opinion: str
    attested: list[int]
    lock_version: int
    submitted_at: datetime.datetime | None
    entries: list[EntryOut]


class CollegeOut(Schema):
    call_id: int
    college_id: int
    college_name: str
    quota: int
    deadline: datetime.datetime
    deadline_label: str
    applications: list[CollegeApplicationOut]
    list: ListOut


class ReasonIn(Schema):
    reason: str = Field("", max_length=5000)


class ReorderIn(Schema):
    order: list[int] = Field(..., max_length=1000)
    lock_version: int = Field(..., ge=0, le=MAX_ID)


class SaveIn(Schema):
    opinion: str = Field("", max_length=5000)
    attested: list[int] = Field(default_factory=list, max_length=1000)
    lock_version: int | None = Field(None, ge=0, le=MAX_ID)


class BoardRowOut(Schema):
    college_id: int
    college_name: str
    state: str
    state_label: str
    applications: int
    endorsed: int
    on_list: int
    quota: int
    accepted: int
    returned_by_school: int
    deadline: datetime.datetime
    deadline_label: str
    extended: bool
    submitted_at: datetime.datetime | None


class BoardOut(Schema):
    call_id: int
    totals: dict[str, int]
    colleges: list[BoardRowOut]


class CheckItemOut(Schema):
    key: str
    label: str
    passed: bool
    detail: str


class PaperOut(Schema):
    received_on: datetime.date
    note: str


class CheckOut(Schema):
    id: int
    call_id: int
    branch_id: int
    branch_name: str
    title: str
    status: str
    status_label: str
    fix_by: datetime.datetime | None
    rank: int | None
    items: list[CheckItemOut]
    paper: PaperOut | None


class PaperIn(Schema):
    received_on: str = Field(..., max_length=40)
    note: str = Field("", max_length=200)


class ReturnToCollegeIn(Schema):
    reason: str = Field("", max_length=5000)
    fix_by: str = Field(..., max_length=60)


class ExtensionIn(Schema):
    unit: int = Field(..., ge=1, le=MAX_ID)
    deadline: str = Field(..., max_length=60)
    reason: str = Field("", max_length=2000)


class ExtensionOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    deadline: datetime.datetime
    deadline_label: str
    reason: str
    granted_by: str
    granted_at: datetime.datetime
    in_force: bool


# ---------------------------------------------------------------- helpers



def _bad(message: str) -> tuple[int, dict[str, Any]]:
    return 400, {"detail": message}


def _call(call_id: int) -> Call:
    return get_object_or_404(Call.objects.filter(status__in=PUBLIC_STATUSES).select_related("owner"), pk=call_id)


def _college(request: HttpRequest, call_id: int, unit_id: int, perm: str = "recommendations.view_college",
             ) -> tuple[Call, Unit]:
    """The call and one of the caller's colleges under it (else 404); the caller must hold `perm` on it
    (else 403)."""
    require(request, "recommendations.browse")
    call = _call(call_id)
    college = get_object_or_404(managed_colleges(request.user).filter(path__startswith=call.owner.path)
                                .exclude(pk=call.owner_id), pk=unit_id)
    require(request, perm, college)
    return call, college


def _college_application(request: HttpRequest, pk: int, perm: str = "recommendations.act",
                         ) -> tuple[Application, Unit]:
    """An application of one of the caller's colleges (else 404), on which the caller holds `perm`."""
    require(request, "recommendations.browse")
    application = get_object_or_404(
        Application.objects.filter(call__status__in=PUBLIC_STATUSES).select_related("call", "branch"), pk=pk)
    college = college_of(application.branch)
    if college is None or not managed_colleges(request.user).filter(pk=college.pk).exists():
        raise Http404
    require(request, perm, application)
    return application, college


def _received_application(request: HttpRequest, pk: int) -> Application:
    """An application in the caller's scope (else 404) that the caller receives for the university
    (else 403)."""
    application = get_object_or_404(
        visible_applications(request.user).select_related("call", "branch"), pk=pk)
    require(request, "recommendations.receive", application)
    return application


def _desk_call(request: HttpRequest, call_id: int) -> Call:
    require(request, "recommendations.desk")
    call = get_object_or_404(Call.objects.select_related("owner"), pk=call_id)
    if not request.user.has_perm("recommendations.receive", call):
        raise Http404
    return call


def _secretaries(on: datetime.date) -> Prefetch:
    """Each branch's current secretary with their academic roles, for the eligibility rules (as the
    workbench page reads them)."""
    return Prefetch("positions", to_attr="current_secretaries",
                    queryset=Position.objects.current(on).filter(role=PositionRole.SECRETARY)
                    .select_related("person").prefetch_related("person__academic_roles"))


def _college_out(call: Call, college: Unit) -> dict[str, Any]:
    """The college's applications and its list, in a fixed number of queries."""
    call = Call.objects.prefetch_related("rules").get(pk=call.pk)
    deadline = deadline_for(call, college)
    as_of = timezone.localdate(deadline)
    applications = list(college_applications(call, college).select_related("branch", "secretary")
                        .order_by("branch__path", "-created_at"))
    branches = {b.pk: b for b in Unit.objects.filter(pk__in={a.branch_id for a in applications})
                .prefetch_related(_secretaries(timezone.localdate()))}
    recommendation = (Recommendation.objects.filter(call=call, unit=college).first()
                      or Recommendation(call=call, unit=college))
    entries = (list(recommendation.entries.order_by("rank").values("application_id", "rank"))
               if recommendation.pk else [])
    rows = []
    for a in applications:
        posts = branches[a.branch_id].current_secretaries  # type: ignore[attr-defined]
        secretary = posts[0].person if posts else None
        rows.append({
            "id": a.pk, "branch_id": a.branch_id, "branch_name": a.branch.name,
            "secretary": (secretary or a.secretary).name if (secretary or a.secretary_id) else None,
            "title": a.title, "status": a.status, "status_label": str(a.get_status_display()),
            "submitted_at": local(a.submitted_at), "fix_by": local(a.fix_by),
            "eligible": secretary is not None and is_eligible(
                evaluate(call, branches[a.branch_id], secretary=secretary, as_of=as_of)),
        })
    return {
        "call_id": call.pk, "college_id": college.pk, "college_name": college.name, "quota": call.college_quota,
        "deadline": local(deadline), "deadline_label": beijing(deadline), "applications": rows,
        "list": {
            "status": recommendation.status, "status_label": str(recommendation.get_status_display()),
            "opinion": recommendation.opinion, "attested": list(recommendation.attested or []),
            "lock_version": recommendation.lock_version, "submitted_at": local(recommendation.submitted_at),
            "entries": [{"application": e["application_id"], "rank": e["rank"]} for e in entries],
        },
    }


def _check_out(application: Application) -> dict[str, Any]:
    application = Application.objects.select_related("call", "branch").get(pk=application.pk)
    entry = getattr(application, "recommendation_entry", None)
    paper = PaperReceipt.objects.filter(application=application).first()
    return {
        "id": application.pk, "call_id": application.call_id, "branch_id": application.branch_id,
        "branch_name": application.branch.name, "title": application.title, "status": application.status,
        "status_label": str(application.get_status_display()), "fix_by": local(application.fix_by),
        "rank": entry.rank if entry is not None else None,
        "items": [asdict(i) for i in receipt.checklist(application)],
        "paper": {"received_on": paper.received_on, "note": paper.note} if paper else None,
    }


def _extension_out(extension: DeadlineExtension, in_force: bool) -> dict[str, Any]:
    user = extension.granted_by
    return {"id": extension.pk, "unit_id": extension.unit_id, "unit_name": extension.unit.name,
            "deadline": local(extension.deadline), "deadline_label": beijing(extension.deadline),
            "reason": extension.reason, "granted_by": user.display_name or user.username,
            "granted_at": local(extension.granted_at), "in_force": in_force}


# ---------------------------------------------------------------- the college

COLLEGE = BASE + "/{call_id}/colleges/{unit_id}"
APPLICATION = BASE + "/applications/{application_id}"


@router.get(COLLEGE, response=CollegeOut, summary="A college's applications to a call and its list")
def get_college_recommendation(request: HttpRequest, call_id: ObjectId, unit_id: ObjectId) -> dict[str, Any]:
    call, college = _college(request, call_id, unit_id)
    return _college_out(call, college)


@router.post(COLLEGE + "/reorder", response={200: CollegeOut, 400: ErrorOut, 409: ErrorOut},
             summary="Rank the list: `order` lists its application ids, first-ranked first")
def reorder_recommendation(request: HttpRequest, call_id: ObjectId, unit_id: ObjectId, payload: ReorderIn) -> Any:
    call, college = _college(request, call_id, unit_id, "recommendations.act")
    try:
        services.recommendation_reorder(recommendation=Recommendation(call=call, unit=college),
                                        order=payload.order, expected_lock_version=payload.lock_version, user=request.user)
    except services.StaleRanking as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        return refused(exc)
    return 200, _college_out(call, college)


@router.post(COLLEGE + "/save", response={200: CollegeOut, 400: ErrorOut, 409: ErrorOut},
             summary="Keep the college opinion and the confirmed attestations")
def save_recommendation(request: HttpRequest, call_id: ObjectId, unit_id: ObjectId, payload: SaveIn) -> Any:
    call, college = _college(request, call_id, unit_id, "recommendations.act")
    try:
        services.recommendation_save(recommendation=Recommendation(call=call, unit=college),
                                     opinion=payload.opinion, attested=payload.attested, expected_lock_version=payload.lock_version,
                                     user=request.user)
    except services.StaleRanking as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        return refused(exc)
    return 200, _college_out(call, college)


@router.post(COLLEGE + "/submit", response={200: CollegeOut, 400: ErrorOut},
             summary="Send the list to the university")
def submit_recommendation(request: HttpRequest, call_id: ObjectId, unit_id: ObjectId) -> Any:
    call, college = _college(request, call_id, unit_id, "recommendations.act")
    try:
        services.recommendation_submit(recommendation=Recommendation(call=call, unit=college), user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _college_out(call, college)


@router.post(COLLEGE + "/withdraw", response={200: CollegeOut, 400: ErrorOut},
             summary="Take the sent list back, before the deadline")
def withdraw_recommendation(request: HttpRequest, call_id: ObjectId, unit_id: ObjectId, payload: ReasonIn) -> Any:
    call, college = _college(request, call_id, unit_id, "recommendations.act")
    try:
        services.recommendation_withdraw(recommendation=Recommendation(call=call, unit=college),
                                         reason=payload.reason, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _college_out(call, college)


def _act(request: HttpRequest, application_id: int, action: Any, **kwargs: Any) -> Any:
    application, college = _college_application(request, application_id)
    try:
        action(application=application, user=request.user, **kwargs)
    except ValidationError as exc:
        return refused(exc)
    return 200, _college_out(application.call, college)


@router.post(APPLICATION + "/return", response={200: CollegeOut, 400: ErrorOut},
             summary="Return the application to its branch for revision, with a reason")
def return_application_to_branch(request: HttpRequest, application_id: ObjectId, payload: ReasonIn) -> Any:
    return _act(request, application_id, services.application_return, reason=payload.reason)


@router.post(APPLICATION + "/endorse", response={200: CollegeOut, 400: ErrorOut},
             summary="Endorse the application (同意推荐)")
def endorse_application(request: HttpRequest, application_id: ObjectId) -> Any:
    return _act(request, application_id, services.application_endorse)


@router.post(APPLICATION + "/include", response={200: CollegeOut, 400: ErrorOut},
             summary="Put an endorsed application on the college's list, last")
def include_application(request: HttpRequest, application_id: ObjectId) -> Any:
    return _act(request, application_id, services.recommendation_include)


@router.post(APPLICATION + "/exclude", response={200: CollegeOut, 400: ErrorOut},
             summary="Take the application off the college's list")
def exclude_application(request: HttpRequest, application_id: ObjectId) -> Any:
    return _act(request, application_id, services.recommendation_exclude)


@router.post(APPLICATION + "/resend", response={200: CollegeOut, 400: ErrorOut},
             summary="Send an application the university returned back to it")
def resend_application(request: HttpRequest, application_id: ObjectId) -> Any:
    return _act(request, application_id, services.application_resend)


# ---------------------------------------------------------------- the receipt desk

@router.get(BASE + "/{call_id}/desk", response=BoardOut, summary="Where every college of the call stands")
def get_receipt_desk(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    call = _desk_call(request, call_id)
    result = board(call)
    return {"call_id": call.pk, "totals": result.totals, "colleges": [{
        "college_id": row.college.pk, "college_name": row.college.name, "state": row.state,
        "state_label": row.state_label, "applications": row.applications, "endorsed": row.endorsed,
        "on_list": row.on_list, "quota": row.quota, "accepted": row.accepted,
        "returned_by_school": row.returned_by_school, "deadline": local(row.deadline),
        "deadline_label": beijing(row.deadline), "extended": row.extension is not None,
        "submitted_at": local(row.submitted_at)} for row in result.rows]}


@router.get(APPLICATION + "/check", response=CheckOut, summary="The formal-check list of an application")
def get_formal_check(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    return _check_out(_received_application(request, application_id))


@router.post(APPLICATION + "/paper", response={200: CheckOut, 400: ErrorOut},
             summary="Record the day the stamped paper copy was received")
def record_paper_receipt(request: HttpRequest, application_id: ObjectId, payload: PaperIn) -> Any:
    application = _received_application(request, application_id)
    try:
        received_on = parse_date(payload.received_on.strip())
    except ValueError:
        received_on = None
    if received_on is None:
        return _bad(gettext("Give the day the paper copy was received as YYYY-MM-DD."))
    try:
        receipt.paper_receipt_record(application=application, received_on=received_on, note=payload.note,
                                     user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _check_out(application)


@router.post(APPLICATION + "/accept", response={200: CheckOut, 400: ErrorOut},
             summary="Accept the application at the formal check")
def accept_application(request: HttpRequest, application_id: ObjectId) -> Any:
    application = _received_application(request, application_id)
    try:
        receipt.formal_check_accept(application=application, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _check_out(application)


@router.post(APPLICATION + "/return-to-college", response={200: CheckOut, 400: ErrorOut},
             summary="Return the application to its college with a reason and a date to fix it by")
def return_application_to_college(request: HttpRequest, application_id: ObjectId, payload: ReturnToCollegeIn) -> Any:
    application = _received_application(request, application_id)
    fix_by = parse_instant(payload.fix_by)
    if fix_by is None:
        return _bad(gettext("Give the date to fix it by as YYYY-MM-DDTHH:MM (Beijing time)."))
    try:
        receipt.formal_check_return(application=application, reason=payload.reason, fix_by=fix_by,
                                    user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _check_out(application)


@router.get(BASE + "/{call_id}/extensions", response=list[ExtensionOut],
            summary="Deadline extensions granted for the call, newest first")
def list_deadline_extensions(request: HttpRequest, call_id: ObjectId) -> list[dict[str, Any]]:
    call = _desk_call(request, call_id)
    grants = list(DeadlineExtension.objects.filter(call=call).select_related("unit", "granted_by")
                  .order_by("-granted_at", "-id"))
    in_force: set[int] = set()
    seen: set[int] = set()
    for grant in grants:  # the newest grant per unit is the one in force
        if grant.unit_id not in seen:
            seen.add(grant.unit_id)
            in_force.add(grant.pk)
    return [_extension_out(g, g.pk in in_force) for g in grants]


@router.post(BASE + "/{call_id}/extensions", response={201: ExtensionOut, 400: ErrorOut},
             summary="Give one college a later deadline")
def grant_deadline_extension(request: HttpRequest, call_id: ObjectId, payload: ExtensionIn) -> Any:
    call = _desk_call(request, call_id)
    unit = visible_units(request.user).filter(pk=payload.unit).first()
    if unit is None or not colleges_of_call(call).filter(pk=unit.pk).exists():
        return _bad(gettext("Choose a college under the unit that owns the call."))
    deadline = parse_instant(payload.deadline)
    if deadline is None:
        return _bad(gettext("Give the new deadline as YYYY-MM-DDTHH:MM (Beijing time)."))
    try:
        extension = receipt.deadline_extension_grant(call=call, unit=unit, deadline=deadline,
                                                     reason=payload.reason, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 201, _extension_out(extension, True)

