"""The open-calls pages: no sign-in, like the university portal's notice list."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..selectors import public_calls

PAGE_SIZE = 20


def public_list(request: HttpRequest) -> HttpResponse:
    qs = public_calls().select_related("owner").order_by("-published_at", "-opens_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "calls/public_list.html", {"page": page, "now": timezone.now()})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(public_calls().select_related("owner"), pk=pk)
    return render(request, "calls/public_detail.html", {
        "call": call, "annexes": list(call.annexes.all()), "now": timezone.now(),
        "is_open": call.is_open()})
