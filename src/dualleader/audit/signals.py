"""Sign-ins, sign-outs and failed sign-ins are audited like writes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import AuditContext, client_ip, current
from .models import Result
from .services import record


def _with_request(request: Any) -> None:
    if request is not None:
        current.set(AuditContext(user=current.get().user, ip=client_ip(request)))


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _with_request(request)
    record("auth.login", obj=user, actor=user, unit=None, object_repr=user.username)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _with_request(request)
        record("auth.logout", obj=user, actor=user, object_repr=user.username)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    _with_request(request)
    username = str(credentials.get("username", ""))[:150]
    known = get_user_model().objects.filter(username=username).first()
    record("auth.login_failed", actor=None, object_type="accounts.user",
           object_id=str(known.pk) if known else "", object_repr=username, result=Result.FAILED,
           detail="unknown account" if known is None else "wrong password or disabled")
