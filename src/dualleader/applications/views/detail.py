from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualleader.audit.models import AuditEvent
from dualleader.calls.eligibility import evaluate, is_eligible
from dualleader.reviews.results import result_for_applicant

from .. import editor
from ..enums import ApplicationStatus, AttachmentKind
from ..labels import action_label
from ..services import application_recall, application_submit, application_withdraw, deadline_text
from ..workflow import EDITABLE, can_move
from .common import application_for, messages_of


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk)
    results = evaluate(application.call, application.branch)
    attachments = list(application.attachments.select_related("uploaded_by").prefetch_related("versions"))
    timeline = list(AuditEvent.objects.filter(object_type="applications.application", object_id=str(pk))
                    .order_by("-at")[:50])
    for event in timeline:
        event.label = action_label(event.action)  # type: ignore[attr-defined]
    return render(request, "applications/detail.html", {
        "application": application, "call": application.call, "results": results,
        "eligible": is_eligible(results), "deadline": deadline_text(application.call, application=application),
        "evidence": [a for a in attachments if a.kind == AttachmentKind.EVIDENCE and a.removed_at is None],
        "scans": [a for a in attachments if a.kind == AttachmentKind.STAMPED_SCAN and a.removed_at is None],
        "removed": [a for a in attachments if a.removed_at is not None],
        "versions": list(application.versions.select_related("submitted_by")),
        "timeline": timeline, "editable": application.status in EDITABLE,
        "selection_result": result_for_applicant(application),
        "can_submit_state": can_move(application, ApplicationStatus.SUBMITTED),
        "can_recall": application.status == ApplicationStatus.SUBMITTED,
        "can_withdraw": can_move(application, ApplicationStatus.WITHDRAWN),
        "scan_allowed": application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)
        and bool(application.submitted_at),
    })


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.submit")
    try:
        application_submit(application=application, user=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages.error(request, _("The application cannot be submitted yet: %(n)d problems are marked in "
                                      "the form.") % {"n": len(exc.error_dict)})
            return redirect(reverse("applications:edit", args=[pk]) + "?check=1")
        for text in messages_of(exc):
            messages.error(request, text)
        return redirect("applications:detail", pk=pk)
    messages.success(request, _("Submitted to the college Party committee. A version has been frozen."))
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.submit")
    try:
        application_recall(application=application, user=request.user)
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("The application is back in draft. Submit it again when it is ready."))
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.submit")
    try:
        application_withdraw(application=application, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("The application has been withdrawn."))
    return redirect("applications:detail", pk=pk)


@login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = application_for(request, pk)
    frozen = get_object_or_404(application.versions.select_related("form", "submitted_by"), number=number)
    return render(request, "applications/printed_page.html", {
        "application": application, "call": application.call, "version": frozen, "title": frozen.title,
        "sections": editor.build(frozen.form.schema, frozen.data, application.call),
        "attachments": list(frozen.attachments.all())})


@login_required
def diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = application_for(request, pk)
    new = get_object_or_404(application.versions.select_related("form"), number=number)
    old = application.versions.select_related("form").filter(number__lt=number).order_by("-number").first()
    changes = editor.diff(new.form.schema, old.data if old else {}, new.data, application.call)
    return render(request, "applications/diff.html", {
        "application": application, "new": new, "old": old, "changes": changes})
