"""Recommendation to the province (择优推荐): choose and rank selected studios within the places, write
the letter, send it, and download the letter, the list and the package."""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dualleader.applications.selectors import with_college_names
from dualleader.applications.views.common import messages_of
from dualleader.documents.accepted_zip import clean
from dualleader.documents.province_docx import province_letter_docx
from dualleader.documents.province_xlsx import province_list_xlsx
from dualleader.documents.province_zip import write_province_zip
from dualleader.downloads import DOCX, XLSX, download

from ..enums import ProvinceStatus
from ..models import Evaluation, ProvinceRecommendation
from ..province import (
    candidates,
    entries_of,
    letter_defaults,
    province_save,
    province_send,
    recommendation_of,
)
from .common import evaluation_for


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _parse(request: HttpRequest, evaluation: Evaluation) -> dict[str, Any]:
    """The form's values for province_save; ValidationError with a Chinese message on bad input."""
    studios = candidates(evaluation)
    chosen: list[tuple[int, int, int]] = []
    reasons: dict[int, str] = {}
    for studio in studios:
        if request.POST.get(f"include_{studio.pk}"):
            rank = _int(request.POST.get(f"rank_{studio.pk}", ""))
            if rank is None or not 1 <= rank <= 1000:
                raise ValidationError(_("Give each chosen studio its place as a whole number."))
            chosen.append((rank, studio.selection_rank or 0, studio.pk))
            reasons[studio.pk] = request.POST.get(f"reason_{studio.pk}", "")
    quota = _int(request.POST.get("quota", ""))
    if quota is None:
        raise ValidationError(_("Enter the places at the province as a whole number."))
    try:
        letter_date = datetime.date.fromisoformat(request.POST.get("letter_date", "").strip())
    except ValueError as exc:
        raise ValidationError(_("Enter the date of the letter as a date (YYYY-MM-DD).")) from exc
    return {"studio_ids": [pk for _r, _s, pk in sorted(chosen)], "reasons": reasons, "quota": quota,
            "recipient": request.POST.get("recipient", ""), "document_number": request.POST.get("document_number", ""),
            "letter_date": letter_date, "letter_body": request.POST.get("letter_body", "")}


@login_required
@require_http_methods(["GET", "POST"])
def province(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    if request.method == "POST":
        try:
            province_save(evaluation=evaluation, user=request.user, **_parse(request, evaluation))
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The recommendation was saved."))
        return redirect("reviews:province", call_id=call_id)
    recommendation = recommendation_of(evaluation)
    studios = candidates(evaluation)
    for s in studios:
        s.application.branch = s.branch
    with_college_names([s.application for s in studios])
    entries = {e.studio_id: e for e in entries_of(recommendation)}
    rows = [{"studio": s, "entry": entries.get(s.pk)} for s in studios]
    form = ({"recipient": recommendation.recipient, "document_number": recommendation.document_number,
             "letter_date": recommendation.letter_date, "letter_body": recommendation.letter_body,
             "quota": recommendation.quota} if recommendation is not None else letter_defaults(evaluation))
    return render(request, "reviews/province.html", {
        "evaluation": evaluation, "call": evaluation.call, "step": "province", "recommendation": recommendation,
        "rows": rows, "form": form, "sent": recommendation is not None and recommendation.status == ProvinceStatus.SENT,
        "chosen": len(entries)})


@login_required
@require_POST
def send(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    recommendation = recommendation_of(evaluation)
    try:
        if recommendation is None:
            raise ValidationError(_("Save the recommendation first."))
        province_send(recommendation=recommendation, user=request.user)
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The recommendation was sent to the province."))
    return redirect("reviews:province", call_id=call_id)


def _saved(request: HttpRequest, call_id: int) -> ProvinceRecommendation | None:
    evaluation = evaluation_for(request, call_id)
    recommendation = recommendation_of(evaluation)
    if recommendation is None:
        messages.error(request, _("Save the recommendation first."))
        return None
    recommendation.evaluation = evaluation
    return recommendation




@login_required
@require_GET
def letter_docx(request: HttpRequest, call_id: int) -> HttpResponse:
    recommendation = _saved(request, call_id)
    if recommendation is None:
        return redirect("reviews:province", call_id=call_id)
    return download(province_letter_docx(recommendation), DOCX,
                     clean(f"推荐函_{recommendation.evaluation.call.name}") + ".docx")


@login_required
@require_GET
def list_xlsx(request: HttpRequest, call_id: int) -> HttpResponse:
    recommendation = _saved(request, call_id)
    if recommendation is None:
        return redirect("reviews:province", call_id=call_id)
    return download(province_list_xlsx(recommendation), XLSX,
                     clean(f"推荐名单_{recommendation.evaluation.call.name}") + ".xlsx")


@login_required
@require_GET
def package_zip(request: HttpRequest, call_id: int) -> HttpResponse:
    recommendation = _saved(request, call_id)
    if recommendation is None:
        return redirect("reviews:province", call_id=call_id)
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_province_zip(recommendation, spool)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, content_type="application/zip",
                            filename=clean(f"推荐材料_{recommendation.evaluation.call.name}") + ".zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
