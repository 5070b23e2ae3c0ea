"""公示 for the Organization Department: draft the notice from the decision, publish it, resolve the
objections, finalise the list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualleader.applications.views.common import messages_of

from ..enums import NoticeStatus, ObjectionOutcome, ObjectionStatus
from ..models import Decision, Evaluation, Objection, PublicNotice
from ..publicity import (
    finalize_check,
    live_entries,
    notice_defaults,
    notice_finalize,
    notice_publish,
    notice_save,
    objection_resolve,
    today,
)
from ..workdays import notice_period, period_label
from .common import evaluation_for, managed


def _decision(evaluation: Evaluation) -> Decision | None:
    return Decision.objects.filter(evaluation=evaluation).first()


def _notice(decision: Decision | None) -> PublicNotice | None:
    return PublicNotice.objects.filter(decision=decision).first() if decision is not None else None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in messages_of(exc):
        messages.error(request, message)


def _save_from(request: HttpRequest, decision: Decision) -> PublicNotice:
    days = _int(request.POST.get("working_days"))
    if days is None:
        raise ValidationError(_("Enter the period as a whole number of working days."))
    return notice_save(decision=decision, title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                       working_days=days, contact=request.POST.get("contact", ""), user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    decision = _decision(evaluation)
    if request.method == "POST":
        if decision is None:
            messages.error(request, _("Record the leading group's decision first."))
        else:
            try:
                _save_from(request, decision)
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, _("The draft notice was saved."))
        return redirect("reviews:notice", call_id=call_id)
    notice_ = _notice(decision)
    context: dict[str, Any] = {"evaluation": evaluation, "call": evaluation.call, "decision": decision,
                               "notice": notice_, "step": "notice"}
    if decision is not None:
        entries = live_entries(decision)
        context["entries"] = entries
        context["removed"] = list(decision.entries.filter(removed_at__isnull=False)
                                  .select_related("application__branch").order_by("rank"))
        context["form"] = ({"title": notice_.title, "body": notice_.body, "working_days": notice_.working_days,
                            "contact": notice_.contact} if notice_ is not None else notice_defaults(decision))
        if notice_ is not None and notice_.starts_on and notice_.ends_on:
            context["period"] = period_label(notice_.starts_on, notice_.ends_on, notice_.working_days)
        elif notice_ is None or notice_.status == NoticeStatus.DRAFT:
            try:
                starts, ends = notice_period(today(), context["form"]["working_days"])
                context["preview_period"] = period_label(starts, ends, context["form"]["working_days"])
            except ValidationError as exc:
                context["calendar_error"] = " ".join(messages_of(exc))
        if notice_ is not None:
            context["objections"] = list(notice_.objections.select_related("application__branch", "resolved_by")
                                         .order_by("submitted_at", "pk"))
            context["open_count"] = sum(1 for o in context["objections"] if o.status == ObjectionStatus.OPEN)
        context["finalize"] = finalize_check(notice_)
        context["outcomes"] = ObjectionOutcome.choices
    return render(request, "reviews/notice.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    decision = _decision(evaluation)
    if decision is None:
        messages.error(request, _("Record the leading group's decision first."))
        return redirect("reviews:notice", call_id=call_id)
    try:
        notice_ = _save_from(request, decision) if "title" in request.POST else _notice(decision)
        if notice_ is None:
            raise ValidationError(_("Save the draft notice first."))
        notice_ = notice_publish(notice=notice_, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        assert notice_.starts_on is not None and notice_.ends_on is not None
        messages.success(request, _("The notice is published. Notice period: %(period)s.") % {
            "period": period_label(notice_.starts_on, notice_.ends_on, notice_.working_days)})
    return redirect("reviews:notice", call_id=call_id)


@login_required
@require_POST
def finalize(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    notice_ = _notice(_decision(evaluation))
    try:
        if notice_ is None:
            raise ValidationError(_("The notice has not been published yet."))
        studios = notice_finalize(notice=notice_, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The list is final: %(n)d studio(s) created; applicants and colleges were "
                                    "notified.") % {"n": len(studios)})
    return redirect("reviews:notice", call_id=call_id)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection: Objection = managed(request, Objection, pk, "notice__decision__evaluation__call")
    call_id = objection.notice.decision.evaluation.call_id
    remove = request.POST.get("remove_application", "").strip()
    remove_id = _int(remove) if remove else None
    if remove and remove_id is None:
        messages.error(request, _("Choose an application from the list."))
        return redirect("reviews:notice", call_id=call_id)
    try:
        objection_resolve(objection=objection, outcome=request.POST.get("outcome", ""),
                          resolution=request.POST.get("resolution", ""), remove_application_id=remove_id,
                          user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The objection was resolved."))
    return redirect("reviews:notice", call_id=call_id)
