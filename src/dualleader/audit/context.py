"""The request an audited write happens in. Services record who and from where without every call
site passing the request down: the middleware sets it, `record()` reads it."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    user: Any = None
    ip: str | None = None


# AuditContext is frozen, so the shared default cannot be mutated.
current: ContextVar[AuditContext] = ContextVar("audit_context", default=AuditContext())  # noqa: B039


def client_ip(request: Any) -> str | None:
    # Behind nginx the real address arrives in X-Forwarded-For; trust it only when configured to.
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
