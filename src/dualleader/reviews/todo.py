"""我的待办 for reviewers (reviews to finish in open rounds) and the Organization Department (open
objections, notices whose period is over and can be finalised). A constant number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dualleader.accounts.enums import Role
from dualleader.calls.selectors import managed_calls
from dualleader.home.todo import TodoItem, provider

from .enums import AssignmentStatus, NoticeStatus, ObjectionStatus, RoundStatus
from .models import Assignment, PublicNotice


@provider
def reviewer_todo(user: Any) -> list[TodoItem]:
    if not any(g.role == Role.REVIEWER for g in getattr(user, "grants", [])):
        return []
    pending = Assignment.objects.filter(reviewer=user, round__status=RoundStatus.OPEN,
                                        status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.DRAFT]).count()
    if not pending:
        return []
    return [TodoItem(ngettext("%(n)d application waiting for your review",
                              "%(n)d applications waiting for your review", pending) % {"n": pending},
                     reverse("reviews:queue"), icon="bi-clipboard-check", count=pending)]


@provider
def org_admin_todo(user: Any) -> list[TodoItem]:
    if not any(g.role == Role.ORG_ADMIN for g in getattr(user, "grants", [])):
        return []
    today = timezone.localdate()
    notices = PublicNotice.objects.filter(
        status=NoticeStatus.PUBLISHED, decision__evaluation__call__in=managed_calls(user)).select_related(
        "decision__evaluation").annotate(open_objections=Count("objections", filter=Q(
            objections__status=ObjectionStatus.OPEN)))
    items: list[TodoItem] = []
    for notice in notices:
        url = reverse("reviews:notice", args=[notice.decision.evaluation.call_id])
        if notice.open_objections:
            items.append(TodoItem(_("%(title)s: %(n)d objection(s) to resolve")
                                  % {"title": notice.title, "n": notice.open_objections}, url,
                                  icon="bi-chat-square-dots", level="danger", count=notice.open_objections))
        elif notice.ends_on and notice.ends_on < today:
            items.append(TodoItem(_("%(title)s: the period is over, finalise the result") % {"title": notice.title},
                                  url, icon="bi-flag", level="info"))
    return items
