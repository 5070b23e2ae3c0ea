"""Applying: the import as a whole. A file is read and planned; if no row has a problem and it is not a dry
run, the plan is written in one transaction through the same audited services the pages use, and the
import is recorded with its summary."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dualleader.audit.services import record

from ..services import person_create, person_update, position_appoint, unit_create, unit_update
from .plan import _Plan
from .reader import _read_upload, _read_workbook
from .records import ImportResult, RowError, _Refused
from .spec import SHEET_BRANCHES, SHEET_COLLEGES, SHEET_ORDER, SHEET_PEOPLE


class _ApplyFailed(Exception):
    pass


def _apply(plan: _Plan) -> None:
    """Write the plan through the audited services, parents before children, people before posts."""
    for ref in plan.units:
        plan.at = ref.row
        if ref.action == "create":
            assert ref.parent is not None and ref.parent.unit is not None
            ref.unit = unit_create(parent=ref.parent.unit, **ref.fields)
        elif ref.action == "update":
            assert ref.unit is not None
            ref.unit = unit_update(unit=ref.unit, **ref.fields)
    for person_plan in plan.people:
        plan.at = person_plan.row
        fields = dict(person_plan.fields)
        if person_plan.action == "create":
            person_plan.person = person_create(academic_roles=person_plan.roles, unit=person_plan.unit.unit,
                                               **fields)
        elif person_plan.action == "update":
            assert person_plan.person is not None
            if "unit" in fields:
                fields["unit"] = person_plan.unit.unit
            person_plan.person = person_update(person=person_plan.person, academic_roles=person_plan.roles,
                                               **fields)
    for post in plan.posts:
        plan.at = post.plan.row
        assert post.unit.unit is not None and post.plan.person is not None
        position_appoint(unit=post.unit.unit, person=post.plan.person, role=post.role,
                         started_on=post.started_on)


def import_workbook(*, upload: IO[bytes], user: Any, dry_run: bool = False, filename: str = "") -> ImportResult:
    """Check a filled-in template and, if every row is right and `dry_run` is off, apply all of it in one
    transaction. Any problem anywhere means nothing is written; the result lists every bad row. Units
    outside the importer's Organization Department scope (`user`'s org_admin grants) are row errors."""
    result = ImportResult(dry_run=dry_run)
    try:
        rows, errors = _read_workbook(_read_upload(upload))
    except _Refused as refusal:
        result.errors.append(RowError("", None, "", str(refusal)))
        return result
    result.errors.extend(errors)
    try:
        with transaction.atomic():
            plan = _Plan(user, result)
            plan.plan_units(rows[SHEET_COLLEGES], branches=False)
            plan.plan_units(rows[SHEET_BRANCHES], branches=True)
            plan.plan_people(rows[SHEET_PEOPLE])
            if not result.errors and not dry_run:
                try:
                    _apply(plan)
                except (ValidationError, IntegrityError) as exc:  # someone changed the data meanwhile
                    message = " ".join(exc.messages) if isinstance(exc, ValidationError) else _(
                        "Someone changed the same data while the file was being imported. Nothing was "
                        "imported; upload the file again.")
                    at = plan.at
                    result.errors.append(RowError(at.sheet if at else "", at.number if at else None, "", message))
                    raise _ApplyFailed from exc
                record("import.apply", object_type="import", object_repr=filename[:300], detail=filename,
                       after={"file": filename, **result.counts})
                result.applied = True
    except _ApplyFailed:
        pass
    result.errors.sort(key=lambda e: (SHEET_ORDER.index(e.sheet) if e.sheet in SHEET_ORDER else -1,
                                      e.row or 0))
    return result
