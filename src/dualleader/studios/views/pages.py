"""Studio pages: the list, scoped by the unit tree like applications (the Organization Department sees
everything under its unit, a college its branches, a secretary or member their branch), and one studio."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dualleader.applications.selectors import APPLICATION_ROLES
from dualleader.calls.models import Call
from dualleader.units.models import Unit
from dualleader.units.selectors import scope_q

from ..enums import StudioStatus
from ..models import Studio

PAGE_SIZE = 50


def visible_studios(user: Any) -> QuerySet[Studio]:
    q = scope_q(user, APPLICATION_ROLES, prefix="branch__")
    return Studio.objects.none() if q is None else Studio.objects.filter(q)


def with_colleges(studios: list[Studio]) -> None:
    """Attach `college` (the branch's parent unit) to each studio with one query."""
    paths = {s.branch.path[: -Unit.steplen] for s in studios if s.branch.depth > 1}
    units = {u.path: u for u in Unit.objects.filter(path__in=paths)} if paths else {}
    for s in studios:
        s.college = units.get(s.branch.path[: -Unit.steplen])  # type: ignore[attr-defined]


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def studio_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("studios.browse"):
        raise PermissionDenied("studios.browse")
    qs = visible_studios(request.user)
    call_id = _int(request.GET.get("call"))
    status = request.GET.get("status", "")
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    if status in StudioStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    qs = qs.select_related("call", "branch", "leader").order_by("-call__opens_at", "call_id", "selection_rank", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    studios = list(page.object_list)
    with_colleges(studios)
    calls = Call.objects.filter(pk__in=visible_studios(request.user).values("call_id")).order_by("-opens_at")
    return render(request, "studios/list.html", {
        "page": page, "studios": studios, "calls": list(calls.values("pk", "name")), "call_id": call_id,
        "status": status, "statuses": StudioStatus.choices})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    studio = get_object_or_404(visible_studios(request.user).select_related(
        "call", "branch", "leader", "application"), pk=pk)
    if not request.user.has_perm("studios.view", studio):
        raise PermissionDenied("studios.view")
    with_colleges([studio])
    return render(request, "studios/detail.html", {"studio": studio, "call": studio.call})
