"""Deadline reminders. When a call is published, its deadline moved or an extension granted, one task per
deadline in force and per reminder day is queued to run that many days before the deadline. When it runs
it reminds the colleges that have not sent their recommendation yet and whose deadline is still the one
it was queued for: a task queued for a deadline that has since changed does nothing, and a reminder sent
once (ReminderSent) is never sent again."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from dualleader.calls.deadlines import beijing, deadline_in, extensions_by_path
from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.selectors import colleges_of_call
from dualleader.units.models import Unit

from .models import ReminderSent
from .recipients import college_admins_of
from .services import notify


def reminder_days() -> list[int]:
    """How many days before a deadline reminders go out: REMINDER_DAYS and 1, largest first."""
    return sorted({d for d in (settings.REMINDER_DAYS, 1) if d > 0}, reverse=True)


def _colleges(call: Call, unit: Unit | None) -> list[Unit]:
    colleges = colleges_of_call(call)
    if unit is not None:
        colleges = colleges.filter(path__startswith=unit.path)
    return list(colleges)


def _enqueue(call_id: int, deadline_iso: str, days_before: int, unit_id: int | None,
             run_after: datetime.datetime) -> None:
    remind_colleges.using(run_after=run_after).enqueue(call_id, deadline_iso, days_before, unit_id)


def schedule_reminders(call: Call, *, unit: Unit | None = None) -> int:
    """Queue the reminders for every deadline in force for the call's colleges (only those under `unit`
    when given), once the surrounding transaction commits. Reminders whose time has passed are not
    queued. Returns how many tasks will be queued."""
    if call.status != CallStatus.PUBLISHED:
        return 0
    extensions = extensions_by_path(call)
    deadlines = {deadline_in(extensions, call, college) for college in _colleges(call, unit)}
    now = timezone.now()
    queued = 0
    for deadline in sorted(deadlines):
        for days in reminder_days():
            run_after = deadline - datetime.timedelta(days=days)
            if run_after <= now:
                continue
            transaction.on_commit(functools.partial(
                _enqueue, call.pk, deadline.isoformat(), days, unit.pk if unit is not None else None, run_after))
            queued += 1
    return queued


def _remind(call: Call, college: Unit, deadline: datetime.datetime, days_before: int) -> bool:
    """Record and send one reminder; False when it was already sent."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(call=call, unit=college, deadline=deadline, days_before=days_before)
            notify(college_admins_of(college), kind="deadline.reminder",
                   title=ngettext("Reminder: %(days)d day left to send the recommendation for “%(call)s”",
                                  "Reminder: %(days)d days left to send the recommendation for “%(call)s”",
                                  days_before) % {"days": days_before, "call": call.name},
                   body=_("%(college)s has not yet sent its recommendation for “%(call)s” to the university. "
                          "The deadline is %(deadline)s; after it the list can no longer be sent.")
                   % {"college": college.name, "call": call.name, "deadline": beijing(deadline)},
                   url=reverse("recommendations:college", args=[call.pk, college.pk]), obj=call)
    except IntegrityError:  # another run of the same reminder got there first
        return False
    return True


@task()
def remind_colleges(call_id: int, deadline_iso: str, days_before: int, unit_id: int | None = None) -> int:
    """Remind the colleges of a published call that have not submitted and whose deadline in force is
    still `deadline_iso`. Returns how many colleges were reminded."""
    call = Call.objects.select_related("owner").filter(pk=call_id, status=CallStatus.PUBLISHED).first()
    if call is None:
        return 0
    deadline = datetime.datetime.fromisoformat(deadline_iso)
    if timezone.now() >= deadline:
        return 0  # the worker was down past the deadline: too late to remind
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        return 0
    submitted = set(Recommendation.objects.filter(call=call, status=RecommendationStatus.SUBMITTED)
                    .values_list("unit_id", flat=True))
    already = set(ReminderSent.objects.filter(call=call, deadline=deadline, days_before=days_before)
                  .values_list("unit_id", flat=True))
    extensions = extensions_by_path(call)
    reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for college in _colleges(call, unit):
            if college.pk in submitted or college.pk in already:
                continue
            if deadline_in(extensions, call, college) != deadline:
                continue  # the deadline was changed or extended; another task reminds for the new one
            if _remind(call, college, deadline, days_before):
                reminded += 1
    return reminded
