from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..enums import PositionRole, UnitKind
from ..forms import MoveUnitForm, UnitFilterForm, UnitForm
from ..models import Position, Unit
from ..selectors import ancestors, current_committee, secretaries_prefetch, top_units, visible_units
from ..services import StaleEdit, unit_create, unit_set_active, unit_update, version_of
from ..services import unit_move as move_service
from ..stats import child_stats
from ..todo import TERM_YEARS
from .common import require, unit_for

PAGE_SIZE = 50


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    require(request, "units.browse")
    tops = top_units(request.user)
    if len(tops) == 1:
        return redirect("units:unit_detail", pk=tops[0].pk)
    return render(request, "units/tree.html", {"tops": tops})


def with_parent_names(units: list[Unit]) -> None:
    """Attach `parent_name` to each unit with one query for all of them."""
    paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    for unit in units:
        unit.parent_name = names.get(unit.path[: -Unit.steplen], "")  # type: ignore[attr-defined]


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_for(request, pk)
    context: dict[str, object] = {"unit": unit, "ancestors": ancestors(unit)}
    if unit.is_branch:
        context["committee"] = current_committee(unit)
        context["past_posts"] = list(Position.objects.filter(unit=unit, ended_on__lt=timezone.localdate())
                                     .select_related("person").order_by("-ended_on")[:20])
        members = unit.people.filter(is_active=True).prefetch_related("academic_roles").order_by("staff_no")
        context["members"] = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        form = UnitFilterForm(request.GET or None)
        children: QuerySet[Unit] = Unit.objects.get_children(unit)
        if not request.GET.get("inactive"):
            children = children.filter(is_active=True)
        if form.is_valid():
            if form.cleaned_data["q"]:
                children = children.filter(name__icontains=form.cleaned_data["q"])
            if form.cleaned_data["kind"]:
                children = children.filter(kind=form.cleaned_data["kind"])
        page = Paginator(children.prefetch_related(secretaries_prefetch()), PAGE_SIZE).get_page(
            request.GET.get("page"))
        stats = child_stats(unit, list(page))
        context.update(filter_form=form, children=page,
                       rows=[(child, stats.get(child.path, {})) for child in page])
    return render(request, "units/unit_detail.html", context)


@login_required
def branches(request: HttpRequest) -> HttpResponse:
    """Teacher branches across the user's scope, with the upkeep problems the to-do list points at."""
    require(request, "units.browse")
    today = timezone.localdate()
    problem = request.GET.get("problem", "")
    qs = visible_units(request.user).filter(kind=UnitKind.TEACHER_BRANCH, is_active=True)
    if problem == "no_secretary":
        qs = qs.exclude(Exists(Position.objects.current(today).filter(unit=OuterRef("pk"),
                                                                      role=PositionRole.SECRETARY)))
    elif problem == "election_due":
        overdue = today - datetime.timedelta(days=round(TERM_YEARS * 365.25))
        qs = qs.filter(Q(last_election_on__lt=overdue) | Q(last_election_on__isnull=True))
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(department__icontains=search))
    page = Paginator(qs.order_by("path").prefetch_related(secretaries_prefetch()), PAGE_SIZE).get_page(
        request.GET.get("page"))
    with_parent_names(list(page))
    return render(request, "units/branches.html", {"page": page, "problem": problem, "q": search})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_for(request, pk, "units.change_unit")
    form = UnitForm(request.POST or None, instance=unit, initial={"version": version_of(unit)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not request.user.has_perm("units.add_child", unit):
            data.pop("kind", None)  # only the Organization Department re-classifies units
        try:
            unit_update(unit=Unit.objects.get(pk=unit.pk), expected_version=form.cleaned_data["version"], **data)
        except StaleEdit as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("units:unit_detail", pk=unit.pk)
    if not request.user.has_perm("units.add_child", unit):
        form.fields["kind"].disabled = True
    return render(request, "units/unit_form.html", {"form": form, "unit": unit, "ancestors": ancestors(unit),
                                                    "title": _("Edit %(name)s") % {"name": unit.name}})


@login_required
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    parent = unit_for(request, pk, "units.add_child")
    default_kind = UnitKind.TEACHER_BRANCH if parent.is_college else UnitKind.COLLEGE
    form = UnitForm(request.POST or None, initial={"kind": default_kind})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            unit = unit_create(parent=parent, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {
        "form": form, "unit": parent, "ancestors": ancestors(parent) + [parent], "creating": True,
        "title": _("New unit under %(name)s") % {"name": parent.name}})


@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_for(request, pk, "units.move_unit")
    if unit.depth == 1:  # superusers pass every rule; the root still has nowhere to go
        raise PermissionDenied("units.move_unit")
    parents = (visible_units(request.user, ("org_admin",)).filter(is_active=True)
               .exclude(kind__in=UnitKind.branch_kinds()).exclude(path__startswith=unit.path).order_by("path"))
    form = MoveUnitForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            move_service(unit=unit, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("“%(name)s” moved under “%(parent)s”.")
                             % {"name": unit.name, "parent": form.cleaned_data["new_parent"].name})
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "units/unit_move.html", {"form": form, "unit": unit, "ancestors": ancestors(unit)})


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    unit = unit_for(request, pk, "units.deactivate_unit")
    if unit.depth == 1:
        raise PermissionDenied("units.deactivate_unit")
    try:
        unit_set_active(unit=unit, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” restored.") % {"name": unit.name} if active
                         else _("“%(name)s” deactivated. Its history is kept.") % {"name": unit.name})
    return redirect("units:unit_detail", pk=unit.pk)


@login_required
@require_POST
def unit_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@login_required
@require_POST
def unit_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)
