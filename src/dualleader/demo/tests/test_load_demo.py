from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dualleader.accounts.models import RoleGrant, User
from dualleader.demo.builder import DEMO_ACCOUNTS, PASSWORD, ROOT_NAME, accounts_table, build_demo
from dualleader.units.enums import Degree, PoliticalStatus, PositionRole, TitleLevel, UnitKind
from dualleader.units.models import Person, Position, Unit

pytestmark = pytest.mark.django_db

TITLE_LEVELS = {
    "教授": TitleLevel.FULL, "研究员": TitleLevel.FULL, "正高级工程师": TitleLevel.FULL,
    "副教授": TitleLevel.ASSOCIATE, "副研究员": TitleLevel.ASSOCIATE, "高级工程师": TitleLevel.ASSOCIATE,
    "高级实验师": TitleLevel.ASSOCIATE, "讲师": TitleLevel.INTERMEDIATE, "工程师": TitleLevel.INTERMEDIATE,
    "实验师": TitleLevel.INTERMEDIATE, "助理研究员": TitleLevel.INTERMEDIATE, "助教": TitleLevel.JUNIOR,
    "助理工程师": TitleLevel.JUNIOR, "研究实习员": TitleLevel.JUNIOR,
}


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def teacher_branches():  # type: ignore[no-untyped-def]
    return Unit.objects.filter(kind=UnitKind.TEACHER_BRANCH)


def current_secretary(branch: Unit) -> Person:
    return Position.objects.current().get(unit=branch, role=PositionRole.SECRETARY).person


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Unit, Person, Position, User, RoleGrant)}


def test_load_demo_builds_the_university_tree() -> None:
    load()
    root = Unit.objects.get(code="CCUT")
    assert (root.name, root.kind, root.depth) == (ROOT_NAME, UnitKind.UNIVERSITY, 1)
    colleges = Unit.objects.filter(kind=UnitKind.COLLEGE, path__startswith=root.path, depth=2)
    assert 10 <= colleges.count() <= 14
    assert colleges.filter(name="机电工程学院党委", code="JD").exists()
    assert 55 <= teacher_branches().count() <= 70
    assert all(Unit.objects.get_parent(b).kind == UnitKind.COLLEGE for b in teacher_branches())
    assert Unit.objects.filter(kind=UnitKind.STUDENT_BRANCH).count() == colleges.count()
    assert Unit.objects.filter(kind=UnitKind.ORGAN_BRANCH).exists()
    assert not teacher_branches().filter(Q(department="") | Q(discipline="") | Q(established_on=None)).exists()


def test_load_demo_makes_about_600_people_with_consistent_records() -> None:
    load()
    staff = Person.objects.exclude(staff_no__startswith="EXT")  # the review panel's experts from outside
    assert 550 <= staff.count() <= 700
    assert staff.values("name").distinct().count() > 500
    for title, level in staff.values_list("title", "title_level"):
        assert TITLE_LEVELS[title] == level, title
    seniors = staff.filter(title_level__in=[TitleLevel.FULL, TitleLevel.ASSOCIATE])
    assert seniors.filter(highest_degree=Degree.DOCTORATE).count() > 0.7 * seniors.count()
    assert staff.filter(academic_roles__code="doctoral_supervisor").exists()
    assert not staff.filter(academic_roles__isnull=False, title_level=TitleLevel.JUNIOR).exists()
    assert not staff.exclude(phone__regex=r"^(1\d{10}|0431-\d{8})$").exists()
    assert not staff.exclude(email__endswith="@ccut.edu.cn").exists()


def test_teacher_branch_members_are_party_members_with_join_dates() -> None:
    load()
    members = Person.objects.filter(unit__kind=UnitKind.TEACHER_BRANCH)
    assert not members.exclude(political_status__in=PoliticalStatus.party_statuses()).exists()
    assert members.filter(political_status=PoliticalStatus.PROBATIONARY).exists()
    assert not members.filter(party_joined_on=None).exists()
    assert Person.objects.filter(unit__kind=UnitKind.COLLEGE, political_status=PoliticalStatus.MASSES).exists()
    sizes = teacher_branches().annotate(n=Count("people")).values_list("n", flat=True)
    assert min(sizes) >= 8 and max(sizes) <= 12


def test_every_teacher_branch_but_two_has_exactly_one_current_secretary() -> None:
    load()
    per_branch = {b.name: Position.objects.current().filter(unit=b, role=PositionRole.SECRETARY).count()
                  for b in teacher_branches()}
    assert sorted(name for name, n in per_branch.items() if n == 0) == ["市场营销系教师党支部", "环境工程系教师党支部"]
    assert all(n in (0, 1) for n in per_branch.values())
    for branch in teacher_branches():
        if per_branch[branch.name]:
            secretary = current_secretary(branch)
            assert secretary.unit_id == branch.pk
            assert secretary.political_status == PoliticalStatus.PARTY_MEMBER


