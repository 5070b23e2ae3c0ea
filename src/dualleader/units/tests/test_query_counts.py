"""Organisation pages do a constant number of queries however many units and people there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import make_person, make_unit

from dualleader.units.enums import PositionRole, UnitKind
from dualleader.units.models import Position


def grow(world, n):
    for i in range(n):
        branch = make_unit(world.college, f"扩展支部{world.college.numchild}-{i}", UnitKind.TEACHER_BRANCH)
        person = make_person(branch)
        Position.objects.create(person=person, unit=branch, role=PositionRole.SECRETARY)
        make_person(world.branch)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url_name,args", [
    ("units:unit_detail", lambda w: [w.college.pk]),
    ("units:unit_detail", lambda w: [w.school.pk]),
    ("units:unit_detail", lambda w: [w.branch.pk]),
    ("units:branches", lambda w: []),
    ("units:people", lambda w: []),
])
def test_query_count_does_not_grow(url_name, args, client_for, world):
    client = client_for("org_admin")
    url = reverse(url_name, args=args(world))
    grow(world, 1)
    small = count(client, url)
    grow(world, 6)
    world.college.refresh_from_db()
    assert count(client, url) == small
