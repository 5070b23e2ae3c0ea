"""The bulk import page: download the template, upload a filled-in copy, see the problems or the result."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from dualleader.forms import StyledFormMixin

from ..imports import (
    COLUMNS,
    MAX_ROWS,
    SHEET_BRANCHES,
    SHEET_COLLEGES,
    SHEET_PEOPLE,
    XLSX_MIME,
    build_template,
    import_workbook,
)
from .common import require

TEMPLATE_FILENAME = "组织数据导入模板.xlsx"
SHEET_HELP = [
    (SHEET_COLLEGES, _("One row per college-level Party committee. Without a parent unit it goes under the "
                       "university Party committee.")),
    (SHEET_BRANCHES, _("One row per Party branch, under the college it belongs to.")),
    (SHEET_PEOPLE, _("One row per person, matched by staff number, with their branch post if they hold one.")),
]
COUNT_LABELS = [("colleges", _("Colleges"), SHEET_COLLEGES), ("branches", _("Branches"), SHEET_BRANCHES),
                ("people", _("People"), SHEET_PEOPLE), ("posts", _("Branch posts"), SHEET_PEOPLE)]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_MIME}"}))
    dry_run = forms.BooleanField(label=_("Check only, do not import"), required=False)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    require(request, "units.import")
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = import_workbook(upload=upload, user=request.user, dry_run=form.cleaned_data["dry_run"],
                                     filename=upload.name)
    else:
        form = ImportForm()
    sheets = [{"name": name, "help": text, "required": [c.header for c in COLUMNS[name] if c.required],
               "optional": [c.header for c in COLUMNS[name] if not c.required]} for name, text in SHEET_HELP]
    counts = [{"label": label, "sheet": sheet, **result.counts[key]} for key, label, sheet in COUNT_LABELS] \
        if result is not None else []
    return render(request, "units/import.html", {
        "form": form, "result": result, "counts": counts, "sheets": sheets,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024), "max_rows": MAX_ROWS})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    require(request, "units.import")
    response = HttpResponse(build_template(), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    return response
