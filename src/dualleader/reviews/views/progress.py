"""The progress of a round (评审进度) and reminders, for the Organization Department."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from dualleader.accounts.models import User

from ..models import Assignment
from ..progress import progress as progress_of
from ..progress import reviewers_remind
from .common import round_for
from .setup import error, parse_int


@login_required
@require_GET
def progress(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    return render(request, "reviews/progress_round.html", {
        "round": round_, "evaluation": round_.evaluation, "call": round_.evaluation.call, "step": "progress",
        "progress": progress_of(round_)})


@login_required
@require_POST
def remind(request: HttpRequest, round_id: int) -> HttpResponse:
    """Remind everyone with unfinished reviews, or only `reviewer` when given."""
    round_ = round_for(request, round_id)
    reviewer = None
    if request.POST.get("reviewer"):
        reviewer_id = parse_int(request.POST.get("reviewer"))
        reviewer = User.objects.filter(pk__in=Assignment.objects.filter(round=round_).values("reviewer"),
                                       pk=reviewer_id).first() if reviewer_id else None
        if reviewer is None:
            messages.error(request, _("This reviewer has no review in this round."))
            return redirect("reviews:progress", round_id=round_id)
    try:
        n = reviewers_remind(round=round_, reviewer=reviewer, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, ngettext("%(n)d reviewer was reminded.", "%(n)d reviewers were reminded.", n)
                         % {"n": n})
    return redirect("reviews:progress", round_id=round_id)
