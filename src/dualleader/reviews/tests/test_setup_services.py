"""Setting up a review: settings, the rubric editor's rules, rounds, opening and closing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.notifications.models import Notification

from ..enums import Aggregation, OtherReviews, RoundKind, RoundStatus
from ..models import Criterion, Evaluation, ReviewRound
from ..setup import (
    CriterionIn,
    evaluation_settings_save,
    round_close,
    round_open,
    round_save,
    rubric_save,
)
from .factories import make_accepted, make_assignment, make_evaluation, make_panel

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids



@pytest.fixture
def evaluation(world: Any) -> Evaluation:
    return make_evaluation(make_open_call(world.school), world.user("org_admin"))


def lines(evaluation: Evaluation) -> list[CriterionIn]:
    return [CriterionIn(c.pk, c.name, c.description, str(c.max_points), str(c.weight))
            for c in evaluation.criteria.all()]


def test_settings_save_changes_method_and_disclosure(world: Any, evaluation: Evaluation) -> None:
    saved = evaluation_settings_save(evaluation=evaluation, aggregation=Aggregation.ZSCORE,
                                     show_scores_to_applicants=True, show_reviewers_to_applicants=False,
                                     user=world.user("org_admin"))
    assert (saved.aggregation, saved.show_scores_to_applicants) == (Aggregation.ZSCORE, True)
    assert AuditEvent.objects.filter(action="reviews.evaluation_settings").count() == 1


def test_settings_save_refuses_an_unknown_method(world: Any, evaluation: Evaluation) -> None:
    with pytest.raises(ValidationError) as exc:
        evaluation_settings_save(evaluation=evaluation, aggregation="median", show_scores_to_applicants=False,
                                 show_reviewers_to_applicants=False, user=world.user("org_admin"))
    assert exc.value.messages == ["Choose an aggregation method from the list."]


def test_rubric_save_edits_reorders_adds_and_removes(world: Any, evaluation: Evaluation) -> None:
    current = lines(evaluation)
    first, second = current[0], current[1]
    first.max_points, first.weight = "25", "1.5"
    new = CriterionIn(None, "创新特色", "有特色", "5", "1")
    saved = rubric_save(evaluation=evaluation, criteria=[second, first, new], user=world.user("org_admin"))
    assert [(c.order, c.name, c.max_points, c.weight) for c in Criterion.objects.filter(evaluation=evaluation)] == [
        (1, second.name, Decimal("15.0"), Decimal("1.00")), (2, first.name, Decimal("25.0"), Decimal("1.50")),
        (3, "创新特色", Decimal("5.0"), Decimal("1.00"))]
    assert [c.pk for c in saved][:2] == [second.id, first.id]
    assert AuditEvent.objects.filter(action="reviews.rubric_save").count() == 1


@pytest.mark.parametrize(("points", "weight", "message"), [
    ("0", "1", "“X”: the maximum points must be a number above 0 and at most 999.9."),
    ("abc", "1", "“X”: the maximum points must be a number above 0 and at most 999.9."),
    ("10.55", "1", "“X”: the maximum points may have at most 1 decimal place(s)."),
    ("10", "-1", "“X”: the weight must be a number above 0 and at most 99.99."),
])
def test_rubric_save_refuses_bad_numbers_and_saves_nothing(world: Any, evaluation: Evaluation, points: str,
                                                          weight: str, message: str) -> None:
    before = list(Criterion.objects.filter(evaluation=evaluation).values_list("name", flat=True))
    with pytest.raises(ValidationError) as exc:
        rubric_save(evaluation=evaluation, criteria=[CriterionIn(None, "X", "", points, weight)],
                    user=world.user("org_admin"))
    assert exc.value.messages == [message]
    assert list(Criterion.objects.filter(evaluation=evaluation).values_list("name", flat=True)) == before


def test_rubric_save_refuses_empty_and_duplicate_names(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    with pytest.raises(ValidationError) as exc:
        rubric_save(evaluation=evaluation, criteria=[], user=org)
    assert exc.value.messages == ["The rubric needs at least one criterion."]
    with pytest.raises(ValidationError) as exc:
        rubric_save(evaluation=evaluation, criteria=[CriterionIn(None, "A", "", "5", "1"),
                                                     CriterionIn(None, "A", "", "5", "1")], user=org)
    assert exc.value.messages == ["Two criteria are both called “A”."]


def test_rubric_save_refused_once_locked(world: Any, evaluation: Evaluation) -> None:
    Evaluation.objects.filter(pk=evaluation.pk).update(rubric_locked_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        rubric_save(evaluation=evaluation, criteria=lines(evaluation), user=world.user("org_admin"))
    assert exc.value.messages[0].startswith("The rubric can no longer be changed: the first score was saved at ")


def test_round_save_creates_one_presentation_round(world: Any, evaluation: Evaluation) -> None:
    now = timezone.now()
    org = world.user("org_admin")
    values = {"opens_at": now + datetime.timedelta(days=20), "closes_at": now + datetime.timedelta(days=21),
              "reviewers_per_item": 7, "show_names": True, "show_college": True,
              "other_reviews": OtherReviews.AFTER_SUBMIT}
    created = round_save(evaluation=evaluation, user=org, **values)
    assert (created.kind, created.reviewers_per_item, created.status) == (RoundKind.PRESENTATION, 7, RoundStatus.DRAFT)
    with pytest.raises(ValidationError) as exc:
        round_save(evaluation=evaluation, user=org, **values)
    assert exc.value.messages == ["This evaluation already has a Presentation review round."]


def test_round_save_refuses_a_backwards_window(world: Any, evaluation: Evaluation) -> None:
    remote = evaluation.rounds.get()
    with pytest.raises(ValidationError) as exc:
        round_save(evaluation=evaluation, round=remote, opens_at=remote.closes_at, closes_at=remote.opens_at,
                   reviewers_per_item=5, show_names=False, show_college=False, other_reviews="never",
                   user=world.user("org_admin"))
    assert exc.value.messages == ["The round must close after it opens."]


def test_round_open_moves_accepted_applications_under_review(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    apps = make_accepted(evaluation.call, world.college, 2)
    [member] = make_panel(evaluation, 1, org)
    remote = evaluation.rounds.get()
    make_assignment(remote, member.user, apps[0], org)
    opened = round_open(round=remote, user=org)
    assert opened.status == RoundStatus.OPEN
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("status", flat=True)) == {
        S.UNDER_REVIEW}
    assert Notification.objects.filter(recipient=member.user, kind="reviews.round_open").count() == 1
    with pytest.raises(ValidationError) as exc:
        round_open(round=remote, user=org)
    assert exc.value.messages == ["Only a round being prepared can be opened; this one is “Open for scoring”."]


def test_round_open_refused_when_the_window_has_ended(world: Any, evaluation: Evaluation) -> None:
    now = timezone.now()
    remote = evaluation.rounds.get()
    ReviewRound.objects.filter(pk=remote.pk).update(opens_at=now - datetime.timedelta(days=3),
                                                    closes_at=now - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        round_open(round=remote, user=world.user("org_admin"))
    assert exc.value.messages[0].startswith("The round's window ended at ")


def test_round_close_only_an_open_round(world: Any, evaluation: Evaluation) -> None:
    org = world.user("org_admin")
    remote = evaluation.rounds.get()
    with pytest.raises(ValidationError):
        round_close(round=remote, user=org)
    round_open(round=remote, user=org)
    assert round_close(round=remote, user=org).status == RoundStatus.CLOSED
    with pytest.raises(ValidationError) as exc:
        round_save(evaluation=evaluation, round=remote, opens_at=remote.opens_at, closes_at=remote.closes_at,
                   reviewers_per_item=5, show_names=False, show_college=False, other_reviews="never", user=org)
    assert exc.value.messages == ["This round is closed and can no longer be changed."]
