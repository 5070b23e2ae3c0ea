"""The receipt desk of the Organization Department (受理): every college of a call at a glance, and one
college's sent list with how complete each application is."""

from __future__ import annotations

import datetime
import zoneinfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dualleader.calls.models import Call
from dualleader.calls.selectors import managed_calls

from .. import board as boards
from ..enums import BoardState
from ..selectors import colleges_of_call
from ..services import attestation_rules

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def call_for_desk(request: HttpRequest, call_id: int) -> Call:
    """The call if the user is an Organization Department administrator over its owner (else 404), with
    the desk and receive permissions (else 403)."""
    call = get_object_or_404(managed_calls(request.user).select_related("owner"), pk=call_id)
    if not request.user.has_perm("recommendations.desk") or not request.user.has_perm("recommendations.receive",
                                                                                        call):
        raise PermissionDenied("recommendations.receive")
    return call


def beijing_instant(day: str, time: str, default_time: datetime.time = datetime.time(17, 0)) -> datetime.datetime:
    """A date and a time typed in Beijing time as an aware instant. ValueError when unreadable."""
    d = datetime.date.fromisoformat((day or "").strip())
    t = datetime.time.fromisoformat(time.strip()) if (time or "").strip() else default_time
    return datetime.datetime.combine(d, t.replace(tzinfo=None), tzinfo=BEIJING)


@login_required
@require_GET
def board(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for_desk(request, call_id)
    data = boards.board(call)
    state = request.GET.get("state", "")
    if state not in BoardState.values:
        state = ""
    rows = [r for r in data.rows if not state or r.state == state]
    return render(request, "recommendations/desk_board.html", {
        "call": call, "board": data, "rows": rows, "state": state, "chart_segments": data.chart(),
        "states": [(s.value, s.label, data.totals[s.value]) for s in BoardState]})


@login_required
@require_GET
def college_list(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call = call_for_desk(request, call_id)
    college = colleges_of_call(call).filter(pk=unit_id).first()
    if college is None:
        raise Http404
    recommendation, rows = boards.college_list(call, college)
    attested = []
    if recommendation is not None:
        confirmed = set(recommendation.attested)
        attested = [(r, r.pk in confirmed) for r in attestation_rules(call)]
    return render(request, "recommendations/desk_college.html", {
        "call": call, "college": college, "recommendation": recommendation, "rows": rows, "attested": attested})
