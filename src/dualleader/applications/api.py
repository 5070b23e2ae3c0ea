"""Endpoints for a branch's application: the same scope and rules as the pages (views/common.py):
outside the caller's scope is 404, inside it without the right is 403; refused transitions are 400
with the same messages the pages show."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dualleader.accounts.enums import Role
from dualleader.apierrors import ErrorOut, refused
from dualleader.units.api import MAX_ID, PAGINATION, ObjectId, Pagination
from dualleader.units.selectors import visible_units

from .enums import ApplicationStatus
from .models import Application
from .selectors import user_branches, visible_applications, visible_calls
from .services import (
    StaleApplication,
    application_autosave,
    application_recall,
    application_save,
    application_start,
    application_submit,
    application_withdraw,
)
from .views.common import require

router = Router(tags=["applications"])



class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, str]


class ApplicationOut(Schema):
    id: int
    call_id: int
    branch_id: int
    branch_name: str
    status: str
    status_label: str
    title: str
    lock_version: int
    submitted_at: datetime.datetime | None


class VersionRef(Schema):
    number: int
    submitted_at: datetime.datetime
    sha256: str


class ApplicationDetailOut(ApplicationOut):
    data: dict[str, Any]
    versions: list[VersionRef]


class VersionOut(VersionRef):
    title: str
    data: dict[str, Any]


class ApplicationFilter(Schema):
    call: int | None = Field(None, ge=1, le=MAX_ID)
    status: ApplicationStatus | None = None


class StartIn(Schema):
    call_id: int = Field(..., ge=1, le=MAX_ID)
    branch_id: int | None = Field(None, ge=1, le=MAX_ID)


class SaveIn(Schema):
    data: dict[str, Any]
    lock_version: int = Field(..., ge=0, le=MAX_ID)


class WithdrawIn(Schema):
    reason: str = Field("", max_length=5000)


def _out(a: Application) -> dict[str, Any]:
    return {"id": a.pk, "call_id": a.call_id, "branch_id": a.branch_id, "branch_name": a.branch.name,
            "status": a.status, "status_label": str(a.get_status_display()), "title": a.title,
            "lock_version": a.lock_version, "submitted_at": a.submitted_at}


def _detail(a: Application) -> dict[str, Any]:
    versions = a.versions.order_by("number").values("number", "submitted_at", "sha256")
    return {**_out(a), "data": a.data or {}, "versions": list(versions)}


def _application(request: HttpRequest, pk: int, perm: str = "applications.view") -> Application:
    """As views.common.application_for: 404 outside the scope, 403 without `perm`."""
    application = get_object_or_404(visible_applications(request.user).select_related("call", "branch", "form"),
                                     pk=pk)
    require(request, perm, application)
    return application



def _scoped(request: HttpRequest) -> QuerySet[Application]:
    require(request, "applications.browse")
    return visible_applications(request.user).select_related("branch")


@router.get("/applications", response=list[ApplicationOut], summary="Applications the caller can see")
@paginate(Pagination, **PAGINATION)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilter]) -> list[dict[str, Any]]:
    qs = _scoped(request)
    if filters.call is not None:
        qs = qs.filter(call_id=filters.call)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    return [_out(a) for a in qs.order_by("-updated_at", "-id")]


@router.post("/applications", response={201: ApplicationDetailOut, 400: ErrorOut},
             summary="Start the application of the caller's branch for a call")
def start_application(request: HttpRequest, payload: StartIn) -> tuple[int, dict[str, Any]]:
    require(request, "applications.start")
    call = get_object_or_404(visible_calls(request.user), pk=payload.call_id)
    if payload.branch_id is not None:
        branch = get_object_or_404(visible_units(request.user), pk=payload.branch_id)
    else:
        branches = user_branches(request.user, (Role.BRANCH_SECRETARY,))
        if not branches:
            raise PermissionDenied("applications.start")
        branch = branches[0]
    if not request.user.has_perm("applications.apply_for", branch):
        raise PermissionDenied("applications.start")
    try:
        application = application_start(call=call, branch=branch, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 201, _detail(_application(request, application.pk))


@router.get("/applications/{application_id}", response=ApplicationDetailOut, summary="One application")
def get_application(request: HttpRequest, application_id: ObjectId) -> dict[str, Any]:
    return _detail(_application(request, application_id))


@router.put("/applications/{application_id}/data",
            response={200: ApplicationDetailOut, 400: ErrorOut, 409: ErrorOut, 422: FieldErrorsOut},
            summary="Save the draft's form data")
def save_application(request: HttpRequest, application_id: ObjectId, payload: SaveIn) -> Any:
    application = _application(request, application_id, "applications.edit")
    try:
        saved = application_save(application=application, data=payload.data,
                                 expected_lock_version=payload.lock_version, user=request.user)
    except StaleApplication as exc:
        return 409, {"detail": str(exc)}
    except ValidationError as exc:
        # As on the page: refused, but kept in the caller's autosave.
        application_autosave(application=application, data=payload.data, base_lock_version=payload.lock_version,
                             user=request.user)
        if hasattr(exc, "error_dict"):
            return 422, {"detail": gettext("Not saved: please correct the marked fields."),
                         "errors": {k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}}
        return refused(exc)
    return 200, _detail(_application(request, saved.pk))


@router.post("/applications/{application_id}/submit",
             response={200: ApplicationDetailOut, 400: ErrorOut, 422: FieldErrorsOut},
             summary="Submit to the college Party committee, freezing a version")
def submit_application(request: HttpRequest, application_id: ObjectId) -> Any:
    application = _application(request, application_id, "applications.submit")
    try:
        application_submit(application=application, user=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            return 422, {"detail": gettext("The application cannot be submitted yet: %(n)d problems are marked "
                                           "in the form.") % {"n": len(exc.error_dict)},
                         "errors": {k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}}
        return refused(exc)
    return 200, _detail(_application(request, application_id))


@router.post("/applications/{application_id}/recall", response={200: ApplicationDetailOut, 400: ErrorOut},
             summary="Take a submitted application back to draft")
def recall_application(request: HttpRequest, application_id: ObjectId) -> Any:
    application = _application(request, application_id, "applications.submit")
    try:
        application_recall(application=application, user=request.user)
    except ValidationError as exc:
        return refused(exc)
    return 200, _detail(_application(request, application_id))


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationDetailOut, 400: ErrorOut},
             summary="Withdraw the application for good")
def withdraw_application(request: HttpRequest, application_id: ObjectId, payload: WithdrawIn) -> Any:
    application = _application(request, application_id, "applications.submit")
    try:
        application_withdraw(application=application, user=request.user, reason=payload.reason)
    except ValidationError as exc:
        return refused(exc)
    return 200, _detail(_application(request, application_id))


@router.get("/applications/{application_id}/versions/{number}", response=VersionOut,
            summary="A submitted, frozen version")
def get_version(request: HttpRequest, application_id: ObjectId, number: ObjectId) -> dict[str, Any]:
    application = _application(request, application_id)
    version = get_object_or_404(application.versions.all(), number=number)
    return {"number": version.number, "submitted_at": version.submitted_at, "sha256": version.sha256,
            "title": version.title, "data": version.data or {}}
