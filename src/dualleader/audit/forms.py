from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dualleader.forms import DateInput, StyledFormMixin
from dualleader.units.models import Unit

from .labels import action_choices
from .models import Result

# Outside these years a date is a typo, and converting it to an instant could overflow.
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
DATE_ERRORS = {"invalid": _("Enter a valid date, for example 2026-03-05.")}


def _date_field(label: str) -> forms.DateField:
    out_of_range = _("Enter a date between 2000-01-01 and 2099-12-31.")
    return forms.DateField(label=label, required=False, widget=DateInput(), error_messages=DATE_ERRORS,
                           validators=[MinValueValidator(FIRST_DAY, out_of_range),
                                       MaxValueValidator(LAST_DAY, out_of_range)])


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        # Indent by depth so the flat list reads as the tree it is.
        name = obj.name if obj.is_active else _("%(name)s (inactive)") % {"name": obj.name}
        return "\u3000" * (obj.depth - 1) + name


class EventFilterForm(StyledFormMixin, forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"placeholder": _("Name or user name")}))
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                           empty_label=_("All units"))
    action = forms.ChoiceField(label=_("Action"), required=False)
    result = forms.ChoiceField(label=_("Result"), required=False,
                               choices=[("", _("All results")), *Result.choices])
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))

    def __init__(self, *args: Any, units: QuerySet[Unit], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("All actions")), *action_choices(actions)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
