"""The formal check of one recommended application (资格审查): the checklist, the paper copy, and the
decision to accept it or return it to the college."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Application
from dualleader.applications.views.common import messages_of
from dualleader.calls.deadlines import deadline_for
from dualleader.calls.selectors import managed_calls

from ..models import FormalCheck, PaperReceipt, RecommendationEntry
from ..receipt import (
    checklist,
    formal_check_accept,
    formal_check_return,
    latest_version,
    paper_receipt_record,
)
from ..selectors import college_of
from .desk import beijing_instant

MAX_NOTE = 200


def application_for_desk(request: HttpRequest, pk: int) -> Application:
    """The application if its call is one the user administers (else 404) and the user may receive it
    (else 403)."""
    application = get_object_or_404(
        Application.objects.filter(call__in=managed_calls(request.user))
        .select_related("call", "call__owner", "branch", "secretary", "form"), pk=pk)
    if not request.user.has_perm("recommendations.receive", application.call):
        raise PermissionDenied("recommendations.receive")
    return application


@login_required
@require_GET
def check(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_desk(request, pk)
    items = checklist(application)
    failing = [i for i in items if not i.passed]
    version = latest_version(application)
    entry = (RecommendationEntry.objects.filter(application=application)
             .select_related("recommendation").first())
    reasons = [f"{i.label}：{i.detail}" for i in failing]
    if application.status != S.RECOMMENDED:
        reasons.insert(0, _("The application is “%(state)s”; only one recommended to the university can be "
                            "checked.") % {"state": application.get_status_display()})
    scans = (application.attachments.filter(kind=AttachmentKind.STAMPED_SCAN, version=version,
                                            removed_at__isnull=True).order_by("uploaded_at")
             if version is not None else [])
    now = timezone.localtime()
    return render(request, "recommendations/check.html", {
        "application": application, "call": application.call, "college": college_of(application.branch),
        "items": items, "passed": len(items) - len(failing), "version": version, "entry": entry,
        "evidence": list(version.attachments.all()) if version is not None else [], "scans": list(scans),
        "receipt": PaperReceipt.objects.filter(application=application).first(),
        "checks": FormalCheck.objects.filter(application=application).select_related("decided_by", "version"),
        "can_accept": not reasons, "reasons": reasons, "can_return": application.status == S.RECOMMENDED,
        "today": now.date().isoformat(),
        "fix_by_default": max(now.date() + datetime.timedelta(days=7),
                              timezone.localdate(deadline_for(application.call, application.branch))).isoformat(),
    })


def _back(application: Application) -> HttpResponse:
    return redirect("recommendations:check", pk=application.pk)


@login_required
@require_POST
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_desk(request, pk)
    try:
        received_on = datetime.date.fromisoformat(request.POST.get("received_on", "").strip())
    except ValueError:
        messages.error(request, _("Enter the day the paper copy was received as a date (YYYY-MM-DD)."))
        return _back(application)
    try:
        paper_receipt_record(application=application, received_on=received_on,
                             note=request.POST.get("note", "")[:MAX_NOTE], user=request.user)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Paper copy recorded as received on %(day)s.") % {"day": received_on.isoformat()})
    return _back(application)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_desk(request, pk)
    try:
        formal_check_accept(application=application, user=request.user)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("“%(title)s” passed the formal check.") % {"title": str(application)})
    return _back(application)


@login_required
@require_POST
def return_to_college(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_desk(request, pk)
    try:
        fix_by = beijing_instant(request.POST.get("fix_by_date", ""), request.POST.get("fix_by_time", ""))
    except ValueError:
        messages.error(request, _("Enter the date to fix it by as a date and a time (Beijing time)."))
        return _back(application)
    try:
        formal_check_return(application=application, reason=request.POST.get("reason", ""), fix_by=fix_by,
                            user=request.user)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("“%(title)s” was returned to the college.") % {"title": str(application)})
    return _back(application)
