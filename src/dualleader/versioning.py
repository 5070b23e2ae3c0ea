"""Optimistic concurrency for edit forms: a form carries the version it was loaded at, and the save is
refused, not applied, when the row has changed since. One exception type for every app, so a view can
show the same clear message whatever it was editing."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """Someone saved the object after this copy of it was loaded."""

    def __init__(self, when: datetime.datetime, message: str | None = None) -> None:
        self.when = when
        local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S")
        super().__init__((message or _(
            "This record was changed by someone else at %(time)s (Beijing time) after you opened it. Your "
            "changes were not saved; reload the page to see the latest version.")) % {"time": local})


def version_of(obj: Any) -> str:
    """The version a form carries: the row's last-modified instant."""
    return obj.updated_at.isoformat() if obj.updated_at else ""


def check_version(obj: Any, expected: str | None, message: str | None = None) -> None:
    """Raise StaleEdit when `obj` (locked by the caller) is not at the `expected` version. `message` may
    name the kind of object; it has a %(time)s placeholder."""
    if expected is not None and expected != version_of(obj):
        raise StaleEdit(obj.updated_at, message)
