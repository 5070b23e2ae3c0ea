"""Read endpoints for calls: the public ones (published or closed) for everyone signed in, plus the
calls a caller manages; and the live eligibility checklist of a branch the caller can see."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from dualleader.units.api import PAGINATION, ObjectId, Pagination
from dualleader.units.selectors import visible_units

from .eligibility import evaluate, is_eligible
from .models import Call
from .selectors import managed_calls, public_calls

router = Router(tags=["calls"])


class CallOut(Schema):
    id: int
    name: str
    status: str
    status_label: str
    owner_id: int
    opens_at: datetime.datetime
    deadline: datetime.datetime
    cycle_years: int
    college_quota: int
    select_min: int
    select_max: int
    min_outcomes_per_year: int
    contact_person: str
    contact_phone: str
    review_principles: str


class RuleOut(Schema):
    id: int
    kind: str
    params: dict[str, Any]
    explanation: str
    enabled: bool


class AnnexOut(Schema):
    id: int
    title: str
    original_name: str
    size: int
    url: str


class CallDetailOut(CallOut):
    notice: str
    rules: list[RuleOut]
    annexes: list[AnnexOut]
    form_version: int | None
    form: dict[str, Any] | None


class CheckOut(Schema):
    rule_id: int
    explanation: str
    passed: bool | None
    reason: str


class EligibilityOut(Schema):
    call_id: int
    branch_id: int
    eligible: bool
    checks: list[CheckOut]


def readable_calls(request: HttpRequest) -> QuerySet[Call]:
    return (public_calls() | managed_calls(request.user)).distinct()


def _call_out(call: Call) -> dict[str, Any]:
    return {**{f: getattr(call, f) for f in CallOut.model_fields if f != "status_label"},
            "status_label": str(call.get_status_display())}


@router.get("/calls", response=list[CallOut], summary="Calls the caller can read")
@paginate(Pagination, **PAGINATION)
def list_calls(request: HttpRequest) -> list[dict[str, Any]]:
    return [_call_out(c) for c in readable_calls(request).order_by("-opens_at", "-id")]


@router.get("/calls/{call_id}", response=CallDetailOut, summary="One call with its rules, annexes and form")
def get_call(request: HttpRequest, call_id: ObjectId) -> dict[str, Any]:
    from django.urls import reverse

    call = get_object_or_404(readable_calls(request).prefetch_related("rules", "annexes"), pk=call_id)
    form = call.current_form()
    return {**_call_out(call), "notice": call.notice,
            "rules": [{"id": r.id, "kind": r.kind, "params": r.params or {}, "explanation": r.explanation,
                       "enabled": r.enabled} for r in call.rules.all()],
            "annexes": [{"id": a.id, "title": a.title, "original_name": a.original_name, "size": a.size,
                         "url": reverse("calls:annex_download", args=[a.pk])} for a in call.annexes.all()],
            "form_version": form.version if form else None, "form": form.schema if form else None}


@router.get("/calls/{call_id}/eligibility/{branch_id}", response=EligibilityOut,
            summary="The construction standard checked live for one branch")
def branch_eligibility(request: HttpRequest, call_id: ObjectId, branch_id: ObjectId) -> dict[str, Any]:
    call = get_object_or_404(readable_calls(request), pk=call_id)
    branch = get_object_or_404(visible_units(request.user), pk=branch_id)
    if not branch.is_branch:
        raise Http404
    results = evaluate(call, branch)
    return {"call_id": call.pk, "branch_id": branch.pk, "eligible": is_eligible(results),
            "checks": [{"rule_id": r.rule.pk, "explanation": r.rule.explanation, "passed": r.passed,
                        "reason": r.reason} for r in results]}
