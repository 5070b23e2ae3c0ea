"""The signed-in user's inbox: every notification addressed to them, newest first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Notification

PAGE_SIZE = 20
FILTERS = ("all", "unread")


def is_local_path(url: str) -> bool:
    """A path on this site ("/..."), never a scheme, another host ("//host") or a backslash trick."""
    return (url.startswith("/") and not url.startswith("//") and "\\" not in url
            and not any(ord(c) < 32 or ord(c) == 127 for c in url)
            and url_has_allowed_host_and_scheme(url, allowed_hosts=None))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "all")
    if show not in FILTERS:
        show = "all"
    qs = Notification.objects.filter(recipient=request.user).only(
        "id", "title", "body", "url", "created_at", "read_at", "recipient_id")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "show": show})


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go where it points (a path on this site only)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if notification.url and is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(request, _("All notifications are marked as read."))
    target = reverse("notifications:inbox")
    if request.POST.get("show") == "unread":
        target += "?show=unread"
    return redirect(target)
