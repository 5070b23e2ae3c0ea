"""Test data built in one place. `World` is the small organisation every test starts from: one
university, two colleges, a branch in each, and one account per role plus an outsider."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from dualleader.accounts.enums import Role
from dualleader.accounts.models import RoleGrant, User
from dualleader.units.enums import Degree, PoliticalStatus, PositionRole, TitleLevel, UnitKind
from dualleader.units.models import Person, Position, Unit

PASSWORD = "Test-Passw0rd!"
_seq = itertools.count(1)


def make_unit(parent: Unit | None, name: str, kind: str, **fields: Any) -> Unit:
    unit = Unit(name=name, kind=kind, **fields)
    return Unit.objects.add_child(parent, instance=unit) if parent else Unit.objects.add_root(instance=unit)


def make_person(unit: Unit, name: str | None = None, **fields: Any) -> Person:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "name": name or f"测试人员{n}", "staff_no": f"T{n:06d}", "gender": "male", "title": "副教授",
        "title_level": TitleLevel.ASSOCIATE, "highest_degree": Degree.DOCTORATE,
        "political_status": PoliticalStatus.PARTY_MEMBER, "party_joined_on": datetime.date(2005, 7, 1)}
    defaults.update(fields)
    return Person.objects.create(unit=unit, **defaults)


def make_user(username: str, person: Person | None = None, role: str | None = None, unit: Unit | None = None,
              **fields: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, person=person, **fields)
    if role and unit:
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


@dataclass
class World:
    school: Unit
    college: Unit
    other_college: Unit
    branch: Unit
    other_branch: Unit
    users: dict[str, User]
    branch_secretary_person: Person
    branch_secretary_post: Position

    def user(self, role: str) -> User:
        return self.users[role]


def build_world() -> World:
    school = make_unit(None, "长春工业大学党委", UnitKind.UNIVERSITY, code="CCUT")
    college = make_unit(school, "机电工程学院党委", UnitKind.COLLEGE, code="JD")
    other = make_unit(school, "计算机科学与工程学院党委", UnitKind.COLLEGE, code="JSJ")
    branch = make_unit(college, "机械设计系教师党支部", UnitKind.TEACHER_BRANCH, department="机械设计系",
                       discipline="机械工程", established_on=datetime.date(2015, 9, 1),
                       last_election_on=datetime.date(2024, 6, 1))
    other_branch = make_unit(other, "软件工程系教师党支部", UnitKind.TEACHER_BRANCH, department="软件工程系",
                             established_on=datetime.date(2016, 3, 1), last_election_on=datetime.date(2024, 5, 1))
    secretary = make_person(branch, "王建国", title="教授", title_level=TitleLevel.FULL)
    post = Position.objects.create(person=secretary, unit=branch, role=PositionRole.SECRETARY,
                                   started_on=datetime.date(2024, 6, 1))
    users = {
        "superuser": make_user("root", is_superuser=True, is_staff=True),
        "org_admin": make_user("zzb", make_person(school, "张慧"), Role.ORG_ADMIN, school),
        "college_admin": make_user("jd", make_person(college, "李明"), Role.COLLEGE_ADMIN, college),
        "branch_secretary": make_user("wang", secretary, Role.BRANCH_SECRETARY, branch),
        "studio_member": make_user("member", make_person(branch, "赵丽"), Role.STUDIO_MEMBER, branch),
        "reviewer": make_user("expert", make_person(school, "孙评审"), Role.REVIEWER, school),
        "outsider": make_user("jsj", make_person(other, "周强"), Role.COLLEGE_ADMIN, other),
    }
    return World(school, college, other, branch, other_branch, users, secretary, post)
