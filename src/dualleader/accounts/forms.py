from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dualleader.forms import StyledFormMixin
from dualleader.units.models import Person, Unit

from .enums import Role
from .models import User


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Units indented by depth, so a long list still reads as the tree."""

    def label_from_instance(self, obj: Unit) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class AccountFilterForm(StyledFormMixin, forms.Form):
    STATUS_CHOICES = [("", _("Any status")), ("active", _("Active")), ("disabled", _("Disabled"))]

    q = forms.CharField(required=False, max_length=100, label=_("Search"),
                        widget=forms.TextInput(attrs={"placeholder": _("Username, name or staff no.")}))
    role = forms.ChoiceField(required=False, label=_("Role"), choices=[("", _("Any role")), *Role.choices])
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"),
                           empty_label=_("Any unit"))
    status = forms.ChoiceField(required=False, label=_("Status"), choices=STATUS_CHOICES)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AccountCreateForm(StyledFormMixin, forms.Form):
    staff_no = forms.CharField(label=_("Staff number"), max_length=32,
                               help_text=_("The person must already be on record in your units."))
    username = forms.CharField(label=_("Username"), max_length=150, required=False,
                               validators=[UnicodeUsernameValidator()],
                               help_text=_("Leave empty to use the staff number. Letters, digits and "
                                           "@ . + - _ only."))
    role = forms.ChoiceField(label=_("Initial role"), required=False, choices=[("", "—"), *Role.choices])
    unit = UnitChoiceField(label=_("On unit"), queryset=Unit.objects.none(), required=False,
                           help_text=_("The role applies to this unit and everything under it."))

    def __init__(self, *args: Any, people: QuerySet[Person], units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["unit"].queryset = units

    def clean_staff_no(self) -> Person:
        staff_no = self.cleaned_data["staff_no"].strip()
        person = self.people.select_related("unit").filter(staff_no=staff_no).first()
        if person is None:
            raise forms.ValidationError(_("No person with staff number “%(no)s” in the units you manage.")
                                        % {"no": staff_no})
        existing = User.objects.filter(person=person).first()
        if existing is not None:
            raise forms.ValidationError(_("%(name)s already has an account: %(username)s.")
                                        % {"name": person.name, "username": existing.username})
        if not person.is_active:
            raise forms.ValidationError(_("%(name)s is no longer active.") % {"name": person.name})
        return person

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("staff_no")
        if isinstance(person, Person) and not data.get("username") and "username" not in self.errors:
            if User.objects.filter(username__iexact=person.staff_no).exists():
                self.add_error("username", _("The staff number is already used as a username; choose another."))
            else:
                data["username"] = person.staff_no
        if bool(data.get("role")) != bool(data.get("unit")):
            self.add_error("unit" if data.get("role") else "role", _("Choose both a role and a unit, or neither."))
        return data


class RoleGrantForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TokenCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80,
                           help_text=_("What the token is for, for example “sync with the academic affairs system”."))
