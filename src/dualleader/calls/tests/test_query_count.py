from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualleader.calls.enums import CallStatus

from .factories import make_annex, make_call


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["calls:list", "calls:public_list"])
def test_list_query_count_is_constant(client_for, world, url_name):
    client = client_for("org_admin")
    make_annex(make_call(world.school, status=CallStatus.PUBLISHED))
    one = queries(client, reverse(url_name))
    for _ in range(3):
        make_annex(make_call(world.school, status=CallStatus.PUBLISHED))
    assert queries(client, reverse(url_name)) == one
