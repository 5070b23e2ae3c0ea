from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualleader.accounts.enums import Role
from dualleader.forms import StyledFormMixin
from dualleader.units.enums import Degree, TitleLevel, UnitKind
from dualleader.units.models import AcademicRole
from dualleader.units.selectors import visible_units

from .enums import AnnexKind
from .models import Call

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_FORMAT)


class BeijingDateTimeField(forms.DateTimeField):
    """A wall-clock time typed in Beijing time (the current time zone), stored as an aware instant."""

    widget = DateTimeLocalInput
    input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    default_error_messages = {"invalid": _("Enter a date and time such as 2024-03-05 17:00.")}


class CallForm(StyledFormMixin, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    opens_at = BeijingDateTimeField(label=_("opens at"), help_text=_("Beijing time."))
    deadline = BeijingDateTimeField(label=_("deadline"), help_text=_("Beijing time, for example 2024-03-05 17:00."))

    class Meta:
        model = Call
        fields = ["name", "owner", "notice", "opens_at", "deadline", "cycle_years", "college_quota",
                  "select_min", "select_max", "min_outcomes_per_year", "contact_person", "contact_phone",
                  "review_principles"]
        widgets = {"notice": forms.Textarea(attrs={"rows": 16})}
        # "name" alone is translated as a person's name by the units catalogue, which takes precedence.
        labels = {"name": _("Call name")}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = visible_units(user, (Role.ORG_ADMIN,)).filter(
            kind__in=[UnitKind.UNIVERSITY, UnitKind.COLLEGE]).order_by("path")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, deadline = data.get("opens_at"), data.get("deadline")
        if opens and deadline and deadline <= opens:
            self.add_error("deadline", _("The deadline must be after the opening time."))
        low, high = data.get("select_min"), data.get("select_max")
        if low is not None and high is not None and low > high:
            self.add_error("select_max", _("The maximum selected cannot be smaller than the minimum."))
        return data

    def _post_clean(self) -> None:
        # Model constraints are checked by the service after our clean() has given friendlier errors.
        if self.errors:
            return
        super()._post_clean()


class AnnexForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the file name."))
    kind = forms.ChoiceField(label=_("kind"), choices=AnnexKind.choices, initial=AnnexKind.OTHER)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or images."))


class RuleForm(StyledFormMixin, forms.Form):
    """One rule's parameters; which of them apply depends on the rule's kind."""

    PARAM_FIELDS = {
        "branch_kind": ["kinds"],
        "established_years": ["years"],
        "secretary_qualification": ["min_title_level", "or_degree"],
        "secretary_academic_role": ["roles"],
    }

    id = forms.IntegerField(widget=forms.HiddenInput)
    enabled = forms.BooleanField(label=_("enabled"), required=False)
    explanation = forms.CharField(label=_("explanation"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    kinds = forms.MultipleChoiceField(label=_("Branch kinds"), choices=UnitKind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=50, required=False)
    min_title_level = forms.ChoiceField(label=_("Minimum title level"), choices=TitleLevel.choices, required=False)
    or_degree = forms.ChoiceField(label=_("Or degree"), required=False,
                                  choices=[("", _("No alternative"))] + list(Degree.choices))
    roles = forms.MultipleChoiceField(label=_("Academic roles"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["roles"].choices = [(r.code, r.name) for r in AcademicRole.objects.order_by("name")]
        for name in ("kinds", "years", "min_title_level", "or_degree", "roles"):
            if name not in self.PARAM_FIELDS.get(kind, []):
                del self.fields[name]
        if kind == "established_years":
            self.fields["years"].required = True

    @property
    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PARAM_FIELDS.get(self.kind, [])]

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.PARAM_FIELDS.get(self.kind, [])}
