"""Granting and removing an account's roles (POST only; the form lives on the account page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import RoleGrantForm
from ..models import RoleGrant
from ..selectors import manageable_accounts
from ..services import role_grant, role_revoke
from .common import account_for, grant_units, require


@login_required
@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_for(request, pk, "accounts.change_account")
    form = RoleGrantForm(request.POST, units=grant_units(request))
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
                  if name in form.fields]
        messages.error(request, _("The role was not added. %(errors)s") % {"errors": " ".join(errors)})
        return redirect("accounts:detail", pk=account.pk)
    unit = form.cleaned_data["unit"]
    require(request, "accounts.grant_role_on", unit)
    try:
        grant = role_grant(account=account, role=form.cleaned_data["role"], unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role “%(role)s” on %(unit)s granted.")
                         % {"role": grant.get_role_display(), "unit": unit.name})
    return redirect("accounts:detail", pk=account.pk)


@login_required
@require_POST
def role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "accounts.manage")
    grant = get_object_or_404(RoleGrant.objects.select_related("unit", "user", "user__person__unit")
                              .filter(user__in=manageable_accounts(request.user)), pk=pk)
    require(request, "accounts.revoke_grant", grant)
    try:
        role_revoke(grant=grant, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role “%(role)s” on %(unit)s removed.")
                         % {"role": grant.get_role_display(), "unit": grant.unit.name})
    return redirect("accounts:detail", pk=grant.user_id)
