"""Planning: every row read from the file checked against the database and the importer's scope (units
resolved by code or name, duplicates, dates, posts), and what it would change worked out and counted,
without writing anything."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.accounts.enums import Role

from ..enums import PoliticalStatus, PositionRole, UnitKind
from ..models import AcademicRole, Person, Position, Unit
from .records import ImportResult, Row, RowError, _Problem
from .spec import PERSON_FIELDS, UNIT_FIELDS


@dataclass(eq=False)
class _Ref:
    """A unit as the import sees it: one that exists, or one the file will create."""

    name: str
    kind: str
    in_scope: bool
    unit: Unit | None = None
    parent: _Ref | None = None
    row: Row | None = None  # the file row that lists it
    action: str = ""  # create | update | "" (unchanged or not listed)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def is_branch(self) -> bool:
        return self.kind in UnitKind.branch_kinds()


@dataclass(eq=False)
class _PersonPlan:
    row: Row
    unit: _Ref
    person: Person | None
    action: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    roles: list[AcademicRole] | None = None


@dataclass(eq=False)
class _PostPlan:
    plan: _PersonPlan
    unit: _Ref
    role: str
    started_on: datetime.date | None


class _Plan:
    """Everything the file would change, worked out against the database without writing to it."""

    def __init__(self, user: Any, result: ImportResult) -> None:
        self.result, self.counts = result, result.counts
        self.superuser = bool(user.is_superuser)
        self.scopes = [g.unit.path for g in user.grants if g.role == Role.ORG_ADMIN]
        self.today = timezone.localdate()
        self.by_code: dict[str, _Ref] = {}
        self.by_name: dict[str, list[_Ref]] = defaultdict(list)
        self.by_short: dict[str, list[_Ref]] = defaultdict(list)
        self.children: dict[str, list[_Ref]] = defaultdict(list)
        self.by_path: dict[str, _Ref] = {}
        self.listed: dict[tuple[int, str], Row] = {}
        self.units: list[_Ref] = []
        self.people: list[_PersonPlan] = []
        self.posts: list[_PostPlan] = []
        self.at: Row | None = None  # the row being written, to place an unexpected failure
        for unit in Unit.objects.order_by("path"):
            ref = _Ref(unit.name, unit.kind, self.covers(unit.path), unit=unit)
            if unit.code:
                self.by_code[unit.code] = ref
            self.by_name[unit.name].append(ref)
            if unit.short_name:
                self.by_short[unit.short_name].append(ref)
            self.children[unit.path[: -Unit.steplen]].append(ref)
            self.by_path[unit.path] = ref
        universities = [r for refs in self.children.values() for r in refs
                        if r.kind == UnitKind.UNIVERSITY and r.in_scope and r.unit and r.unit.is_active]
        self.default_parent = universities[0] if len(universities) == 1 else None

    def covers(self, path: str) -> bool:
        return self.superuser or any(path.startswith(p) for p in self.scopes)

    def error(self, row: Row, column: str, message: str) -> None:
        self.result.errors.append(RowError(row.sheet, row.number, row.header(column), message))

    def resolve(self, text: str, column: str) -> _Ref:
        """A unit named by its code, full name or short name, in the database or earlier in the file."""
        if text in self.by_code:
            return self.by_code[text]
        for index in (self.by_name, self.by_short):
            matches = list({id(r): r for r in index.get(text, [])}.values())
            if len(matches) > 1:  # a deactivated namesake should not make the name ambiguous
                matches = [r for r in matches if r.unit is None or r.unit.is_active] or matches
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise _Problem(column, _("“%(value)s” matches %(count)s units; use its unit code instead.")
                               % {"value": text, "count": len(matches)})
        raise _Problem(column, _("Unknown unit “%(value)s”.") % {"value": text})

    def usable(self, ref: _Ref, column: str, text: str) -> _Ref:
        if not ref.in_scope:
            raise _Problem(column, _("“%(value)s” is outside the units you administer.") % {"value": text})
        if ref.unit is not None and not ref.unit.is_active:
            raise _Problem(column, _("“%(value)s” has been deactivated.") % {"value": text})
        return ref

    # -- units

    def plan_units(self, rows: list[Row], branches: bool) -> None:
        for row in rows:
            name = row.values.get("name")
            if not name:
                continue
            try:
                self.plan_unit(row, name, branches)
            except _Problem as problem:
                if problem.message:
                    self.error(row, problem.column, problem.message)
                # Stand in for the bad row, so rows that refer to it are not reported as well.
                code = row.values.get("code", "")
                if name not in self.by_name and code not in self.by_code:
                    placeholder = _Ref(name, row.values.get("kind") or self.default_kind(branches), True, row=row)
                    self.by_name[name].append(placeholder)
                    if code:
                        self.by_code[code] = placeholder

    @staticmethod
    def default_kind(branches: bool) -> str:
        return UnitKind.TEACHER_BRANCH if branches else UnitKind.COLLEGE

    def plan_unit(self, row: Row, name: str, branches: bool) -> None:
        code = row.values.get("code", "")
        parent_text = row.values.get("parent", "")
        parent = None
        if parent_text:
            parent = self.usable(self.resolve(parent_text, "parent"), "parent", parent_text)
            if parent.is_branch and branches:
                raise _Problem("parent", _("“%(value)s” is a Party branch; a branch must belong to a college-level "
                                           "Party committee.") % {"value": parent_text})
            if parent.is_branch:
                raise _Problem("parent", _("“%(value)s” is a Party branch; no unit can be placed under it.")
                               % {"value": parent_text})
        elif branches:
            raise _Problem("parent")  # already reported as a missing required value
        ref = self.match(row, name, code, parent, branches)
        if ref is None:
            parent = parent or self.default_parent
            if parent is None:
                raise _Problem("parent", _("Fill in the parent unit: it cannot be chosen automatically."))
            fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
            fields.setdefault("kind", self.default_kind(branches))
            self.check_dates(row, fields, None)
            ref = _Ref(name, fields["kind"], True, parent=parent, action="create", fields=fields)
            self.by_name[name].append(ref)
            if code:
                self.by_code[code] = ref
        else:
            fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
            self.check_dates(row, fields, ref.unit)
            fields = {k: v for k, v in fields.items() if getattr(ref.unit, k) != v}
            if fields:
                ref.action, ref.fields = "update", fields
            if name != ref.name:
                self.by_name[name].append(ref)
        ref.row = row
        self.listed[(id(ref.parent or parent), name)] = row
        self.units.append(ref)
        self.counts["branches" if branches else "colleges"][
            {"create": "created", "update": "updated"}.get(ref.action, "unchanged")] += 1

    def match(self, row: Row, name: str, code: str, parent: _Ref | None, branches: bool) -> _Ref | None:
        """The existing unit a row stands for: by code, else by name under the same parent."""
        ref = self.by_code.get(code) if code else None
        if ref is None:
            where = parent or self.default_parent
            seen = self.listed.get((id(where), name))
            if seen is not None:
                raise _Problem("name", _("This unit is already listed in sheet %(sheet)s, row %(row)s.")
                               % {"sheet": seen.sheet, "row": seen.number})
            siblings = [r for r in self.children.get(where.unit.path, []) if r.name == name] \
                if where is not None and where.unit is not None else []
            if not siblings:
                return None
            ref = siblings[0]
            if code and ref.unit is not None and ref.unit.code and ref.unit.code != code:
                raise _Problem("code", _("“%(name)s” under “%(parent)s” already has the unit code %(code)s.")
                               % {"name": name, "parent": where.name, "code": ref.unit.code})
        if ref.row is not None:
            raise _Problem("code" if code else "name", _("This unit is already listed in sheet %(sheet)s, "
                                                         "row %(row)s.") % {"sheet": ref.row.sheet,
                                                                            "row": ref.row.number})
        assert ref.unit is not None  # only file rows lack a unit, and they all have `row` set
        column = "code" if code else "name"
        if ref.is_branch != branches or (not branches and ref.kind != UnitKind.COLLEGE):
            raise _Problem(column, _("“%(name)s” already exists as a different kind of unit.") % {"name": ref.name})
        if not ref.in_scope:
            raise _Problem(column, _("“%(value)s” is outside the units you administer.") % {"value": ref.name})
        current = self.by_path.get(ref.unit.path[: -Unit.steplen])
        if parent is not None and parent is not current:
            raise _Problem("parent", _("“%(name)s” is under “%(parent)s”; move it on its own page first.")
                           % {"name": ref.name, "parent": current.name if current else "—"})
        ref.parent = current
        return ref

    def check_dates(self, row: Row, fields: dict[str, Any], unit: Unit | None) -> None:
        if "established_on" not in fields and "last_election_on" not in fields:
            return
        est = fields.get("established_on", getattr(unit, "established_on", None))
        elected = fields.get("last_election_on", getattr(unit, "last_election_on", None))
        if est and elected and elected < est:
            raise _Problem("last_election_on", _("The last election cannot be before the branch was established."))
        for name in ("established_on", "last_election_on"):
            if name in fields and fields[name] > self.today:
                raise _Problem(name, _("This date is in the future."))

    # -- people and posts

    def plan_people(self, rows: list[Row]) -> None:
        staff = [r.values["staff_no"] for r in rows if "staff_no" in r.values]
        existing: dict[str, Person] = {}
        held: set[tuple[int, int, str]] = set()
        for i in range(0, len(staff), 500):  # stay under the database's limit on query parameters
            chunk = list(Person.objects.filter(staff_no__in=staff[i:i + 500]).select_related("unit")
                         .prefetch_related("academic_roles"))
            existing.update((p.staff_no, p) for p in chunk)
            held.update(Position.objects.filter(person__in=chunk)
                        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.today))
                        .values_list("person_id", "unit_id", "role"))
        self.held = held
        self.secretaries = dict(Position.objects.current(self.today).filter(role=PositionRole.SECRETARY)
                                .values_list("unit_id", "person_id"))
        self.roles = {r.name: r for r in AcademicRole.objects.all()}
        seen: dict[str, Row] = {}
        self.secretary_rows: dict[int, Row] = {}
        for row in rows:
            staff_no = row.values.get("staff_no")
            if not staff_no:
                continue
            try:
                if staff_no in seen:
                    raise _Problem("staff_no", _("Staff number %(value)s is already used in row %(row)s.")
                                   % {"value": staff_no, "row": seen[staff_no].number})
                seen[staff_no] = row
                self.plan_person(row, staff_no, existing.get(staff_no))
            except _Problem as problem:
                if problem.message:
                    self.error(row, problem.column, problem.message)

    def plan_person(self, row: Row, staff_no: str, person: Person | None) -> None:
        if person is not None and not self.covers(person.unit.path):
            raise _Problem("staff_no", _("Staff number %(value)s belongs to a person outside the units you "
                                         "administer.") % {"value": staff_no})
        text = row.values.get("unit")
        if not text:
            raise _Problem("unit")
        unit = self.usable(self.resolve(text, "unit"), "unit", text)
        fields = {k: row.values[k] for k in PERSON_FIELDS if k in row.values}
        for name in ("birth_date", "party_joined_on"):
            if name in fields and fields[name] > self.today:
                raise _Problem(name, _("This date is in the future."))
        if "political_status" in fields or "party_joined_on" in fields:
            status = fields.get("political_status", person.political_status if person else PoliticalStatus.MASSES)
            joined = fields.get("party_joined_on", person.party_joined_on if person else None)
            if joined and status not in PoliticalStatus.party_statuses():
                raise _Problem("party_joined_on", _("Only a Party member or probationary member has a joining date."))
        roles = None
        if "academic_roles" in row.values:
            names = row.values["academic_roles"]
            unknown = [n for n in names if n not in self.roles]
            if unknown:
                raise _Problem("academic_roles", _("Unknown academic role “%(value)s”. Known roles: %(roles)s.")
                               % {"value": "、".join(unknown), "roles": "、".join(self.roles)})
            roles = list({self.roles[n].pk: self.roles[n] for n in names}.values())
        plan = _PersonPlan(row, unit, person)
        if person is None:
            plan.action, plan.fields, plan.roles = "create", fields | {"staff_no": staff_no}, roles
        else:
            plan.fields = {k: v for k, v in fields.items() if getattr(person, k) != v}
            if unit.unit is None or unit.unit.pk != person.unit_id:
                plan.fields["unit"] = unit  # resolved to the Unit when applied: it may not exist yet
            if roles is not None and {r.pk for r in roles} != {r.pk for r in person.academic_roles.all()}:
                plan.roles = roles
            if plan.fields or plan.roles is not None:
                plan.action = "update"
        self.plan_post(row, plan)
        self.people.append(plan)
        self.counts["people"][{"create": "created", "update": "updated"}.get(plan.action, "unchanged")] += 1

    def plan_post(self, row: Row, plan: _PersonPlan) -> None:
        role, start = row.values.get("post"), row.values.get("post_started_on")
        if role is None:
            if start is not None:
                raise _Problem("post_started_on", _("A term start date is given without a post."))
            return
        unit, person = plan.unit, plan.person
        if not unit.is_branch:
            raise _Problem("post", _("A branch post needs the person's unit to be a Party branch."))
        if role == PositionRole.SECRETARY:
            other = self.secretary_rows.get(id(unit))
            if other is not None:
                raise _Problem("post", _("Row %(row)s already names the secretary of this branch.")
                               % {"row": other.number})
            self.secretary_rows[id(unit)] = row
        if person is not None and unit.unit is not None and (person.pk, unit.unit.pk, role) in self.held:
            self.counts["posts"]["unchanged"] += 1
            return
        self.posts.append(_PostPlan(plan, unit, role, start))
        self.counts["posts"]["created"] += 1
        if role == PositionRole.SECRETARY and unit.unit is not None:
            current = self.secretaries.get(unit.unit.pk)
            if current is not None and current != getattr(person, "pk", None):
                self.counts["posts"]["updated"] += 1  # the previous secretary's term is ended
