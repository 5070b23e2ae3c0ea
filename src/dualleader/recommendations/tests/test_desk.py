"""The receipt desk (受理台): each college's state and counts, the filter, the chart, the per-college list,
who may see them, and a query count that does not grow with the number of colleges or applications."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.factories import make_unit

from dualleader.applications.services import application_start
from dualleader.applications.tests.factories import make_open_call
from dualleader.recommendations.board import board
from dualleader.recommendations.enums import BoardState
from dualleader.recommendations.receipt import deadline_extension_grant, formal_check_accept
from dualleader.units.enums import UnitKind

from .factories import make_branch, make_endorsed, make_returned_by_school, make_submitted
from .test_check import make_ready, make_recommended, send


def row_of(data, college):
    return next(r for r in data.rows if r.college.pk == college.pk)


def test_board_new_call_every_college_not_started(world):
    call = make_open_call(world.school)
    data = board(call)
    assert [r.college.pk for r in data.rows] == [world.college.pk, world.other_college.pk]
    assert {r.state for r in data.rows} == {BoardState.NOT_STARTED}
    assert data.totals == {"not_started": 2, "in_progress": 0, "submitted": 0, "accepted": 0}


def test_board_draft_application_is_in_progress(world):
    call = make_open_call(world.school)
    application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    row = row_of(board(call), world.college)
    assert row.state == BoardState.IN_PROGRESS and row.applications == 1 and row.endorsed == 0


def test_board_withdrawn_application_does_not_count(world):
    from dualleader.applications.services import application_withdraw

    call = make_open_call(world.school)
    application = application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    application_withdraw(application=application, user=world.user("branch_secretary"), reason="不申报了")
    row = row_of(board(call), world.college)
    assert row.state == BoardState.NOT_STARTED and row.applications == 0


def test_board_sent_list_is_submitted_then_accepted(world):
    call = make_open_call(world.school)
    first = make_ready(world, call)
    branch, user = make_branch(world.college)
    second = make_endorsed(call, branch, user, world.user("college_admin"))
    row = row_of(board(call), world.college)
    assert row.state == BoardState.SUBMITTED
    assert (row.applications, row.endorsed, row.on_list, row.quota, row.accepted) == (2, 2, 1, 2, 0)
    assert row.submitted_at is not None
    formal_check_accept(application=first, user=world.user("org_admin"))
    row = row_of(board(call), world.college)
    assert row.state == BoardState.ACCEPTED and row.accepted == 1
    assert second.status == "endorsed"


def test_board_counts_returned_by_school_and_stays_submitted(world):
    call = make_open_call(world.school)
    application = make_recommended(world, call)
    send(world, call, [application])
    make_returned_by_school(application, world.user("org_admin"))
    row = row_of(board(call), world.college)
    assert row.state == BoardState.SUBMITTED and row.returned_by_school == 1 and row.accepted == 0


def test_board_partly_accepted_list_is_still_submitted(world):
    call = make_open_call(world.school)
    first = make_ready(world, call)
    row = row_of(board(call), world.college)
    assert row.state == BoardState.SUBMITTED
    formal_check_accept(application=first, user=world.user("org_admin"))
    assert row_of(board(call), world.college).state == BoardState.ACCEPTED


def test_board_shows_extended_deadline(world):
    call = make_open_call(world.school)
    new = call.deadline + datetime.timedelta(days=3)
    deadline_extension_grant(call=call, unit=world.college, deadline=new, reason="系统故障",
                             user=world.user("org_admin"))
    data = board(call)
    assert row_of(data, world.college).deadline == new and row_of(data, world.college).extension is not None
    assert row_of(data, world.other_college).deadline == call.deadline
    assert row_of(data, world.other_college).extension is None


def test_board_page_filters_by_state_and_draws_chart(world, client_for):
    call = make_open_call(world.school)
    application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    client = client_for("org_admin")
    url = reverse("recommendations:desk", args=[call.pk])
    html = client.get(url).content.decode()
    assert f'data-college="{world.college.pk}" data-state="in_progress"' in html
    assert f'data-college="{world.other_college.pk}" data-state="not_started"' in html
    assert '<rect x="0.00" y="0" width="50.00"' in html and '<rect x="50.00" y="0" width="50.00"' in html
    filtered = client.get(url, {"state": "in_progress"})
    assert [r.college.pk for r in filtered.context["rows"]] == [world.college.pk]
    unknown = client.get(url, {"state": "nonsense"})
    assert len(unknown.context["rows"]) == 2


def test_board_links_to_lists_extensions_and_exports(world, client_for):
    call = make_open_call(world.school)
    html = client_for("org_admin").get(reverse("recommendations:desk", args=[call.pk])).content.decode()
    for url in (reverse("recommendations:desk_college", args=[call.pk, world.college.pk]),
                reverse("recommendations:extensions", args=[call.pk]),
                reverse("recommendations:summary_xlsx", args=[call.pk]),
                reverse("recommendations:accepted_zip", args=[call.pk])):
        assert url in html


@pytest.mark.parametrize("role,status", [("org_admin", 200), ("superuser", 200), ("college_admin", 404),
                                         ("outsider", 404), ("branch_secretary", 404), ("reviewer", 404)])
def test_board_access(world, client_for, role, status):
    call = make_open_call(world.school)
    assert client_for(role).get(reverse("recommendations:desk", args=[call.pk])).status_code == status


def test_board_of_a_call_owned_by_a_college_is_hidden_from_the_other_college(world, client_for):
    call = make_open_call(world.college)
    assert client_for("outsider").get(reverse("recommendations:desk", args=[call.pk])).status_code == 404


def _grow(world, call, colleges: int, apps: int) -> None:
    """More colleges, applications in several states, a sent list and an extension."""
    made = []
    for n in range(colleges):
        made.append(make_unit(world.school, f"新增学院{n}党委", UnitKind.COLLEGE))
    for n in range(apps):
        college = made[n % len(made)]
        branch, user = make_branch(college)
        if n % 2:
            make_submitted(call, branch, user)
        else:
            application_start(call=call, branch=branch, user=user)
    deadline_extension_grant(call=call, unit=made[0], deadline=call.deadline + datetime.timedelta(days=1),
                             reason="延期", user=world.user("org_admin"))


def test_board_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    call = make_open_call(world.school)
    first = make_recommended(world, call)
    send(world, call, [first])
    branch, user = make_branch(world.other_college)
    application_start(call=call, branch=branch, user=user)
    client = client_for("org_admin")
    url = reverse("recommendations:desk", args=[call.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, call, colleges=3, apps=6)  # 5 colleges, 8 applications
    assert len(board(call).rows) == 5
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_college_list_shows_sent_list_with_completeness(world, client_for):
    call = make_open_call(world.school)
    first = make_recommended(world, call)
    branch, user = make_branch(world.college)
    second = make_recommended(world, call, branch, user, evidence=())
    send(world, call, [first, second])
    response = client_for("org_admin").get(reverse("recommendations:desk_college", args=[call.pk, world.college.pk]))
    rows = response.context["rows"]
    assert [(r.entry.rank, r.application.pk) for r in rows] == [(1, first.pk), (2, second.pk)]
    assert [r.passed for r in rows] == [3, 2]  # eligibility, content (+ attachments for the first)
    html = response.content.decode()
    assert 'data-passed="3">3/5' in html and 'data-passed="2">2/5' in html
    assert "同意推荐。" in html
    assert reverse("recommendations:check", args=[first.pk]) in html


def test_college_list_before_sending_says_so(world, client_for):
    call = make_open_call(world.school)
    make_endorsed(call, world.branch, world.user("branch_secretary"), world.user("college_admin"))
    response = client_for("org_admin").get(reverse("recommendations:desk_college", args=[call.pk, world.college.pk]))
    assert response.status_code == 200 and response.context["recommendation"] is None


def test_college_list_of_a_unit_outside_the_call_is_404(world, client_for):
    call = make_open_call(world.college)
    url = reverse("recommendations:desk_college", args=[call.pk, world.other_college.pk])
    assert client_for("org_admin").get(url).status_code == 404
    url = reverse("recommendations:desk_college", args=[call.pk, world.branch.pk])
    assert client_for("org_admin").get(url).status_code == 404


def test_college_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    call = make_open_call(world.school, college_quota=4)
    small_call = make_open_call(world.school, name="第三批", college_quota=4)
    # Small: one application on the list. Large: four, with scans and paper copies.
    send(world, small_call, [make_recommended(world, small_call)])
    apps = [make_recommended(world, call)]
    for _n in range(3):
        branch, user = make_branch(world.college)
        apps.append(make_recommended(world, call, branch, user))
    send(world, call, apps)
    from dualleader.recommendations.receipt import paper_receipt_record

    from .test_check import add_scan

    for application in apps[:2]:
        add_scan(application, world.user("superuser"))
        paper_receipt_record(application=application, received_on=timezone.localdate(), note="",
                             user=world.user("org_admin"))
    client = client_for("org_admin")
    client.get(reverse("recommendations:desk_college", args=[small_call.pk, world.college.pk]))
    with CaptureQueriesContext(connection) as small:
        r = client.get(reverse("recommendations:desk_college", args=[small_call.pk, world.college.pk]))
    assert len(r.context["rows"]) == 1
    with django_assert_num_queries(len(small.captured_queries)):
        r = client.get(reverse("recommendations:desk_college", args=[call.pk, world.college.pk]))
    assert len(r.context["rows"]) == 4 and [row.passed for row in r.context["rows"]] == [5, 5, 3, 3]


# --- who may reach the desk's URLs (mirrors the rows proposed for tests/test_access.py) --------------

ROLES = ["anonymous", "superuser", "org_admin", "college_admin", "branch_secretary", "studio_member", "reviewer",
         "outsider"]


def _expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    table = {role: default for role in ROLES}
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


MANAGED = _expect(404, superuser=200, org_admin=200)
MANAGED_WRITE = _expect(404, superuser=302, org_admin=302)


def _call(w):
    return [make_open_call(w.school).pk]


def _app(w):
    return [application_start(call=make_open_call(w.school), branch=w.branch, user=w.user("branch_secretary")).pk]


DESK_ROWS = [
    ("desk", _call, "get", MANAGED),
    ("desk_college", lambda w: [make_open_call(w.school).pk, w.college.pk], "get", MANAGED),
    ("extensions", _call, "get", MANAGED),
    ("extensions", _call, "post", MANAGED),
    ("check", _app, "get", MANAGED),
    ("paper", _app, "get", _expect(405)),
    ("paper", _app, "post", MANAGED_WRITE),
    ("accept", _app, "get", _expect(405)),
    ("accept", _app, "post", MANAGED_WRITE),
    ("return_to_college", _app, "get", _expect(405)),
    ("return_to_college", _app, "post", MANAGED_WRITE),
    ("summary_xlsx", _call, "get", MANAGED),
    ("accepted_zip", _call, "get", MANAGED),
]


@pytest.mark.parametrize(("name", "args", "method", "expect"), DESK_ROWS)
def test_desk_urls_access(world, client, name, args, method, expect):
    url = reverse(f"recommendations:{name}", args=args(world))
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        assert getattr(client, method)(url).status_code == expect[role], (role, url)
