from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualleader.calls.formschema import validate_data

from .. import editor
from ..models import Application, Autosave
from ..services import (
    StaleApplication,
    application_autosave,
    application_deadline,
    application_discard_autosave,
    application_save,
    deadline_text,
    normalize_data,
)
from ..workflow import EDITABLE
from .common import application_for, messages_of

MAX_JSON = 2 * 1024 * 1024


def _posted_data(request: HttpRequest) -> Any:
    raw = request.POST.get("data", "")
    if len(raw) > MAX_JSON:
        raise ValidationError(_("The form is too large to save."))
    try:
        return json.loads(raw or "{}")
    except ValueError as exc:
        raise ValidationError(_("The form could not be read; nothing was changed. Try again.")) from exc


def _lock(request: HttpRequest) -> int:
    value = request.POST.get("lock_version", "")
    return int(value) if value.isdigit() else 0


def _render(request: HttpRequest, application: Application, data: dict[str, Any], errors: dict[str, str],
            lock_version: int, status: int = 200) -> HttpResponse:
    autosave = (Autosave.objects.filter(application=application, user=request.user).first()
                if request.method == "GET" else None)
    restoring = request.GET.get("restore") == "1" and autosave is not None
    if restoring:
        data = autosave.data  # type: ignore[union-attr]
    offer = autosave if autosave is not None and not restoring and autosave.data != application.data else None
    return render(request, "applications/edit.html", {
        "application": application, "call": application.call, "lock_version": lock_version,
        "sections": editor.build(application.form.schema, data, application.call, errors),
        "errors": errors, "autosave": offer, "restoring": restoring, "deadline": deadline_text(application.call, application=application),
        "editable": application.status in EDITABLE and timezone.now() < application_deadline(application),
    }, status=status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.edit")
    if request.method == "POST":
        data: Any = None
        try:
            data = _posted_data(request)
            application_save(application=application, data=data, expected_lock_version=_lock(request),
                             user=request.user)
        except StaleApplication as exc:
            messages.error(request, str(exc))
            return redirect("applications:edit", pk=pk)
        except ValidationError as exc:
            if isinstance(data, dict):  # refused, but kept: offered back on the next visit
                application_autosave(application=application, data=data, base_lock_version=_lock(request),
                                     user=request.user)
            if hasattr(exc, "error_dict"):
                messages.error(request, _("Not saved: please correct the marked fields."))
                errors = {k: " ".join(str(m) for m in v) for k, v in exc.message_dict.items()}
                shown = normalize_data(application.form.schema, data, application.call, application.data)
                return _render(request, application, shown, errors, _lock(request), status=400)
            for text in messages_of(exc):
                messages.error(request, text)
            return redirect("applications:edit", pk=pk)
        messages.success(request, _("Saved."))
        return redirect("applications:edit", pk=pk)
    errors = {}
    if request.GET.get("check") == "1":
        errors = validate_data(application.form.schema, application.data, application.call, submitting=True)
    return _render(request, application, application.data, errors, application.lock_version)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.edit")
    if request.POST.get("discard") == "1":
        application_discard_autosave(application=application, user=request.user)
        return JsonResponse({"discarded": True})
    if application.status not in EDITABLE:
        return JsonResponse({"error": _("This application can no longer be edited.")}, status=409)
    try:
        data = _posted_data(request)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    saved = application_autosave(application=application, data=data, base_lock_version=_lock(request),
                                 user=request.user)
    return JsonResponse({"saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")})


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk)
    return render(request, "applications/printed_page.html", {
        "application": application, "call": application.call, "schema": application.form.schema,
        "data": application.data, "sections": editor.build(application.form.schema, application.data,
                                                            application.call),
        "draft": True})
