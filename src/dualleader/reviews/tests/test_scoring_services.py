"""reviews/scoring.py: bounds, drafts, stale saves, submission, the round's window, declining."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.notifications.models import Notification

from ..enums import AssignmentStatus, ConflictSource, RoundStatus
from ..models import Assignment, Conflict, Criterion, Evaluation, ReviewRound
from ..scoring import StaleReview, clean_scores, review_decline, review_save, review_submit
from .factories import make_accepted, make_assignment, make_evaluation, open_round

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids


@dataclass
class Setup:
    evaluation: Evaluation
    round: ReviewRound
    application: Application
    assignment: Assignment
    criteria: list[Criterion]
    reviewer: Any
    org: Any


def setup_review(world: Any, n: int = 1, **round_fields: Any) -> Setup:
    """An open remote round with `n` accepted applications, the first assigned to world's reviewer."""
    org = world.user("org_admin")
    call = make_open_call(world.school)
    evaluation = make_evaluation(call, org)
    apps = make_accepted(call, world.college, n)
    round_ = open_round(evaluation, **round_fields)
    assignment = make_assignment(round_, world.user("reviewer"), apps[0], org)
    return Setup(evaluation, round_, apps[0], assignment, list(evaluation.criteria.order_by("order", "id")),
                 world.user("reviewer"), org)


def full(s: Setup, value: str = "10") -> dict[str, str]:
    return {str(c.pk): value for c in s.criteria}


def save(s: Setup, scores: dict[str, str], comment: str = "", lock: int | None = 1, **kw: Any) -> Assignment:
    return review_save(assignment=s.assignment, scores=scores, comment=comment, expected_lock_version=lock,
                       user=s.reviewer, **kw)


@pytest.fixture
def s(world: Any) -> Setup:
    return setup_review(world)



def test_default_rubric_totals_100(s: Setup) -> None:
    assert sum(c.max_points * c.weight for c in s.criteria) == Decimal(100)


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "the score cannot be negative."),
    ("999", "the score cannot exceed {max} points."),
    ("5.25", "use at most one decimal place."),
    ("abc", "“abc” is not a number."),
    ("NaN", "“NaN” is not a number."),
    ("1,5", "“1,5” is not a number."),
])
def test_save_refuses_out_of_bounds_and_saves_nothing(s: Setup, value: str, message: str) -> None:
    first = s.criteria[0]
    scores = {str(first.pk): value, str(s.criteria[1].pk): "8"}
    with pytest.raises(ValidationError) as exc:
        save(s, scores, "意见")
    max_text = f"{first.max_points:f}".rstrip("0").rstrip(".")
    assert exc.value.message_dict == {str(first.pk): [f"“{first.name}”: " + message.format(max=max_text)]}
    s.assignment.refresh_from_db()
    assert (s.assignment.scores, s.assignment.comment, s.assignment.status, s.assignment.lock_version) == (
        {}, "", AssignmentStatus.ASSIGNED, 1)


def test_clean_scores_accepts_bounds_and_one_decimal(s: Setup) -> None:
    c = s.criteria[0]
    assert clean_scores([c], {str(c.pk): "0"}) == {str(c.pk): "0"}
    assert clean_scores([c], {str(c.pk): " 12.50 "}) == {str(c.pk): "12.5"}
    top = str(c.max_points)
    assert clean_scores([c], {str(c.pk): top}) == {str(c.pk): top.rstrip("0").rstrip(".")}
    assert clean_scores([c], {str(c.pk): "", "999999": "5"}) == {}


def test_save_keeps_a_partial_draft_and_locks_the_rubric(s: Setup) -> None:
    saved = save(s, {str(s.criteria[0].pk): "12.5"}, " 论证较充分 ")
    s.evaluation.refresh_from_db()
    assert (saved.scores, saved.comment, saved.status, saved.lock_version) == (
        {str(s.criteria[0].pk): "12.5"}, "论证较充分", AssignmentStatus.DRAFT, 2)
    assert s.evaluation.rubric_locked_at is not None
    assert AuditEvent.objects.filter(action="reviews.review_save", object_id=str(s.assignment.pk)).count() == 1


def test_save_refuses_a_stale_lock_version(s: Setup) -> None:
    save(s, full(s), "第一次")
    with pytest.raises(StaleReview):
        save(s, full(s, "1"), "旧窗口", lock=1)
    s.assignment.refresh_from_db()
    assert (s.assignment.comment, s.assignment.lock_version) == ("第一次", 2)


def test_autosave_without_changes_writes_nothing(s: Setup) -> None:
    save(s, full(s), "意见")
    again = save(s, full(s), "意见", lock=2, autosave=True)
    assert again.lock_version == 2
    assert AuditEvent.objects.filter(action="reviews.review_autosave").count() == 0


