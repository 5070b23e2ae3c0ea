import datetime

import pytest
from django.utils import timezone

from dualleader.calls.eligibility import add_default_rules, evaluate, is_eligible
from dualleader.calls.models import Call
from dualleader.units.enums import Degree, TitleLevel, UnitKind
from dualleader.units.models import Unit

DEADLINE = datetime.datetime(2024, 3, 5, 17, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def call(world):
    call = Call.objects.create(name="第二批", owner=world.school, opens_at=DEADLINE - datetime.timedelta(days=8),
                               deadline=DEADLINE)
    add_default_rules(call)
    return call


def verdicts(results):
    return [r.passed for r in results]


def test_eligible_branch_passes_every_checkable_rule(call, world):
    results = evaluate(call, world.branch)
    assert verdicts(results) == [True, True, True, True, None]
    assert is_eligible(results)


def test_branch_established_under_a_year_before_deadline_fails(call, world):
    Unit.objects.filter(pk=world.branch.pk).update(established_on=datetime.date(2023, 3, 6))
    world.branch.refresh_from_db()
    results = evaluate(call, world.branch)
    assert results[1].passed is False
    assert "2023-03-06" in results[1].reason
    assert not is_eligible(results)


def test_exactly_one_year_on_the_deadline_day_passes(call, world):
    Unit.objects.filter(pk=world.branch.pk).update(established_on=datetime.date(2023, 3, 5))
    world.branch.refresh_from_db()
    assert evaluate(call, world.branch)[1].passed is True


def test_lecturer_with_masters_fails_but_lecturer_with_doctorate_passes(call, world):
    sec = world.branch_secretary_person
    sec.title, sec.title_level, sec.highest_degree = "讲师", TitleLevel.INTERMEDIATE, Degree.MASTER
    sec.save()
    assert evaluate(call, world.branch)[3].passed is False
    sec.highest_degree = Degree.DOCTORATE
    sec.save()
    assert evaluate(call, world.branch)[3].passed is True


def test_student_branch_fails_kind_rule(call, world):
    Unit.objects.filter(pk=world.branch.pk).update(kind=UnitKind.STUDENT_BRANCH)
    world.branch.refresh_from_db()
    assert evaluate(call, world.branch)[0].passed is False


def test_branch_without_secretary_fails_secretary_rules(call, world):
    world.branch_secretary_post.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    world.branch_secretary_post.save()
    results = evaluate(call, world.branch)
    assert results[2].passed is False and results[3].passed is False


def test_disabled_rule_is_not_evaluated(call, world):
    call.rules.filter(kind="established_years").update(enabled=False)
    assert len(evaluate(call, world.branch)) == 4
