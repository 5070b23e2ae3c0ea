"""The demo's review of 第一批: eight accepted applications, a panel of six, the remote round open with
five reviewers per application, every reviewer but `expert` done; loading again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dualleader.accounts.models import User
from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.demo.reviews import FIRST_CALL
from dualleader.home.todo import todo_for
from dualleader.reviews.enums import AssignmentStatus, RoundStatus
from dualleader.reviews.models import Assignment, Evaluation
from dualleader.reviews.ranking import ranking_for

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_first_call_is_under_review_with_five_reviewers_each() -> None:
    output = load()
    assert "第一批" in output
    applications = Application.objects.filter(call__name=FIRST_CALL)
    assert applications.count() == 8
    assert set(applications.values_list("status", flat=True)) == {ApplicationStatus.UNDER_REVIEW}
    evaluation = Evaluation.objects.get(call__name=FIRST_CALL)
    assert evaluation.panel.count() == 6
    round_ = evaluation.rounds.get()
    assert round_.status == RoundStatus.OPEN
    assert Assignment.objects.filter(round=round_).count() == 40


def test_expert_has_a_queue_and_everyone_else_is_done() -> None:
    load()
    expert = User.objects.get(username="expert")
    mine = Assignment.objects.filter(reviewer=expert)
    assert mine.count() > 0
    assert set(mine.values_list("status", flat=True)) == {AssignmentStatus.ASSIGNED}
    others = Assignment.objects.exclude(reviewer=expert)
    assert set(others.values_list("status", flat=True)) == {AssignmentStatus.SUBMITTED}
    assert any("评审" in item.text for item in todo_for(expert))


def test_ranking_has_an_outlier_and_no_reviewer_from_the_same_college() -> None:
    load()
    round_ = Evaluation.objects.get(call__name=FIRST_CALL).rounds.get()
    table = ranking_for(round_)
    assert len(table.rows) == 8
    assert sum(row.outliers for row in table.rows) >= 1
    for a in Assignment.objects.filter(round=round_).select_related("reviewer__person__unit", "application__branch"):
        unit = a.reviewer.person.unit if a.reviewer.person else None
        if unit is not None and unit.depth >= 2:  # works in a college: never that college's applications
            assert not a.application.branch.path.startswith(unit.path[:2 * unit.steplen])


def test_loading_again_changes_nothing() -> None:
    load()
    before = Assignment.objects.count()
    load()
    assert Assignment.objects.count() == before
