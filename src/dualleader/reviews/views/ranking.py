"""The ranking table of a round (评审结果) for the Organization Department, and the choice of the
aggregation method. Reviewer names are shown here: the page is for the Organization Department only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dualleader.applications.views.common import messages_of

from ..deciding import evaluation_method_set, notice_published
from ..enums import Aggregation
from ..models import ReviewRound
from ..ranking import ranking_for
from .common import evaluation_for, round_for


@login_required
@require_GET
def ranking(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    evaluation = round_.evaluation
    table = ranking_for(round_)
    context: dict[str, Any] = {
        "evaluation": evaluation, "call": evaluation.call, "round": round_, "ranking": table,
        "methods": Aggregation.choices, "method_locked": notice_published(evaluation),
        "outliers": sum(r.outliers for r in table.rows), "ties": any(r.tied for r in table.rows)}
    return render(request, "reviews/ranking.html", context)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def method(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    try:
        evaluation_method_set(evaluation=evaluation, method=request.POST.get("method", ""), user=request.user)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Scores are now aggregated by: %(method)s.")
                         % {"method": Aggregation(evaluation.aggregation).label})
    round_id = _int(request.POST.get("round"))
    if round_id is not None and ReviewRound.objects.filter(pk=round_id, evaluation=evaluation).exists():
        return redirect("reviews:ranking", round_id=round_id)
    return redirect("reviews:decision", call_id=call_id)
