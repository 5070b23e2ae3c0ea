from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dualleader.accounts.enums import Role
from dualleader.home.todo import TodoItem, provider

from .enums import PositionRole, UnitKind
from .models import Position, Unit
from .selectors import scope_q

# 《中国共产党支部工作条例（试行）》: a branch committee serves a three-year term.
TERM_YEARS = 3


@provider
def branch_upkeep(user: Any) -> list[TodoItem]:
    q = scope_q(user, (Role.ORG_ADMIN, Role.COLLEGE_ADMIN, Role.BRANCH_SECRETARY))
    if q is None:
        return []
    today = timezone.localdate()
    overdue = today - datetime.timedelta(days=round(TERM_YEARS * 365.25))
    has_secretary = Position.objects.current(today).filter(unit=OuterRef("pk"), role=PositionRole.SECRETARY)
    branches = Unit.objects.filter(q, is_active=True, kind=UnitKind.TEACHER_BRANCH)
    counts = branches.aggregate(
        no_secretary=_count(~Exists(has_secretary)),
        election_due=_count(Q(last_election_on__lt=overdue) | Q(last_election_on__isnull=True)))
    url = reverse("units:branches")
    items = []
    if counts["no_secretary"]:
        items.append(TodoItem(
            _("%(n)d teacher branches have no secretary on record") % {"n": counts["no_secretary"]},
            f"{url}?{urlencode({'problem': 'no_secretary'})}", "bi-person-x", "danger", counts["no_secretary"]))
    if counts["election_due"]:
        items.append(TodoItem(
            _("%(n)d teacher branches are due for re-election (term of %(years)d years)")
            % {"n": counts["election_due"], "years": TERM_YEARS},
            f"{url}?{urlencode({'problem': 'election_due'})}", "bi-calendar-x", "warning", counts["election_due"]))
    return items


def _count(condition: Any) -> Any:
    from django.db.models import Count

    return Count("id", filter=condition if isinstance(condition, Q) else Q(condition))
