from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualleader.audit.models import Result
from dualleader.audit.services import record


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """Every refusal is audited: who tried what, from where."""
    record("permission.denied", result=Result.DENIED, object_type="url",
           object_repr=f"{request.method} {request.path}"[:300], detail=str(exception or "")[:500])
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
