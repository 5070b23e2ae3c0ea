from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Application, Attachment
from ..selectors import visible_applications


def application_for(request: HttpRequest, pk: int, perm: str = "applications.view") -> Application:
    """The application if it is in the user's scope (else 404) and the user holds `perm` on it (else 403)."""
    application = get_object_or_404(
        visible_applications(request.user).select_related("call", "branch", "form", "secretary"), pk=pk)
    require(request, perm, application)
    return application


def attachment_for(request: HttpRequest, pk: int, perm: str = "applications.view") -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("application__branch"), pk=pk)
    application = attachment.application
    if not visible_applications(request.user).filter(pk=application.pk).exists():
        raise Http404  # outsiders never learn it exists
    require(request, perm, application)
    return attachment


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]
