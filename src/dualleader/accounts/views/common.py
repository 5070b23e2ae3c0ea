from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from dualleader.units.models import Unit
from dualleader.units.selectors import visible_units

from ..enums import Role
from ..models import User
from ..selectors import manageable_accounts


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def account_for(request: HttpRequest, pk: int, perm: str = "accounts.view_account") -> User:
    """The account if the user manages accounts at all (else 403), the account is in their scope
    (else 404) and they hold `perm` on it (else 403)."""
    require(request, "accounts.manage")
    account = get_object_or_404(manageable_accounts(request.user).select_related("person", "person__unit"), pk=pk)
    require(request, perm, account)
    return account


def grant_units(request: HttpRequest) -> QuerySet[Unit]:
    """The active units the user may grant roles on: those under their Organization Department roles."""
    return visible_units(request.user, (Role.ORG_ADMIN,)).filter(is_active=True).order_by("path")
