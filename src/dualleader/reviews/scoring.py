"""The reviewer's writes (评审打分): save a draft of the scores and the comment, submit the review, or
decline it (with a conflict of interest declared or not).

Every service is one transaction that locks the Assignment row first, so two tabs of the same reviewer
(or the autosave racing the submit button) are served one after the other. A submitted or declined
review is never changed again. Scores are kept as decimal strings keyed by the criterion id."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import record
from dualleader.calls.templatetags.calls_tags import beijing
from dualleader.versioning import StaleEdit

from . import assigning
from .enums import AssignmentStatus, ConflictSource, RoundStatus
from .models import Assignment, Conflict, Criterion, Evaluation
from .scores import weighted_total

MAX_COMMENT = 5000
MAX_REASON = 300
MAX_SCORE_TEXT = 20


class StaleReview(StaleEdit):
    """The review was saved from another window (or by the autosave) after this copy was loaded."""

    def __init__(self, assignment: Assignment) -> None:
        super().__init__(assignment.saved_at or assignment.assigned_at, _(
            "This review was saved from another window at %(time)s (Beijing time) after you opened it. Your "
            "changes were not saved; reload the page to see the latest version."))


def clean_scores(criteria: list[Criterion], scores: Mapping[str, Any], *, complete: bool = False
                 ) -> dict[str, str]:
    """The scores as {criterion id: "points"} after the bounds check: a number from 0 to the criterion's
    maximum with at most one decimal place. Blank entries are left out (a draft may be partial) unless
    `complete`, when every criterion must be scored. Keys that are not criteria of the rubric are
    ignored. Raises ValidationError with one message per criterion at fault, keyed by criterion id."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for criterion in criteria:
        key = str(criterion.pk)
        raw = scores.get(key)
        text = "" if raw is None else str(raw).strip()
        if text == "":
            if complete:
                errors[key] = _("“%(name)s”: give a score.") % {"name": criterion.name}
            continue
        try:
            value = Decimal(text) if len(text) <= MAX_SCORE_TEXT else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or isinstance(raw, bool):
            errors[key] = _("“%(name)s”: “%(value)s” is not a number.") % {
                "name": criterion.name, "value": text[:MAX_SCORE_TEXT]}
            continue
        if value < 0:
            errors[key] = _("“%(name)s”: the score cannot be negative.") % {"name": criterion.name}
        elif value > criterion.max_points:
            errors[key] = _("“%(name)s”: the score cannot exceed %(max)s points.") % {
                "name": criterion.name, "max": _points(criterion.max_points)}
        elif value != value.quantize(Decimal("0.1")):
            errors[key] = _("“%(name)s”: use at most one decimal place.") % {"name": criterion.name}
        else:
            clean[key] = _points(value)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    return clean


def _points(value: Decimal) -> str:
    """"12", "12.5": the shortest exact form with at most one decimal place."""
    value = value.quantize(Decimal("0.1"))
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def check_window(assignment: Assignment) -> None:
    """Scores are taken only while the round is open and within its window."""
    round_ = assignment.round
    now = timezone.now()
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("This review round is not open for scoring."))
    if now < round_.opens_at:
        raise ValidationError(_("Scoring opens at %(time)s.") % {"time": beijing(round_.opens_at)})
    if now > round_.closes_at:
        raise ValidationError(_("Scoring closed at %(time)s.") % {"time": beijing(round_.closes_at)})


def _check_changeable(assignment: Assignment) -> None:
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise ValidationError(_("This review has been submitted and can no longer be changed."))
    if assignment.status == AssignmentStatus.DECLINED:
        raise ValidationError(_("You have declined this review."))


def _lock(assignment: Assignment) -> Assignment:
    return (Assignment.objects.select_for_update(of=("self",))
            .select_related("round__evaluation__owner", "application").get(pk=assignment.pk))


def _lock_rubric(evaluation: Evaluation) -> None:
    """The first score saved locks the rubric (H1's rubric_save refuses from then on). The Evaluation
    row is locked only while it is not yet set, so later saves do not queue on it."""
    if evaluation.rubric_locked_at is not None:
        return
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.rubric_locked_at is None:
        locked.rubric_locked_at = timezone.now()
        locked.save(update_fields=["rubric_locked_at", "updated_at"])
        record("reviews.rubric_lock", obj=locked, after={"rubric_locked_at": locked.rubric_locked_at.isoformat()})
    evaluation.rubric_locked_at = locked.rubric_locked_at


def _criteria(evaluation: Evaluation) -> list[Criterion]:
    return list(Criterion.objects.filter(evaluation=evaluation).order_by("order", "id"))


