"""The Organization Department's set-up of a call's review (评审设置): the index of calls, the overview
of one evaluation, its settings, the rubric editor and the rounds. Writes go through reviews/setup.py."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.views.common import messages_of
from dualleader.calls.deadlines import parse_instant
from dualleader.calls.enums import CallStatus
from dualleader.calls.selectors import managed_calls

from .. import setup as services
from ..enums import Aggregation, EvaluationKind, OtherReviews, RoundKind
from ..models import Evaluation, ReviewRound
from ..scores import full_marks
from ..start import evaluation_start
from .common import call_for, evaluation_for, round_for

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
MAX_LINES = services.MAX_CRITERIA


def error(request: HttpRequest, exc: ValidationError) -> None:
    for message in messages_of(exc):
        messages.error(request, message)


def parse_int(text: str | None, default: int | None = None) -> int | None:
    text = (text or "").strip()
    if not text:
        return default
    if not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def local_input(instant: datetime.datetime | None) -> str:
    """The value of a datetime-local input for an instant, in Beijing time."""
    return instant.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M") if instant else ""


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("on", "1", "true", "yes")


# ---------------------------------------------------------------- pages

@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The calls the user runs reviews for, newest first, with their evaluation and how many
    applications passed the formal check."""
    if not request.user.has_perm("reviews.manage"):
        raise PermissionDenied("reviews.manage")
    calls = list(managed_calls(request.user).exclude(status=CallStatus.DRAFT).select_related("owner")
                 .annotate(n_accepted=Count("applications", filter=Q(applications__status__in=[
                     S.ACCEPTED, S.UNDER_REVIEW, S.SELECTED, S.NOT_SELECTED, S.RECOMMENDED_UPWARD])))
                 .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.filter(
                     kind=EvaluationKind.SELECTION).prefetch_related("rounds"), to_attr="selection"))
                 .order_by("-deadline", "-pk"))
    rows = [{"call": c, "evaluation": c.selection[0] if c.selection else None} for c in calls]  # type: ignore[attr-defined]
    return render(request, "reviews/setup_index.html", {"rows": rows})


