from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualleader.accounts.enums import Role
from dualleader.calls.eligibility import evaluate, is_eligible
from dualleader.units.selectors import visible_units

from ..enums import ApplicationStatus
from ..selectors import open_calls, user_branches, visible_applications, visible_calls, with_college_names
from ..services import application_start, deadline_text
from .common import messages_of, require

PAGE_SIZE = 30


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The applications in the user's scope, and the open calls their branch can start."""
    require(request, "applications.browse")
    qs = visible_applications(request.user).select_related("call", "branch", "secretary").order_by("-updated_at")
    call_id = request.GET.get("call", "")
    status = request.GET.get("status", "")
    if call_id.isdigit():
        qs = qs.filter(call_id=int(call_id))
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    with_college_names(list(page))
    startable = []
    branches = user_branches(request.user)
    if branches:
        live = set(visible_applications(request.user).exclude(status=ApplicationStatus.WITHDRAWN)
                   .values_list("call_id", "branch_id"))
        calls = list(open_calls().prefetch_related("rules"))
        for call in calls:
            for branch in branches:
                if (call.pk, branch.pk) in live:
                    continue
                results = evaluate(call, branch)
                startable.append({"call": call, "branch": branch, "eligible": is_eligible(results),
                                  "deadline": deadline_text(call, branch)})
    return render(request, "applications/mine.html", {
        "page": page, "startable": startable, "statuses": ApplicationStatus.choices,
        "calls": visible_calls(request.user).only("pk", "name"), "call_id": call_id, "status": status})


def _branch_for(request: HttpRequest, roles: tuple[str, ...]) -> object:
    wanted = request.POST.get("branch") or request.GET.get("branch")
    if wanted and wanted.isdigit():
        return get_object_or_404(visible_units(request.user), pk=int(wanted))
    branches = user_branches(request.user, roles)
    if not branches:
        raise PermissionDenied("applications.start")
    return branches[0]


@login_required
def eligibility(request: HttpRequest, call_id: int) -> HttpResponse:
    """The construction standard as a checklist for a branch: ✓, ✗ or to be confirmed, with reasons."""
    require(request, "applications.browse")
    call = get_object_or_404(visible_calls(request.user), pk=call_id)
    branch = _branch_for(request, (Role.BRANCH_SECRETARY, Role.STUDIO_MEMBER))
    results = evaluate(call, branch)  # type: ignore[arg-type]
    return render(request, "applications/eligibility.html", {
        "call": call, "branch": branch, "results": results, "eligible": is_eligible(results),
        "deadline": deadline_text(call, branch), "can_start": request.user.has_perm("applications.start")})


@login_required
@require_POST
def start(request: HttpRequest, call_id: int) -> HttpResponse:
    require(request, "applications.start")
    call = get_object_or_404(visible_calls(request.user), pk=call_id)
    branch = _branch_for(request, (Role.BRANCH_SECRETARY,))
    if not request.user.has_perm("applications.apply_for", branch):
        raise PermissionDenied("applications.start")
    if not is_eligible(evaluate(call, branch)):  # type: ignore[arg-type]
        messages.error(request, _("Your branch does not yet meet the construction standard of this call; "
                                  "see the reasons below."))
        return redirect(reverse("applications:eligibility", args=[call.pk]) + f"?branch={branch.pk}")  # type: ignore[attr-defined]
    try:
        application = application_start(call=call, branch=branch, user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        for text in messages_of(exc):
            messages.error(request, text)
        return redirect("applications:mine")
    messages.success(request, _("The application has been started. Fill in the form and save it."))
    return redirect("applications:edit", pk=application.pk)


