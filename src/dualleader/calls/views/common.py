from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Call
from ..selectors import managed_calls


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def call_for(request: HttpRequest, pk: int, perm: str = "calls.change_call") -> Call:
    """The call if the user manages its owner unit (else 404) and holds `perm` on it (else 403)."""
    call = get_object_or_404(managed_calls(request.user).select_related("owner"), pk=pk)
    require(request, perm, call)
    return call
