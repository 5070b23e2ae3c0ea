"""The ranking table of a review round (评审结果): per application the score by the evaluation's method,
the raw mean, the mean points per criterion, how many reviews are in, the lowest and highest total,
outlier flags and ties. Four queries whatever the number of applications and reviewers (criteria,
assignments with reviewers, applications with branch and secretary, college names).

An outlier (评分异常) is a submitted total further than 20 % of full marks from the median of the other
reviewers' totals on the same application (there must be at least one other). Equal rounded scores
share a rank and the next rank skips (1, 2, 2, 4)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.selectors import with_college_names

from . import aggregation
from .enums import Aggregation, AssignmentStatus, RoundStatus
from .models import Assignment, Criterion, Evaluation, ReviewRound
from .scores import full_marks, points_of

OUTLIER_SHARE = Decimal("0.2")


@dataclass
class ReviewLine:
    assignment: Assignment
    reviewer: str
    submitted: bool
    total: Decimal | None
    points: list[Decimal | None]
    comment: str
    outlier: bool = False
    distance: Decimal | None = None  # from the median of the others, when flagged


@dataclass
class RankingRow:
    application: Application
    college: str
    score: Decimal | None
    mean: Decimal | None
    criteria_means: list[Decimal | None]
    submitted: int
    assigned: int
    low: Decimal | None
    high: Decimal | None
    reviews: list[ReviewLine]
    rank: int | None = None
    tied: bool = False

    @property
    def outliers(self) -> int:
        return sum(1 for r in self.reviews if r.outlier)


@dataclass
class Ranking:
    round: ReviewRound
    evaluation: Evaluation
    criteria: list[Criterion]
    full_marks: Decimal
    method: str
    threshold: Decimal
    rows: list[RankingRow] = field(default_factory=list)

    @property
    def method_label(self) -> str:
        return str(Aggregation(self.method).label) if self.method in Aggregation.values else self.method

    def row_for(self, application_id: int) -> RankingRow | None:
        return next((r for r in self.rows if r.application.pk == application_id), None)


def latest_round(evaluation: Evaluation) -> ReviewRound | None:
    """The round whose ranking the decision starts from: the last one opened (a presentation round
    after the remote one), else None while no round has opened."""
    return (ReviewRound.objects.filter(evaluation=evaluation).exclude(status=RoundStatus.DRAFT)
            .select_related("evaluation__call", "evaluation__owner").order_by("-opens_at", "-pk").first())


def _flag_outliers(lines: list[ReviewLine], threshold: Decimal) -> None:
    done = [line for line in lines if line.total is not None]
    for line in done:
        others = [o.total for o in done if o is not line and o.total is not None]
        if not others:
            continue
        distance = abs(line.total - statistics.median(others))  # type: ignore[operator]
        if distance > threshold:
            line.outlier, line.distance = True, distance.quantize(aggregation.TWO)


def ranking_for(round_: ReviewRound, method: str | None = None) -> Ranking:
    """The ranking table of `round_` by `method` (default: the evaluation's)."""
    evaluation = round_.evaluation
    method = method or evaluation.aggregation
    criteria = list(Criterion.objects.filter(evaluation=evaluation).order_by("order", "id"))
    marks = full_marks(criteria)
    threshold = (marks * OUTLIER_SHARE).quantize(aggregation.TWO)

    assignments = list(Assignment.objects.filter(round=round_).exclude(status=AssignmentStatus.DECLINED)
                       .select_related("reviewer__person").order_by("application_id", "pk"))
    assigned_ids = {a.application_id for a in assignments}
    applications = list(Application.objects.filter(
        Q(pk__in=assigned_ids) | Q(call_id=evaluation.call_id, status=S.UNDER_REVIEW))
        .select_related("branch", "secretary").order_by("pk"))
    with_college_names(applications)

    lines: dict[int, list[ReviewLine]] = {a.pk: [] for a in applications}
    matrix: dict[int, dict[int, Decimal]] = {a.pk: {} for a in applications}
    for a in assignments:
        submitted = a.status == AssignmentStatus.SUBMITTED and a.total is not None
        scores = a.scores or {}
        lines.setdefault(a.application_id, []).append(ReviewLine(
            assignment=a, reviewer=a.reviewer.display_name, submitted=submitted,
            total=a.total if submitted else None,
            points=[points_of(scores, c) for c in criteria] if submitted else [None] * len(criteria),
            comment=a.comment if submitted else ""))
        if submitted:
            matrix.setdefault(a.application_id, {})[a.reviewer_id] = a.total

    scores = aggregation.aggregate(matrix, method)
    means = aggregation.by_mean(matrix)
    ranks = aggregation.competition_ranks(scores)
    shared: dict[int, int] = {}
    for rank in ranks.values():
        if rank is not None:
            shared[rank] = shared.get(rank, 0) + 1

    rows = []
    for application in applications:
        own = lines.get(application.pk, [])
        _flag_outliers(own, threshold)
        done = [line for line in own if line.submitted]
        totals = [line.total for line in done if line.total is not None]
        per_criterion = [aggregation.mean(p for line in done if (p := line.points[i]) is not None)
                         for i in range(len(criteria))]
        rank = ranks.get(application.pk)
        rows.append(RankingRow(
            application=application, college=getattr(application, "college_name", ""),
            score=scores.get(application.pk), mean=means.get(application.pk), criteria_means=per_criterion,
            submitted=len(done), assigned=len(own), low=min(totals) if totals else None,
            high=max(totals) if totals else None, reviews=own, rank=rank,
            tied=rank is not None and shared[rank] > 1))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, -(r.mean or 0), r.application.pk))
    return Ranking(round=round_, evaluation=evaluation, criteria=criteria, full_marks=marks, method=method,
                   threshold=threshold, rows=rows)


def as_dict(ranking: Ranking, *, with_reviews: bool = True) -> dict[str, Any]:
    """The ranking in plain values (decimals as strings), for the API."""
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "round_id": ranking.round.pk, "round_kind": ranking.round.kind, "method": ranking.method,
        "method_label": ranking.method_label, "full_marks": str(ranking.full_marks),
        "outlier_threshold": str(ranking.threshold),
        "criteria": [{"id": c.pk, "name": c.name, "max_points": str(c.max_points), "weight": str(c.weight)}
                     for c in ranking.criteria],
        "rows": [{
            "application_id": r.application.pk, "title": r.application.title, "branch": r.application.branch.name,
            "college": r.college, "status": r.application.status, "rank": r.rank, "tied": r.tied,
            "score": text(r.score), "mean": text(r.mean), "criteria_means": [text(m) for m in r.criteria_means],
            "submitted": r.submitted, "assigned": r.assigned, "low": text(r.low), "high": text(r.high),
            "outliers": r.outliers,
            "reviews": [{"assignment_id": line.assignment.pk, "reviewer": line.reviewer,
                         "status": line.assignment.status, "total": text(line.total),
                         "points": [text(p) for p in line.points], "comment": line.comment,
                         "outlier": line.outlier} for line in r.reviews] if with_reviews else [],
        } for r in ranking.rows],
    }
