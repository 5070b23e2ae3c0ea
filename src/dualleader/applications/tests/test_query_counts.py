"""The applications list does a constant number of queries however many applications there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import make_person, make_unit

from dualleader.applications.services import application_start
from dualleader.units.enums import PositionRole, UnitKind
from dualleader.units.models import Position

from .factories import make_open_call


def grow(world, call, n):
    for _ in range(n):
        branch = make_unit(world.college, f"扩展支部{world.college.numchild}", UnitKind.TEACHER_BRANCH,
                           established_on=world.branch.established_on)
        world.college.refresh_from_db()
        Position.objects.create(person=make_person(branch), unit=branch, role=PositionRole.SECRETARY)
        application_start(call=call, branch=branch, user=world.user("org_admin"))


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["org_admin", "college_admin", "branch_secretary"])
def test_mine_query_count_does_not_grow(world, client_for, role):
    call = make_open_call(world.school)
    make_open_call(world.school, name="第三批")
    client = client_for(role)
    url = reverse("applications:mine")
    grow(world, call, 1)
    small = count(client, url)
    grow(world, call, 6)
    large = count(client, url)
    assert large == small
