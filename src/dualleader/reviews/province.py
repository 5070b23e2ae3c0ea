"""择优向省委教育工委推荐: the Organization Department chooses and ranks the best selected studios, within the
places the province gives, writes the reason for each and the covering letter, and sends the
recommendation; the applications become recommended_upward.

Writes lock the Evaluation row (the recommendation is created under it), so two editors are served one
after another and the quota cannot be broken by a race."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.audit.services import record
from dualleader.notifications.recipients import secretaries_of
from dualleader.notifications.services import notify
from dualleader.studios.enums import StudioStatus
from dualleader.studios.models import Studio

from .enums import ProvinceStatus
from .models import Evaluation, ProvinceEntry, ProvinceRecommendation

MAX_QUOTA = 20
MAX_REASON = 1000
MAX_LETTER = 10000
MAX_RECIPIENT = 200
MAX_NUMBER = 60
DEFAULT_RECIPIENT = "中共吉林省委教育工委"


def candidates(evaluation: Evaluation) -> list[Studio]:
    """The studios the call's selection created, by selection rank, with leader and branch."""
    return list(Studio.objects.filter(call=evaluation.call, application__call=evaluation.call)
                .exclude(status=StudioStatus.REVOKED)
                .select_related("leader", "branch", "application").order_by("selection_rank", "pk"))


def letter_defaults(evaluation: Evaluation, count: int | None = None) -> dict[str, Any]:
    call = evaluation.call
    owner = evaluation.owner
    n = count if count is not None else 2
    body = (f"根据“双带头人”教师党支部书记工作室建设工作有关要求，我校组织开展了{call.name}“双带头人”教师党支部书记工作室"
            f"遴选工作。经学院党委推荐、党委组织部资格审查、专家评审、学校党建工作领导小组集中审议和公示，"
            f"现择优推荐{n}个工作室参加省级“双带头人”教师党支部书记工作室建设遴选（名单附后），"
            f"推荐材料一并报送。\n\n特此报告。")
    return {"recipient": DEFAULT_RECIPIENT, "document_number": "", "letter_date": timezone.localdate(),
            "letter_body": body, "quota": 2, "signature": owner.name}


def recommendation_of(evaluation: Evaluation) -> ProvinceRecommendation | None:
    return ProvinceRecommendation.objects.filter(evaluation=evaluation).first()


def entries_of(recommendation: ProvinceRecommendation | None) -> list[ProvinceEntry]:
    if recommendation is None or recommendation.pk is None:
        return []
    return list(recommendation.entries.select_related("studio__leader", "studio__branch", "studio__application")
                .order_by("rank", "pk"))


def _text(value: str, limit: int, missing: str | None, too_long: str) -> str:
    value = (value or "").strip()
    if missing and not value:
        raise ValidationError(missing)
    if len(value) > limit:
        raise ValidationError(too_long % {"max": limit})
    return value


@transaction.atomic
def province_save(*, evaluation: Evaluation, studio_ids: list[int], reasons: dict[int, str], recipient: str,
                  document_number: str, letter_date: datetime.date, letter_body: str, quota: int,
                  user: Any) -> ProvinceRecommendation:
    """Keep the ranked choice (`studio_ids`, first-ranked first) and the letter. At most `quota` studios,
    each a studio of this call's selection, each once; only before it is sent."""
    evaluation = Evaluation.objects.select_for_update().select_related("call", "owner").get(pk=evaluation.pk)
    recommendation = ProvinceRecommendation.objects.select_for_update().filter(evaluation=evaluation).first()
    if recommendation is not None and recommendation.status == ProvinceStatus.SENT:
        raise ValidationError(_("The recommendation has been sent to the province; it can no longer be changed."))
    if not 1 <= quota <= MAX_QUOTA:
        raise ValidationError(_("The places at the province must be between 1 and %(max)d.") % {"max": MAX_QUOTA})
    if len(set(studio_ids)) != len(studio_ids):
        raise ValidationError(_("A studio can be recommended only once."))
    if len(studio_ids) > quota:
        raise ValidationError(_("The province gives %(quota)d places; %(count)d studios were chosen.")
                              % {"quota": quota, "count": len(studio_ids)})
    allowed = {s.pk: s for s in candidates(evaluation)}
    if any(pk not in allowed for pk in studio_ids):
        raise ValidationError(_("Only studios selected in this call can be recommended."))
    recipient = _text(recipient, MAX_RECIPIENT, _("Write to whom the letter is addressed."),
                      _("The addressee can be at most %(max)d characters."))
    document_number = _text(document_number, MAX_NUMBER, None,
                            _("The document number can be at most %(max)d characters."))
    letter_body = _text(letter_body, MAX_LETTER, _("Write the text of the letter."),
                        _("The letter can be at most %(max)d characters."))
    clean_reasons = {pk: _text(reasons.get(pk, ""), MAX_REASON, None,
                               _("A reason can be at most %(max)d characters.")) for pk in studio_ids}
    before = None
    if recommendation is None:
        recommendation = ProvinceRecommendation(evaluation=evaluation)
    else:
        before = {"studios": list(recommendation.entries.order_by("rank").values_list("studio_id", flat=True)),
                  "quota": recommendation.quota}
    recommendation.recipient, recommendation.document_number = recipient, document_number
    recommendation.letter_date, recommendation.letter_body, recommendation.quota = letter_date, letter_body, quota
    recommendation.save()
    recommendation.entries.all().delete()
    ProvinceEntry.objects.bulk_create(
        ProvinceEntry(recommendation=recommendation, studio=allowed[pk], rank=rank, reason=clean_reasons[pk])
        for rank, pk in enumerate(studio_ids, start=1))
    record("review.province_save", obj=recommendation, unit=evaluation.owner, before=before,
           after={"studios": studio_ids, "quota": quota, "document_number": document_number,
                  "letter_date": letter_date.isoformat()}, actor=user)
    return recommendation


@transaction.atomic
def province_send(*, recommendation: ProvinceRecommendation, user: Any) -> ProvinceRecommendation:
    """Mark the recommendation sent; each recommended studio's application becomes recommended_upward and
    its branch secretary is told."""
    Evaluation.objects.select_for_update().get(pk=recommendation.evaluation_id)
    recommendation = ProvinceRecommendation.objects.select_for_update().select_related(
        "evaluation__call", "evaluation__owner").get(pk=recommendation.pk)
    if recommendation.status == ProvinceStatus.SENT:
        raise ValidationError(_("The recommendation has already been sent."))
    entries = entries_of(recommendation)
    if not entries:
        raise ValidationError(_("Choose at least one studio to recommend."))
    if len(entries) > recommendation.quota:
        raise ValidationError(_("The province gives %(quota)d places; %(count)d studios were chosen.")
                              % {"quota": recommendation.quota, "count": len(entries)})
    for entry in entries:
        workflow.transition(entry.studio.application, S.RECOMMENDED_UPWARD)
    recommendation.status, recommendation.sent_at, recommendation.sent_by = ProvinceStatus.SENT, timezone.now(), user
    recommendation.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    record("review.province_send", obj=recommendation, unit=recommendation.unit,
           before={"status": ProvinceStatus.DRAFT},
           after={"status": recommendation.status, "studios": [e.studio_id for e in entries]}, actor=user)
    for entry in entries:
        notify(secretaries_of(entry.studio.branch), kind="review.province",
               title=_("Your studio was recommended to the province: %(name)s") % {"name": entry.studio.name},
               body=_("The university recommended your studio to %(recipient)s.")
               % {"recipient": recommendation.recipient},
               url=reverse("studios:detail", args=[entry.studio_id]), obj=entry.studio)
    return recommendation
