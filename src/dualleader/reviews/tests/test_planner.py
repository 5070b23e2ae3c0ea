"""The pure assignment planner (reviews.planner.plan), and the rules it is fed with in a real round:
balance, never the reviewer's own college, conflicts and declines respected, shortfalls reported."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dualleader.applications.tests.factories import make_open_call

from ..assigning import assign_auto
from ..enums import AssignmentStatus, ConflictSource
from ..models import Assignment, Conflict
from ..planner import plan
from .factories import make_accepted, make_evaluation, make_panel, open_round


def test_plan_gives_each_item_k_reviewers_balanced() -> None:
    result = plan(["a", "b", "c", "d"], [1, 2, 3, 4], 2)
    per_item = Counter(i for i, _r in result.pairs)
    per_reviewer = Counter(r for _i, r in result.pairs)
    assert per_item == {"a": 2, "b": 2, "c": 2, "d": 2}
    assert per_reviewer == {1: 2, 2: 2, 3: 2, 4: 2}
    assert result.short == {}


def test_plan_counts_existing_assignments_towards_k_and_load() -> None:
    result = plan(["a", "b"], [1, 2, 3], 2, existing=[("a", 1), ("a", 2)])
    assert result.pairs == [("b", 3), ("b", 1)]  # 3 had nothing; 1 and 2 tie on load, the key decides


def test_plan_never_uses_a_forbidden_pair() -> None:
    forbidden = {("a", 1), ("b", 2)}
    result = plan(["a", "b"], [1, 2, 3], 2, forbidden=forbidden)
    assert not set(result.pairs) & forbidden
    assert sorted(result.pairs) == [("a", 2), ("a", 3), ("b", 1), ("b", 3)]


def test_plan_reports_the_shortfall() -> None:
    result = plan(["a", "b"], [1, 2], 3, forbidden={("b", 1)})
    assert result.short == {"a": 1, "b": 2}
    assert len(result.pairs) == 3


def test_plan_serves_the_most_constrained_item_first() -> None:
    # "b" can only go to reviewer 1; a greedy pass in key order would give 1 to "a" first.
    result = plan(["a", "b"], [1, 2], 1, forbidden={("b", 2)})
    assert sorted(result.pairs) == [("a", 2), ("b", 1)]
    assert result.short == {}


def test_auto_assignment_never_gives_own_college(world: Any) -> None:
    org = world.user("org_admin")
    call = make_open_call(world.school)
    evaluation = make_evaluation(call, org)
    mine = make_accepted(call, world.college, 2)
    theirs = make_accepted(call, world.other_college, 2)
    college_reviewers = make_panel(evaluation, 2, org, unit=world.college)
    school_reviewers = make_panel(evaluation, 2, org)
    round_ = open_round(evaluation, reviewers_per_item=2)
    result = assign_auto(round=round_, user=org)
    pairs = set(Assignment.objects.filter(round=round_).values_list("application_id", "reviewer_id"))
    for app in mine:
        assert not {(app.pk, m.user_id) for m in college_reviewers} & pairs
        assert {(app.pk, m.user_id) for m in school_reviewers} <= pairs
    for app in theirs:
        assert sum(1 for a, _r in pairs if a == app.pk) == 2
    assert result.short == {}
    load = Counter(r for _a, r in pairs)
    assert sorted(load.values()) == [2, 2, 2, 2]


def test_auto_assignment_respects_conflicts_and_declines(world: Any) -> None:
    org = world.user("org_admin")
    call = make_open_call(world.school)
    evaluation = make_evaluation(call, org)
    [app] = make_accepted(call, world.college, 1)
    members = make_panel(evaluation, 3, org)
    round_ = open_round(evaluation, reviewers_per_item=3)
    Conflict.objects.create(evaluation=evaluation, reviewer=members[0].user, application=app, reason="亲属",
                            source=ConflictSource.RECORDED, recorded_by=org)
    Assignment.objects.create(round=round_, reviewer=members[1].user, application=app, assigned_by=org,
                              status=AssignmentStatus.DECLINED)
    result = assign_auto(round=round_, user=org)
    assert result.pairs == [(app.pk, members[2].user_id)]
    assert result.short == {app.pk: 2}
