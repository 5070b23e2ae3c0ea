"""The Organization Department's account pages: list, create, detail, disable/enable, reset password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dualleader.audit.models import AuditEvent
from dualleader.units.selectors import visible_people

from ..enums import Role
from ..forms import AccountCreateForm, AccountFilterForm, RoleGrantForm
from ..selectors import account_events, account_rows
from ..services import account_create, account_disable, account_enable, account_reset_password
from .common import account_for, grant_units, require

PAGE_SIZE = 50

# What the account page calls each audited action; unknown actions show their code.
ACTION_LABELS = {
    "account.create": gettext_lazy("Account created"),
    "account.disable": gettext_lazy("Account disabled"),
    "account.enable": gettext_lazy("Account enabled"),
    "account.reset_password": gettext_lazy("Password reset by an administrator"),
    "account.password_changed": gettext_lazy("Password changed by the holder"),
    "account.role_grant": gettext_lazy("Role granted"),
    "account.role_revoke": gettext_lazy("Role removed"),
    "auth.login": gettext_lazy("Signed in"),
    "auth.logout": gettext_lazy("Signed out"),
    "auth.login_failed": gettext_lazy("Failed sign-in"),
}


def _describe(events: list[AuditEvent]) -> list[AuditEvent]:
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
        values = event.after or event.before or {}
        summary = ""
        if isinstance(values, dict) and values.get("role") in Role.values:
            summary = f"{Role(values['role']).label} · {values.get('unit_name', '')}"
        elif event.ip:
            summary = f"IP {event.ip}"
        event.summary = summary  # type: ignore[attr-defined]
    return events


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    require(request, "accounts.manage")
    form = AccountFilterForm(request.GET or None, units=grant_units(request))
    filters = {}
    if request.GET:
        form.is_valid()  # a bad filter value is shown as an error; the valid ones still apply
        data = form.cleaned_data
        filters = {"search": data.get("q") or "", "role": data.get("role") or "", "unit": data.get("unit"),
                   "status": data.get("status") or ""}
    page = Paginator(account_rows(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"form": form, "page": page,
                                                          "filtered": any(filters.values())})


def _secret_page(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    """The one and only time a password is shown: rendered into this response, never stored."""
    response = render(request, "accounts/account_secret.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def account_create_view(request: HttpRequest) -> HttpResponse:
    require(request, "accounts.manage")
    people = visible_people(request.user, (Role.ORG_ADMIN,))
    initial = {"staff_no": request.GET.get("staff_no", "")[:32]}
    form = AccountCreateForm(request.POST or None, people=people, units=grant_units(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, password = account_create(person=data["staff_no"], username=data["username"],
                                               role=data["role"], unit=data["unit"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _secret_page(request, {
                "account": account, "password": password,
                "heading": _("Account created"),
                "lead": _("The account %(username)s for %(name)s is ready.")
                % {"username": account.username, "name": account.display_name}})
    return render(request, "accounts/account_form.html", {"form": form})


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk)
    grants = account.role_grants.select_related("unit").order_by("role", "unit__path")
    return render(request, "accounts/account_detail.html", {
        "account": account, "grants": grants,
        "sessions": account.login_sessions.order_by("-created_at"),
        "events": _describe(account_events(account)),
        "role_form": RoleGrantForm(units=grant_units(request), auto_id="role_%s"),
        "is_self": account.pk == request.user.pk})


@login_required
@require_POST
def account_disable_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk, "accounts.disable_account")
    try:
        account_disable(account=account, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(username)s is disabled and has been signed out everywhere.")
                         % {"username": account.username})
    return redirect("accounts:detail", pk=account.pk)


@login_required
@require_POST
def account_enable_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk, "accounts.change_account")
    account_enable(account=account)
    messages.success(request, _("%(username)s is enabled again.") % {"username": account.username})
    return redirect("accounts:detail", pk=account.pk)


@login_required
@require_POST
def account_reset_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk, "accounts.reset_password")
    try:
        password = account_reset_password(account=account, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:detail", pk=account.pk)
    return _secret_page(request, {
        "account": account, "password": password, "heading": _("Password reset"),
        "lead": _("%(username)s has a new temporary password and has been signed out everywhere.")
        % {"username": account.username}})
