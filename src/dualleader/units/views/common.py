from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Person, Unit
from ..selectors import visible_people, visible_units


def unit_for(request: HttpRequest, pk: int, perm: str = "units.view_unit") -> Unit:
    """The unit if the user can see it (else 404) and holds `perm` on it (else 403)."""
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    require(request, perm, unit)
    return unit


def person_for(request: HttpRequest, pk: int, perm: str = "units.view_person") -> Person:
    person = get_object_or_404(visible_people(request.user).select_related("unit"), pk=pk)
    require(request, perm, person)
    return person


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)
