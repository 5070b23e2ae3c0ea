"""reviews/ranking.py and the ranking page: scores by method, outliers, ties, constant queries, the
method switch."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.audit.models import AuditEvent

from ..enums import Aggregation, AssignmentStatus, NoticeStatus
from ..models import Decision, Evaluation, PublicNotice, ReviewRound
from ..ranking import ranking_for
from .factories import make_accepted, make_assignment, make_evaluation, make_reviewer, open_round
from .factories import make_review as _make_review

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids

MAXES = [20, 15, 15, 15, 15, 10, 10]  # the default rubric


def points(total: int | float) -> list[Decimal]:
    """Points on the default rubric adding up to `total` (filled criterion by criterion)."""
    left = Decimal(str(total))
    out = []
    for m in MAXES:
        p = min(Decimal(m), left)
        out.append(p)
        left -= p
    assert left == 0
    return out


@dataclass
class Results:
    evaluation: Evaluation
    round: ReviewRound
    apps: list[Application]
    reviewers: list[Any]
    org: Any

    def review(self, app: int, reviewer: int, total: int | float, comment: str = "论证充分，建议支持。") -> Any:
        return _make_review(self.round, self.reviewers[reviewer], self.apps[app], self.org, points(total),
                            comment=comment)


def make_results(world: Any, n_apps: int = 3, n_reviewers: int = 5, method: str = Aggregation.MEAN) -> Results:
    org = world.user("org_admin")
    call = make_open_call(world.school)
    evaluation = make_evaluation(call, org)
    evaluation.aggregation = method
    evaluation.save(update_fields=["aggregation"])
    apps = make_accepted(call, world.college, n_apps)
    round_ = open_round(evaluation)
    reviewers = [make_reviewer(world.school, f"评审专家{i}") for i in range(n_reviewers)]
    return Results(evaluation, round_, [Application.objects.get(pk=a.pk) for a in apps], reviewers, org)



def test_mean_method_ranks_by_mean_with_criteria_means(world: Any) -> None:
    r = make_results(world, 2, 2)
    r.review(0, 0, 80)
    r.review(0, 1, 90)
    r.review(1, 0, 70)
    table = ranking_for(r.round)
    first, second = table.rows
    assert (first.application.pk, first.rank, first.score, first.mean) == (r.apps[0].pk, 1, Decimal("85.00"),
                                                                           Decimal("85.00"))
    assert (first.low, first.high, first.submitted, first.assigned) == (Decimal(80), Decimal(90), 2, 2)
    # 80 = 20+15+15+15+15+0+0 and 90 = 20+15+15+15+15+10+0
    assert first.criteria_means == [Decimal("20.00")] + [Decimal("15.00")] * 4 + [Decimal("5.00"), Decimal("0.00")]
    assert (second.rank, second.score, second.submitted, second.assigned) == (2, Decimal("70.00"), 1, 1)


def test_trimmed_method_uses_trimmed_mean_and_keeps_raw_mean(world: Any) -> None:
    r = make_results(world, 1, 5, Aggregation.TRIMMED)
    for reviewer, total in enumerate([85, 99, 70, 90, 80]):
        r.review(0, reviewer, total)
    [row] = ranking_for(r.round).rows
    assert (row.score, row.mean) == (Decimal("85.00"), Decimal("84.80"))


def test_drafts_and_unstarted_count_as_assigned_not_submitted(world: Any) -> None:
    r = make_results(world, 1, 3)
    r.review(0, 0, 80)
    make_assignment(r.round, r.reviewers[1], r.apps[0], r.org)
    declined = make_assignment(r.round, r.reviewers[2], r.apps[0], r.org)
    declined.status = AssignmentStatus.DECLINED
    declined.save()
    [row] = ranking_for(r.round).rows
    assert (row.submitted, row.assigned, row.score) == (1, 2, Decimal("80.00"))
    assert [line.total for line in row.reviews] == [Decimal("80.00"), None]


def test_application_without_reviews_is_listed_unranked(world: Any) -> None:
    r = make_results(world, 2, 1)
    r.review(0, 0, 80)
    rows = ranking_for(r.round).rows
    assert [(row.application.pk, row.rank, row.score) for row in rows] == [
        (r.apps[0].pk, 1, Decimal("80.00")), (r.apps[1].pk, None, None)]


def test_outlier_flag_more_than_20_percent_of_full_marks_from_the_median_of_others(world: Any) -> None:
    r = make_results(world, 1, 4)
    for reviewer, total in enumerate([80, 82, 84, 61]):
        r.review(0, reviewer, total)
    [row] = ranking_for(r.round).rows
    flags = {line.total: (line.outlier, line.distance) for line in row.reviews}
    # 61 vs the median 82 of the others: 21 > 20 → flagged; 80 vs median(82, 84, 61) = 82: 2 → not.
    assert flags == {Decimal("80.00"): (False, None), Decimal("82.00"): (False, None),
                     Decimal("84.00"): (False, None), Decimal("61.00"): (True, Decimal("21.00"))}
    assert row.outliers == 1


def test_outlier_not_flagged_at_exactly_20_points(world: Any) -> None:
    r = make_results(world, 1, 3)
    for reviewer, total in enumerate([80, 80, 60]):
        r.review(0, reviewer, total)
    [row] = ranking_for(r.round).rows
    assert row.outliers == 0


def test_single_review_is_never_an_outlier(world: Any) -> None:
    r = make_results(world, 1, 1)
    r.review(0, 0, 10)
    assert ranking_for(r.round).rows[0].outliers == 0


def test_ties_share_a_rank_1_2_2_4(world: Any) -> None:
    r = make_results(world, 4, 1)
    for app, total in enumerate([90, 85.5, 85.5, 80]):
        r.review(app, 0, total)
    rows = ranking_for(r.round).rows
    assert [(row.rank, row.tied) for row in rows] == [(1, False), (2, True), (2, True), (4, False)]


def test_zscore_method_in_the_table_corrects_the_harsh_reviewer(world: Any) -> None:
    r = make_results(world, 4, 4, Aggregation.ZSCORE)
    r1, r2, r3, harsh = 0, 1, 2, 3
    for app, reviewer, total in [(0, r1, 90), (0, r2, 90), (1, r1, 80), (1, r2, 80),
                                 (2, r3, 90), (2, harsh, 80), (3, r3, 80), (3, harsh, 70)]:
        r.review(app, reviewer, total)
    table = ranking_for(r.round)
    scores = {row.application.pk: (row.rank, row.score, row.mean) for row in table.rows}
    assert scores == {r.apps[0].pk: (1, Decimal("89.11"), Decimal("90.00")),
                      r.apps[2].pk: (1, Decimal("89.11"), Decimal("85.00")),
                      r.apps[1].pk: (3, Decimal("75.89"), Decimal("80.00")),
                      r.apps[3].pk: (3, Decimal("75.89"), Decimal("75.00"))}


# ---------------------------------------------------------------- the page

def test_ranking_page_shows_method_flags_ties_and_reviewer_names(world: Any, client_for: Any) -> None:
    r = make_results(world, 2, 4)
    for reviewer, total in enumerate([80, 82, 84, 61]):
        r.review(1, reviewer, total, comment="支部工作扎实")
    r.review(0, 0, 76.75)
    response = client_for("org_admin").get(reverse("reviews:ranking", args=[r.round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The score is the mean of the totals of the submitted reviews." in html
    assert html.count("outlier-flag") == 1
    assert "评审专家3" in html and "支部工作扎实" in html
    assert html.count('class="badge text-bg-secondary tie"') == 2
    assert reverse("reviews:scoresheet_docx", args=[r.round.pk, r.apps[1].pk]) in html


def test_ranking_page_explains_zscore_in_chinese(world: Any, client: Any) -> None:
    r = make_results(world, 1, 1, Aggregation.ZSCORE)
    client.force_login(world.user("org_admin"))
    with translation.override("zh-hans"):
        response = client.get(reverse("reviews:ranking", args=[r.round.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert 'id="method-explained"' in response.content.decode()


def test_ranking_page_query_count_does_not_grow(world: Any, client_for: Any, django_assert_num_queries: Any) -> None:
    r = make_results(world, 1, 4)
    client = client_for("org_admin")
    url = reverse("reviews:ranking", args=[r.round.pk])
    r.review(0, 0, 80)
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    r.apps += make_accepted(r.evaluation.call, world.college, 2) + make_accepted(r.evaluation.call,
                                                                                 world.other_college, 2)
    r.reviewers += [make_reviewer(world.school) for _ in range(2)]
    for app in range(1, 5):
        for reviewer in range(6):
            r.review(app, reviewer, 60 + app * 5 + reviewer)
    make_assignment(r.round, r.reviewers[5], r.apps[0], r.org)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="collapse reviews-detail"') == 5


def test_method_switch_saves_audits_and_redirects_to_the_ranking(world: Any, client_for: Any) -> None:
    r = make_results(world, 1, 1, Aggregation.MEAN)
    response = client_for("org_admin").post(reverse("reviews:method", args=[r.evaluation.call_id]),
                                             {"method": "zscore", "round": str(r.round.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("reviews:ranking", args=[r.round.pk])
    r.evaluation.refresh_from_db()
    assert r.evaluation.aggregation == Aggregation.ZSCORE
    event = AuditEvent.objects.get(action="review.method_set")
    assert (event.before, event.after) == ({"aggregation": "mean"}, {"aggregation": "zscore"})


@pytest.mark.parametrize("value", ["median", "", "zscore'--"])
def test_method_switch_refuses_unknown_method(world: Any, client_for: Any, value: str) -> None:
    r = make_results(world, 1, 1, Aggregation.MEAN)
    client = client_for("org_admin")
    response = client.post(reverse("reviews:method", args=[r.evaluation.call_id]), {"method": value, "round": "x"},
                           follow=True)
    assert response.status_code == 200
    assert "Choose one of the aggregation methods offered." in response.content.decode()
    r.evaluation.refresh_from_db()
    assert r.evaluation.aggregation == Aggregation.MEAN


def test_method_switch_refused_after_the_notice_is_published(world: Any, client_for: Any) -> None:
    r = make_results(world, 2, 1, Aggregation.MEAN)
    decision = Decision.objects.create(evaluation=r.evaluation, meeting_date="2026-01-05", minutes="m", basis="b",
                                       decided_by=r.org)
    PublicNotice.objects.create(decision=decision, title="公示", body="…", status=NoticeStatus.PUBLISHED)
    client = client_for("org_admin")
    response = client.post(reverse("reviews:method", args=[r.evaluation.call_id]), {"method": "zscore"}, follow=True)
    assert "the aggregation method can no longer be changed" in response.content.decode()
    r.evaluation.refresh_from_db()
    assert r.evaluation.aggregation == Aggregation.MEAN


def test_method_switch_is_post_only(world: Any, client_for: Any) -> None:
    r = make_results(world, 1, 1)
    assert client_for("org_admin").get(reverse("reviews:method", args=[r.evaluation.call_id])).status_code == 405


@pytest.mark.parametrize(("role", "status"), [("org_admin", 200), ("superuser", 200), ("college_admin", 404),
                                              ("reviewer", 404), ("outsider", 404), ("anonymous", 302)])
def test_ranking_page_access(world: Any, client_for: Any, role: str, status: int) -> None:
    r = make_results(world, 1, 1)
    assert client_for(role).get(reverse("reviews:ranking", args=[r.round.pk])).status_code == status
