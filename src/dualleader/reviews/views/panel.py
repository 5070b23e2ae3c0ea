"""The panel of reviewers (评审专家组) and conflicts of interest (回避), for the Organization Department.
Writes go through reviews/panel.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualleader.accounts.models import User
from dualleader.applications.models import Application
from dualleader.units.models import Person

from .. import panel as services
from ..assigning import round_applications
from ..enums import PanelRole
from ..models import Conflict, Evaluation, PanelMember
from .common import evaluation_for, managed
from .setup import error, parse_int

SESSION_KEY = "reviews.new_account"
MAX_RESULTS = 20


def _members(evaluation: Evaluation) -> list[PanelMember]:
    return list(evaluation.panel.select_related("user__person__unit", "home_unit").annotate(
        n_live=Count("user__review_assignments", filter=Q(
            user__review_assignments__round__evaluation=evaluation,
            user__review_assignments__status__in=services.LIVE))).order_by("role", "pk"))


def _candidates(evaluation: Evaluation, q: str, members: list[PanelMember]) -> list[Person]:
    """People of the call's owning unit and below matching `q` (name or staff number), with accounts."""
    if not q:
        return []
    on_panel = {m.user_id for m in members}
    people = (Person.objects.filter(unit__path__startswith=evaluation.owner.path, is_active=True)
              .filter(Q(name__icontains=q) | Q(staff_no__icontains=q)).select_related("unit", "account")
              .order_by("staff_no")[:MAX_RESULTS])
    result = []
    for person in people:
        account = getattr(person, "account", None)
        person.on_panel = account is not None and account.pk in on_panel  # type: ignore[attr-defined]
        result.append(person)
    return result


@login_required
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, call_id: int) -> HttpResponse:
    """GET: the panel, a search for people of the university, the form for an external expert. POST:
    add a person (`person`) with a panel `role`."""
    evaluation = evaluation_for(request, call_id)
    if request.method == "POST":
        person_id = parse_int(request.POST.get("person"))
        person = Person.objects.filter(pk=person_id, unit__path__startswith=evaluation.owner.path).select_related(
            "unit").first() if person_id else None
        if person is None:
            messages.error(request, _("Choose the person to add."))
            return redirect("reviews:panel", call_id=call_id)
        try:
            member, password = services.panel_add(evaluation=evaluation, person=person,
                                                  role=request.POST.get("role", ""), user=request.user)
        except ValidationError as exc:
            error(request, exc)
        else:
            if password:
                request.session[SESSION_KEY] = {"name": member.user.display_name, "username": member.user.username,
                                                "password": password}
            messages.success(request, _("%(name)s was added to the panel.") % {"name": member.user.display_name})
        return redirect("reviews:panel", call_id=call_id)
    members = _members(evaluation)
    q = (request.GET.get("q") or "").strip()[:60]
    return render(request, "reviews/panel_list.html", {
        "evaluation": evaluation, "call": evaluation.call, "members": members, "q": q, "step": "panel",
        "candidates": _candidates(evaluation, q, members), "roles": PanelRole.choices,
        "new_account": request.session.pop(SESSION_KEY, None)})


@login_required
@require_POST
def add_external(request: HttpRequest, call_id: int) -> HttpResponse:
    evaluation = evaluation_for(request, call_id)
    try:
        member, password = services.panel_add_external(
            evaluation=evaluation, name=request.POST.get("name", ""), affiliation=request.POST.get("affiliation", ""),
            phone=request.POST.get("phone", ""), email=request.POST.get("email", ""),
            role=request.POST.get("role", PanelRole.EXPERT), user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        request.session[SESSION_KEY] = {"name": member.user.display_name, "username": member.user.username,
                                        "password": password}
        messages.success(request, _("%(name)s was added to the panel.") % {"name": member.user.display_name})
    return redirect("reviews:panel", call_id=call_id)


@login_required
@require_POST
def remove(request: HttpRequest, member_id: int) -> HttpResponse:
    member: PanelMember = managed(request, PanelMember, member_id, "evaluation__call")
    call_id = member.evaluation.call_id
    name = member.user.display_name
    try:
        services.panel_remove(member=member, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("%(name)s was taken off the panel.") % {"name": name})
    return redirect("reviews:panel", call_id=call_id)


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, call_id: int) -> HttpResponse:
    """GET: the conflicts of interest recorded or declared. POST: record one (`reviewer`, `application`,
    `reason`)."""
    evaluation = evaluation_for(request, call_id)
    if request.method == "POST":
        reviewer_id = parse_int(request.POST.get("reviewer"))
        application_id = parse_int(request.POST.get("application"))
        reviewer = User.objects.filter(pk=reviewer_id, panel_memberships__evaluation=evaluation).first() \
            if reviewer_id else None
        application = Application.objects.filter(pk=application_id, call=evaluation.call).first() \
            if application_id else None
        if reviewer is None or application is None:
            messages.error(request, _("Choose a panel member and an application."))
            return redirect("reviews:conflicts", call_id=call_id)
        try:
            services.conflict_record(evaluation=evaluation, reviewer=reviewer, application=application,
                                     reason=request.POST.get("reason", ""), user=request.user)
        except ValidationError as exc:
            error(request, exc)
        else:
            messages.success(request, _("The conflict of interest was recorded."))
        return redirect("reviews:conflicts", call_id=call_id)
    rows = list(Conflict.objects.filter(evaluation=evaluation).select_related(
        "reviewer__person", "application__branch", "recorded_by__person"))
    members = list(evaluation.panel.select_related("user__person").order_by("role", "pk"))
    remote = evaluation.rounds.order_by("opens_at", "pk").first()
    applications = round_applications(remote) if remote else []
    return render(request, "reviews/panel_conflicts.html", {
        "evaluation": evaluation, "call": evaluation.call, "conflicts": rows, "members": members,
        "applications": applications, "step": "conflicts"})


@login_required
@require_POST
def conflict_remove(request: HttpRequest, conflict_id: int) -> HttpResponse:
    conflict = managed(request, Conflict, conflict_id, "evaluation__call")
    call_id = conflict.evaluation.call_id
    try:
        services.conflict_remove(conflict=conflict, user=request.user)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("The conflict of interest was removed."))
    return redirect("reviews:conflicts", call_id=call_id)


