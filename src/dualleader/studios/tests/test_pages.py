"""The studio list, scoped by the unit tree, and one studio's page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualleader.applications.tests.factories import make_application, make_open_call
from dualleader.reviews.tests.outcome_factories import make_decided, make_finalized
from dualleader.studios.enums import StudioStatus
from dualleader.studios.models import Studio


@pytest.fixture
def studios(world):
    """Two studios in world.college and one in world.other_college, made by finalising a notice."""
    setup = make_decided(world, n_apps=3, selected=3, colleges=[world.college, world.college, world.other_college])
    return setup, make_finalized(setup), None


def _listed(client, **params):
    response = client.get(reverse("studios:list"), params)
    assert response.status_code == 200
    return [s.pk for s in response.context["studios"]]


def test_org_admin_sees_every_studio(studios, client_for):
    _setup, made, _own = studios
    assert _listed(client_for("org_admin")) == [s.pk for s in made]


def test_college_admin_sees_its_branches_only(studios, client_for):
    _setup, made, _own = studios
    assert _listed(client_for("college_admin")) == [made[0].pk, made[1].pk]
    assert _listed(client_for("outsider")) == [made[2].pk]


def test_secretary_and_member_see_their_branch_only(studios, client_for, world):
    setup, _made, _own = studios
    assert _listed(client_for("branch_secretary")) == []
    own = Studio.objects.create(application=make_application(world, setup.call), call=setup.call, branch=world.branch,
                                leader=world.branch_secretary_person, name="本支部工作室",
                                cycle_starts_on=datetime.date(2026, 10, 14), cycle_ends_on=datetime.date(2028, 10, 13))
    assert _listed(client_for("branch_secretary")) == [own.pk]
    assert _listed(client_for("studio_member")) == [own.pk]


def test_reviewer_and_anonymous_cannot_browse(studios, client_for):
    assert client_for("reviewer").get(reverse("studios:list")).status_code == 403


def test_filters_by_call_and_status(studios, client_for, world):
    setup, made, _own = studios
    Studio.objects.filter(pk=made[1].pk).update(status=StudioStatus.MIDTERM_REVIEW)
    client = client_for("org_admin")
    assert _listed(client, status="midterm_review") == [made[1].pk]
    assert _listed(client, call=str(setup.call.pk)) == [s.pk for s in made]
    other = make_open_call(world.school, name="第三批")
    assert _listed(client, call=str(other.pk)) == []
    assert _listed(client, call="abc", status="<bad>") == [s.pk for s in made]


def test_detail_shows_the_studio(studios, client_for):
    _setup, made, _own = studios
    response = client_for("college_admin").get(reverse("studios:detail", args=[made[0].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert made[0].leader.name in page and "2026年10月14日 — 2028年10月13日" in page
    assert reverse("applications:detail", args=[made[0].application_id]) in page
    assert response.context["studio"].college.name == "机电工程学院党委"


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("branch_secretary", 404), ("reviewer", 404),
                                              ("superuser", 200), ("org_admin", 200)])
def test_detail_scope(studios, client_for, role, status):
    _setup, made, _own = studios
    assert client_for(role).get(reverse("studios:detail", args=[made[0].pk])).status_code == status


def test_list_queries_do_not_grow(world, client_for, django_assert_num_queries):
    client = client_for("org_admin")
    setup = make_decided(world, n_apps=1, selected=1)
    make_finalized(setup)
    with CaptureQueriesContext(connection) as one:
        assert len(_listed(client)) == 1
    setup = make_decided(world, n_apps=4, selected=4, colleges=[world.college, world.other_college])
    make_finalized(setup)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(_listed(client)) == 5