@login_required
@require_GET
def overview(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for(request, call_id)
    evaluation = (Evaluation.objects.select_related("call", "owner").prefetch_related("criteria", "rounds")
                  .filter(call=call, kind=EvaluationKind.SELECTION).first())
    context: dict[str, Any] = {"call": call, "evaluation": evaluation, "step": "overview"}
    if evaluation is not None:
        criteria = list(evaluation.criteria.all())
        rounds = list(evaluation.rounds.annotate(n_assignments=Count("assignments")))
        context.update({
            "criteria": criteria, "full_marks": full_marks(criteria), "rounds": rounds,
            "has_presentation": any(r.kind == RoundKind.PRESENTATION for r in rounds),
            "panel_count": evaluation.panel.filter(active=True).count(),
            "conflict_count": evaluation.conflicts.count(),
            "aggregations": Aggregation.choices,
            "n_accepted": call.applications.filter(status__in=[S.ACCEPTED, S.UNDER_REVIEW]).count()})
    return render(request, "reviews/setup_overview.html", context)


@login_required
@require_POST
def start(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for(request, call_id)
    try:
        evaluation_start(call=call, user=request.user)
    except ValidationError as exc:
        error(request, exc)
        return redirect("reviews:index")
    messages.success(request, _("The review was set up with the default rubric and a remote round."))
    return redirect("reviews:overview", call_id=call.pk)


@login_required
@require_POST
def settings(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    try:
        services.evaluation_settings_save(
            evaluation=evaluation, aggregation=request.POST.get("aggregation", ""),
            show_scores_to_applicants=_checked(request, "show_scores_to_applicants"),
            show_reviewers_to_applicants=_checked(request, "show_reviewers_to_applicants"), user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("The settings were saved."))
    return redirect("reviews:overview", call_id=call_id)


def _lines(request: HttpRequest) -> list[services.CriterionIn] | None:
    """The rubric lines as posted (parallel lists, in the order shown); None when malformed."""
    ids = request.POST.getlist("id")
    names = request.POST.getlist("name")
    texts = request.POST.getlist("description")
    points = request.POST.getlist("max_points")
    weights = request.POST.getlist("weight")
    n = len(names)
    if not (len(ids) == len(texts) == len(points) == len(weights) == n) or n > MAX_LINES:
        return None
    lines = []
    for i in range(n):
        raw = ids[i].strip()
        if raw and (not raw.isdigit() or len(raw) > 12):
            return None
        lines.append(services.CriterionIn(id=int(raw) if raw else None, name=names[i], description=texts[i],
                                          max_points=points[i], weight=weights[i]))
    return lines


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    if request.method == "POST":
        lines = _lines(request)
        if lines is None:
            messages.error(request, _("The form was incomplete; reload the page and try again."))
            return redirect("reviews:rubric", call_id=call_id)
        try:
            services.rubric_save(evaluation=evaluation, criteria=lines, user=request.user)
        except ValidationError as exc:
            error(request, exc)
            criteria: list[Any] = lines  # show what was typed
            return render(request, "reviews/setup_rubric.html", {
                "evaluation": evaluation, "call": evaluation.call, "criteria": criteria, "step": "overview",
                "locked": evaluation.rubric_locked_at is not None}, status=400)
        messages.success(request, _("The rubric was saved."))
        return redirect("reviews:overview", call_id=call_id)
    criteria = list(evaluation.criteria.all())
    return render(request, "reviews/setup_rubric.html", {
        "evaluation": evaluation, "call": evaluation.call, "criteria": criteria, "full_marks": full_marks(criteria),
        "step": "overview", "locked": evaluation.rubric_locked_at is not None})


def _round_values(request: HttpRequest) -> dict[str, Any]:
    opens_at = parse_instant(request.POST.get("opens_at"))
    closes_at = parse_instant(request.POST.get("closes_at"))
    if opens_at is None or closes_at is None:
        raise ValidationError(_("Enter the opening and the closing time as a date and a time."))
    k = parse_int(request.POST.get("reviewers_per_item"))
    if k is None:
        raise ValidationError(_("Enter the reviewers per application as a whole number."))
    return {"opens_at": opens_at, "closes_at": closes_at, "reviewers_per_item": k,
            "show_names": _checked(request, "show_names"), "show_college": _checked(request, "show_college"),
            "other_reviews": request.POST.get("other_reviews", "")}


def _round_form(request: HttpRequest, evaluation: Evaluation, round_: ReviewRound | None,
                status: int = 200) -> HttpResponse:
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("opens_at", "closes_at", "reviewers_per_item", "other_reviews")}
        form.update({"show_names": _checked(request, "show_names"), "show_college": _checked(request, "show_college")})
    elif round_ is not None:
        form = {"opens_at": local_input(round_.opens_at), "closes_at": local_input(round_.closes_at),
                "reviewers_per_item": round_.reviewers_per_item, "other_reviews": round_.other_reviews,
                "show_names": round_.show_names, "show_college": round_.show_college}
    else:
        remote = evaluation.rounds.filter(kind=RoundKind.REMOTE).first()
        start_at = (remote.closes_at if remote else timezone.now()) + datetime.timedelta(days=7)
        form = {"opens_at": local_input(start_at), "closes_at": local_input(start_at + datetime.timedelta(hours=8)),
                "reviewers_per_item": remote.reviewers_per_item if remote else 5,
                "other_reviews": OtherReviews.NEVER, "show_names": True, "show_college": True}
    return render(request, "reviews/setup_round.html", {
        "evaluation": evaluation, "call": evaluation.call, "round": round_, "form": form, "step": "overview",
        "other_choices": OtherReviews.choices}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, call_id: int) -> HttpResponse:
    """The optional presentation round (答辩评审); the remote round exists from the start."""
    evaluation = evaluation_for(request, call_id)
    existing = evaluation.rounds.filter(kind=RoundKind.PRESENTATION).first()
    if existing is not None:
        messages.info(request, _("This evaluation already has a presentation round."))
        return redirect("reviews:round_edit", round_id=existing.pk)
    if request.method == "POST":
        try:
            created = services.round_save(evaluation=evaluation, kind=RoundKind.PRESENTATION, user=request.user,
                                          **_round_values(request))
        except ValidationError as exc:
            error(request, exc)
            return _round_form(request, evaluation, None, status=400)
        messages.success(request, _("The presentation round was created."))
        return redirect("reviews:assignments", round_id=created.pk)
    return _round_form(request, evaluation, None)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    evaluation = round_.evaluation
    if request.method == "POST":
        try:
            services.round_save(evaluation=evaluation, round=round_, user=request.user, **_round_values(request))
        except ValidationError as exc:
            error(request, exc)
            return _round_form(request, evaluation, round_, status=400)
        messages.success(request, _("The round was saved."))
        return redirect("reviews:overview", call_id=evaluation.call_id)
    return _round_form(request, evaluation, round_)


@login_required
@require_POST
def round_open(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    try:
        services.round_open(round=round_, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("The round is open; reviewers can score now."))
    return redirect("reviews:overview", call_id=round_.evaluation.call_id)


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    try:
        services.round_close(round=round_, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("The round is closed."))
    return redirect("reviews:overview", call_id=round_.evaluation.call_id)


