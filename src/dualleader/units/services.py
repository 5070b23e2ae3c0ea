"""Writes to the organisation tree and its people. Each service is one transaction that locks the row,
refuses a stale edit, saves and writes the audit row; views call these and nothing else to write."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import changed, record, snapshot
from dualleader.versioning import StaleEdit, check_version, version_of  # noqa: F401 - re-exported for views

from .enums import PositionRole
from .models import AcademicRole, Person, Position, Unit

UNIT_FIELDS = ["name", "short_name", "code", "kind", "department", "discipline", "established_on",
               "last_election_on", "is_active"]
PERSON_FIELDS = ["name", "staff_no", "unit_id", "gender", "birth_date", "title", "title_level",
                 "highest_degree", "political_status", "party_joined_on", "phone", "email", "is_active"]


@transaction.atomic
def unit_create(*, parent: Unit | None, **fields: Any) -> Unit:
    unit = Unit(**fields)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = Unit.objects.add_child(parent, instance=unit) if parent is not None else Unit.objects.add_root(instance=unit)
    record("unit.create", obj=unit, after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, expected_version: str | None = None, **fields: Any) -> Unit:
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    check_version(locked, expected_version)
    before = snapshot(locked, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["path", "depth", "numchild"])
    old, new = changed(before, snapshot(locked, UNIT_FIELDS))
    if not new:
        return locked
    locked.save()
    record("unit.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    """Move a unit with its whole subtree under another unit. Everything scoped by the tree (roles,
    visibility) follows the move, because it is all derived from the paths."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    target = Unit.objects.get(pk=new_parent.pk)
    if target.path.startswith(locked.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own sub-units."))
    old_parent = Unit.objects.get_parent(locked)
    if old_parent is not None and old_parent.pk == target.pk:
        return locked
    Unit.objects.move(locked, target, pos="last-child")
    locked.refresh_from_db()
    record("unit.move", obj=locked, before={"parent": old_parent.pk if old_parent else None,
                                            "parent_name": str(old_parent) if old_parent else None},
           after={"parent": target.pk, "parent_name": str(target)})
    return locked


@transaction.atomic
def unit_set_active(*, unit: Unit, active: bool) -> Unit:
    """Deactivate (or restore) a unit. Units are never deleted: their history stays attached. A unit
    with active units beneath it cannot be deactivated."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if locked.is_active == active:
        return locked
    if not active and Unit.objects.filter(path__startswith=locked.path, depth__gt=locked.depth,
                                          is_active=True).exists():
        raise ValidationError(_("Deactivate or move the active units under “%(name)s” first.")
                              % {"name": locked.name})
    if active:
        parent = Unit.objects.get_parent(locked)
        if parent is not None and not parent.is_active:
            raise ValidationError(_("Restore the parent unit “%(name)s” first.") % {"name": parent.name})
    locked.is_active = active
    locked.deactivated_at = None if active else timezone.now()
    locked.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    record("unit.reactivate" if active else "unit.deactivate", obj=locked,
           before={"is_active": not active}, after={"is_active": active})
    return locked


@transaction.atomic
def person_create(*, academic_roles: list[AcademicRole] | None = None, **fields: Any) -> Person:
    person = Person(**fields)
    person.full_clean()
    person.save()
    if academic_roles:
        person.academic_roles.set(academic_roles)
    after = snapshot(person, PERSON_FIELDS) | {"academic_roles": sorted(r.name for r in academic_roles or [])}
    record("person.create", obj=person, after=after)
    return person


@transaction.atomic
def person_update(*, person: Person, expected_version: str | None = None,
                  academic_roles: list[AcademicRole] | None = None, **fields: Any) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    check_version(locked, expected_version)
    before = snapshot(locked, PERSON_FIELDS) | {
        "academic_roles": sorted(r.name for r in locked.academic_roles.all())}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    after = snapshot(locked, PERSON_FIELDS) | {
        "academic_roles": sorted(r.name for r in academic_roles) if academic_roles is not None
        else before["academic_roles"]}
    old, new = changed(before, after)
    if not new:
        return locked
    locked.save()
    if academic_roles is not None:
        locked.academic_roles.set(academic_roles)
    record("person.update", obj=locked, before=old, after=new)
    return locked


@transaction.atomic
def position_appoint(*, unit: Unit, person: Person, role: str, started_on: datetime.date | None,
                     ended_on: datetime.date | None = None) -> Position:
    """Record a branch post. Appointing a new secretary ends the current secretary's term the day
    before, so a branch never has two secretaries at once."""
    Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_branch:
        raise ValidationError(_("Posts can only be recorded on a Party branch."))
    if not person.unit.path.startswith(unit.path):
        raise ValidationError(_("%(name)s is not a member of this branch.") % {"name": person.name})
    start = started_on or timezone.localdate()
    if role == PositionRole.SECRETARY:
        for old in Position.objects.current(start).filter(unit=unit, role=PositionRole.SECRETARY):
            if old.person_id == person.pk:
                raise ValidationError(_("%(name)s is already the secretary.") % {"name": person.name})
            position_end(position=old, ended_on=start - datetime.timedelta(days=1))
    position = Position(unit=unit, person=person, role=role, started_on=started_on, ended_on=ended_on)
    position.full_clean()
    position.save()
    record("position.appoint", obj=position, after=snapshot(position, ["person_id", "unit_id", "role",
                                                                       "started_on", "ended_on"]))
    return position


@transaction.atomic
def position_end(*, position: Position, ended_on: datetime.date) -> Position:
    locked = Position.objects.select_for_update().get(pk=position.pk)
    if locked.started_on and ended_on < locked.started_on:
        ended_on = locked.started_on
    before = {"ended_on": locked.ended_on.isoformat() if locked.ended_on else None}
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    record("position.end", obj=locked, before=before, after={"ended_on": ended_on.isoformat()})
    return locked
