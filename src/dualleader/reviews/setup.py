"""The Organization Department sets up a call's review: the aggregation method and what applicants may
see, the weighted rubric (until the first score is saved), the rounds with their windows and visibility
switches, and opening and closing them.

Every service is one transaction that locks the Evaluation row (the rubric, settings) or the round row
(window, status), audits the change in the same transaction and refuses with a ValidationError."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.audit.services import changed, record, snapshot
from dualleader.calls.deadlines import beijing
from dualleader.notifications.services import notify

from .enums import Aggregation, AssignmentStatus, OtherReviews, RoundKind, RoundStatus
from .models import Assignment, Criterion, Evaluation, ReviewRound

MAX_CRITERIA = 30
MAX_POINTS = Decimal("999.9")
MAX_WEIGHT = Decimal("99.99")
MAX_K = 50
ROUND_FIELDS = ["opens_at", "closes_at", "reviewers_per_item", "show_names", "show_college", "other_reviews"]


@dataclass
class CriterionIn:
    """One rubric line as typed: `id` of an existing criterion of the evaluation, or None for a new one."""

    id: int | None
    name: str
    description: str
    max_points: str
    weight: str


def _lock_evaluation(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("call", "owner").get(pk=evaluation.pk)


def _lock_round(round_: ReviewRound) -> ReviewRound:
    return ReviewRound.objects.select_for_update().select_related("evaluation__call", "evaluation__owner").get(
        pk=round_.pk)


@transaction.atomic
def evaluation_settings_save(*, evaluation: Evaluation, aggregation: str, show_scores_to_applicants: bool,
                             show_reviewers_to_applicants: bool, user: Any) -> Evaluation:
    """The aggregation method and what applicants are told of their review (scores, reviewers)."""
    if aggregation not in Aggregation.values:
        raise ValidationError(_("Choose an aggregation method from the list."))
    locked = _lock_evaluation(evaluation)
    fields = ["aggregation", "show_scores_to_applicants", "show_reviewers_to_applicants"]
    before = snapshot(locked, fields)
    locked.aggregation = aggregation
    locked.show_scores_to_applicants = bool(show_scores_to_applicants)
    locked.show_reviewers_to_applicants = bool(show_reviewers_to_applicants)
    b, a = changed(before, snapshot(locked, fields))
    if not a:
        return locked
    locked.save(update_fields=[*fields, "updated_at"])
    record("reviews.evaluation_settings", obj=locked, unit=locked.owner, before=b, after=a, actor=user)
    return locked


def _decimal(raw: str, *, places: int, upper: Decimal, label: str, what: str) -> Decimal:
    text = (raw or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not text or not value.is_finite() or value <= 0 or value > upper:
        raise ValidationError(_("“%(name)s”: the %(what)s must be a number above 0 and at most %(max)s.")
                              % {"name": label, "what": what, "max": upper})
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(_("“%(name)s”: the %(what)s may have at most %(n)d decimal place(s).")
                              % {"name": label, "what": what, "n": places})
    return value.quantize(Decimal(1).scaleb(-places))


@transaction.atomic
def rubric_save(*, evaluation: Evaluation, criteria: list[CriterionIn], user: Any) -> list[Criterion]:
    """Replace the rubric with `criteria`, in that order: existing ones (by id) are updated, new ones
    created, the others removed. Refused once a score has been saved (`rubric_locked_at`), since totals
    already given would no longer mean the same thing; refused when a line is incomplete or out of bounds
    (nothing is saved then)."""
    locked = _lock_evaluation(evaluation)
    if locked.rubric_locked_at is not None:
        raise ValidationError(_("The rubric can no longer be changed: the first score was saved at %(time)s.")
                              % {"time": beijing(locked.rubric_locked_at)})
    if not criteria:
        raise ValidationError(_("The rubric needs at least one criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(_("A rubric has at most %(n)d criteria.") % {"n": MAX_CRITERIA})
    existing = {c.pk: c for c in locked.criteria.all()}
    before = [snapshot(c, ["id", "name", "max_points", "weight"]) for c in existing.values()]
    cleaned: list[tuple[Criterion | None, dict[str, Any]]] = []
    names: set[str] = set()
    for number, line in enumerate(criteria, start=1):
        name = (line.name or "").strip()
        label = name or _("Criterion %(n)d") % {"n": number}
        if not name:
            raise ValidationError(_("Criterion %(n)d has no name.") % {"n": number})
        if len(name) > 100:
            raise ValidationError(_("“%(name)s”: the name is too long (at most 100 characters).") % {"name": name[:20]})
        if name in names:
            raise ValidationError(_("Two criteria are both called “%(name)s”.") % {"name": name})
        names.add(name)
        if line.id is not None and line.id not in existing:
            raise ValidationError(_("The rubric was changed in the meantime; reload the page."))
        values = {"order": number, "name": name, "description": (line.description or "").strip()[:5000],
                  "max_points": _decimal(line.max_points, places=1, upper=MAX_POINTS, label=label,
                                         what=_("maximum points")),
                  "weight": _decimal(line.weight or "1", places=2, upper=MAX_WEIGHT, label=label,
                                     what=_("weight"))}
        cleaned.append((existing.get(line.id) if line.id is not None else None, values))
    kept = {c.pk for c, _v in cleaned if c is not None}
    Criterion.objects.filter(evaluation=locked).exclude(pk__in=kept).delete()
    result: list[Criterion] = []
    for criterion, values in cleaned:
        if criterion is None:
            criterion = Criterion.objects.create(evaluation=locked, **values)
        else:
            for key, value in values.items():
                setattr(criterion, key, value)
            criterion.save(update_fields=list(values))
        result.append(criterion)
    locked.save(update_fields=["updated_at"])
    record("reviews.rubric_save", obj=locked, unit=locked.owner, actor=user, before={"criteria": before},
           after={"criteria": [snapshot(c, ["id", "name", "max_points", "weight"]) for c in result]})
    return result


def _check_round_values(opens_at: datetime.datetime, closes_at: datetime.datetime, reviewers_per_item: int,
                        other_reviews: str) -> None:
    if closes_at <= opens_at:
        raise ValidationError(_("The round must close after it opens."))
    if not 1 <= reviewers_per_item <= MAX_K:
        raise ValidationError(_("Reviewers per application must be between 1 and %(n)d.") % {"n": MAX_K})
    if other_reviews not in OtherReviews.values:
        raise ValidationError(_("Choose when reviewers see other reviews from the list."))


@transaction.atomic
def round_save(*, evaluation: Evaluation, opens_at: datetime.datetime, closes_at: datetime.datetime,
               reviewers_per_item: int, show_names: bool, show_college: bool, other_reviews: str, user: Any,
               round: ReviewRound | None = None, kind: str = RoundKind.PRESENTATION) -> ReviewRound:
    """Create a round of `kind` (one of each kind per evaluation; the remote one exists from the start),
    or, with `round`, change its window, reviewers per application and visibility switches. A closed
    round is not changed; an open round may not get a window that has already ended."""
    _check_round_values(opens_at, closes_at, reviewers_per_item, other_reviews)
    locked_evaluation = _lock_evaluation(evaluation)
    values = {"opens_at": opens_at, "closes_at": closes_at, "reviewers_per_item": reviewers_per_item,
              "show_names": bool(show_names), "show_college": bool(show_college), "other_reviews": other_reviews}
    if round is None:
        if kind not in RoundKind.values:
            raise ValidationError(_("Unknown kind of round."))
        if ReviewRound.objects.filter(evaluation=locked_evaluation, kind=kind).exists():
            raise ValidationError(_("This evaluation already has a %(kind)s round.")
                                  % {"kind": RoundKind(kind).label})
        created = ReviewRound.objects.create(evaluation=locked_evaluation, kind=kind, **values)
        record("reviews.round_create", obj=created, unit=locked_evaluation.owner, actor=user,
               after={"kind": kind, **snapshot(created, ROUND_FIELDS)})
        return created
    locked = _lock_round(round)
    if locked.evaluation_id != locked_evaluation.pk:
        raise ValidationError(_("This round belongs to another evaluation."))
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed and can no longer be changed."))
    if locked.status == RoundStatus.OPEN and closes_at <= timezone.now():
        raise ValidationError(_("The round is open: its closing time must be in the future."))
    before = snapshot(locked, ROUND_FIELDS)
    for key, value in values.items():
        setattr(locked, key, value)
    b, a = changed(before, snapshot(locked, ROUND_FIELDS))
    if a:
        locked.save(update_fields=[*values, "updated_at"])
        record("reviews.round_save", obj=locked, unit=locked_evaluation.owner, before=b, after=a, actor=user)
    return locked


def reviewable_statuses(round_: ReviewRound) -> tuple[str, ...]:
    """Which applications a round reviews: the remote round takes every accepted application (they are
    under review from its opening); a presentation round only those still under review."""
    if round_.kind == RoundKind.REMOTE:
        return (S.ACCEPTED, S.UNDER_REVIEW)
    return (S.UNDER_REVIEW,)


@transaction.atomic
def round_open(*, round: ReviewRound, user: Any) -> ReviewRound:
    """Open a round for scoring. Every accepted application of the call becomes under_review (through
    applications.workflow). The round's reviewers are told. Refused unless the round is being prepared,
    when its window has already ended, or when the evaluation has no rubric."""
    locked = _lock_round(round)
    if locked.status != RoundStatus.DRAFT:
        raise ValidationError(_("Only a round being prepared can be opened; this one is “%(state)s”.")
                              % {"state": locked.get_status_display()})
    if locked.closes_at <= timezone.now():
        raise ValidationError(_("The round's window ended at %(time)s; set a later closing time first.")
                              % {"time": beijing(locked.closes_at)})
    evaluation = locked.evaluation
    if not evaluation.criteria.exists():
        raise ValidationError(_("The rubric has no criteria."))
    moved = []
    for application in Application.objects.filter(call=evaluation.call, status=S.ACCEPTED).order_by("pk"):
        workflow.transition(application, S.UNDER_REVIEW)
        moved.append(application.pk)
    locked.status = RoundStatus.OPEN
    locked.save(update_fields=["status", "updated_at"])
    record("reviews.round_open", obj=locked, unit=evaluation.owner, actor=user,
           before={"status": RoundStatus.DRAFT}, after={"status": RoundStatus.OPEN, "under_review": moved})
    reviewers = {a.reviewer for a in Assignment.objects.filter(round=locked).exclude(
        status=AssignmentStatus.DECLINED).select_related("reviewer")}
    notify(sorted(reviewers, key=lambda u: u.pk), kind="reviews.round_open",
           title=_("%(round)s is open: your reviews are waiting") % {"round": locked},
           body=_("Score the applications assigned to you before %(time)s.") % {"time": beijing(locked.closes_at)},
           url=reverse("reviews:queue"), obj=locked)
    return locked


@transaction.atomic
def round_close(*, round: ReviewRound, user: Any) -> ReviewRound:
    """Close an open round: no more scores are saved in it. Unfinished reviews stay as they are."""
    locked = _lock_round(round)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed; this one is “%(state)s”.")
                              % {"state": locked.get_status_display()})
    locked.status = RoundStatus.CLOSED
    locked.save(update_fields=["status", "updated_at"])
    unfinished = Assignment.objects.filter(round=locked, status__in=[AssignmentStatus.ASSIGNED,
                                                                      AssignmentStatus.DRAFT]).count()
    record("reviews.round_close", obj=locked, unit=locked.evaluation.owner, actor=user,
           before={"status": RoundStatus.OPEN}, after={"status": RoundStatus.CLOSED, "unfinished": unfinished})
    return locked
