import pytest
from django.urls import reverse
from tests.factories import make_person, make_unit

from dualleader.units.enums import UnitKind


def test_org_admin_home_counts_branches_per_college(client_for, world):
    make_unit(world.college, "工业设计系教师党支部", UnitKind.TEACHER_BRANCH)
    make_unit(world.college, "本科生第一党支部", UnitKind.STUDENT_BRANCH)
    response = client_for("org_admin").get(reverse("home:index"))
    rows = {child.name: stats for child, stats in response.context["children"]}
    assert rows["机电工程学院党委"]["teacher_branches"] == 2
    assert rows["机电工程学院党委"]["branches"] == 3
    assert rows["计算机科学与工程学院党委"]["teacher_branches"] == 1


def test_college_admin_home_shows_only_its_college(client_for, world):
    body = client_for("college_admin").get(reverse("home:index")).content.decode()
    assert "机械设计系教师党支部" in body
    assert "软件工程系教师党支部" not in body


def test_secretary_home_shows_branch_committee(client_for, world):
    body = client_for("branch_secretary").get(reverse("home:index")).content.decode()
    assert "王建国" in body
    assert "我的待办" in body


def test_todo_lists_branch_without_secretary(client_for, world):
    make_unit(world.college, "工业设计系教师党支部", UnitKind.TEACHER_BRANCH)
    todo = client_for("college_admin").get(reverse("home:index")).context["todo"]
    assert [item.count for item in todo if "no_secretary" in item.url] == [1]


@pytest.mark.parametrize("role", ["org_admin", "college_admin", "branch_secretary"])
def test_home_query_count_is_constant(role, client_for, world):
    client = client_for(role)

    def grow(n):
        for i in range(n):
            branch = make_unit(world.college, f"扩展支部{i}", UnitKind.TEACHER_BRANCH)
            make_person(branch)
            make_person(world.branch)

    client.get(reverse("home:index"))
    grow(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home:index"))
    grow(5)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home:index"))
    assert len(large) == len(small)