def test_submit_needs_every_criterion(s: Setup) -> None:
    scores = full(s)
    missing = s.criteria[-1]
    scores[str(missing.pk)] = ""
    with pytest.raises(ValidationError) as exc:
        review_submit(assignment=s.assignment, scores=scores, comment="", expected_lock_version=1, user=s.reviewer)
    assert exc.value.message_dict == {str(missing.pk): [f"“{missing.name}”: give a score."]}
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


def test_submit_writes_the_weighted_total_and_freezes_the_review(s: Setup) -> None:
    done = review_submit(assignment=s.assignment, scores=full(s, "10"), comment="建议支持",
                         expected_lock_version=1, user=s.reviewer)
    expected = sum((c.weight * 10 for c in s.criteria), Decimal(0)).quantize(Decimal("0.01"))
    assert (done.status, done.total, done.comment) == (AssignmentStatus.SUBMITTED, expected, "建议支持")
    assert done.submitted_at is not None
    with pytest.raises(ValidationError) as exc:
        save(s, full(s, "1"), "改", lock=done.lock_version)
    assert exc.value.messages == ["This review has been submitted and can no longer be changed."]
    with pytest.raises(ValidationError):
        review_submit(assignment=s.assignment, user=s.reviewer)
    s.assignment.refresh_from_db()
    assert (s.assignment.total, s.assignment.comment, s.assignment.scores) == (expected, "建议支持", full(s, "10"))


def test_save_refused_when_the_round_is_closed(s: Setup) -> None:
    ReviewRound.objects.filter(pk=s.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        save(s, full(s))
    assert exc.value.messages == ["This review round is not open for scoring."]
    s.assignment.refresh_from_db()
    assert s.assignment.scores == {}


def test_submit_refused_after_the_window_even_if_still_open(s: Setup) -> None:
    now = timezone.now()
    ReviewRound.objects.filter(pk=s.round.pk).update(opens_at=now - datetime.timedelta(days=9),
                                                     closes_at=now - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        review_submit(assignment=s.assignment, scores=full(s), user=s.reviewer)
    assert exc.value.messages[0].startswith("Scoring closed at ")
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


def test_save_refused_before_the_window(s: Setup) -> None:
    now = timezone.now()
    ReviewRound.objects.filter(pk=s.round.pk).update(opens_at=now + datetime.timedelta(days=1),
                                                     closes_at=now + datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        save(s, full(s))
    assert exc.value.messages[0].startswith("Scoring opens at ")


def test_decline_needs_a_reason(s: Setup) -> None:
    with pytest.raises(ValidationError) as exc:
        review_decline(assignment=s.assignment, reason="  ", conflict=False, user=s.reviewer)
    assert exc.value.messages == ["Give the reason for declining this review."]
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


def test_decline_with_conflict_marks_it_and_records_the_conflict(s: Setup) -> None:
    review_decline(assignment=s.assignment, reason="与申报人为近亲属", conflict=True, user=s.reviewer)
    s.assignment.refresh_from_db()
    assert (s.assignment.status, s.assignment.decline_reason) == (AssignmentStatus.DECLINED, "与申报人为近亲属")
    assert s.assignment.declined_at is not None
    conflict = Conflict.objects.get(evaluation=s.evaluation)
    assert (conflict.reviewer_id, conflict.application_id, conflict.source) == (
        s.reviewer.pk, s.application.pk, ConflictSource.DECLARED)
    assert AuditEvent.objects.filter(action="reviews.review_decline", object_id=str(s.assignment.pk)).count() == 1


def test_decline_without_conflict_records_none(s: Setup) -> None:
    review_decline(assignment=s.assignment, reason="时间冲突", conflict=False, user=s.reviewer)
    assert Conflict.objects.count() == 0
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.DECLINED


def test_decline_hands_the_application_on(s: Setup) -> None:
    """With H1's replace_declined a new assignment is made (or the org admins are told when nobody is
    eligible); before it exists the org admins are told to reassign by hand. Either way somebody acts."""
    replacement = review_decline(assignment=s.assignment, reason="时间冲突", conflict=False, user=s.reviewer)
    told = Notification.objects.filter(recipient=s.org).exists()
    assert replacement is not None or told


def test_decline_refused_after_submitting(s: Setup) -> None:
    review_submit(assignment=s.assignment, scores=full(s), user=s.reviewer)
    with pytest.raises(ValidationError) as exc:
        review_decline(assignment=s.assignment, reason="x", conflict=False, user=s.reviewer)
    assert exc.value.messages == ["This review has been submitted and can no longer be changed."]


def test_decline_refused_when_round_closed(s: Setup) -> None:
    ReviewRound.objects.filter(pk=s.round.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        review_decline(assignment=s.assignment, reason="x", conflict=False, user=s.reviewer)
    assert exc.value.messages == ["This review round is closed."]
