"""What an applicant learns of the selection on their application page: selected or not, the rank when
selected, and — only when the evaluation allows it — the scores and the reviewers' names. Nothing is
shown before the public notice is finalised."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application

from .enums import AssignmentStatus, EvaluationKind, NoticeStatus
from .models import Assignment, DecisionEntry, Evaluation, PublicNotice

RESULT_STATUSES = (S.SELECTED, S.NOT_SELECTED, S.RECOMMENDED_UPWARD)
TWO = Decimal("0.01")


def result_for_applicant(application: Application) -> dict[str, Any] | None:
    """None until the call's notice is finalised. Otherwise {"selected", "recommended_upward", "rank",
    "notice", "scores" (list of {"round", "reviewer" (a name or None), "total"} or None), "mean",
    "show_reviewers"}. Reviewer names are None unless the evaluation shows them to applicants."""
    if application.status not in RESULT_STATUSES:
        return None
    evaluation = Evaluation.objects.filter(call_id=application.call_id, kind=EvaluationKind.SELECTION).first()
    if evaluation is None:
        return None
    notice = PublicNotice.objects.filter(decision__evaluation=evaluation, status=NoticeStatus.FINALIZED).first()
    if notice is None:
        return None
    selected = application.status in (S.SELECTED, S.RECOMMENDED_UPWARD)
    rank = None
    if selected:
        studio = getattr(application, "studio", None)
        rank = studio.selection_rank if studio is not None else None
        if rank is None:
            entry = DecisionEntry.objects.filter(decision__evaluation=evaluation, application=application).first()
            rank = entry.rank if entry else None
    scores = None
    mean = None
    if evaluation.show_scores_to_applicants:
        reviews = list(Assignment.objects.filter(round__evaluation=evaluation, application=application,
                                                 status=AssignmentStatus.SUBMITTED, total__isnull=False)
                       .select_related("round", "reviewer").order_by("round__opens_at", "submitted_at", "pk"))
        scores = [{"round": r.round.get_kind_display(), "total": r.total,
                   "reviewer": (r.reviewer.display_name or r.reviewer.username)
                   if evaluation.show_reviewers_to_applicants else None} for r in reviews]
        if reviews:
            mean = (sum((r.total for r in reviews), Decimal(0)) / len(reviews)).quantize(TWO)
    reviewers = None
    if evaluation.show_reviewers_to_applicants:
        reviewers = sorted({(a.reviewer.display_name or a.reviewer.username) for a in Assignment.objects.filter(
            round__evaluation=evaluation, application=application, status=AssignmentStatus.SUBMITTED)
            .select_related("reviewer")})
    return {"selected": selected, "recommended_upward": application.status == S.RECOMMENDED_UPWARD,
            "rank": rank, "notice": notice, "scores": scores, "mean": mean, "reviewers": reviewers}
