"""Assignment in a round (分配评审任务): the matrix of applications × reviewers, automatic assignment,
manual assignment, taking back an unstarted review. Writes go through reviews/assigning.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from dualleader.accounts.models import User
from dualleader.applications.models import Application

from .. import assigning as services
from ..conflicts import forbidden_pairs, panel_for_conflicts
from ..enums import AssignmentStatus, RoundKind, RoundStatus
from ..models import Assignment, PanelMember, ReviewRound
from .common import managed, round_for
from .setup import error, parse_int


@dataclass
class Cell:
    member: PanelMember
    assignments: list[Assignment] = field(default_factory=list)
    forbidden: bool = False

    @property
    def live(self) -> Assignment | None:
        return next((a for a in self.assignments if a.status != AssignmentStatus.DECLINED), None)

    @property
    def declined(self) -> bool:
        return any(a.status == AssignmentStatus.DECLINED for a in self.assignments)


@dataclass
class Row:
    application: Application
    cells: list[Cell]
    live: int = 0
    short: int = 0


def matrix(round_: ReviewRound) -> tuple[list[PanelMember], list[Row], dict[int, int]]:
    """The round's applications × the active panel, each cell with its assignments and whether the
    pair is forbidden; the live load per reviewer. A fixed number of queries."""
    applications = services.round_applications(round_)
    members = panel_for_conflicts(round_.evaluation)
    forbidden = forbidden_pairs(round_.evaluation, applications, members)
    by_pair: dict[tuple[int, int], list[Assignment]] = {}
    load: dict[int, int] = {m.user_id: 0 for m in members}
    live: Counter[int] = Counter()
    for a in Assignment.objects.filter(round=round_).order_by("pk"):
        by_pair.setdefault((a.application_id, a.reviewer_id), []).append(a)
        if a.status != AssignmentStatus.DECLINED:
            load[a.reviewer_id] = load.get(a.reviewer_id, 0) + 1
            live[a.application_id] += 1
    rows = []
    for application in applications:
        cells = [Cell(m, by_pair.get((application.pk, m.user_id), []),
                      (application.pk, m.user_id) in forbidden) for m in members]
        n = live[application.pk]
        rows.append(Row(application, cells, n, max(0, round_.reviewers_per_item - n)))
    return members, rows, load


@login_required
@require_GET
def assignments(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    members, rows, load = matrix(round_)
    for m in members:
        m.load = load.get(m.user_id, 0)  # type: ignore[attr-defined]
    return render(request, "reviews/assign_matrix.html", {
        "round": round_, "evaluation": round_.evaluation, "call": round_.evaluation.call, "members": members,
        "rows": rows, "step": "assignments", "closed": round_.status == RoundStatus.CLOSED,
        "presentation": round_.kind == RoundKind.PRESENTATION, "short_total": sum(r.short for r in rows)})


@login_required
@require_POST
def auto(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    k = parse_int(request.POST.get("k"), default=round_.reviewers_per_item)
    ids: list[int] | None = None
    if request.POST.get("limit") == "chosen":
        parsed = [parse_int(v) for v in request.POST.getlist("application")]
        if any(v is None for v in parsed) or not parsed:
            messages.error(request, _("Choose the applications to assign."))
            return redirect("reviews:assignments", round_id=round_id)
        ids = [v for v in parsed if v is not None]
    if k is None:
        messages.error(request, _("Enter the reviewers per application as a whole number."))
        return redirect("reviews:assignments", round_id=round_id)
    try:
        result = services.assign_auto(round=round_, k=k, application_ids=ids, user=request.user)
    except ValidationError as exc:
        error(request, exc)
        return redirect("reviews:assignments", round_id=round_id)
    messages.success(request, ngettext("%(n)d review was assigned.", "%(n)d reviews were assigned.",
                                       len(result.pairs)) % {"n": len(result.pairs)})
    if result.short:
        titles = dict(Application.objects.filter(pk__in=result.short).values_list("pk", "title"))
        missing = "、".join(_("%(title)s (%(n)d missing)") % {"title": titles.get(pk) or _("No. %(n)d") % {"n": pk},
                                                            "n": n} for pk, n in result.short.items())
        messages.warning(request, _("Not enough eligible reviewers for: %(list)s. Add reviewers to the panel or "
                                    "lower the number per application.") % {"list": missing})
    return redirect("reviews:assignments", round_id=round_id)


@login_required
@require_POST
def add(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = round_for(request, round_id)
    reviewer_id = parse_int(request.POST.get("reviewer"))
    application_id = parse_int(request.POST.get("application"))
    reviewer = User.objects.filter(pk=reviewer_id, panel_memberships__evaluation=round_.evaluation).first() \
        if reviewer_id else None
    application = Application.objects.filter(pk=application_id, call_id=round_.evaluation.call_id).first() \
        if application_id else None
    if reviewer is None or application is None:
        messages.error(request, _("Choose a panel member and an application."))
        return redirect("reviews:assignments", round_id=round_id)
    try:
        services.assign_manual(round=round_, reviewer=reviewer, application=application, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("%(name)s was assigned the application.") % {"name": reviewer.display_name})
    return redirect("reviews:assignments", round_id=round_id)


@login_required
@require_POST
def unassign(request: HttpRequest, pk: int) -> HttpResponse:
    assignment: Assignment = managed(request, Assignment, pk, "round__evaluation__call")
    round_id = assignment.round_id
    try:
        services.unassign(assignment=assignment, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("The review was taken back."))
    return redirect("reviews:assignments", round_id=round_id)