def test_branches_have_committees_and_past_terms() -> None:
    load()
    current = Position.objects.current()
    assert current.filter(role=PositionRole.DEPUTY_SECRETARY).count() > 20
    assert teacher_branches().exclude(
        pk__in=current.filter(role=PositionRole.COMMITTEE_MEMBER).values("unit")).count() == 0
    assert Position.objects.filter(ended_on__lt=timezone.localdate()).count() > 30


def test_some_branches_are_due_for_re_election() -> None:
    load()
    three_years_ago = timezone.localdate() - datetime.timedelta(days=round(3 * 365.25))
    due = teacher_branches().filter(last_election_on__lt=three_years_ago).count()
    assert 1 <= due <= 10


def test_three_teacher_branches_are_under_a_year_old() -> None:
    load()
    a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
    young = teacher_branches().filter(established_on__gt=a_year_ago)
    assert young.count() == 3
    assert all(current_secretary(b).title_level in (TitleLevel.FULL, TitleLevel.ASSOCIATE) for b in young)


def test_three_secretaries_are_below_associate_without_a_doctorate() -> None:
    load()
    failing = [b.name for b in teacher_branches() if Position.objects.current().filter(
        unit=b, role=PositionRole.SECRETARY).exists() and _fails_title_rule(current_secretary(b))]
    assert sorted(failing) == ["俄语系教师党支部", "工业设计系教师党支部", "财政税务系教师党支部"]
    for name in failing:
        secretary = current_secretary(Unit.objects.get(name=name))
        assert (secretary.title, secretary.highest_degree) == ("讲师", Degree.MASTER)


def _fails_title_rule(person: Person) -> bool:
    return (TitleLevel.rank(person.title_level) < TitleLevel.rank(TitleLevel.ASSOCIATE)
            and person.highest_degree != Degree.DOCTORATE)


def test_demo_accounts_sign_in_with_their_roles() -> None:
    load()
    for spec in DEMO_ACCOUNTS:
        user = User.objects.get(username=spec["username"])
        assert user.check_password(PASSWORD)
        assert spec["password"] == PASSWORD
        assert user.must_change_password is False
        assert user.is_active
        if spec["role"] == "superuser":
            assert user.is_superuser and user.is_staff
            assert not user.role_grants.exists()
            continue
        assert not user.is_superuser
        assert user.person.name == spec["person"]
        assert list(user.role_grants.values_list("role", "unit__name")) == [(spec["role"], spec["unit"])]


def test_org_admin_and_reviewer_are_granted_on_the_root() -> None:
    load()
    root = Unit.objects.get(code="CCUT")
    assert RoleGrant.objects.get(user__username="zzb").unit == root
    assert RoleGrant.objects.get(user__username="expert").unit == root
    assert User.objects.get(username="zzb").person.name == "张慧"


def test_demo_secretary_leads_an_eligible_branch_and_member_belongs_to_it() -> None:
    load()
    branch = RoleGrant.objects.get(user__username="sjwang").unit
    secretary = User.objects.get(username="sjwang").person
    assert branch.kind == UnitKind.TEACHER_BRANCH
    assert Unit.objects.get_parent(branch).name == "机电工程学院党委"
    assert current_secretary(branch) == secretary
    assert not _fails_title_rule(secretary)
    assert branch.years_established() >= 1
    assert RoleGrant.objects.get(user__username="member").unit == branch
    assert User.objects.get(username="member").person.unit == branch
    assert RoleGrant.objects.get(user__username="jdxy").unit == Unit.objects.get_parent(branch)


def test_second_run_changes_nothing() -> None:
    load()
    before = counts()
    out = load()
    assert "已载入" in out and "未做任何修改" in out
    assert counts() == before


def test_first_run_prints_the_accounts_table() -> None:
    out = load()
    assert accounts_table() in out
    for spec in DEMO_ACCOUNTS:
        assert f"| {spec['username']} | {PASSWORD} | {spec['role_label']} |" in out


def test_taken_demo_username_stops_the_load() -> None:
    User.objects.create_user(username="zzb", password="x-Passw0rd!")
    with pytest.raises(CommandError, match="zzb"):
        load()
    assert not Unit.objects.exists()


def test_build_is_deterministic() -> None:
    def snapshot() -> tuple[list, list, list]:  # type: ignore[type-arg]
        return (list(Unit.objects.order_by("path").values_list("path", "name", "established_on",
                                                                "last_election_on")),
                list(Person.objects.order_by("staff_no").values_list("staff_no", "name", "birth_date", "title",
                                                                     "phone", "unit__code")),
                list(Position.objects.order_by("unit__path", "role", "person__staff_no", "started_on")
                     .values_list("unit__code", "role", "person__staff_no", "started_on", "ended_on")))

    with transaction.atomic():
        build_demo()
        first = snapshot()
        transaction.set_rollback(True)
    assert not Unit.objects.exists()
    build_demo()
    assert snapshot() == first
