"""我的待办 for applicants: the open calls a secretary's branch has not applied to yet, and the
applications waiting on the secretary (a draft not yet submitted, or one the college returned).
Three queries at most, whatever the number of calls, branches or applications."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dualleader.calls.enums import CallStatus
from dualleader.home.todo import TodoItem, provider

from .enums import ApplicationStatus
from .models import Application
from .selectors import open_calls, user_branches

_WAITING = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def _beijing(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@provider
def applicant_todo(user: Any) -> list[TodoItem]:
    branches = user_branches(user)  # the secretary's own branches, from the cached role grants
    if not branches:
        return []
    branch_ids = [b.pk for b in branches]
    now = timezone.now()
    calls = list(open_calls().only("pk", "name", "deadline"))
    # Every live application of these branches on a call that is still open (withdrawn ones do not
    # count: the branch may start again, as the applications list offers).
    live = list(Application.objects.filter(branch_id__in=branch_ids, call__status=CallStatus.PUBLISHED,
                                           call__deadline__gt=now)
                .exclude(status=ApplicationStatus.WITHDRAWN)
                .select_related("call").only("pk", "status", "branch_id", "call__name", "call__deadline")
                .order_by("call__deadline", "pk"))
    applied = {(a.call_id, a.branch_id) for a in live}
    items: list[TodoItem] = []
    for call in calls:
        for branch in branches:
            if (call.pk, branch.pk) in applied:
                continue
            url = reverse("applications:eligibility", args=[call.pk]) + "?" + urlencode({"branch": branch.pk})
            items.append(TodoItem(
                _("“%(call)s” is open for applications; deadline %(deadline)s (Beijing time)")
                % {"call": call.name, "deadline": _beijing(call.deadline)},
                url, "bi-megaphone", "info"))
    for application in live:
        if application.status not in _WAITING:
            continue
        if application.status == ApplicationStatus.RETURNED:
            text = _("“%(call)s”: returned, please revise and submit again") % {"call": application.call.name}
            items.append(TodoItem(text, reverse("applications:detail", args=[application.pk]),
                                  "bi-arrow-return-left", "danger"))
        else:
            text = _("“%(call)s”: the application is a draft and has not been submitted") % {
                "call": application.call.name}
            items.append(TodoItem(text, reverse("applications:edit", args=[application.pk]),
                                  "bi-pencil-square", "warning"))
    return items
