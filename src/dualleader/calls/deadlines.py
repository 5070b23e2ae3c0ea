"""Deadlines per unit. A call has one deadline; the Organization Department may extend it for one
college (and so for every branch under it). Every check of "is it too late" goes through here."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.units.models import Unit

from .models import Call, DeadlineExtension


def extension_for(call: Call, unit: Unit) -> DeadlineExtension | None:
    """The extension in force for `unit`: the newest grant on the nearest unit at or above it."""
    grants = list(DeadlineExtension.objects.filter(call=call, unit__path__in=unit.lineage_paths())
                  .select_related("unit").order_by("-granted_at", "-id"))
    if not grants:
        return None
    nearest = max(len(g.unit.path) for g in grants)
    return next(g for g in grants if len(g.unit.path) == nearest)


def deadline_for(call: Call, unit: Unit | None) -> datetime.datetime:
    """The instant after which `unit` can no longer act on the call: its extension if one is in force,
    else the call's deadline."""
    if unit is None:
        return call.deadline
    extension = extension_for(call, unit)
    return extension.deadline if extension is not None else call.deadline


def extensions_by_path(call: Call) -> dict[str, DeadlineExtension]:
    """Every unit's extension in force for the call, keyed by unit path (one query, for boards)."""
    result: dict[str, DeadlineExtension] = {}
    for grant in DeadlineExtension.objects.filter(call=call).select_related("unit", "granted_by").order_by(
            "granted_at", "id"):
        result[grant.unit.path] = grant  # later grants replace earlier ones
    return result


def extension_in(extensions: dict[str, DeadlineExtension], unit: Unit) -> DeadlineExtension | None:
    """`extension_for` answered from `extensions_by_path`, without a query."""
    for path in reversed(unit.lineage_paths()):
        if path in extensions:
            return extensions[path]
    return None


def deadline_in(extensions: dict[str, DeadlineExtension], call: Call, unit: Unit) -> datetime.datetime:
    """`deadline_for` answered from `extensions_by_path`, without a query."""
    extension = extension_in(extensions, unit)
    return extension.deadline if extension is not None else call.deadline


def beijing(instant: datetime.datetime) -> str:
    """An instant as Chinese offices read it: local time with the zone named."""
    return _("%(time)s (Beijing time, UTC+8)") % {"time": timezone.localtime(instant).strftime("%Y-%m-%d %H:%M:%S")
                                                  if instant.second else
                                                  timezone.localtime(instant).strftime("%Y-%m-%d %H:%M")}


def parse_instant(text: str | None) -> datetime.datetime | None:
    """A `datetime-local` value or an ISO date-time typed in Beijing time (one with a zone keeps it);
    None when empty or unreadable."""
    text = (text or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=timezone.get_default_timezone()) if timezone.is_naive(value) else value


def local(instant: datetime.datetime | None) -> datetime.datetime | None:
    """An instant in Beijing time for the API to send (+08:00); None stays None."""
    return timezone.localtime(instant) if instant is not None else None


def check_not_past(call: Call, unit: Unit | None, *, now: datetime.datetime | None = None) -> None:
    """Refuse when the unit's deadline has passed; the message names the deadline in Beijing time."""
    deadline = deadline_for(call, unit)
    if (now or timezone.now()) >= deadline:
        raise ValidationError(_("The deadline, %(deadline)s, has passed.") % {"deadline": beijing(deadline)})
