"""The reviewer's pages (评审专家): the queue, one review (read the masked 申报书 and its attachments,
score, comment, save, submit), the autosave endpoint, and declining a review. A reviewer reaches only
the assignments made to them (views/common.assignment_for): anything else is 404."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualleader.applications.views.common import messages_of

from ..enums import AssignmentStatus
from ..models import Assignment, Criterion
from ..reviewer import attachment_of, review_view
from ..reviewer import queue as queue_of
from ..scoring import StaleReview, review_decline, review_save, review_submit
from .common import assignment_for

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


def _posted_scores(request: HttpRequest, pk: int) -> dict[str, str]:
    """{criterion id: text} from the inputs named score-<criterion id>."""
    criteria = Criterion.objects.filter(evaluation__rounds__assignments__pk=pk).values_list("pk", flat=True)
    return {str(c): request.POST.get(f"score-{c}", "") for c in criteria}


def _lock_version(request: HttpRequest) -> int | None:
    """The lock_version the form was loaded at; a missing or unreadable one counts as stale (0)."""
    text = request.POST.get("lock_version", "")
    return int(text) if text.isdigit() and len(text) < 10 else 0


def _field_errors(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}
    return {}


def _write(request: HttpRequest, assignment: Assignment, service: Any, *, refused: str, done: str) -> HttpResponse:
    """Save or submit the posted scores and comment through `service`: a stale copy or a refusal without
    marked scores goes back with the message; marked scores re-show the form with what was typed."""
    pk = assignment.pk
    posted = _posted_scores(request, pk)
    comment = request.POST.get("comment", "")
    try:
        service(assignment=assignment, scores=posted, comment=comment,
                expected_lock_version=_lock_version(request), user=request.user)
    except StaleReview as exc:
        messages.error(request, str(exc))
        return redirect("reviews:review", pk=pk)
    except ValidationError as exc:
        errors = _field_errors(exc)
        if errors:
            messages.error(request, refused)
            return _render_review(request, assignment, posted, errors, comment, status=400)
        for text in messages_of(exc):
            messages.error(request, text)
        return redirect("reviews:review", pk=pk)
    messages.success(request, done)
    return redirect("reviews:review", pk=pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("reviews.queue"):
        raise PermissionDenied("reviews.queue")
    return render(request, "reviews/queue.html", {"queue": queue_of(request.user), "now": timezone.now()})


def _render_review(request: HttpRequest, assignment: object, posted: dict[str, str] | None = None,
                   errors: dict[str, str] | None = None, comment: str | None = None,
                   status: int = 200) -> HttpResponse:
    view = review_view(assignment, posted, errors)  # type: ignore[arg-type]
    return render(request, "reviews/review_page.html", {
        "view": view, "assignment": view.assignment, "round": view.round,
        "comment": view.assignment.comment if comment is None else comment,
        "submitted": view.assignment.status == AssignmentStatus.SUBMITTED,
        "declined": view.assignment.status == AssignmentStatus.DECLINED,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the review page. POST: save the draft."""
    assignment = assignment_for(request, pk)
    if request.method == "GET":
        return _render_review(request, assignment)
    return _write(request, assignment, review_save, refused=_("Not saved: please correct the marked scores."),
                  done=_("Draft saved."))


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """JSON: keep the draft. 200 with the new lock_version, 400 with the messages (nothing saved), 409
    when the review was saved elsewhere since this page was loaded."""
    assignment = assignment_for(request, pk)
    try:
        saved = review_save(assignment=assignment, scores=_posted_scores(request, pk),
                            comment=request.POST.get("comment", ""), expected_lock_version=_lock_version(request),
                            user=request.user, autosave=True)
    except StaleReview as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(messages_of(exc)), "errors": _field_errors(exc)}, status=400)
    return JsonResponse({"saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")
                         if saved.saved_at else "", "lock_version": saved.lock_version,
                         "status": saved.status})


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for(request, pk)
    return _write(request, assignment, review_submit, refused=_("Not submitted: please correct the marked scores."),
                  done=_("Your review has been submitted. Thank you."))


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirm step (reason, conflict of interest or not). POST: decline."""
    assignment = assignment_for(request, pk)
    view = review_view(assignment)
    if request.method == "GET":
        return render(request, "reviews/review_decline.html", {"view": view, "assignment": assignment,
                                                               "reason": "", "conflict": False})
    reason = request.POST.get("reason", "")
    conflict = request.POST.get("conflict") == "1"
    try:
        review_decline(assignment=assignment, reason=reason, conflict=conflict, user=request.user)
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
        return render(request, "reviews/review_decline.html", {"view": view, "assignment": assignment,
                                                               "reason": reason, "conflict": conflict}, status=400)
    messages.success(request, _("You have declined this review. The Organization Department will reassign it."))
    return redirect("reviews:queue")


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """A file of the version under review, for the assigned reviewer only (else 404). PDFs and images
    open in the browser; anything else is downloaded. The file name is masked like the page."""
    assignment = assignment_for(request, pk)
    found = attachment_of(assignment, attachment_id)
    if found is None:
        raise Http404
    file, name = found
    content_type = file.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(file.file.open("rb"), as_attachment=content_type not in INLINE_TYPES,
                            filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
