"""Telling people what happened. `notify` is called inside the transaction of the change: the inbox rows
and the queued emails commit or roll back with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from .models import Notification


def notify(recipients: Iterable[Any], *, kind: str, title: str, body: str = "", url: str = "",
           obj: models.Model | None = None) -> list[Notification]:
    """One inbox message per distinct active account in `recipients`, each emailed after commit."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, title=title[:200], body=body, url=url[:300],
                                 object_type=obj._meta.label_lower if obj is not None else "",
                                 object_id=str(obj.pk) if obj is not None else ""))
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.recipient.email]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created
