from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..enums import PoliticalStatus, TitleLevel
from ..forms import PersonForm
from ..models import Person, Position
from ..selectors import ancestors, visible_people, visible_units
from ..services import StaleEdit, person_create, person_update, version_of
from .common import person_for, require

PAGE_SIZE = 50


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require(request, "units.browse")
    qs = visible_people(request.user).select_related("unit").prefetch_related("academic_roles")
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(staff_no__icontains=search) | Q(title__icontains=search))
    unit_id = request.GET.get("unit", "")
    scope = None
    if unit_id.isdigit():
        scope = get_object_or_404(visible_units(request.user), pk=int(unit_id))
        qs = qs.filter(unit__path__startswith=scope.path)
    level = request.GET.get("title_level", "")
    if level in TitleLevel.values:
        qs = qs.filter(title_level=level)
    status = request.GET.get("political_status", "")
    if status in PoliticalStatus.values:
        qs = qs.filter(political_status=status)
    if not request.GET.get("inactive"):
        qs = qs.filter(is_active=True)
    page = Paginator(qs.order_by("staff_no"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "units/people.html", {
        "page": page, "q": search, "scope": scope, "title_level": level, "political_status": status,
        "title_levels": TitleLevel.choices, "political_statuses": PoliticalStatus.choices})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk)
    posts = Position.objects.filter(person=person).select_related("unit").order_by("-started_on")
    return render(request, "units/person_detail.html", {
        "person": person, "posts": posts, "ancestors": ancestors(person.unit) + [person.unit],
        "roles": person.academic_roles.all(), "account": getattr(person, "account", None)})


def _editable_units(request: HttpRequest):  # type: ignore[no-untyped-def]
    return visible_units(request.user, ("org_admin", "college_admin")).filter(is_active=True).order_by("path")


@login_required
def person_add(request: HttpRequest) -> HttpResponse:
    unit = None
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = get_object_or_404(visible_units(request.user), pk=int(unit_id))
        require(request, "units.add_person", unit)
    elif not _editable_units(request).exists():
        raise PermissionDenied("units.add_person")
    form = PersonForm(request.POST or None, units=_editable_units(request), initial={"unit": unit})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "academic_roles")}
        require(request, "units.add_person", data["unit"])
        try:
            person = person_create(academic_roles=list(form.cleaned_data["academic_roles"]), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_form.html", {"form": form, "title": _("Add a person"),
                                                      "ancestors": ancestors(unit) + [unit] if unit else []})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request, pk, "units.change_person")
    form = PersonForm(request.POST or None, instance=person, units=_editable_units(request),
                      initial={"version": version_of(person)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "academic_roles")}
        require(request, "units.change_person", data["unit"])
        try:
            person_update(person=Person.objects.get(pk=person.pk), expected_version=form.cleaned_data["version"],
                          academic_roles=list(form.cleaned_data["academic_roles"]), **data)
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_form.html", {
        "form": form, "person": person, "title": _("Edit %(name)s") % {"name": person.name},
        "ancestors": ancestors(person.unit) + [person.unit]})
