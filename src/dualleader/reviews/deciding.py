"""The aggregation method of an evaluation and the leading group's decision (集中审议).

Both lock the Evaluation row, so a method change, two administrators recording the decision at once and
H4's publication (which locks the Decision) are served one after another. The decision selects
applications under review of the call, in rank order, within the call's select_min..select_max; it can
be edited until its public notice is published, and every recording is one audited act carrying the
whole list."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.audit.services import record
from dualleader.versioning import StaleEdit, check_version

from .enums import Aggregation, NoticeStatus
from .models import Decision, DecisionEntry, Evaluation, PublicNotice
from .ranking import latest_round, ranking_for

MAX_MEETING = 200
MAX_TEXT = 20000


def _lock(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().select_related("call", "owner").get(pk=evaluation.pk)


def notice_published(evaluation: Evaluation) -> bool:
    return PublicNotice.objects.filter(decision__evaluation=evaluation,
                                       status__in=[NoticeStatus.PUBLISHED, NoticeStatus.FINALIZED]).exists()


@transaction.atomic
def evaluation_method_set(*, evaluation: Evaluation, method: str, user: Any) -> Evaluation:
    """Choose how reviewers' totals become one score (mean, trimmed mean, z-score). Refused once the
    public notice is out: the published list was decided on the scores as they were computed then."""
    if method not in Aggregation.values:
        raise ValidationError(_("Choose one of the aggregation methods offered."))
    locked = _lock(evaluation)
    if notice_published(locked):
        raise ValidationError(_("The public notice has been published; the aggregation method can no longer "
                                "be changed."))
    if locked.aggregation == method:
        return locked
    before = locked.aggregation
    locked.aggregation = method
    locked.save(update_fields=["aggregation", "updated_at"])
    record("review.method_set", obj=locked, unit=locked.owner, before={"aggregation": before},
           after={"aggregation": method}, actor=user)
    evaluation.aggregation = method
    return locked


def _text(value: str, limit: int, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    if len(value) > limit:
        raise ValidationError(_("Keep it under %(n)d characters.") % {"n": limit})
    return value


class StaleDecision(StaleEdit):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.updated_at, _(
            "The decision was changed by someone else at %(time)s (Beijing time) after you opened it. Nothing "
            "was saved; the page now shows the current decision."))


@transaction.atomic
def decision_record(*, evaluation: Evaluation, meeting_date: datetime.date | None, meeting_name: str,
                    minutes: str, basis: str, application_ids: list[int], user: Any,
                    expected_version: str | None = None) -> Decision:
    """Record (or re-record) the leading group's decision: the meeting, its minutes and basis, and the
    selected applications in rank order (`application_ids`, first first).

    Refused when: the public notice is published; the number selected is outside the call's
    select_min..select_max; an id is repeated or is not an application of the call under review; the
    meeting date is missing or in the future; minutes or basis are empty; or the decision changed since
    the form was loaded (`expected_version`, see dualleader.versioning). Each entry keeps the score it
    had in the latest round's ranking."""
    locked = _lock(evaluation)
    call = locked.call
    decision = Decision.objects.select_for_update().filter(evaluation=locked).first()
    if notice_published(locked):
        raise ValidationError(_("The public notice has been published; the decision can no longer be changed."))
    if decision is not None:
        try:
            check_version(decision, expected_version)
        except StaleEdit as exc:
            raise StaleDecision(decision) from exc
    if meeting_date is None:
        raise ValidationError(_("Enter the date of the meeting."))
    if meeting_date > timezone.localdate():
        raise ValidationError(_("The meeting date cannot be in the future; record the decision after the "
                                "meeting."))
    meeting_name = (meeting_name or "").strip()
    if len(meeting_name) > MAX_MEETING:
        raise ValidationError(_("Keep the meeting's name under %(n)d characters.") % {"n": MAX_MEETING})
    minutes = _text(minutes, MAX_TEXT, _("Write the minutes of the meeting."))
    basis = _text(basis, MAX_TEXT, _("Write the basis of the decision."))
    if len(set(application_ids)) != len(application_ids):
        raise ValidationError(_("An application appears twice in the list."))
    count = len(application_ids)
    if not call.select_min <= count <= call.select_max:
        raise ValidationError(_("The call selects between %(min)d and %(max)d studios; %(count)d were chosen.")
                              % {"min": call.select_min, "max": call.select_max, "count": count})
    eligible = set(Application.objects.filter(call=call, status=S.UNDER_REVIEW, pk__in=application_ids)
                   .values_list("pk", flat=True))
    if eligible != set(application_ids):
        raise ValidationError(_("Only applications of this call that are under review can be selected."))

    round_ = latest_round(locked)
    ranking = ranking_for(round_) if round_ is not None else None
    scores = {r.application.pk: r.score for r in ranking.rows} if ranking is not None else {}

    before = None
    if decision is None:
        decision = Decision(evaluation=locked, decided_by=user)
    else:
        before = _snapshot(decision, list(decision.entries.order_by("rank")))
    decision.meeting_date, decision.meeting_name = meeting_date, meeting_name
    decision.minutes, decision.basis = minutes, basis
    decision.decided_by = user
    decision.save()
    decision.entries.all().delete()
    entries = DecisionEntry.objects.bulk_create(
        DecisionEntry(decision=decision, application_id=pk, rank=n, score=scores.get(pk))
        for n, pk in enumerate(application_ids, start=1))
    record("review.decision_record", obj=decision, unit=locked.owner, before=before,
           after=_snapshot(decision, entries), actor=user)
    return decision


def _snapshot(decision: Decision, entries: list[DecisionEntry]) -> dict[str, Any]:
    return {"meeting_date": decision.meeting_date.isoformat(), "meeting_name": decision.meeting_name,
            "minutes": decision.minutes, "basis": decision.basis,
            "entries": [{"application": e.application_id, "rank": e.rank,
                         "score": None if e.score is None else str(e.score)} for e in entries]}
