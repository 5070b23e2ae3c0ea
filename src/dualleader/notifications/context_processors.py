"""The unread count behind the bell in the navigation bar: one query per page, none for anonymous users,
and none at all when the page does not show the bell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        count = SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count())
        request._unread_notifications = count  # type: ignore[attr-defined]  # templates rendered twice: one query
    return {"unread_notifications": count}
