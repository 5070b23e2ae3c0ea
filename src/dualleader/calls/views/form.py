"""The form editor: titles, guidance and the simple attributes of each field; new text fields.

The posted names are flat (`s-<i>-title`, `f-<key>-label` …) and are applied onto a copy of the
current schema, so anything the page does not show (tables' columns, prefill sources) is kept."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..formschema import default_schema
from ..services import form_update
from .common import call_for

NEW_TYPES = ("textarea", "text")


def apply_edits(schema: dict[str, Any], post: QueryDict) -> tuple[dict[str, Any], list[str]]:
    new = copy.deepcopy(schema)
    errors: list[str] = []
    for i, section in enumerate(new.get("sections", [])):
        section["title"] = post.get(f"s-{i}-title", section.get("title", "")).strip()
        section["guidance"] = post.get(f"s-{i}-guidance", section.get("guidance", "")).strip()
        kept = []
        for field in section.get("fields", []):
            key = field["key"]
            if post.get(f"f-{key}-remove"):
                continue
            field["label"] = post.get(f"f-{key}-label", field.get("label", "")).strip() or field.get("label", "")
            field["guidance"] = post.get(f"f-{key}-guidance", field.get("guidance", "")).strip()
            field["required"] = bool(post.get(f"f-{key}-required"))
            if field.get("type") == "textarea":
                raw = post.get(f"f-{key}-max_words", "").strip()
                if not raw:
                    field.pop("max_words", None)
                elif raw.isdigit() and int(raw) > 0:
                    field["max_words"] = int(raw)
                else:
                    errors.append(_("The word limit of “%(label)s” must be a positive whole number.")
                                  % {"label": field["label"]})
            kept.append(field)
        section["fields"] = kept
        label = post.get(f"s-{i}-new-label", "").strip()
        if label:
            kind = post.get(f"s-{i}-new-type", "textarea")
            keys = {f["key"] for s in new["sections"] for f in s.get("fields", [])}
            n = 1
            while f"custom_{n}" in keys:
                n += 1
            section["fields"].append({"key": f"custom_{n}", "type": kind if kind in NEW_TYPES else "textarea",
                                      "label": label, "required": False, "guidance": ""})
    return new, errors


def _for_display(schema: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {"text": _("One line"), "textarea": _("Long text"), "date": pgettext("field type", "Date"),
              "number": _("Number"), "money": _("Amount"), "choice": _("Choice"), "table": _("Table")}
    sections = copy.deepcopy(schema.get("sections", []))
    for section in sections:
        for field in section.get("fields", []):
            field["type_label"] = labels.get(field.get("type", ""), field.get("type", ""))
    return sections


@login_required
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk)
    current = call.current_form()
    schema = current.schema if current else default_schema()
    errors: list[str] = []
    if request.method == "POST":
        edited, errors = apply_edits(schema, request.POST)
        if not errors:
            try:
                saved = form_update(call=call, schema=edited)
            except ValidationError as exc:
                errors = exc.messages
            else:
                if current is not None and saved.version != current.version:
                    messages.success(request, _("Saved as version %(v)d of the form.") % {"v": saved.version})
                else:
                    messages.success(request, _("The form is saved."))
                return redirect("calls:form", pk=call.pk)
        schema = edited
    return render(request, "calls/form_edit.html", {
        "call": call, "form_template": current, "sections": _for_display(schema), "errors": errors,
        "new_types": [("textarea", _("Long text")), ("text", _("One line"))]})


