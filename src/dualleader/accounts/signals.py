"""Remember each session an account opens, so that disabling the account can end all of them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from dualleader.audit.context import client_ip

from .models import LoginSession


@receiver(user_logged_in)
def remember_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "ip": client_ip(request),
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]})


@receiver(user_logged_out)
def forget_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        LoginSession.objects.filter(session_key=request.session.session_key).delete()
