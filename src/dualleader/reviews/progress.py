"""Who has scored what in a round (评审进度), and reminders to those who have not finished. A round's
progress is read in a fixed number of queries whatever the size of the panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dualleader.accounts.models import User
from dualleader.audit.services import record
from dualleader.calls.deadlines import beijing
from dualleader.notifications.services import notify

from .enums import AssignmentStatus as A
from .enums import RoundStatus
from .models import Assignment, PanelMember, ReviewRound
from .setup import _lock_round

SOON = datetime.timedelta(hours=24)


@dataclass
class ReviewerProgress:
    user: User
    member: PanelMember | None
    assigned: int = 0
    draft: int = 0
    submitted: int = 0
    declined: int = 0
    last_saved: datetime.datetime | None = None
    overdue: bool = False

    @property
    def unfinished(self) -> int:
        return self.assigned + self.draft

    @property
    def total(self) -> int:
        return self.assigned + self.draft + self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


@dataclass
class Progress:
    round: ReviewRound
    rows: list[ReviewerProgress] = field(default_factory=list)
    due_soon: bool = False  # the window ends within 24 hours or has ended

    @property
    def totals(self) -> dict[str, int]:
        keys = ("assigned", "draft", "submitted", "declined")
        return {k: sum(getattr(r, k) for r in self.rows) for k in keys}

    @property
    def unfinished(self) -> int:
        return sum(r.unfinished for r in self.rows)


def is_due_soon(round_: ReviewRound, now: datetime.datetime | None = None) -> bool:
    return round_.closes_at <= (now or timezone.now()) + SOON


def progress(round_: ReviewRound, now: datetime.datetime | None = None) -> Progress:
    """Per reviewer (panel members and anyone else holding reviews in the round): how many reviews are
    not started, drafted, submitted, declined; overdue when the round has ended or ends within 24 hours
    and they still have unfinished reviews. Two queries, three when someone off the panel holds reviews."""
    due = is_due_soon(round_, now)
    counts = {row["reviewer"]: row for row in Assignment.objects.filter(round=round_).values("reviewer").annotate(
        assigned=Count("pk", filter=Q(status=A.ASSIGNED)), draft=Count("pk", filter=Q(status=A.DRAFT)),
        submitted=Count("pk", filter=Q(status=A.SUBMITTED)), declined=Count("pk", filter=Q(status=A.DECLINED)),
        last_saved=Max("saved_at"))}
    members = list(PanelMember.objects.filter(evaluation_id=round_.evaluation_id)
                   .select_related("user__person").order_by("role", "pk"))
    on_panel = {m.user_id for m in members}
    others = User.objects.filter(pk__in=[pk for pk in counts if pk not in on_panel]).select_related("person")
    people: list[tuple[User, PanelMember | None]] = [(m.user, m) for m in members]
    people += [(u, None) for u in sorted(others, key=lambda u: u.pk)]
    rows = []
    for user, member in people:
        c = counts.get(user.pk, {})
        row = ReviewerProgress(user=user, member=member, assigned=c.get("assigned", 0), draft=c.get("draft", 0),
                               submitted=c.get("submitted", 0), declined=c.get("declined", 0),
                               last_saved=c.get("last_saved"))
        row.overdue = due and row.unfinished > 0
        rows.append(row)
    return Progress(round=round_, rows=rows, due_soon=due)


@transaction.atomic
def reviewers_remind(*, round: ReviewRound, user: Any, reviewer: User | None = None) -> int:
    """Remind every reviewer with unfinished reviews in the open round (or only `reviewer`) through the
    notification inbox and email. Returns how many were reminded; refused when nobody has anything left
    to do or the round is not open."""
    locked = _lock_round(round)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("Reminders are sent only while the round is open."))
    pending = Assignment.objects.filter(round=locked, status__in=[A.ASSIGNED, A.DRAFT])
    if reviewer is not None:
        pending = pending.filter(reviewer=reviewer)
    counts = dict(pending.values_list("reviewer").annotate(n=Count("pk")).order_by())
    if not counts:
        raise ValidationError(_("Nobody has an unfinished review in this round."))
    for account in User.objects.filter(pk__in=counts).order_by("pk"):
        n = counts[account.pk]
        notify([account], kind="reviews.reminder",
               title=ngettext("Reminder: %(n)d review to finish in %(round)s",
                              "Reminder: %(n)d reviews to finish in %(round)s", n) % {"n": n, "round": locked},
               body=_("Please finish and submit your reviews before %(time)s.") % {"time": beijing(locked.closes_at)},
               url=reverse("reviews:queue"), obj=locked)
    record("reviews.remind", obj=locked, unit=locked.evaluation.owner, actor=user,
           after={"reviewers": sorted(counts), "only": reviewer.pk if reviewer is not None else None})
    return len(counts)
