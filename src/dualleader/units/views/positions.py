from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import PositionForm
from ..models import Position
from ..selectors import ancestors, visible_units
from ..services import position_appoint
from ..services import position_end as end_service
from .common import require, unit_for


@login_required
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_for(request, pk, "units.manage_positions")
    form = PositionForm(request.POST or None, members=unit.people.filter(is_active=True).order_by("staff_no"),
                        initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            position_appoint(unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Post recorded."))
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "units/position_form.html", {"form": form, "unit": unit,
                                                        "ancestors": ancestors(unit) + [unit]})


@login_required
@require_POST
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.filter(unit__in=visible_units(request.user)), pk=pk)
    require(request, "units.manage_positions", position)
    end_service(position=position, ended_on=timezone.localdate())
    messages.success(request, _("The term of %(name)s as %(post)s has ended.")
                     % {"name": position.person.name, "post": position.get_role_display()})
    return redirect("units:unit_detail", pk=position.unit_id)
