"""我的待办 for the colleges and the Organization Department: applications waiting on the college, lists
not yet sent, applications the university returned, and sent lists waiting for the formal check.
A constant number of queries whatever the number of calls, colleges or applications."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from dualleader.accounts.enums import Role
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.calls.deadlines import beijing, deadline_in
from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.home.todo import TodoItem, provider
from dualleader.units.enums import UnitKind

from .enums import RecommendationStatus
from .models import Recommendation


@provider
def college_todo(user: Any) -> list[TodoItem]:
    colleges = [g.unit for g in getattr(user, "grants", []) if g.role == Role.COLLEGE_ADMIN
                and g.unit.kind == UnitKind.COLLEGE]
    if not colleges:
        return []
    calls = list(Call.objects.filter(status=CallStatus.PUBLISHED).select_related("owner"))
    if not calls:
        return []
    counts: Counter[tuple[int, str, str]] = Counter()
    for call_id, path, status in Application.objects.filter(
            call__in=calls, status__in=[S.SUBMITTED, S.RETURNED_BY_SCHOOL, S.ENDORSED]).values_list(
            "call_id", "branch__path", "status"):
        for college in colleges:
            if path.startswith(college.path):
                counts[(call_id, college.path, status)] += 1
    sent = set(Recommendation.objects.filter(call__in=calls, unit__in=colleges,
                                             status=RecommendationStatus.SUBMITTED).values_list("call_id", "unit_id"))
    extensions: dict[int, dict[str, DeadlineExtension]] = {c.pk: {} for c in calls}
    for grant in DeadlineExtension.objects.filter(call__in=calls).select_related("unit").order_by("granted_at", "id"):
        extensions[grant.call_id][grant.unit.path] = grant  # the newest grant per unit wins
    items: list[TodoItem] = []
    for call in calls:
        for college in colleges:
            if not college.path.startswith(call.owner.path):
                continue
            url = reverse("recommendations:college", args=[call.pk, college.pk])
            waiting = counts[(call.pk, college.path, S.SUBMITTED)]
            if waiting:
                items.append(TodoItem(_("“%(call)s”: %(n)d applications from your branches wait for the college's "
                                        "decision") % {"call": call.name, "n": waiting}, url, "bi-inbox", "warning",
                                      waiting))
            returned = counts[(call.pk, college.path, S.RETURNED_BY_SCHOOL)]
            if returned:
                items.append(TodoItem(_("“%(call)s”: %(n)d applications were returned by the Organization "
                                        "Department") % {"call": call.name, "n": returned}, url,
                                      "bi-arrow-return-left", "danger", returned))
            if (call.pk, college.pk) not in sent and (waiting or counts[(call.pk, college.path, S.ENDORSED)]):
                deadline = deadline_in(extensions[call.pk], call, college)
                items.append(TodoItem(_("“%(call)s”: the college's list has not been sent; deadline %(deadline)s")
                                      % {"call": call.name, "deadline": beijing(deadline)}, url, "bi-send", "info"))
    return items


@provider
def receipt_todo(user: Any) -> list[TodoItem]:
    owners = [g.unit for g in getattr(user, "grants", []) if g.role == Role.ORG_ADMIN]
    if not owners:
        return []
    rows = (Application.objects.filter(status=S.RECOMMENDED, call__status__in=[CallStatus.PUBLISHED,
                                                                                CallStatus.CLOSED])
            .values("call_id", "call__name", "call__owner__path").annotate(n=Count("id")).order_by("call_id"))
    items = []
    for row in rows:
        if any(row["call__owner__path"].startswith(o.path) for o in owners):
            items.append(TodoItem(_("“%(call)s”: %(n)d recommended applications wait for the formal check")
                                  % {"call": row["call__name"], "n": row["n"]},
                                  reverse("recommendations:desk", args=[row["call_id"]]), "bi-clipboard-check",
                                  "warning", row["n"]))
    return items
