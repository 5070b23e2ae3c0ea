"""Builds the demo university (长春工业大学) so the app looks real on first run.

Everything comes from one seeded `random.Random` and one seeded Faker, so every run on the same day makes
the same data; dates that must stay "recent" (elections, the newly founded branches) are counted back from
`timezone.localdate()`. People and posts are written with `bulk_create`, so the whole load takes a second
or two on SQLite.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.units.enums import Degree, Gender, PoliticalStatus, PositionRole, UnitKind
from dualleader.units.models import AcademicRole, Person, Position, Unit

from . import data

SEED = 20240226  # the date of the notice
PASSWORD = "Demo@2026"
UNIVERSITY_CODE = data.UNIVERSITY["code"]
ROOT_NAME = data.UNIVERSITY["name"]
FEATURED_BRANCH = "机械设计制造及其自动化系教师党支部"
# A branch of another college whose application on the demo call is already submitted, so the college
# side has something to act on. Its secretary is renamed after being generated, which keeps every
# random draw (and so the rest of the demo) unchanged.
SUBMITTING_BRANCH = "计算机科学与技术系教师党支部"
SUBMITTING_SECRETARY = "李文博"

# One account per role, plus a second college admin to show scoping. The README's table is checked
# against this list.
DEMO_ACCOUNTS: list[dict[str, str]] = [
    {"username": "admin", "password": PASSWORD, "role": "superuser", "role_label": "超级管理员",
     "unit": "", "person": ""},
    {"username": "zzb", "password": PASSWORD, "role": Role.ORG_ADMIN.value, "role_label": "党委组织部",
     "unit": ROOT_NAME, "person": "张慧"},
    {"username": "jdxy", "password": PASSWORD, "role": Role.COLLEGE_ADMIN.value, "role_label": "学院党委",
     "unit": "机电工程学院党委", "person": "赵立新"},
    {"username": "jsjxy", "password": PASSWORD, "role": Role.COLLEGE_ADMIN.value, "role_label": "学院党委",
     "unit": "计算机科学与工程学院党委", "person": "孙丽华"},
    {"username": "sjwang", "password": PASSWORD, "role": Role.BRANCH_SECRETARY.value, "role_label": "支部书记",
     "unit": FEATURED_BRANCH, "person": "王建军"},
    {"username": "sjli", "password": PASSWORD, "role": Role.BRANCH_SECRETARY.value, "role_label": "支部书记",
     "unit": SUBMITTING_BRANCH, "person": SUBMITTING_SECRETARY},
    {"username": "member", "password": PASSWORD, "role": Role.STUDIO_MEMBER.value, "role_label": "工作室成员",
     "unit": FEATURED_BRANCH, "person": "陈晓燕"},
    {"username": "expert", "password": PASSWORD, "role": Role.REVIEWER.value, "role_label": "评审专家",
     "unit": ROOT_NAME, "person": "刘振东"},
]

_DEGREES = (Degree.DOCTORATE, Degree.MASTER, Degree.BACHELOR)
_HIRE_AGE = {Degree.DOCTORATE: (28, 33), Degree.MASTER: (25, 28), Degree.BACHELOR: (22, 24)}


def demo_loaded() -> bool:
    return Unit.objects.filter(code=UNIVERSITY_CODE).exists()


def clashing_usernames() -> list[str]:
    """Demo usernames already taken by accounts made outside the demo (the load would fail on them)."""
    names = [a["username"] for a in DEMO_ACCOUNTS]
    return sorted(User.objects.filter(username__in=names).values_list("username", flat=True))


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Summary:
    colleges: int = 0
    teacher_branches: int = 0
    other_branches: int = 0
    people: int = 0
    posts: int = 0
    accounts: int = 0
    notes: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.rng = random.Random(SEED)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(SEED)
        self.people: list[Person] = []
        self.roles: list[tuple[Person, list[str]]] = []
        self.posts: list[Position] = []
        self.named: dict[str, Person] = {}
        self.staff_seq: dict[int, int] = {}
        self.used_names = {a["person"] for a in DEMO_ACCOUNTS if a["person"]}

    # ---- people -------------------------------------------------------------------------------------
    def person(self, unit: Unit, level: str, *, kind: str, name: str | None = None, gender: str | None = None,
               age: int | None = None, title: str | None = None, degree: str | None = None,
               status: str = PoliticalStatus.PARTY_MEMBER, roles: list[str] | None = None,
               email: str = "", phone: str = "") -> Person:
        rng = self.rng
        gender = gender or (Gender.MALE if rng.random() < 0.56 else Gender.FEMALE)
        name = name or self._new_name(gender)
        age = age or rng.randint(*data.AGES[level])
        birth = add_years(self.today, -age) - datetime.timedelta(days=rng.randint(1, 364))
        degree = degree or rng.choices(_DEGREES, weights=data.DEGREES[level])[0]
        hire_year = min(birth.year + rng.randint(*_HIRE_AGE[degree]), self.today.year)
        self.staff_seq[hire_year] = self.staff_seq.get(hire_year, 0) + 1
        staff_no = f"{hire_year}{self.staff_seq[hire_year]:04d}"
        p = Person(
            name=name, staff_no=staff_no, unit=unit, gender=gender, birth_date=birth,
            title=title or rng.choice(data.TITLES[kind][level]), title_level=level, highest_degree=degree,
            political_status=status, party_joined_on=self._joined(birth, status),
            phone=phone or self.fake.phone_number(), email=email or f"{staff_no}@ccut.edu.cn")
        if roles is None:
            roles = [code for code, chance in data.ACADEMIC_ROLES[level].items() if rng.random() < chance]
            if "young_talent" in roles and age > 45:
                roles.remove("young_talent")
        self.people.append(p)
        self.roles.append((p, roles))
        return p

    def fixed(self, unit: Unit, name: str, level: str, **fields: Any) -> Person:
        p = self.person(unit, level, name=name, **fields)
        self.named[name] = p
        return p

    def _new_name(self, gender: str) -> str:
        first = self.fake.first_name_male if gender == Gender.MALE else self.fake.first_name_female
        for _ in range(50):
            name = self.fake.last_name() + first()
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def _joined(self, birth: datetime.date, status: str) -> datetime.date | None:
        rng = self.rng
        if status == PoliticalStatus.PROBATIONARY:  # 预备期 is one year
            return self.today - datetime.timedelta(days=rng.randint(30, 330))
        if status != PoliticalStatus.PARTY_MEMBER:
            return None
        join_age = rng.choice([rng.randint(19, 23)] * 6 + [rng.randint(24, 30)] * 3 + [rng.randint(31, 42)])
        joined = add_years(birth, join_age) + datetime.timedelta(days=rng.randint(0, 300))
        latest = self.today - datetime.timedelta(days=400)
        return min(joined, latest - datetime.timedelta(days=rng.randint(0, 200)))

    def post(self, person: Person, unit: Unit, role: str, start: datetime.date,
             end: datetime.date | None = None) -> None:
        self.posts.append(Position(person=person, unit=unit, role=role, started_on=start, ended_on=end))

    # ---- units ----------------------------------------------------------------------------------------
    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def build(self) -> Summary:
        summary = Summary()
        root = Unit.objects.add_root(instance=Unit(kind=UnitKind.UNIVERSITY, **data.UNIVERSITY))
        branches: list[tuple[Unit, data.College, data.Department]] = []
        for college in data.COLLEGES:
            cu = Unit.objects.add_child(root, instance=Unit(
                name=f"{college.name}党委", short_name=college.name, code=college.code, kind=UnitKind.COLLEGE))
            summary.colleges += 1
            for i, dept in enumerate(college.departments, start=1):
                established, elected = self._teacher_branch_dates(dept)
                bu = Unit.objects.add_child(cu, instance=Unit(
                    name=f"{dept.name}教师党支部", code=f"{college.code}{i:02d}", kind=UnitKind.TEACHER_BRANCH,
                    department=dept.name, discipline=dept.discipline, established_on=established,
                    last_election_on=elected))
                branches.append((bu, college, dept))
            student = Unit.objects.add_child(cu, instance=Unit(
                name=f"{college.name}本科生党支部", code=f"{college.code}S1", kind=UnitKind.STUDENT_BRANCH,
                department="学生工作办公室", established_on=datetime.date(self.rng.randint(2008, 2016), 9, 20),
                last_election_on=self.days_ago(60, 700)))
            self._staff_college(cu, college)
            self._staff_student_branch(student)
        for spec in data.ORGAN_BRANCHES:
            ou = Unit.objects.add_child(root, instance=Unit(
                kind=UnitKind.ORGAN_BRANCH, established_on=datetime.date(self.rng.randint(2005, 2012), 6, 28),
                last_election_on=self.days_ago(90, 900), **spec))
            self._staff_organ_branch(ou)
        self._mark_elections_due(branches)
        for bu, college, dept in branches:
            self._staff_teacher_branch(bu, college, dept)
        summary.teacher_branches = len(branches)
        summary.other_branches = len(data.COLLEGES) + len(data.ORGAN_BRANCHES)

        Person.objects.bulk_create(self.people)
        role_ids = dict(AcademicRole.objects.values_list("code", "id"))
        Through = Person.academic_roles.through
        Through.objects.bulk_create([Through(person_id=p.pk, academicrole_id=role_ids[code])
                                     for p, codes in self.roles for code in codes if code in role_ids])
        Position.objects.bulk_create(self.posts)
        summary.people, summary.posts = len(self.people), len(self.posts)
        summary.accounts = self._accounts()
        return summary

    def _teacher_branch_dates(self, dept: data.Department) -> tuple[datetime.date, datetime.date]:
        rng = self.rng
        if dept.flag == "new":
            established = self.days_ago(45, 300)
            return established, established  # the founding meeting elects the first committee
        if dept.flag == "featured":
            return datetime.date(2009, 9, 10), self.days_ago(540, 540)
        year = rng.randint(2008, 2022) if rng.random() < 0.92 else rng.randint(2023, 2024)
        established = min(datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)), self.days_ago(400, 400))
        elected = self.days_ago(400, 900) if dept.flag == "vacant" else self.days_ago(30, 1000)
        return established, max(elected, established)

    def _mark_elections_due(self, branches: list[tuple[Unit, data.College, data.Department]]) -> None:
        """A few long-standing branches have let their three-year term run out (the 换届 to-do)."""
        candidates = [b for b, _, d in branches if not d.flag and b.established_on.year <= 2019]
        for branch in self.rng.sample(candidates, 6):
            branch.last_election_on = self.days_ago(1150, 1900)
            branch.save(update_fields=["last_election_on"])

    # ---- staffing -------------------------------------------------------------------------------------
    def _staff_teacher_branch(self, unit: Unit, college: data.College, dept: data.Department) -> None:
        rng = self.rng
        kind = "stem" if college.stem else "humanities"
        start = unit.last_election_on
        if dept.flag == "featured":
            secretary = self.fixed(unit, "王建军", "full", kind=kind, gender=Gender.MALE, age=53, title="教授",
                                   degree=Degree.DOCTORATE, email="wangjianjun@ccut.edu.cn",
                                   roles=["discipline_leader", "doctoral_supervisor", "master_supervisor"])
        elif dept.flag == "low":
            secretary = self.person(unit, "intermediate", kind=kind, age=rng.randint(34, 44), title="讲师",
                                    degree=Degree.MASTER, roles=[])
        else:
            level = "full" if rng.random() < 0.55 else "associate"
            degree = Degree.DOCTORATE if rng.random() < 0.94 else Degree.MASTER
            secretary = self.person(unit, level, kind=kind, degree=degree,
                                    title="教授" if level == "full" else "副教授")
            if unit.name == SUBMITTING_BRANCH:
                secretary.name, secretary.gender = SUBMITTING_SECRETARY, Gender.MALE
                secretary.email = "liwenbo@ccut.edu.cn"
                self.named[SUBMITTING_SECRETARY] = secretary
        size = rng.randint(8, 11)
        deputy = None
        if dept.flag in ("featured", "vacant") or rng.random() < 0.6:
            # The notice asks for young Party-member academics as deputy secretaries.
            deputy = self.person(unit, rng.choice(["associate", "intermediate"]), kind=kind,
                                 age=rng.randint(33, 42), degree=Degree.DOCTORATE)
        others: list[Person] = []
        if dept.flag == "featured":
            others.append(self.fixed(unit, "陈晓燕", "associate", kind=kind, gender=Gender.FEMALE, age=38,
                                     title="副教授", degree=Degree.DOCTORATE, email="chenxiaoyan@ccut.edu.cn",
                                     roles=["master_supervisor", "young_talent"]))
        if college.code == "MY" and dept.name == college.departments[0].name:
            others.append(self.fixed(unit, "刘振东", "full", kind=kind, gender=Gender.MALE, age=57, title="教授",
                                     degree=Degree.DOCTORATE, email="liuzhendong@ccut.edu.cn",
                                     roles=["discipline_leader", "academic_leader", "doctoral_supervisor"]))
        while len(others) + 1 + (deputy is not None) < size:
            level = rng.choices([lv for lv, _ in data.MEMBER_LEVELS], [w for _, w in data.MEMBER_LEVELS])[0]
            status = PoliticalStatus.PROBATIONARY if rng.random() < 0.04 else PoliticalStatus.PARTY_MEMBER
            others.append(self.person(unit, level, kind=kind, status=status))

        full_members = [p for p in others if p.political_status == PoliticalStatus.PARTY_MEMBER]
        committee = full_members[:1] if dept.flag == "featured" else []  # 陈晓燕
        rest = [p for p in full_members if p not in committee]
        committee += rng.sample(rest, min(len(rest), rng.randint(1, 3)))
        if dept.flag == "vacant":  # the secretary stepped down; the deputy presides until the by-election
            self.post(secretary, unit, PositionRole.SECRETARY, start, self.days_ago(20, 90))
        else:
            self.post(secretary, unit, PositionRole.SECRETARY, start)
        if deputy:
            self.post(deputy, unit, PositionRole.DEPUTY_SECRETARY, start)
        for p in committee:
            self.post(p, unit, PositionRole.COMMITTEE_MEMBER, start)

        if (start - unit.established_on).days > 400:  # there was an earlier committee
            prev_start = max(unit.established_on, add_years(start, -3))
            prev_end = start - datetime.timedelta(days=1)
            seniors = [p for p in full_members if p.title_level in ("full", "associate")]
            changed = dept.flag != "featured" and seniors and rng.random() < 0.4
            previous = rng.choice(seniors) if changed else secretary  # most secretaries are re-elected
            self.post(previous, unit, PositionRole.SECRETARY, prev_start, prev_end)
            if rest and rng.random() < 0.5:
                self.post(rng.choice(rest), unit, PositionRole.COMMITTEE_MEMBER, prev_start, prev_end)

    def _staff_student_branch(self, unit: Unit) -> None:
        """Student branches are led by counsellors (辅导员); students themselves are not modelled."""
        secretary = self.person(unit, "intermediate", kind="humanities", age=self.rng.randint(29, 38),
                                degree=Degree.MASTER, roles=[])
        member = self.person(unit, "junior", kind="humanities", degree=Degree.MASTER, roles=[])
        self.post(secretary, unit, PositionRole.SECRETARY, unit.last_election_on)
        self.post(member, unit, PositionRole.COMMITTEE_MEMBER, unit.last_election_on)

    def _staff_organ_branch(self, unit: Unit) -> None:
        secretary = self.person(unit, "associate", kind="organ", degree=Degree.MASTER, roles=[])
        self.post(secretary, unit, PositionRole.SECRETARY, unit.last_election_on)
        if unit.code == "JG01":  # 党委组织部: the notice's contact person, who runs the programme
            zhang = self.fixed(unit, "张慧", "associate", kind="organ", gender=Gender.FEMALE, age=45,
                               title="副研究员", degree=Degree.MASTER, roles=[], phone="0431-85927818",
                               email="zhanghui@ccut.edu.cn")
            self.post(zhang, unit, PositionRole.COMMITTEE_MEMBER, unit.last_election_on)
        for _ in range(5):
            self.person(unit, self.rng.choice(["associate", "intermediate", "intermediate", "junior"]),
                        kind="organ", roles=[])

    def _staff_college(self, unit: Unit, college: data.College) -> None:
        """The college committee's own staff (组织员) and teachers outside the Party, who belong to no
        branch."""
        if college.code == "JD":
            self.fixed(unit, "赵立新", "associate", kind="organ", gender=Gender.MALE, age=47, title="副研究员",
                       degree=Degree.MASTER, roles=[], email="zhaolixin@ccut.edu.cn")
        elif college.code == "JSJ":
            self.fixed(unit, "孙丽华", "intermediate", kind="organ", gender=Gender.FEMALE, age=39, title="讲师",
                       degree=Degree.MASTER, roles=[], email="sunlihua@ccut.edu.cn")
        else:
            self.person(unit, self.rng.choice(["associate", "intermediate"]), kind="organ", roles=[])
        kind = "stem" if college.stem else "humanities"
        for _ in range(self.rng.randint(1, 3)):
            status = PoliticalStatus.DEMOCRATIC_PARTY if self.rng.random() < 0.25 else PoliticalStatus.MASSES
            level = self.rng.choices([lv for lv, _ in data.MEMBER_LEVELS], [w for _, w in data.MEMBER_LEVELS])[0]
            self.person(unit, level, kind=kind, status=status)

    # ---- accounts -------------------------------------------------------------------------------------
    def _accounts(self) -> int:
        units = {u.name: u for u in Unit.objects.filter(name__in={a["unit"] for a in DEMO_ACCOUNTS})}
        # One hash for all: the password is public anyway, and each PBKDF2 round costs a noticeable moment.
        hashed = make_password(PASSWORD)
        users, grants = [], []
        for spec in DEMO_ACCOUNTS:
            person = self.named.get(spec["person"])
            superuser = spec["role"] == "superuser"
            user = User(username=spec["username"], password=hashed, person=person, is_superuser=superuser,
                        is_staff=superuser, must_change_password=False, email=person.email if person else "")
            users.append(user)
            if not superuser:
                grants.append(RoleGrant(user=user, role=spec["role"], unit=units[spec["unit"]]))
        User.objects.bulk_create(users)
        RoleGrant.objects.bulk_create(grants)
        return len(users)


def build_demo(today: datetime.date | None = None) -> Summary:
    """Create the demo university, its people, branch committees and demo accounts in one transaction."""
    with transaction.atomic():
        return _Builder(today or timezone.localdate()).build()


def accounts_table() -> str:
    """The demo accounts as a Markdown table, ready for the README."""
    rows = [("用户名", "密码", "角色", "单位", "人员")]
    rows += [(a["username"], a["password"], a["role_label"], a["unit"] or "—", a["person"] or "—")
             for a in DEMO_ACCOUNTS]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)
