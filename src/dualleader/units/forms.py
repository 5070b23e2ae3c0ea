from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualleader.forms import DateInput, StyledFormMixin

from .enums import PositionRole, UnitKind
from .models import AcademicRole, Person, Unit


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the user loaded, so a save over someone else's newer edit is refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class UnitForm(StyledFormMixin, VersionedForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "department", "discipline", "established_on",
                  "last_election_on"]
        widgets = {"established_on": DateInput(), "last_election_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        est, elected = data.get("established_on"), data.get("last_election_on")
        if est and elected and elected < est:
            self.add_error("last_election_on", _("The last election cannot be before the branch was established."))
        return data


class MoveUnitForm(StyledFormMixin, forms.Form):
    new_parent = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("New parent unit"))

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class PersonForm(StyledFormMixin, VersionedForm):
    academic_roles = forms.ModelMultipleChoiceField(
        queryset=AcademicRole.objects.all(), required=False, label=_("Academic roles"),
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Person
        fields = ["name", "staff_no", "unit", "gender", "birth_date", "title", "title_level", "highest_degree",
                  "political_status", "party_joined_on", "academic_roles", "phone", "email", "is_active"]
        widgets = {"birth_date": DateInput(), "party_joined_on": DateInput()}

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status, joined = data.get("political_status"), data.get("party_joined_on")
        if joined and status not in ("party_member", "probationary"):
            self.add_error("party_joined_on", _("Only a Party member or probationary member has a joining date."))
        return data


class PositionForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=PositionRole.choices, label=_("Post"))
    started_on = forms.DateField(label=_("Term start"), widget=DateInput())
    ended_on = forms.DateField(label=_("Term end"), widget=DateInput(), required=False,
                               help_text=_("Leave empty while the term is running."))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", _("The term cannot end before it starts."))
        return data


class UnitFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(required=False, label=_("Search"),
                        widget=forms.TextInput(attrs={"placeholder": _("Unit name"), "type": "search"}))
    kind = forms.ChoiceField(required=False, label=_("Kind"), choices=[("", _("All kinds"))] + UnitKind.choices)
