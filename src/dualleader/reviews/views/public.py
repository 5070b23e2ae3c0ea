"""The public notices (公示) on the public site: no sign-in. Anyone may object while the period runs; the
form is CSRF-protected and limited per address (reviews.publicity.objection_submit)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dualleader.applications.views.common import messages_of
from dualleader.audit.context import client_ip

from ..publicity import accepts_objections, live_entries, objection_submit, public_notices
from ..workdays import period_label

PAGE_SIZE = 20


@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    qs = public_notices().select_related("decision__evaluation__call", "decision__evaluation__owner") \
        .order_by("-published_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for n in page.object_list:
        n.period = period_label(n.starts_on, n.ends_on, n.working_days) if n.starts_on and n.ends_on else ""
    return render(request, "reviews/public_list.html", {"page": page})


def _notice(pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(public_notices().select_related("decision__evaluation__call",
                                                            "decision__evaluation__owner"), pk=pk)


@require_GET
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice_ = _notice(pk)
    return render(request, "reviews/public_notice.html", {
        "notice": notice_, "entries": live_entries(notice_.decision), "open": accepts_objections(notice_),
        "period": period_label(notice_.starts_on, notice_.ends_on, notice_.working_days)
        if notice_.starts_on and notice_.ends_on else "",
        "form": {}})


@require_POST
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    notice_ = _notice(pk)
    raw = request.POST.get("application", "").strip()
    application_id = None
    if raw:
        try:
            application_id = int(raw)
        except ValueError:
            application_id = -1  # never on a list: refused with the service's message
    try:
        objection_submit(notice=notice_, name=request.POST.get("name", ""), contact=request.POST.get("contact", ""),
                         text=request.POST.get("text", ""), application_id=application_id, ip=client_ip(request))
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
        # Show the form again with what was typed, so a long text is not lost.
        return render(request, "reviews/public_notice.html", {
            "notice": notice_, "entries": live_entries(notice_.decision), "open": accepts_objections(notice_),
            "period": period_label(notice_.starts_on, notice_.ends_on, notice_.working_days)
            if notice_.starts_on and notice_.ends_on else "",
            "form": {"name": request.POST.get("name", "")[:60], "contact": request.POST.get("contact", "")[:100],
                     "text": request.POST.get("text", "")[:5000], "application": raw}}, status=400)
    messages.success(request, _("Your objection was received. The Organization Department will look into it and "
                                "contact you."))
    return redirect("reviews:public_notice", pk=notice_.pk)
