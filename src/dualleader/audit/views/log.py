from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dualleader.units.selectors import visible_units

from ..display import changes, object_type_label
from ..forms import EventFilterForm
from ..labels import action_label
from ..models import AuditEvent
from ..selectors import filter_events, visible_events

PAGE_SIZE = 50


def require_log_access(request: HttpRequest) -> None:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied("audit.view_log")


def filtered_events(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[AuditEvent]]:
    """The events in the user's scope that match the GET filters; none while the filters are invalid,
    so a mistyped date never passes for "all dates"."""
    events = visible_events(request.user)
    recorded = list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
    form = EventFilterForm(request.GET or None, units=visible_units(request.user, ("org_admin",))
                           .order_by("path"), actions=recorded)
    if not form.is_bound:
        return form, events
    if not form.is_valid():
        return form, events.none()
    return form, filter_events(events, form.cleaned_data)


def annotate(event: AuditEvent) -> AuditEvent:
    """Attach what the templates show, computed without touching the database."""
    event.action_label = action_label(event.action)  # type: ignore[attr-defined]
    event.object_type_label = object_type_label(event.object_type)  # type: ignore[attr-defined]
    event.changes = changes(event)  # type: ignore[attr-defined]
    return event


@login_required
def log(request: HttpRequest) -> HttpResponse:
    require_log_access(request)
    form, events = filtered_events(request)
    page = Paginator(events.select_related("unit"), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        annotate(event)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page,
                                              "export_query": export_query.urlencode()})


@login_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    require_log_access(request)
    found = get_object_or_404(visible_events(request.user).select_related("unit", "actor"), pk=pk)
    return render(request, "audit/event_detail.html", {"event": annotate(found)})
