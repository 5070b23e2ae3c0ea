"""The application state machine: the one table of allowed moves and the one function that makes them.
Views and services never assign `status` themselves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import record

from .enums import ApplicationStatus as S
from .models import Application

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.DRAFT, S.RETURNED, S.ENDORSED, S.WITHDRAWN},  # DRAFT: recalled by the applicant
    S.RETURNED: {S.SUBMITTED, S.WITHDRAWN},
    S.ENDORSED: {S.RECOMMENDED, S.RETURNED, S.WITHDRAWN},
    S.RECOMMENDED: {S.ENDORSED, S.RETURNED_BY_SCHOOL, S.ACCEPTED, S.REJECTED, S.WITHDRAWN},
    S.RETURNED_BY_SCHOOL: {S.RECOMMENDED, S.ENDORSED, S.RETURNED, S.WITHDRAWN},
    S.ACCEPTED: {S.UNDER_REVIEW, S.WITHDRAWN},
    S.REJECTED: set(),
    S.UNDER_REVIEW: {S.SELECTED, S.NOT_SELECTED},
    S.SELECTED: {S.RECOMMENDED_UPWARD},
    S.NOT_SELECTED: set(),
    S.RECOMMENDED_UPWARD: set(),
    S.WITHDRAWN: set(),
}
EDITABLE = {S.DRAFT, S.RETURNED}


def can_move(application: Application, to: str) -> bool:
    return to in TRANSITIONS.get(application.status, set())


@transaction.atomic
def transition(application: Application, to: str, *, reason: str = "", **fields: Any) -> Application:
    """Lock the row, check the table, save the new status with `fields`, audit it, in one transaction."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not can_move(locked, to):
        raise ValidationError(_("An application that is “%(state)s” cannot become “%(to)s”.")
                              % {"state": locked.get_status_display(), "to": S(to).label})
    before = locked.status
    locked.status = to
    locked.status_reason = reason
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "status_reason", "updated_at", *fields])
    record(f"application.{to}", obj=locked, unit=locked.branch, before={"status": before},
           after={"status": to, **({"reason": reason} if reason else {})})
    return locked
