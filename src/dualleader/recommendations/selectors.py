"""Reads shared by the college workbench, the receipt desk and the exports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dualleader.accounts.enums import Role
from dualleader.applications.models import Application
from dualleader.calls.models import Call
from dualleader.units.enums import UnitKind
from dualleader.units.models import Unit
from dualleader.units.selectors import scope_q


def college_of(branch: Unit) -> Unit | None:
    """The college Party committee a branch belongs to: its nearest ancestor of kind college (a branch
    directly under the university committee counts its parent instead)."""
    paths = branch.lineage_paths()[:-1]
    if not paths:
        return None
    ancestors = {u.path: u for u in Unit.objects.filter(path__in=paths)}
    for path in reversed(paths):
        unit = ancestors.get(path)
        if unit is not None and unit.kind == UnitKind.COLLEGE:
            return unit
    return ancestors.get(paths[-1])


def colleges_of_call(call: Call) -> QuerySet[Unit]:
    """The colleges a call goes to: every active college under the unit that owns the call."""
    return Unit.objects.filter(path__startswith=call.owner.path, kind=UnitKind.COLLEGE,
                               is_active=True).order_by("path")


def managed_colleges(user: Any) -> QuerySet[Unit]:
    """Colleges the user administers (college_admin on the college or an org_admin above it)."""
    q = scope_q(user, (Role.ORG_ADMIN, Role.COLLEGE_ADMIN))
    if q is None:
        return Unit.objects.none()
    return Unit.objects.filter(q, kind=UnitKind.COLLEGE, is_active=True).order_by("path")


def college_applications(call: Call, college: Unit) -> QuerySet[Application]:
    """Every application of the college's branches to the call, withdrawn ones included."""
    return Application.objects.filter(call=call, branch__path__startswith=college.path)
