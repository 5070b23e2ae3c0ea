"""The benchmark's floor: a signed-in page that does one query of its own (the unread count behind the
bell) and renders no template. What it costs is what the framework costs — session, user, middleware —
so every other page is measured against it (`make bench`, bench/run.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dualleader.notifications.models import Notification


@login_required
@require_GET
def ping(request: HttpRequest) -> JsonResponse:
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return JsonResponse({"ok": True, "unread": unread})
