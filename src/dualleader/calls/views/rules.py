from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import RuleForm
from ..services import rule_update
from .common import call_for


@login_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every rule of the call on one page, one small form per rule (prefix rule-<id>)."""
    call = call_for(request, pk)
    rules = list(call.rules.all())
    data = request.POST if request.method == "POST" else None
    forms = []
    for rule in rules:
        initial = {"id": rule.pk, "enabled": rule.enabled, "explanation": rule.explanation, **(rule.params or {})}
        forms.append(RuleForm(data, kind=rule.kind, prefix=f"rule-{rule.pk}", initial=initial))
    if data is not None and all(f.is_valid() for f in forms):
        try:
            with transaction.atomic():
                for rule, form in zip(rules, forms, strict=True):
                    rule_update(rule=rule, params=form.params(), explanation=form.cleaned_data["explanation"],
                                enabled=form.cleaned_data["enabled"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The construction standard is saved."))
            return redirect("calls:detail", pk=call.pk)
    return render(request, "calls/rules.html", {"call": call, "rows": list(zip(rules, forms, strict=True))})
