"""Forms of the college workbench. They only parse and check the shape of the input; the rules live in
services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_REASON = 2000


class ReasonForm(forms.Form):
    """A required written reason: returning an application (退回修改), withdrawing the list (撤回重报)."""

    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON, strip=True,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Write the reason.")})


class LockedForm(forms.Form):
    """The version of the list the page was loaded at."""

    lock_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput,
                                      error_messages={"required": _("The page is out of date; reload it."),
                                                      "invalid": _("The page is out of date; reload it.")})


class OpinionForm(LockedForm):
    """学院党委意见 and one checkbox per attestation rule of the call."""

    opinion = forms.CharField(label=_("Opinion of the college Party committee"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    attested = forms.TypedMultipleChoiceField(label=_("Attestations"), required=False, coerce=int,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, rules: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attested"].choices = [(r.pk, r.explanation) for r in (rules or [])]


def parse_order(values: list[str]) -> list[int] | None:
    """The application ids of a reorder request, first-ranked first; None when any is not a number."""
    order: list[int] = []
    for value in values:
        value = (value or "").strip()
        if not value.isdigit() or len(value) > 12:
            return None
        order.append(int(value))
    return order or None
