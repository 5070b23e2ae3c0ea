"""The filtered log as a CSV file that Excel and WPS open with the Chinese intact."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..display import object_type_label
from ..labels import action_label
from ..models import AuditEvent, Result
from ..selectors import SHANGHAI
from ..services import record
from .log import filtered_events, require_log_access

EXPORT_LIMIT = 100_000
BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel; a user-typed name must never run as one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like sink for csv.writer that hands each formatted line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def headers() -> list[str]:
    return [_("Time (Beijing)"), _("Actor"), _("Action"), _("Action code"), _("Object type"), _("Object"),
            _("Object ID"), _("Unit"), _("Result"), _("IP address"), _("Detail"), _("Before"), _("After")]


def row(event: AuditEvent) -> list[str]:
    return [cell(v) for v in (
        timezone.localtime(event.at, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"), event.actor_name,
        action_label(event.action), event.action, object_type_label(event.object_type), event.object_repr,
        event.object_id, event.unit.name if event.unit else "", Result(event.result).label
        if event.result in Result.values else event.result, event.ip, event.detail,
        _json(event.before), _json(event.after))]


def lines(events: QuerySet[AuditEvent], language: str, limit: int = EXPORT_LIMIT) -> Iterator[str]:
    """CSV lines, BOM first; at most `limit` rows, then a line saying the export was cut short."""
    writer = csv.writer(_Line())
    # The body is produced after the view has returned, possibly on another thread: pin the language.
    with translation.override(language):
        head = BOM + writer.writerow(headers())
    yield head
    for index, event in enumerate(events.iterator(chunk_size=2000)):
        with translation.override(language):
            if index == limit:
                yield writer.writerow([_("Truncated: only the first %(n)d rows were exported. Narrow the "
                                         "filters to export the rest.") % {"n": limit}])
                return
            yield writer.writerow(row(event))


@login_required
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    require_log_access(request)
    form, events = filtered_events(request)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('audit:log')}?{request.GET.urlencode()}")
    # Reading the whole log out of the system is itself worth a line in it.
    record("audit.export", object_type="audit.auditevent", object_repr=_("Audit log"),
           detail=request.GET.urlencode())
    stamp = timezone.localtime(timezone.now(), SHANGHAI).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(events.select_related("unit")[: EXPORT_LIMIT + 1], translation.get_language()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
