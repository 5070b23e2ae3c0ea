"""The Organization Department's pages for calls: list, create, overview, edit and status changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ..forms import CallForm
from ..formschema import iter_fields
from ..models import Call
from ..selectors import managed_calls, with_counts
from ..services import (
    StaleEdit,
    call_archive,
    call_close,
    call_create,
    call_publish,
    call_reopen_draft,
    call_update,
    version_of,
)
from .common import call_for, require

PAGE_SIZE = 30


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    require(request, "calls.manage")
    qs = with_counts(managed_calls(request.user)).order_by("-opens_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "calls/list.html", {"page": page})


def _form_errors_to(form: CallForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def call_add(request: HttpRequest) -> HttpResponse:
    require(request, "calls.manage")
    form = CallForm(request.POST or None, user=request.user,
                    initial={"cycle_years": 2, "college_quota": 2, "select_min": 2, "select_max": 5,
                             "min_outcomes_per_year": 1})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not request.user.has_perm("calls.change_call", Call(owner=data["owner"])):
            form.add_error("owner", _("You do not manage this unit."))
        else:
            try:
                call = call_create(**data)
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                messages.success(request, _("Call “%(name)s” created as a draft.") % {"name": call.name})
                return redirect("calls:detail", pk=call.pk)
    return render(request, "calls/call_form.html", {"form": form, "title": _("New call")})


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk)
    form = call.current_form()
    sections = (form.schema.get("sections", []) if form else [])
    return render(request, "calls/detail.html", {
        "call": call, "rules": list(call.rules.all()), "annexes": list(call.annexes.all()),
        "form_template": form, "sections": sections,
        "field_count": sum(1 for _ in iter_fields(form.schema)) if form else 0})


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk)
    form = CallForm(request.POST or None, instance=call, user=request.user,
                    initial={"version": version_of(call)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not request.user.has_perm("calls.change_call", Call(owner=data["owner"])):
            form.add_error("owner", _("You do not manage this unit."))
        else:
            try:
                call_update(call=Call.objects.get(pk=call.pk), expected_version=form.cleaned_data["version"],
                            **data)
            except StaleEdit as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("calls:detail", pk=call.pk)
    return render(request, "calls/call_form.html", {"form": form, "call": call,
                                                    "title": _("Edit %(name)s") % {"name": call.name}})


def _transition_view(service, done: str):  # type: ignore[no-untyped-def]
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        call = call_for(request, pk)
        try:
            service(call=call)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _(done))
        return redirect("calls:detail", pk=call.pk)

    return view


call_publish_view = _transition_view(call_publish, gettext_noop("The call is published."))
call_close_view = _transition_view(call_close, gettext_noop("The call is closed."))
call_archive_view = _transition_view(call_archive, gettext_noop("The call is archived."))
call_unpublish_view = _transition_view(call_reopen_draft, gettext_noop("The call is back to draft."))
