"""Downloads of the 申报书: a submitted version exactly as it was frozen, or the current draft as a preview.
Outsiders get 404 (the application is looked up within the units the user can see), insiders without
the view permission 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from dualleader.applications.models import Application, ApplicationVersion
from dualleader.units.selectors import scope_q

from .application_content import draft_source, version_source
from .application_docx import render_docx
from .application_pdf import render_pdf

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
_FORMATS: dict[str, tuple[Callable[..., bytes], str]] = {"docx": (render_docx, DOCX_MIME),
                                                         "pdf": (render_pdf, PDF_MIME)}


def application_for(request: HttpRequest, app_id: int) -> Application:
    q = scope_q(request.user, prefix="branch__")
    visible = Application.objects.none() if q is None else Application.objects.filter(q)
    application = get_object_or_404(visible.select_related("call", "branch", "form"), pk=app_id)
    if not request.user.has_perm("applications.view", application):
        raise PermissionDenied("applications.view")
    return application


def _file_name(source: dict[str, Any], label: str, ext: str) -> str:
    branch = "".join(ch for ch in str(source["branch_name"]) if ch not in '\\/:*?"<>|\r\n\t') or "申报书"
    return f"申报书_{branch}_{label}.{ext}"


def _respond(source: dict[str, Any], label: str, ext: str) -> HttpResponse:
    render, mime = _FORMATS[ext]
    response = HttpResponse(render(**source), content_type=mime)
    response["Content-Disposition"] = content_disposition_header(True, _file_name(source, label, ext))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def version_document(request: HttpRequest, app_id: int, number: int, ext: str) -> HttpResponse:
    application = application_for(request, app_id)
    version = get_object_or_404(ApplicationVersion.objects.select_related("form"), application=application,
                                number=number)
    version.application = application
    return _respond(version_source(version), f"第{version.number}版", ext)


@require_GET
@login_required
def draft_document(request: HttpRequest, app_id: int, ext: str) -> HttpResponse:
    application = application_for(request, app_id)
    return _respond(draft_source(application), "草稿", ext)
