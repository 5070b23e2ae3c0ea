"""Endpoints for what the review leads to: the public notice (公示) with its objections and finalisation,
and the recommendation to the province. The Organization Department's endpoints use the pages' look-ups
(a call outside the caller's scope 404, inside without the right 403); refusals are 400 with the pages'
messages. Reading a published notice and submitting an objection need no account, as on the public site,
and objections are limited per address the same way."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from dualleader.apierrors import ErrorOut, refused
from dualleader.audit.context import client_ip
from dualleader.calls.deadlines import local
from dualleader.units.api import MAX_ID, ObjectId

from .. import province as province_services
from .. import publicity
from ..models import Decision, Evaluation, Objection, PublicNotice
from ..views.common import evaluation_for, managed
from ..workdays import period_label

router = Router(tags=["reviews"])
CALL = "/reviews/calls/{call_id}"
PUBLIC = "/reviews/public/notices/{notice_id}"



class EntryOut(Schema):
    application_id: int
    rank: int
    title: str
    branch: str
    college: str
    secretary: str


class NoticeOut(Schema):
    id: int | None
    call_id: int
    status: str
    status_label: str
    title: str
    body: str
    working_days: int
    contact: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    period: str
    published_at: datetime.datetime | None
    finalized_at: datetime.datetime | None
    can_finalize: bool
    finalize_blockers: list[str]
    entries: list[EntryOut]


class NoticeIn(Schema):
    title: str = Field(..., max_length=20000)
    body: str = Field(..., max_length=100000)
    working_days: int = Field(5, ge=0, le=1000)
    contact: str = Field("", max_length=2000)


class ObjectionOut(Schema):
    id: int
    name: str
    contact: str
    text: str
    application_id: int | None
    submitted_at: datetime.datetime
    status: str
    outcome: str
    resolution: str
    resolved_at: datetime.datetime | None


class ResolveIn(Schema):
    outcome: str = Field(..., max_length=20)
    resolution: str = Field("", max_length=20000)
    remove_application: int | None = Field(None, ge=1, le=MAX_ID)


class FinalizeOut(Schema):
    studios: list[int]
    notice: NoticeOut


class PublicNoticeOut(Schema):
    id: int
    title: str
    body: str
    status: str
    period: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    contact: str
    accepts_objections: bool
    entries: list[EntryOut]


class ObjectionIn(Schema):
    name: str = Field("", max_length=1000)
    contact: str = Field("", max_length=1000)
    text: str = Field("", max_length=20000)
    application: int | None = Field(None, ge=1, le=MAX_ID)


class ReceiptOut(Schema):
    id: int
    submitted_at: datetime.datetime


class ProvinceEntryOut(Schema):
    studio_id: int
    rank: int
    name: str
    reason: str


class CandidateOut(Schema):
    studio_id: int
    name: str
    branch: str
    leader: str
    selection_rank: int | None


class ProvinceOut(Schema):
    call_id: int
    status: str
    recipient: str
    document_number: str
    letter_date: datetime.date
    letter_body: str
    quota: int
    sent_at: datetime.datetime | None
    candidates: list[CandidateOut]
    entries: list[ProvinceEntryOut]


class ProvinceEntryIn(Schema):
    studio: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field("", max_length=20000)


class ProvinceIn(Schema):
    entries: list[ProvinceEntryIn] = Field(default_factory=list, max_length=100, description="First-ranked first.")
    recipient: str = Field(..., max_length=2000)
    document_number: str = Field("", max_length=2000)
    letter_date: datetime.date
    letter_body: str = Field(..., max_length=100000)
    quota: int = Field(2, ge=0, le=1000)


# ---------------------------------------------------------------- helpers



def _entries(decision: Decision) -> list[dict[str, Any]]:
    return [{"application_id": e.application_id, "rank": n, "title": e.application.title,
             "branch": e.application.branch.name, "college": getattr(e.application, "college_name", ""),
             "secretary": e.application.secretary.name if e.application.secretary_id else ""}
            for n, e in enumerate(publicity.live_entries(decision), start=1)]


def _period(notice: PublicNotice) -> str:
    return period_label(notice.starts_on, notice.ends_on, notice.working_days) \
        if notice.starts_on and notice.ends_on else ""


def _decision(request: HttpRequest, call_id: int) -> Decision:
    evaluation = evaluation_for(request, call_id)
    return get_object_or_404(Decision.objects.select_related("evaluation__call", "evaluation__owner"),
                             evaluation=evaluation)


def _notice_out(decision: Decision) -> dict[str, Any]:
    notice = PublicNotice.objects.filter(decision=decision).first()
    check = publicity.finalize_check(notice)
    base: dict[str, Any] = {"call_id": decision.evaluation.call_id, "can_finalize": check.allowed,
                            "finalize_blockers": check.reasons, "entries": _entries(decision)}
    if notice is None:
        defaults = publicity.notice_defaults(decision)
        return {**base, "id": None, "status": "", "status_label": "", "starts_on": None, "ends_on": None,
                "period": "", "published_at": None, "finalized_at": None, **defaults}
    return {**base, "id": notice.pk, "status": notice.status, "status_label": str(notice.get_status_display()),
            "title": notice.title, "body": notice.body, "working_days": notice.working_days,
            "contact": notice.contact, "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "period": _period(notice), "published_at": local(notice.published_at),
            "finalized_at": local(notice.finalized_at)}


def _objection_out(o: Objection) -> dict[str, Any]:
    return {"id": o.pk, "name": o.name, "contact": o.contact, "text": o.text, "application_id": o.application_id,
            "submitted_at": local(o.submitted_at), "status": o.status, "outcome": o.outcome,
            "resolution": o.resolution, "resolved_at": local(o.resolved_at)}


def _province_out(evaluation: Evaluation) -> dict[str, Any]:
    recommendation = province_services.recommendation_of(evaluation)
    values = (province_services.letter_defaults(evaluation) if recommendation is None else {
        "recipient": recommendation.recipient, "document_number": recommendation.document_number,
        "letter_date": recommendation.letter_date, "letter_body": recommendation.letter_body,
        "quota": recommendation.quota})
    return {"call_id": evaluation.call_id, "status": recommendation.status if recommendation else "",
            "sent_at": local(recommendation.sent_at) if recommendation else None,
            "recipient": values["recipient"], "document_number": values["document_number"],
            "letter_date": values["letter_date"], "letter_body": values["letter_body"], "quota": values["quota"],
            "candidates": [{"studio_id": s.pk, "name": s.name, "branch": s.branch.name, "leader": s.leader.name,
                            "selection_rank": s.selection_rank} for s in province_services.candidates(evaluation)],
            "entries": [{"studio_id": e.studio_id, "rank": e.rank, "name": e.studio.name, "reason": e.reason}
                        for e in province_services.entries_of(recommendation)]}


# ---------------------------------------------------------------- the notice (Organization Department)

@router.get(CALL + "/notice", response=NoticeOut, summary="The public notice of the call's decision (a draft "
            "prefilled from the decision until one is saved)")
def get_notice(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    return _notice_out(_decision(request, call_id))


@router.post(CALL + "/notice", response={200: NoticeOut, 400: ErrorOut}, summary="Save the draft notice")
def save_notice(request: HttpRequest, call_id: ObjectId, payload: NoticeIn) -> Any:
    decision = _decision(request, call_id)
    try:
        publicity.notice_save(decision=decision, title=payload.title, body=payload.body,
                              working_days=payload.working_days, contact=payload.contact, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _notice_out(decision)


@router.post(CALL + "/notice/publish", response={200: NoticeOut, 400: ErrorOut},
             summary="Publish the saved draft for its working days")
def publish_notice(request: HttpRequest, call_id: ObjectId) -> Any:
    decision = _decision(request, call_id)
    notice = PublicNotice.objects.filter(decision=decision).first()
    try:
        if notice is None:
            raise ValidationError(gettext("Save the draft notice first."))
        publicity.notice_publish(notice=notice, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _notice_out(decision)


@router.post(CALL + "/notice/finalize", response={200: FinalizeOut, 400: ErrorOut},
             summary="Finalise the list after the period, with every objection resolved")
def finalize_notice(request: HttpRequest, call_id: ObjectId) -> Any:
    decision = _decision(request, call_id)
    notice = PublicNotice.objects.filter(decision=decision).first()
    try:
        if notice is None:
            raise ValidationError(gettext("The notice has not been published yet."))
        studios = publicity.notice_finalize(notice=notice, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, {"studios": [s.pk for s in studios], "notice": _notice_out(decision)}


@router.get(CALL + "/objections", response=list[ObjectionOut], summary="Objections to the call's notice")
def list_objections(request: HttpRequest, call_id: ObjectId) -> list[dict[str, Any]]:
    decision = _decision(request, call_id)
    return [_objection_out(o) for o in Objection.objects.filter(notice__decision=decision)
            .order_by("submitted_at", "pk")]


@router.post("/reviews/objections/{objection_id}/resolve", response={200: ObjectionOut, 400: ErrorOut},
             summary="Resolve an objection: upheld (optionally taking one application off the list) or dismissed")
def resolve_objection(request: HttpRequest, objection_id: ObjectId, payload: ResolveIn) -> Any:
    objection = managed(request, Objection, objection_id, "notice__decision__evaluation__call")
    try:
        resolved = publicity.objection_resolve(objection=objection, outcome=payload.outcome,
                                               resolution=payload.resolution,
                                               remove_application_id=payload.remove_application, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _objection_out(resolved)


# ---------------------------------------------------------------- the province

@router.get(CALL + "/province", response=ProvinceOut, summary="The recommendation to the province")
def get_province(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    return _province_out(evaluation_for(request, call_id))


@router.post(CALL + "/province", response={200: ProvinceOut, 400: ErrorOut},
             summary="Save the ranked choice and the letter")
def save_province(request: HttpRequest, call_id: ObjectId, payload: ProvinceIn) -> Any:
    evaluation = evaluation_for(request, call_id)
    try:
        province_services.province_save(
            evaluation=evaluation, studio_ids=[e.studio for e in payload.entries],
            reasons={e.studio: e.reason for e in payload.entries}, recipient=payload.recipient,
            document_number=payload.document_number, letter_date=payload.letter_date,
            letter_body=payload.letter_body, quota=payload.quota, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _province_out(evaluation)


@router.post(CALL + "/province/send", response={200: ProvinceOut, 400: ErrorOut},
             summary="Mark the recommendation sent; the applications become recommended_upward")
def send_province(request: HttpRequest, call_id: ObjectId) -> Any:
    evaluation = evaluation_for(request, call_id)
    recommendation = province_services.recommendation_of(evaluation)
    try:
        if recommendation is None:
            raise ValidationError(gettext("Save the recommendation first."))
        province_services.province_send(recommendation=recommendation, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _province_out(evaluation)


# ---------------------------------------------------------------- public (no account)

def _public_notice(notice_id: int) -> PublicNotice:
    return get_object_or_404(publicity.public_notices().select_related(
        "decision__evaluation__call", "decision__evaluation__owner"), pk=notice_id)


def _public_out(notice: PublicNotice) -> dict[str, Any]:
    return {"id": notice.pk, "title": notice.title, "body": notice.body, "status": notice.status,
            "period": _period(notice), "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "contact": notice.contact, "accepts_objections": publicity.accepts_objections(notice),
            "entries": _entries(notice.decision)}


@router.get(PUBLIC, response=PublicNoticeOut, auth=None, summary="A published notice (no account needed)")
def get_public_notice(request: HttpRequest, notice_id: ObjectId) -> dict[str, Any]:
    return _public_out(_public_notice(notice_id))


@router.post(PUBLIC + "/objections", response={201: ReceiptOut, 400: ErrorOut}, auth=None,
             summary="Submit an objection under a real name while the notice period runs (no account needed)")
def submit_objection(request: HttpRequest, notice_id: ObjectId, payload: ObjectionIn) -> Any:
    notice = _public_notice(notice_id)
    try:
        objection = publicity.objection_submit(notice=notice, name=payload.name, contact=payload.contact,
                                               text=payload.text, application_id=payload.application,
                                               ip=client_ip(request))
    except ValidationError as exc:
        return refused(exc)
    return 201, {"id": objection.pk, "submitted_at": local(objection.submitted_at)}