def _apply(locked: Assignment, scores: Mapping[str, Any] | None, comment: str | None,
           expected_lock_version: int | None, *, complete: bool) -> list[Criterion]:
    _check_changeable(locked)
    if expected_lock_version is not None and expected_lock_version != locked.lock_version:
        raise StaleReview(locked)
    check_window(locked)
    evaluation = locked.round.evaluation
    _lock_rubric(evaluation)
    criteria = _criteria(evaluation)
    if scores is not None:
        locked.scores = clean_scores(criteria, scores, complete=complete)
    elif complete:
        clean_scores(criteria, locked.scores or {}, complete=True)
    if comment is not None:
        comment = comment.strip()
        if len(comment) > MAX_COMMENT:
            raise ValidationError(_("The comment is too long: at most %(n)d characters.") % {"n": MAX_COMMENT})
        locked.comment = comment
    return criteria


@transaction.atomic
def review_save(*, assignment: Assignment, scores: Mapping[str, Any], comment: str,
                expected_lock_version: int | None, user: Any, autosave: bool = False) -> Assignment:
    """保存草稿: keep the scores given so far and the comment. Each score within 0..max points with at
    most one decimal place (a draft may leave criteria blank); the round open and within its window;
    refused on a stale `expected_lock_version` (StaleReview) and once submitted or declined. The first
    save locks the evaluation's rubric. An autosave that changes nothing writes nothing."""
    locked = _lock(assignment)
    before = {"scores": dict(locked.scores or {}), "comment": locked.comment, "status": locked.status}
    _apply(locked, scores, comment, expected_lock_version, complete=False)
    if (autosave and locked.status == AssignmentStatus.DRAFT and locked.scores == before["scores"]
            and locked.comment == before["comment"]):
        return locked
    locked.status = AssignmentStatus.DRAFT
    locked.saved_at = timezone.now()
    locked.lock_version += 1
    locked.save(update_fields=["scores", "comment", "status", "saved_at", "lock_version"])
    record("reviews.review_autosave" if autosave else "reviews.review_save", obj=locked, actor=user,
           before=before, after={"scores": locked.scores, "comment": locked.comment, "status": locked.status})
    return locked


@transaction.atomic
def review_submit(*, assignment: Assignment, user: Any, scores: Mapping[str, Any] | None = None,
                  comment: str | None = None, expected_lock_version: int | None = None) -> Assignment:
    """提交评审: every criterion scored within its bounds, the round open and within its window. The
    scores and comment posted with it are saved first (with the same checks as a draft). Writes the
    weighted total; the review can never be changed afterwards."""
    locked = _lock(assignment)
    before = {"scores": dict(locked.scores or {}), "comment": locked.comment, "status": locked.status}
    criteria = _apply(locked, scores, comment, expected_lock_version, complete=True)
    now = timezone.now()
    locked.total = weighted_total(criteria, locked.scores)
    locked.status = AssignmentStatus.SUBMITTED
    locked.saved_at = locked.submitted_at = now
    locked.lock_version += 1
    locked.save(update_fields=["scores", "comment", "total", "status", "saved_at", "submitted_at", "lock_version"])
    record("reviews.review_submit", obj=locked, actor=user, before=before,
           after={"scores": locked.scores, "comment": locked.comment, "total": str(locked.total),
                  "status": locked.status})
    return locked


@transaction.atomic
def review_decline(*, assignment: Assignment, reason: str, conflict: bool, user: Any) -> Assignment | None:
    """回避 / 放弃评审: the reviewer gives the review back with a reason, before submitting it and
    before the round closes. With `conflict`, a declared conflict of interest is recorded, so the pair is
    never assigned again (a decline alone already keeps it out of automatic assignment). The
    application is then reassigned (reviews.assigning.replace_declined); returns the new assignment, or
    None when nobody eligible was left (the Organization Department is told)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for declining this review."))
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is too long: at most %(n)d characters.") % {"n": MAX_REASON})
    locked = _lock(assignment)
    _check_changeable(locked)
    if locked.round.status == RoundStatus.CLOSED:
        raise ValidationError(_("This review round is closed."))
    before = {"status": locked.status}
    locked.status = AssignmentStatus.DECLINED
    locked.declined_at = timezone.now()
    locked.decline_reason = reason
    locked.lock_version += 1
    locked.save(update_fields=["status", "declined_at", "decline_reason", "lock_version"])
    evaluation = locked.round.evaluation
    if conflict:
        found, created = Conflict.objects.get_or_create(
            evaluation=evaluation, reviewer_id=locked.reviewer_id, application_id=locked.application_id,
            defaults={"reason": reason, "source": ConflictSource.DECLARED, "recorded_by": user})
        if created:
            record("reviews.conflict_declare", obj=found, unit=evaluation.owner, actor=user,
                   after={"reviewer": locked.reviewer_id, "application": locked.application_id, "reason": reason})
    record("reviews.review_decline", obj=locked, actor=user, before=before,
           after={"status": locked.status, "reason": reason, "conflict": conflict})
    return _replace(locked, user)


def _replace(locked: Assignment, user: Any) -> Assignment | None:
    """Hand the application to another reviewer (or tell the Organization Department nobody is left)."""
    return assigning.replace_declined(assignment=locked, user=user)
