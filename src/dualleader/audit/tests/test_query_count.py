from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualleader.audit.models import AuditEvent

from .factories import make_event


def seed(world, n: int) -> None:  # type: ignore[no-untyped-def]
    actors = itertools.cycle([world.user(r) for r in ("org_admin", "college_admin", "branch_secretary")])
    units = itertools.cycle([world.branch, world.college, world.other_branch, None])
    for i in range(n):
        make_event("unit.update", unit=next(units), actor=next(actors), before={"name": f"旧{i}", "kind": "college"},
                   after={"name": f"新{i}", "kind": "teacher_branch"})


def count_queries(client, url: str, params: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    client.get(url, params)  # warm-up: first-request work (session, caches) is not what is measured
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"actor": "李", "unit": "", "action": "unit.update", "result": "ok",
                                         "date_from": "2000-01-01", "date_to": "2099-12-31"}])
def test_log_queries_do_not_grow_with_events(world, client_for, django_assert_num_queries, params):
    client = client_for("org_admin")
    seed(world, 3)
    few = count_queries(client, reverse("audit:log"), params)
    seed(world, 27)
    with django_assert_num_queries(few):
        client.get(reverse("audit:log"), params)


def test_event_detail_queries_are_constant(world, client_for):
    client = client_for("org_admin")
    seed(world, 3)
    pks = list(AuditEvent.objects.values_list("pk", flat=True))
    counts = {count_queries(client, reverse("audit:event", args=[pk]), {}) for pk in pks}
    assert len(counts) == 1
