"""集中审议: the Organization Department records the leading group's decision from the ranking of the
latest round: which applications are selected, in which order, the meeting, its minutes and basis."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.views.common import messages_of
from dualleader.versioning import StaleEdit, version_of

from ..deciding import decision_record, notice_published
from ..enums import Aggregation
from ..models import Decision
from ..ranking import latest_round, ranking_for
from .common import evaluation_for


def _date(raw: str) -> datetime.date | None:
    try:
        return parse_date((raw or "").strip())
    except ValueError:
        return None


def _int(raw: Any) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def selected_in_order(post: Any) -> list[int]:
    """The ticked application ids ordered by the place typed next to each (ties of places refused)."""
    ids: list[int] = []
    for raw in post.getlist("selected"):
        pk = _int(raw)
        if pk is None:
            raise ValidationError(_("The list of selected applications could not be read; reload the page."))
        ids.append(pk)
    places: dict[int, int] = {}
    for pk in ids:
        place = _int(post.get(f"place_{pk}"))
        if place is None:
            raise ValidationError(_("Give every selected application its place on the list (1, 2, 3…)."))
        places[pk] = place
    if len(set(places.values())) != len(places):
        raise ValidationError(_("Two selected applications have the same place; give each its own."))
    return sorted(ids, key=lambda pk: places[pk])


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    if request.method == "POST":
        meeting_date = _date(request.POST.get("meeting_date", ""))
        try:
            if meeting_date is None:
                raise ValidationError(_("Enter the date of the meeting as YYYY-MM-DD."))
            ids = selected_in_order(request.POST)
            decision_record(evaluation=evaluation, meeting_date=meeting_date,
                            meeting_name=request.POST.get("meeting_name", ""),
                            minutes=request.POST.get("minutes", ""), basis=request.POST.get("basis", ""),
                            application_ids=ids, user=request.user,
                            expected_version=request.POST.get("version") or None)
        except StaleEdit as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The leading group's decision was recorded: %(n)d studio(s) selected.")
                             % {"n": len(ids)})
        return redirect("reviews:decision", call_id=call_id)

    decision_ = Decision.objects.filter(evaluation=evaluation).select_related("decided_by__person").first()
    entries = list(decision_.entries.order_by("rank")) if decision_ is not None else []
    places = {e.application_id: e.rank for e in entries}
    round_ = latest_round(evaluation)
    table = ranking_for(round_) if round_ is not None else None
    rows = [{"row": r, "selectable": r.application.status == S.UNDER_REVIEW,
             "place": places.get(r.application.pk)} for r in (table.rows if table else [])]
    call = evaluation.call
    context: dict[str, Any] = {
        "evaluation": evaluation, "call": call, "round": round_, "ranking": table, "rows": rows,
        "decision": decision_, "entries": entries, "locked": notice_published(evaluation),
        "version": version_of(decision_) if decision_ is not None else "",
        "method_label": Aggregation(evaluation.aggregation).label, "today": timezone.localdate(),
        "form": {"meeting_date": decision_.meeting_date.isoformat() if decision_ else "",
                 "meeting_name": decision_.meeting_name if decision_ else _("Meeting of the university's Party-building leading group"),
                 "minutes": decision_.minutes if decision_ else "", "basis": decision_.basis if decision_ else ""},
    }
    return render(request, "reviews/decision.html", context)
