"""Downloads of a round's results for the Organization Department: the 评审结果汇总表 (.xlsx) and one
application's 评审打分表 (.docx). Both carry reviewer names, so only the Organization Department gets them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dualleader.documents.accepted_zip import clean
from dualleader.documents.review_results_xlsx import ROUND_NAMES
from dualleader.documents.review_results_xlsx import results_xlsx as build_xlsx
from dualleader.documents.scoresheet_docx import scoresheet_docx as build_docx
from dualleader.downloads import DOCX, XLSX, download

from ..ranking import ranking_for
from .common import round_for


@login_required
@require_GET
def results_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    content = build_xlsx(ranking_for(round_))
    kind = ROUND_NAMES.get(round_.kind, round_.kind)
    return download(content, XLSX, clean(f"评审结果汇总表_{round_.evaluation.call.name}_{kind}") + ".xlsx")


@login_required
@require_GET
def scoresheet_docx(request: HttpRequest, round_id: int, app_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    ranking = ranking_for(round_)
    row = ranking.row_for(app_id)
    if row is None or not row.reviews:
        raise Http404("not in this round")
    content = build_docx(ranking, row)
    application = row.application
    return download(content, DOCX,
                     clean(f"评审打分表_{application.title or application.branch.name}") + ".docx")
