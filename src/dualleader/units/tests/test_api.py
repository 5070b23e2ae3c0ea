from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from tests.factories import World, make_person, make_unit

from dualleader.accounts.enums import Role
from dualleader.api import api
from dualleader.audit.models import AuditEvent
from dualleader.units.enums import PositionRole, TitleLevel, UnitKind
from dualleader.units.models import AcademicRole, Position, Unit

pytestmark = pytest.mark.django_db


def secretary_of(world: World) -> Any:
    return world.user("branch_secretary").person


def ids(response: Any) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


# --- access: every endpoint × every role, with the `world` objects ---------------------------------

def _url(world: World, name: str) -> str:
    return {
        "me": "/api/v1/me",
        "units": "/api/v1/units",
        "school": f"/api/v1/units/{world.school.pk}",
        "college": f"/api/v1/units/{world.college.pk}",
        "branch": f"/api/v1/units/{world.branch.pk}",
        "other_branch": f"/api/v1/units/{world.other_branch.pk}",
        "people": "/api/v1/people",
        "secretary": f"/api/v1/people/{secretary_of(world).pk}",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }[name]


#          anonymous superuser org_admin college_admin branch_secretary studio_member reviewer outsider
ACCESS = {
    "me":           (401, 200, 200, 200, 200, 200, 200, 200),
    "units":        (401, 200, 200, 200, 200, 200, 200, 200),
    "school":       (401, 200, 200, 404, 404, 404, 404, 404),
    "college":      (401, 200, 200, 200, 404, 404, 404, 404),
    "branch":       (401, 200, 200, 200, 200, 200, 404, 404),
    "other_branch": (401, 200, 200, 404, 404, 404, 404, 200),
    "people":       (401, 200, 200, 200, 200, 200, 200, 200),
    "secretary":    (401, 200, 200, 200, 200, 200, 404, 404),
    "openapi":      (200, 200, 200, 200, 200, 200, 200, 200),
    "docs":         (302, 200, 200, 200, 200, 200, 200, 200),
}
ROLES = ["anonymous", "superuser", "org_admin", "college_admin", "branch_secretary", "studio_member",
         "reviewer", "outsider"]


@pytest.mark.parametrize("name", list(ACCESS))
@pytest.mark.parametrize("role", ROLES)
def test_api_access(client_for: Any, world: World, name: str, role: str) -> None:
    response = client_for(role).get(_url(world, name))

    assert response.status_code == ACCESS[name][ROLES.index(role)]


def test_errors_are_json_with_detail(client_for: Any, world: World) -> None:
    response = client_for("outsider").get(_url(world, "branch"))

    assert response["Content-Type"].startswith("application/json")
    with translation.override("zh-hans"):
        assert response.json() == {"detail": translation.gettext("Not found.")}


def test_refusal_is_403_json_and_audited(world: World) -> None:
    # No read endpoint can refuse today (seeing a unit and viewing it are the same rule), so the
    # handler the detail views raise into is exercised directly.
    request = RequestFactory().get(f"/api/v1/units/{world.branch.pk}")
    request.user = world.user("studio_member")

    response = api.on_exception(request, PermissionDenied("units.view_unit"))

    assert response.status_code == 403
    event = AuditEvent.objects.get(action="permission.denied")
    assert (event.actor, event.detail) == (world.user("studio_member"), "units.view_unit")


# --- /me --------------------------------------------------------------------------------------------

def test_me_lists_roles_with_labels(client_for: Any, world: World) -> None:
    response = client_for("college_admin").get("/api/v1/me")

    with translation.override("zh-hans"):
        label = str(Role.COLLEGE_ADMIN.label)
    assert response.json() == {
        "username": "jd", "display_name": "李明", "person_id": world.user("college_admin").person_id,
        "is_superuser": False,
        "roles": [{"role": "college_admin", "role_label": label, "unit_id": world.college.pk,
                   "unit_name": "机电工程学院党委"}],
    }


# --- unit list --------------------------------------------------------------------------------------

