from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..enums import AttachmentKind
from ..services import attachment_add, attachment_remove
from .common import application_for, attachment_for, messages_of


@login_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "applications.edit")
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", AttachmentKind.EVIDENCE)
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("applications:detail", pk=pk)
    try:
        attachment = attachment_add(application=application, upload=upload, kind=kind,
                                    description=request.POST.get("description", ""), user=request.user)
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("“%(name)s” uploaded.") % {"name": attachment.original_name})
    return redirect("applications:detail", pk=pk)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for(request, pk, "applications.edit")
    try:
        attachment_remove(attachment=attachment, user=request.user)
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": attachment.original_name})
    return redirect("applications:detail", pk=attachment.application_id)


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for(request, pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
