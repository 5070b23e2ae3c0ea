"""Deadline extensions for one college (延期): the grants so far and a form for a new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualleader.applications.views.common import messages_of
from dualleader.calls.deadlines import beijing
from dualleader.calls.models import DeadlineExtension

from ..receipt import deadline_extension_grant
from ..selectors import colleges_of_call
from .desk import beijing_instant, call_for_desk


@login_required
@require_http_methods(["GET", "POST"])
def extensions(request: HttpRequest, call_id: int) -> HttpResponse:
    """GET lists the grants; POST grants one (the only change this page makes)."""
    call = call_for_desk(request, call_id)
    colleges = list(colleges_of_call(call))
    form = {"unit": "", "deadline_date": "", "deadline_time": "17:00", "reason": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        unit = next((c for c in colleges if str(c.pk) == form["unit"]), None)
        try:
            if unit is None:
                raise ValidationError(_("Choose one of the colleges the call goes to."))
            try:
                deadline = beijing_instant(form["deadline_date"], form["deadline_time"])
            except ValueError as exc:
                raise ValidationError(_("Enter the new deadline as a date and a time (Beijing time).")) from exc
            extension = deadline_extension_grant(call=call, unit=unit, deadline=deadline, reason=form["reason"],
                                                 user=request.user)
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("%(college)s now has until %(deadline)s.")
                             % {"college": unit.name, "deadline": beijing(extension.deadline)})
            return redirect("recommendations:extensions", call_id=call.pk)
    grants = (DeadlineExtension.objects.filter(call=call).select_related("unit", "granted_by__person")
              .order_by("-granted_at", "-id"))
    return render(request, "recommendations/extensions.html", {
        "call": call, "colleges": colleges, "grants": grants, "form": form,
        "default_date": timezone.localdate(call.deadline).isoformat()})
