"""The Organization Department's downloads for a call: the 推荐汇总表 workbook and the accepted materials."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dualleader.documents.accepted_zip import clean, write_accepted_zip
from dualleader.documents.recommendation_xlsx import summary_xlsx as build_xlsx
from dualleader.downloads import XLSX, download

from .desk import call_for_desk


@login_required
@require_GET
def summary_xlsx(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_for_desk(request, call_id)
    return download(build_xlsx(call), XLSX, clean(f"推荐汇总表_{call.name}") + ".xlsx")


@login_required
@require_GET
def accepted_zip(request: HttpRequest, call_id: int) -> FileResponse:
    call = call_for_desk(request, call_id)
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_accepted_zip(call, spool)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename=clean(f"受理材料_{call.name}") + ".zip",
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
