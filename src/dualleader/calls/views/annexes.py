from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import AnnexForm
from ..models import CallAnnex
from ..selectors import PUBLIC_STATUSES, managed_calls
from ..services import annex_add, annex_remove
from .common import call_for


@login_required
def annex_upload(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk)
    form = AnnexForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            annex = annex_add(call=call, upload=form.cleaned_data["file"], title=form.cleaned_data["title"],
                              kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Annex “%(title)s” added.") % {"title": annex.title})
            return redirect("calls:detail", pk=call.pk)
    return render(request, "calls/annex_form.html", {"form": form, "call": call})


@login_required
@require_POST
def annex_delete(request: HttpRequest, pk: int) -> HttpResponse:
    annex = get_object_or_404(CallAnnex.objects.filter(call__in=managed_calls(request.user)), pk=pk)
    call = call_for(request, annex.call_id)
    annex_remove(annex=annex)
    messages.success(request, _("Annex “%(title)s” removed.") % {"title": annex.title})
    return redirect("calls:detail", pk=call.pk)


def annex_download(request: HttpRequest, pk: int) -> FileResponse:
    """Public for a published or closed call; otherwise only for the call's managers."""
    annex = get_object_or_404(CallAnnex.objects.select_related("call__owner"), pk=pk)
    if annex.call.status not in PUBLIC_STATUSES and not (
            managed_calls(request.user).filter(pk=annex.call_id).exists()
            and request.user.has_perm("calls.change_call", annex.call)):
        raise Http404
    try:
        handle = annex.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=annex.original_name,
                            content_type=annex.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
