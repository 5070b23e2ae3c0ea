"""Progress per reviewer, overdue, and reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.notifications.models import Notification

from ..enums import AssignmentStatus, RoundStatus
from ..models import Assignment, ReviewRound
from ..progress import progress, reviewers_remind
from .factories import make_assignment, make_review
from .test_assign_services import make_round

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids



def test_progress_counts_per_reviewer(world: Any) -> None:
    r = make_round(world, n_apps=2, n_members=2)
    a, b = r.members[0].user, r.members[1].user
    make_assignment(r.round, a, r.apps[0], r.org)
    draft = make_assignment(r.round, a, r.apps[1], r.org)
    Assignment.objects.filter(pk=draft.pk).update(status=AssignmentStatus.DRAFT)
    make_review(r.round, b, r.apps[0], r.org, [10] * r.evaluation.criteria.count())
    rows = {row.user.pk: row for row in progress(r.round).rows}
    assert (rows[a.pk].assigned, rows[a.pk].draft, rows[a.pk].submitted, rows[a.pk].unfinished) == (1, 1, 0, 2)
    assert (rows[b.pk].submitted, rows[b.pk].percent, rows[b.pk].overdue) == (1, 100, False)


def test_progress_marks_unfinished_overdue_within_24_hours(world: Any) -> None:
    r = make_round(world, n_apps=1, n_members=2)
    a, b = r.members[0].user, r.members[1].user
    make_assignment(r.round, a, r.apps[0], r.org)
    make_review(r.round, b, r.apps[0], r.org, [10] * r.evaluation.criteria.count())
    ReviewRound.objects.filter(pk=r.round.pk).update(closes_at=timezone.now() + datetime.timedelta(hours=20))
    r.round.refresh_from_db()
    rows = {row.user.pk: row.overdue for row in progress(r.round).rows}
    assert rows == {a.pk: True, b.pk: False}


def test_remind_all_with_unfinished_reviews(world: Any) -> None:
    r = make_round(world, n_apps=1, n_members=2)
    a, b = r.members[0].user, r.members[1].user
    make_assignment(r.round, a, r.apps[0], r.org)
    make_review(r.round, b, r.apps[0], r.org, [10] * r.evaluation.criteria.count())
    assert reviewers_remind(round=r.round, user=r.org) == 1
    [note] = Notification.objects.filter(kind="reviews.reminder")
    assert (note.recipient_id, note.url) == (a.pk, "/reviews/mine/")


def test_remind_one_reviewer_refused_when_nothing_left(world: Any) -> None:
    r = make_round(world, n_apps=1, n_members=2)
    b = r.members[1].user
    make_review(r.round, b, r.apps[0], r.org, [10] * r.evaluation.criteria.count())
    with pytest.raises(ValidationError) as exc:
        reviewers_remind(round=r.round, user=r.org, reviewer=b)
    assert exc.value.messages == ["Nobody has an unfinished review in this round."]


def test_remind_refused_when_the_round_is_closed(world: Any) -> None:
    r = make_round(world, n_apps=1, n_members=1)
    make_assignment(r.round, r.members[0].user, r.apps[0], r.org)
    ReviewRound.objects.filter(pk=r.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        reviewers_remind(round=r.round, user=r.org)
    assert exc.value.messages == ["Reminders are sent only while the round is open."]