def test_units_org_admin_sees_both_colleges(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/units")

    assert ids(response) == {world.school.pk, world.college.pk, world.other_college.pk, world.branch.pk,
                             world.other_branch.pk}
    assert response.json()["count"] == 5


def test_units_college_admin_sees_only_its_subtree(client_for: Any, world: World) -> None:
    response = client_for("college_admin").get("/api/v1/units")

    assert ids(response) == {world.college.pk, world.branch.pk}


def test_units_branch_secretary_sees_only_the_branch(client_for: Any, world: World) -> None:
    response = client_for("branch_secretary").get("/api/v1/units")

    assert ids(response) == {world.branch.pk}


def test_units_reviewer_sees_nothing(client_for: Any, world: World) -> None:
    response = client_for("reviewer").get("/api/v1/units")

    assert response.json() == {"items": [], "count": 0}


def test_units_item_fields(client_for: Any, world: World) -> None:
    response = client_for("college_admin").get("/api/v1/units", {"kind": "teacher_branch"})

    assert response.json()["items"] == [{
        "id": world.branch.pk, "name": "机械设计系教师党支部", "short_name": "", "code": None,
        "kind": "teacher_branch", "kind_label": "教师党支部", "parent_id": world.college.pk, "depth": 3,
        "department": "机械设计系", "discipline": "机械工程", "established_on": "2015-09-01",
        "last_election_on": "2024-06-01", "is_active": True,
        "secretary": {"person_id": secretary_of(world).pk, "name": "王建国"},
    }]


def test_units_labels_follow_the_active_language(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get(f"/api/v1/units/{world.branch.pk}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["kind_label"] == "Teacher Party branch"


def test_units_root_has_no_parent_and_no_secretary(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/units", {"kind": "university"})

    [school] = response.json()["items"]
    assert (school["id"], school["parent_id"], school["secretary"]) == (world.school.pk, None, None)


def test_units_filter_parent_gives_direct_children(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/units", {"parent": world.school.pk})

    assert ids(response) == {world.college.pk, world.other_college.pk}


def test_units_filter_parent_stays_within_scope(client_for: Any, world: World) -> None:
    response = client_for("college_admin").get("/api/v1/units", {"parent": world.school.pk})

    assert ids(response) == {world.college.pk}


def test_units_filter_unknown_parent_is_empty(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/units", {"parent": 999999})

    assert response.json() == {"items": [], "count": 0}


def test_units_filter_q_matches_name(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/units", {"q": "软件"})

    assert ids(response) == {world.other_branch.pk}


def test_units_filter_active(client_for: Any, world: World) -> None:
    Unit.objects.filter(pk=world.other_branch.pk).update(is_active=False)

    response = client_for("org_admin").get("/api/v1/units", {"active": "false"})

    assert ids(response) == {world.other_branch.pk}


def test_units_page_size_is_capped(client_for: Any, world: World) -> None:
    for n in range(3):
        make_unit(world.college, f"扩展支部{n}", UnitKind.TEACHER_BRANCH)

    response = client_for("org_admin").get("/api/v1/units", {"page": 2, "page_size": 3})

    assert response.json()["count"] == 8
    assert len(response.json()["items"]) == 3


def _grow(world: World, n: int) -> None:
    """n more branches under the college, each with a secretary who holds two academic roles."""
    roles = list(AcademicRole.objects.filter(code__in=["discipline_leader", "doctoral_supervisor"]))
    for i in range(n):
        branch = make_unit(world.college, f"扩展支部{i}", UnitKind.TEACHER_BRANCH)
        person = make_person(branch)
        person.academic_roles.set(roles)
        Position.objects.create(person=person, unit=branch, role=PositionRole.SECRETARY,
                                started_on=datetime.date(2024, 1, 1))


# Session, account, grants, count, the page, and one prefetch (secretaries / academic roles).
LIST_QUERIES = 6


@pytest.mark.parametrize("extra", [2, 10])
def test_units_list_query_count_is_constant(client_for: Any, world: World, extra: int,
                                            django_assert_num_queries: Any) -> None:
    _grow(world, extra)
    client = client_for("org_admin")

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/units")

    assert response.json()["count"] == 5 + extra


@pytest.mark.parametrize("extra", [2, 10])
def test_people_list_query_count_is_constant(client_for: Any, world: World, extra: int,
                                             django_assert_num_queries: Any) -> None:
    _grow(world, extra)
    client = client_for("org_admin")

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/people")

    assert response.json()["count"] == 6 + extra


# --- unit detail ------------------------------------------------------------------------------------

def test_unit_detail_has_committee_and_ancestors(client_for: Any, world: World) -> None:
    deputy = make_person(world.branch, "陈副")
    Position.objects.create(person=deputy, unit=world.branch, role=PositionRole.DEPUTY_SECRETARY,
                            started_on=datetime.date(2024, 6, 1))
    Position.objects.create(person=make_person(world.branch), unit=world.branch, role=PositionRole.SECRETARY,
                            started_on=datetime.date(2018, 1, 1), ended_on=datetime.date(2024, 5, 31))

    body = client_for("college_admin").get(f"/api/v1/units/{world.branch.pk}").json()

    assert body["committee"] == [
        {"role": "secretary", "role_label": "支部书记", "person_id": secretary_of(world).pk,
         "person_name": "王建国", "started_on": "2024-06-01"},
        {"role": "deputy_secretary", "role_label": "副书记",
         "person_id": deputy.pk, "person_name": "陈副", "started_on": "2024-06-01"},
    ]
    assert body["ancestors"] == [{"id": world.school.pk, "name": "长春工业大学党委"},
                                 {"id": world.college.pk, "name": "机电工程学院党委"}]
    assert body["parent_id"] == world.college.pk


def test_unit_detail_outsider_gets_404(client_for: Any, world: World) -> None:
    response = client_for("outsider").get(f"/api/v1/units/{world.branch.pk}")

    assert response.status_code == 404


def test_unit_detail_unknown_id_gets_404(client_for: Any, world: World) -> None:
    response = client_for("superuser").get("/api/v1/units/999999")

    assert response.status_code == 404


# --- people -----------------------------------------------------------------------------------------

def test_people_college_admin_sees_only_its_college(client_for: Any, world: World) -> None:
    response = client_for("college_admin").get("/api/v1/people")

    names = {item["name"] for item in response.json()["items"]}
    assert names == {"王建国", "李明", "赵丽"}


def test_people_reviewer_sees_nobody(client_for: Any, world: World) -> None:
    response = client_for("reviewer").get("/api/v1/people")

    assert response.json() == {"items": [], "count": 0}


def test_people_filter_unit_covers_the_subtree(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/people", {"unit": world.other_college.pk})

    assert {item["name"] for item in response.json()["items"]} == {"周强"}


def test_people_filter_q_matches_staff_number(client_for: Any, world: World) -> None:
    secretary = secretary_of(world)

    response = client_for("org_admin").get("/api/v1/people", {"q": secretary.staff_no})

    assert ids(response) == {secretary.pk}


def test_people_filter_title_level(client_for: Any, world: World) -> None:
    response = client_for("org_admin").get("/api/v1/people", {"title_level": TitleLevel.FULL})

    assert ids(response) == {secretary_of(world).pk}


def test_people_filter_political_status(client_for: Any, world: World) -> None:
    member = world.user("studio_member").person
    member.political_status = "masses"
    member.save()

    response = client_for("org_admin").get("/api/v1/people", {"political_status": "masses"})

    assert ids(response) == {member.pk}


def test_person_detail_fields(client_for: Any, world: World) -> None:
    secretary = secretary_of(world)
    secretary.academic_roles.add(AcademicRole.objects.get(code="discipline_leader"))

    body = client_for("studio_member").get(f"/api/v1/people/{secretary.pk}").json()

    assert body == {
        "id": secretary.pk, "name": "王建国", "staff_no": secretary.staff_no, "unit_id": world.branch.pk,
        "unit_name": "机械设计系教师党支部", "gender": "male", "gender_label": "男", "title": "教授",
        "title_level": "full", "title_level_label": "正高", "highest_degree": "doctorate",
        "highest_degree_label": "博士", "political_status": "party_member", "political_status_label": "中共党员",
        "party_joined_on": "2005-07-01", "academic_roles": ["学科带头人"], "phone": "", "email": "",
        "is_active": True,
    }


def test_person_detail_outsider_gets_404(client_for: Any, world: World) -> None:
    response = client_for("outsider").get(f"/api/v1/people/{secretary_of(world).pk}")

    assert response.status_code == 404


# --- bad input is a 4xx, never a 500 -----------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/api/v1/units/abc",
    "/api/v1/units/0",
    "/api/v1/units/99999999999999999999999",
    "/api/v1/people/1.5",
    "/api/v1/units?parent=x",
    "/api/v1/units?kind=nonsense",
    "/api/v1/units?active=maybe",
    "/api/v1/units?q=%00",
    "/api/v1/units?page=0",
    "/api/v1/units?page=99999999999999999999",
    "/api/v1/units?page_size=-1",
    "/api/v1/people?unit=99999999999999999999999",
    "/api/v1/people?title_level=professor",
    "/api/v1/people?political_status=x",
])
def test_bad_input_is_422_json(client_for: Any, world: World, url: str) -> None:
    response = client_for("org_admin").get(url)

    assert response.status_code == 422
    assert "detail" in response.json()


# --- schema -----------------------------------------------------------------------------------------

def test_openapi_schema_loads(client: Any, world: World) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/me", "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/people",
            "/api/v1/people/{person_id}"} <= set(paths)


def test_docs_redirect_anonymous_to_login(client: Any, world: World) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 302
    assert "/api/v1/docs" in response["Location"]
