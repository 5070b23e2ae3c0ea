"""Concurrent requests on one college's list, with real threads and real transactions: the quota, the
sending and the ranks hold whatever the interleaving. Run on SQLite (IMMEDIATE transactions, a busy
timeout) and on PostgreSQL (row locks) alike."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext
from tests.factories import make_person, make_user

from dualleader.accounts.enums import Role
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.audit.models import AuditEvent
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation, RecommendationEntry
from dualleader.recommendations.services import (
    StaleRanking,
    attestation_rules,
    recommendation_include,
    recommendation_reorder,
    recommendation_save,
    recommendation_submit,
)
from dualleader.recommendations.tests.factories import make_branch, make_endorsed

pytestmark = pytest.mark.django_db(transaction=True)


def race(jobs: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run every job in its own thread, released together; each result is ("ok", value) or
    ("error", exception). Every thread closes its own database connection."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], Any]) -> tuple[str, Any]:
        try:
            barrier.wait(timeout=30)
            return "ok", job()
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the test
            return "error", exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def endorsed_applications(world: Any, call: Any, n: int) -> list[Application]:
    admin = world.user("college_admin")
    result = []
    for _ in range(n):
        branch, secretary = make_branch(world.college)
        result.append(make_endorsed(call, branch, secretary, admin))
    return result


def second_admin(world: Any) -> Any:
    return make_user("jd2", make_person(world.college, "李二"), Role.COLLEGE_ADMIN, world.college)


def test_fifty_concurrent_includes_fill_the_quota_exactly(world: Any) -> None:
    call = make_open_call(world.school, college_quota=2)
    applications = endorsed_applications(world, call, 50)
    admin = world.user("college_admin")

    results = race([lambda a=a: recommendation_include(application=a, user=admin) for a in applications])

    outcomes = Counter(kind for kind, _value in results)
    errors = [value for kind, value in results if kind == "error"]
    assert outcomes == {"ok": 2, "error": 48}
    assert all(type(e) is ValidationError for e in errors), {type(e) for e in errors}
    entries = list(RecommendationEntry.objects.filter(recommendation__call=call))
    assert sorted(e.rank for e in entries) == [1, 2]
    winners = {value.application_id for kind, value in results if kind == "ok"}
    assert {e.application_id for e in entries} == winners
    recommendation = Recommendation.objects.get(call=call, unit=world.college)
    assert recommendation.lock_version == 3  # created at 1, one step per entry
    assert AuditEvent.objects.filter(action="recommendation.include").count() == 2


def test_two_admins_sending_the_same_list_send_it_once(world: Any) -> None:
    call = make_open_call(world.school)
    applications = endorsed_applications(world, call, 2)
    admin, other = world.user("college_admin"), second_admin(world)
    for application in applications:
        recommendation_include(application=application, user=admin)
    recommendation = recommendation_save(
        recommendation=Recommendation.objects.get(call=call, unit=world.college), opinion="同意推荐。",
        attested=[r.pk for r in attestation_rules(call)], expected_lock_version=None, user=admin)

    results = race([lambda u=u: recommendation_submit(recommendation=recommendation, user=u)
                    for u in (admin, other)])

    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert type(error) is ValidationError
    assert error.messages == [gettext("The list has already been sent to the university.")]
    sent = Recommendation.objects.get(pk=recommendation.pk)
    winner = next(value for kind, value in results if kind == "ok")
    assert sent.status == RecommendationStatus.SUBMITTED and sent.submitted_by_id == winner.submitted_by_id
    assert AuditEvent.objects.filter(action="recommendation.submit").count() == 1
    for application in applications:
        application.refresh_from_db()
        assert application.status == S.RECOMMENDED
        events = AuditEvent.objects.filter(action="application.recommended", object_id=str(application.pk))
        assert events.count() == 1


def test_two_admins_ranking_at_once_lose_no_rank(world: Any) -> None:
    call = make_open_call(world.school, college_quota=4)
    applications = endorsed_applications(world, call, 4)
    admin, other = world.user("college_admin"), second_admin(world)
    for application in applications:
        recommendation_include(application=application, user=admin)
    recommendation = Recommendation.objects.get(call=call, unit=world.college)
    ids = [a.pk for a in applications]
    orders = {admin.pk: list(reversed(ids)), other.pk: [ids[1], ids[3], ids[0], ids[2]]}

    results = race([lambda u=u: recommendation_reorder(recommendation=recommendation, order=orders[u.pk],
                                                       expected_lock_version=recommendation.lock_version, user=u)
                    for u in (admin, other)])

    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert type(error) is StaleRanking
    entries = list(RecommendationEntry.objects.filter(recommendation=recommendation).order_by("rank"))
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    assert sorted(e.application_id for e in entries) == sorted(ids)
    winning_order = [e.application_id for e in entries]
    assert winning_order in list(orders.values())
    event = AuditEvent.objects.get(action="recommendation.reorder")
    assert event.after == {"ranks": {str(a): r for r, a in enumerate(winning_order, start=1)}}
    assert Recommendation.objects.get(pk=recommendation.pk).lock_version == recommendation.lock_version + 1
