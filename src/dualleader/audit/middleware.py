from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import AuditContext, client_ip, current


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        token = current.set(AuditContext(user=user, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
