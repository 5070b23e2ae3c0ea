"""The reviewer's pages: queue, review (masking, rubric, scoring, read-only after submit, other reviews),
autosave, submit, decline, attachments; access (404 on what is not theirs) and query counts."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from dualleader.applications.models import Application, Attachment

from ..enums import AssignmentStatus, OtherReviews, RoundStatus
from ..models import Assignment, Conflict, ReviewRound
from ..reviewer import HIDDEN, mask_for
from .factories import make_assignment, make_review, make_reviewer
from .test_scoring_services import Setup, full, setup_review


@pytest.fixture
def s(world: Any) -> Setup:
    return setup_review(world)


@pytest.fixture
def reviewer(client_for: Any) -> Any:
    return client_for("reviewer")


def attach(application: Application, name: str, content: bytes = b"%PDF-1.4\n%%EOF\n",
           content_type: str = "application/pdf", *, in_version: bool = True) -> Attachment:
    attachment = Attachment.objects.create(
        application=application, file=ContentFile(content, name="f.bin"), original_name=name,
        content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=application.created_by)
    if in_version:
        application.versions.order_by("-number").first().attachments.add(attachment)  # type: ignore[union-attr]
    return attachment


def post_scores(s: Setup, value: str = "10", comment: str = "意见", lock: int = 1) -> dict[str, Any]:
    data: dict[str, Any] = {f"score-{k}": v for k, v in full(s, value).items()}
    data.update({"comment": comment, "lock_version": str(lock)})
    return data


# ---------------------------------------------------------------- the queue

def test_queue_groups_by_round_and_shows_declined_apart(world: Any, s: Setup, reviewer: Any) -> None:
    Assignment.objects.filter(pk=s.assignment.pk).update(status=AssignmentStatus.DECLINED, decline_reason="回避")
    response = reviewer.get(reverse("reviews:queue"))
    assert response.status_code == 200
    assert response.context["queue"].rounds == []
    assert [r.assignment.pk for r in response.context["queue"].declined] == [s.assignment.pk]
    assert "回避" in response.content.decode()


def test_queue_marks_overdue_in_a_closed_round(world: Any, reviewer: Any) -> None:
    s = setup_review(world)
    now = timezone.now()
    ReviewRound.objects.filter(pk=s.round.pk).update(status=RoundStatus.CLOSED, opens_at=now - datetime.timedelta(days=9),
                                                     closes_at=now - datetime.timedelta(days=1))
    response = reviewer.get(reverse("reviews:queue"))
    [group] = response.context["queue"].rounds
    assert [(r.overdue, r.can_score) for r in group.rows] == [(True, False)]


def test_queue_hides_names_and_college_by_default(world: Any, s: Setup, reviewer: Any) -> None:
    body = reviewer.get(reverse("reviews:queue")).content.decode()
    assert s.application.branch.name not in body
    assert world.college.name not in body
    with translation.override("en"):
        response = reviewer.get(reverse("reviews:queue"), HTTP_ACCEPT_LANGUAGE="en")
    [group] = response.context["queue"].rounds
    assert [r.label for r in group.rows] == [f"Application No. {s.application.pk}"]


@pytest.mark.parametrize("role", ["org_admin", "college_admin", "branch_secretary", "outsider"])
def test_queue_forbidden_without_the_reviewer_role(client_for: Any, world: Any, role: str) -> None:
    assert client_for(role).get(reverse("reviews:queue")).status_code == 403


def _queue_of_size(world: Any, n: int) -> None:
    s = setup_review(world, n, show_college=True)
    for application in Application.objects.filter(call=s.round.evaluation.call).exclude(pk=s.application.pk):
        make_assignment(s.round, s.reviewer, application, s.org)


@pytest.mark.parametrize("n", [1, 4])
def test_queue_query_count_is_constant(world: Any, reviewer: Any, django_assert_num_queries: Any, n: int) -> None:
    _queue_of_size(world, n)
    reviewer.get(reverse("reviews:queue"))  # warm the session and caches
    with django_assert_num_queries(QUEUE_QUERIES):
        response = reviewer.get(reverse("reviews:queue"))
    assert sum(len(g.rows) for g in response.context["queue"].rounds) == n


QUEUE_QUERIES = 9


# ---------------------------------------------------------------- the review page

def test_review_page_shows_rubric_and_score_inputs(s: Setup, reviewer: Any) -> None:
    response = reviewer.get(reverse("reviews:review", args=[s.assignment.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for c in s.criteria:
        assert f'name="score-{c.pk}"' in body
        assert f'max="{c.max_points}"' in body
        if c.description:
            assert c.description.splitlines()[0] in body
    assert "reviews/review.js" in body and "onclick" not in body


def test_review_masks_names_when_the_round_hides_them(world: Any, s: Setup, reviewer: Any) -> None:
    application = Application.objects.select_related("branch", "secretary").get(pk=s.application.pk)
    version = application.versions.order_by("-number").first()
    assert version is not None
    attach(application, f"{application.branch.name}活动照片.pdf")
    body = reviewer.get(reverse("reviews:review", args=[s.assignment.pk])).content.decode()
    hidden = [application.branch.name, application.branch.department, application.secretary.name,
              version.data["secretary_phone"], version.data["team"][0]["name"], world.college.name,
              version.data["college_name"]]
    assert [h for h in hidden if h in body] == []
    assert "＊＊＊活动照片.pdf" in body
    assert version.data["foundation"] in body  # the content itself is there


def test_review_shows_names_and_college_when_the_round_allows(world: Any, reviewer: Any) -> None:
    s = setup_review(world, show_names=True, show_college=True)
    application = Application.objects.select_related("branch", "secretary").get(pk=s.application.pk)
    body = reviewer.get(reverse("reviews:review", args=[s.assignment.pk])).content.decode()
    assert application.branch.name in body
    assert application.secretary.name in body
    assert world.college.name in body


def test_review_hides_only_the_college_when_names_are_shown(world: Any, reviewer: Any) -> None:
    s = setup_review(world, show_names=True, show_college=False)
    application = Application.objects.select_related("branch").get(pk=s.application.pk)
    body = reviewer.get(reverse("reviews:review", args=[s.assignment.pk])).content.decode()
    assert application.branch.name in body
    assert world.college.name not in body


def test_review_of_another_reviewers_assignment_is_404(world: Any, s: Setup, reviewer: Any) -> None:
    other = make_assignment(s.round, make_reviewer(world.school), s.application, s.org)
    for name in ("reviews:review", "reviews:decline"):
        assert reviewer.get(reverse(name, args=[other.pk])).status_code == 404
    for name in ("reviews:autosave", "reviews:submit"):
        assert reviewer.post(reverse(name, args=[other.pk]), post_scores(s)).status_code == 404
    other.refresh_from_db()
    assert other.status == AssignmentStatus.ASSIGNED


@pytest.mark.parametrize(("role", "status"), [("org_admin", 403), ("college_admin", 403), ("anonymous", 302)])
def test_review_refused_to_others(client_for: Any, s: Setup, role: str, status: int) -> None:
    assert client_for(role).get(reverse("reviews:review", args=[s.assignment.pk])).status_code == status


def test_post_saves_a_draft(s: Setup, reviewer: Any) -> None:
    response = reviewer.post(reverse("reviews:review", args=[s.assignment.pk]), post_scores(s, "8.5"))
    assert response.status_code == 302
    s.assignment.refresh_from_db()
    assert (s.assignment.status, s.assignment.scores, s.assignment.comment) == (
        AssignmentStatus.DRAFT, full(s, "8.5"), "意见")


@pytest.mark.parametrize("value", ["-1", "999", "5.25", "abc"])
def test_post_out_of_bounds_shows_the_error_and_saves_nothing(s: Setup, reviewer: Any, value: str) -> None:
    data = post_scores(s, "8")
    data[f"score-{s.criteria[0].pk}"] = value
    with translation.override("en"):
        response = reviewer.post(reverse("reviews:review", args=[s.assignment.pk]), data,
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    row = response.context["view"].rows[0]
    assert row.value == value and row.error.startswith(f"“{s.criteria[0].name}”: ")
    assert 'is-invalid' in response.content.decode()
    s.assignment.refresh_from_db()
    assert (s.assignment.scores, s.assignment.status) == ({}, AssignmentStatus.ASSIGNED)


def test_post_with_a_stale_lock_version_is_refused(s: Setup, reviewer: Any) -> None:
    reviewer.post(reverse("reviews:review", args=[s.assignment.pk]), post_scores(s, "10", "第一次"))
    response = reviewer.post(reverse("reviews:review", args=[s.assignment.pk]), post_scores(s, "1", "旧窗口", lock=1))
    assert response.status_code == 302
    s.assignment.refresh_from_db()
    assert s.assignment.comment == "第一次"


# ---------------------------------------------------------------- autosave

def test_autosave_keeps_the_draft(s: Setup, reviewer: Any) -> None:
    response = reviewer.post(reverse("reviews:autosave", args=[s.assignment.pk]), post_scores(s, "9"))
    assert response.status_code == 200
    assert response.json()["lock_version"] == 2
    s.assignment.refresh_from_db()
    assert (s.assignment.status, s.assignment.scores) == (AssignmentStatus.DRAFT, full(s, "9"))


def test_autosave_on_a_stale_lock_version_is_409_with_a_message(s: Setup, reviewer: Any) -> None:
    reviewer.post(reverse("reviews:autosave", args=[s.assignment.pk]), post_scores(s, "9"))
    response = reviewer.post(reverse("reviews:autosave", args=[s.assignment.pk]), post_scores(s, "3", lock=1))
    assert response.status_code == 409
    assert "（北京时间）" in response.json()["error"] or "Beijing time" in response.json()["error"]
    s.assignment.refresh_from_db()
    assert s.assignment.scores == full(s, "9")


def test_autosave_out_of_bounds_is_400_and_saves_nothing(s: Setup, reviewer: Any) -> None:
    data = post_scores(s)
    data[f"score-{s.criteria[0].pk}"] = "-3"
    response = reviewer.post(reverse("reviews:autosave", args=[s.assignment.pk]), data)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [str(s.criteria[0].pk)]
    s.assignment.refresh_from_db()
    assert s.assignment.scores == {}


def test_autosave_is_post_only(s: Setup, reviewer: Any) -> None:
    assert reviewer.get(reverse("reviews:autosave", args=[s.assignment.pk])).status_code == 405
    assert reviewer.get(reverse("reviews:submit", args=[s.assignment.pk])).status_code == 405


# ---------------------------------------------------------------- submit

def test_submit_then_the_page_is_read_only(s: Setup, reviewer: Any) -> None:
    response = reviewer.post(reverse("reviews:submit", args=[s.assignment.pk]), post_scores(s, "10", "建议支持"))
    assert response.status_code == 302
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.SUBMITTED
    body = reviewer.get(reverse("reviews:review", args=[s.assignment.pk])).content.decode()
    assert f'name="score-{s.criteria[0].pk}"' in body and "disabled" in body
    assert reverse("reviews:submit", args=[s.assignment.pk]) not in body
    again = reviewer.post(reverse("reviews:review", args=[s.assignment.pk]),
                          post_scores(s, "1", "改", lock=s.assignment.lock_version))
    assert again.status_code == 302
    s.assignment.refresh_from_db()
    assert (s.assignment.comment, s.assignment.scores) == ("建议支持", full(s, "10"))


def test_submit_refused_when_the_round_is_closed(s: Setup, reviewer: Any) -> None:
    ReviewRound.objects.filter(pk=s.round.pk).update(status=RoundStatus.CLOSED)
    response = reviewer.post(reverse("reviews:submit", args=[s.assignment.pk]), post_scores(s))
    assert response.status_code == 302
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


# ---------------------------------------------------------------- other reviews

def _with_another_review(world: Any, **round_fields: Any) -> tuple[Setup, Assignment]:
    s = setup_review(world, **round_fields)
    other = make_review(s.round, make_reviewer(world.school, "钱专家"), s.application, s.org,
                        [c.max_points for c in s.criteria], comment="特色鲜明，另一位专家的意见。")
    return s, other


def test_other_reviews_shown_after_submitting_without_identities(world: Any, reviewer: Any) -> None:
    s, _other = _with_another_review(world, other_reviews=OtherReviews.AFTER_SUBMIT)
    before = reviewer.get(reverse("reviews:review", args=[s.assignment.pk])).content.decode()
    assert "另一位专家的意见" not in before
    reviewer.post(reverse("reviews:submit", args=[s.assignment.pk]), post_scores(s))
    response = reviewer.get(reverse("reviews:review", args=[s.assignment.pk]))
    body = response.content.decode()
    assert "另一位专家的意见" in body
    assert "钱专家" not in body
    assert [o.label for o in response.context["view"].others] in (["Reviewer A"], ["专家A"])


def test_other_reviews_never_shown_when_the_round_says_never(world: Any, reviewer: Any) -> None:
    s, _other = _with_another_review(world, other_reviews=OtherReviews.NEVER)
    reviewer.post(reverse("reviews:submit", args=[s.assignment.pk]), post_scores(s))
    response = reviewer.get(reverse("reviews:review", args=[s.assignment.pk]))
    assert response.context["view"].others is None
    assert "另一位专家的意见" not in response.content.decode()


# ---------------------------------------------------------------- decline

def test_decline_has_a_confirm_step(s: Setup, reviewer: Any) -> None:
    response = reviewer.get(reverse("reviews:decline", args=[s.assignment.pk]))
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


def test_decline_with_a_conflict(s: Setup, reviewer: Any) -> None:
    response = reviewer.post(reverse("reviews:decline", args=[s.assignment.pk]),
                             {"reason": "曾指导该支部", "conflict": "1"})
    assert response.status_code == 302
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.DECLINED
    assert Conflict.objects.filter(reviewer=s.reviewer, application=s.application).count() == 1


def test_decline_without_a_reason_is_refused(s: Setup, reviewer: Any) -> None:
    response = reviewer.post(reverse("reviews:decline", args=[s.assignment.pk]), {"reason": ""})
    assert response.status_code == 400
    s.assignment.refresh_from_db()
    assert s.assignment.status == AssignmentStatus.ASSIGNED


# ---------------------------------------------------------------- attachments

def test_attachment_of_the_version_opens_inline(s: Setup, reviewer: Any) -> None:
    attachment = attach(s.application, "支部活动记录.pdf")
    response = reviewer.get(reverse("reviews:attachment", args=[s.assignment.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_attachment_other_types_are_downloaded(s: Setup, reviewer: Any) -> None:
    attachment = attach(s.application, "名单.docx", b"PK\x03\x04", "application/vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document")
    response = reviewer.get(reverse("reviews:attachment", args=[s.assignment.pk, attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_attachment_not_in_the_version_is_404(s: Setup, reviewer: Any) -> None:
    later = attach(s.application, "提交后上传.pdf", in_version=False)
    assert reviewer.get(reverse("reviews:attachment", args=[s.assignment.pk, later.pk])).status_code == 404


def test_attachment_of_an_application_not_assigned_is_404(world: Any, reviewer: Any) -> None:
    s = setup_review(world, 2)
    other_app = Application.objects.filter(call=s.round.evaluation.call).exclude(pk=s.application.pk).get()
    foreign = attach(other_app, "别人的材料.pdf")
    assert reviewer.get(reverse("reviews:attachment", args=[s.assignment.pk, foreign.pk])).status_code == 404
    theirs = make_assignment(s.round, make_reviewer(world.school), other_app, s.org)
    assert reviewer.get(reverse("reviews:attachment", args=[theirs.pk, foreign.pk])).status_code == 404


def test_mask_hides_the_branch_in_the_studio_name_and_free_text(world: Any, s: Setup) -> None:
    application = Application.objects.select_related("branch", "secretary").get(pk=s.application.pk)
    version = application.versions.select_related("form").order_by("-number").first()
    mask = mask_for(s.round, application, version, world.college)
    branch = application.branch
    assert mask.text(f"{branch.name}书记工作室") == f"{HIDDEN}书记工作室"
    assert mask.text(f"{branch.department}“双带头人”教师党支部书记工作室") == f"{HIDDEN}“双带头人”教师党支部书记工作室"
    assert mask.text(f"{world.college.name}推荐，{application.secretary.name}负责") == f"{HIDDEN}推荐，{HIDDEN}负责"
