"""The college's pages (学院推荐工作台): the index of calls × colleges, and the workbench where a
college_admin returns or endorses applications, ranks the list, writes the opinion and sends the list.
Every write goes through recommendations/services.py; these views only look things up in scope, check
the permission and show the outcome."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualleader.accounts.enums import Role
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.calls.deadlines import deadline_in, extension_in, extensions_by_path
from dualleader.calls.eligibility import evaluate, is_eligible
from dualleader.calls.models import Call
from dualleader.calls.selectors import PUBLIC_STATUSES, managed_calls
from dualleader.units.enums import PositionRole
from dualleader.units.models import Position, Unit
from dualleader.units.selectors import scope_q
from dualleader.versioning import StaleEdit

from ..enums import RecommendationStatus
from ..forms import LockedForm, OpinionForm, ReasonForm, parse_order
from ..models import Recommendation, RecommendationEntry
from ..selectors import college_applications, college_of, managed_colleges
from ..services import (
    application_endorse,
    application_resend,
    application_return,
    attestation_rules,
    recommendation_exclude,
    recommendation_include,
    recommendation_reorder,
    recommendation_save,
    recommendation_submit,
    recommendation_withdraw,
)

# --- look-ups in scope ---------------------------------------------------------------------------

def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _error(request: HttpRequest, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        items = [str(m) for msgs in exc.message_dict.values() for m in msgs]
    else:
        items = [str(m) for m in exc.messages]
    for item in items:
        messages.error(request, item)


def _public_calls() -> QuerySet[Call]:
    return Call.objects.filter(status__in=PUBLIC_STATUSES).select_related("owner")


def _call_and_college(request: HttpRequest, call_id: int, unit_id: int) -> tuple[Call, Unit]:
    """The call (published or closed) and one of its colleges the user administers, else 404."""
    _require(request, "recommendations.browse")
    call = get_object_or_404(_public_calls().prefetch_related("rules"), pk=call_id)
    college = get_object_or_404(managed_colleges(request.user).filter(path__startswith=call.owner.path)
                                .exclude(pk=call.owner_id), pk=unit_id)
    _require(request, "recommendations.view_college", college)
    return call, college


def _application(request: HttpRequest, pk: int) -> tuple[Application, Unit]:
    """An application of a branch under a college the user administers, to a published or closed call
    (else 404), that the user may act on (else 403). Returns it with its college."""
    _require(request, "recommendations.browse")
    q: Q | None = None
    for college in managed_colleges(request.user).only("path"):
        part = Q(branch__path__startswith=college.path)
        q = part if q is None else q | part
    if q is None:
        raise Http404
    application = get_object_or_404(
        Application.objects.filter(q, call__status__in=PUBLIC_STATUSES).select_related("call", "branch"), pk=pk)
    college = college_of(application.branch)
    if college is None:
        raise Http404
    _require(request, "recommendations.act", application)
    return application, college


def _back(call_id: int, college: Unit) -> HttpResponse:
    return redirect("recommendations:college", call_id=call_id, unit_id=college.pk)


def _recommendation(call: Call, college: Unit) -> Recommendation:
    """The college's list; an unsaved draft when nothing was done yet (the services create the row)."""
    found = (Recommendation.objects.filter(call=call, unit=college).select_related("submitted_by", "call", "unit")
             .first())
    return found or Recommendation(call=call, unit=college)


# --- pages ---------------------------------------------------------------------------------------

@login_required
def index(request: HttpRequest) -> HttpResponse:
    """For a college_admin: each published or closed call × each college administered, with counts. For
    an org_admin: the calls they own, with the receipt desk and each college's workbench (to look)."""
    _require(request, "recommendations.browse")
    user = request.user
    q = scope_q(user, (Role.COLLEGE_ADMIN,))
    own_colleges = list(managed_colleges(user).filter(q)) if q is not None else []
    calls = list(_public_calls().order_by("-deadline", "-pk"))
    owned_ids = set(managed_calls(user).filter(status__in=PUBLIC_STATUSES).values_list("pk", flat=True))
    owned = [c for c in calls if c.pk in owned_ids]

    pairs: list[tuple[Call, Unit]] = []
    for call in calls:
        for college in own_colleges:
            if college.path.startswith(call.owner.path) and college.pk != call.owner_id:
                pairs.append((call, college))
    owned_colleges: dict[int, list[Unit]] = {}
    if owned:
        every = list(managed_colleges(user).filter(
            Q(*[Q(path__startswith=c.owner.path) for c in owned], _connector=Q.OR)))
        for call in owned:
            owned_colleges[call.pk] = [u for u in every if u.path.startswith(call.owner.path) and u.pk != call.owner_id]
            pairs.extend((call, u) for u in owned_colleges[call.pk] if (call, u) not in pairs)

    rows = _summaries(pairs)
    college_rows = [rows[(c.pk, u.pk)] for c, u in pairs if u in own_colleges and (c.pk, u.pk) in rows]
    org_rows = [{"call": call, "colleges": [rows[(call.pk, u.pk)] for u in owned_colleges[call.pk]]}
                for call in owned]
    return render(request, "recommendations/index.html", {"college_rows": college_rows, "org_rows": org_rows})


def _summaries(pairs: list[tuple[Call, Unit]]) -> dict[tuple[int, int], dict[str, Any]]:
    """Counts, list status and deadline in force for each (call, college), in a fixed number of queries."""
    if not pairs:
        return {}
    calls = {c.pk: c for c, _u in pairs}
    call_ids = set(calls)
    colleges = {u.pk: u for _c, u in pairs}
    statuses: dict[tuple[int, int], Counter[str]] = {}
    rows = Application.objects.filter(call_id__in=call_ids).values_list("call_id", "branch__path", "status")
    for call_id, path, status in rows:
        for college in colleges.values():
            if path.startswith(college.path):
                statuses.setdefault((call_id, college.pk), Counter())[status] += 1
    recs = {(r.call_id, r.unit_id): r for r in Recommendation.objects.filter(
        call_id__in=call_ids, unit_id__in=colleges).select_related("submitted_by")}
    on_list = Counter((e["recommendation__call_id"], e["recommendation__unit_id"]) for e in
                      RecommendationEntry.objects.filter(recommendation__in=list(recs.values()))
                      .values("recommendation__call_id", "recommendation__unit_id"))
    extensions = {call_id: extensions_by_path(call) for call_id, call in calls.items()}
    result = {}
    for call, college in pairs:
        counts = statuses.get((call.pk, college.pk), Counter())
        ext = extension_in(extensions[call.pk], college)
        result[(call.pk, college.pk)] = {
            "call": call, "college": college, "submitted": counts[S.SUBMITTED], "returned": counts[S.RETURNED],
            "endorsed": counts[S.ENDORSED], "on_list": on_list[(call.pk, college.pk)], "quota": call.college_quota,
            "recommendation": recs.get((call.pk, college.pk)), "extension": ext,
            "deadline": deadline_in(extensions[call.pk], call, college)}
    return result


def _secretaries(on: Any) -> Prefetch:
    """Each branch's current secretary with their academic roles, for the eligibility rules (2 queries)."""
    return Prefetch("positions", to_attr="current_secretaries",
                    queryset=Position.objects.current(on).filter(role=PositionRole.SECRETARY)
                    .select_related("person").prefetch_related("person__academic_roles"))


@login_required
def workbench(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call, college = _call_and_college(request, call_id, unit_id)
    can_act = request.user.has_perm("recommendations.act", college)
    recommendation = _recommendation(call, college)
    extension = extension_in(extensions_by_path(call), college)
    deadline = extension.deadline if extension is not None else call.deadline
    past = timezone.now() >= deadline
    draft = recommendation.status == RecommendationStatus.DRAFT

    entries = (list(recommendation.entries.select_related("application__branch", "application__secretary")
                    .order_by("rank")) if recommendation.pk else [])
    listed = {e.application_id: e for e in entries}
    applications = list(college_applications(call, college).select_related("branch", "secretary")
                        .annotate(last_version=Max("versions__number")).order_by("branch__path", "-created_at"))
    branches = {b.pk: b for b in Unit.objects.filter(pk__in={a.branch_id for a in applications})
                .prefetch_related(_secretaries(timezone.localdate()))}
    as_of = timezone.localdate(deadline)
    rows = []
    for application in applications:
        branch = branches[application.branch_id]
        posts = branch.current_secretaries  # type: ignore[attr-defined]
        secretary = posts[0].person if posts else None
        results = evaluate(call, branch, secretary=secretary, as_of=as_of) if secretary is not None else []
        failed = [r for r in results if r.passed is False]
        status = application.status
        entry = listed.get(application.pk)
        on_sent_list = entry is not None and not draft
        rows.append({
            "application": application, "secretary": secretary or application.secretary, "entry": entry,
            "eligible": secretary is not None and is_eligible(results), "failed": failed,
            "no_secretary": secretary is None,
            "can_return": status in (S.SUBMITTED, S.ENDORSED, S.RETURNED_BY_SCHOOL),
            "can_endorse": status == S.SUBMITTED,
            "can_include": status == S.ENDORSED and entry is None and draft,
            "can_exclude": entry is not None and draft,
            "can_resend": on_sent_list and application.fix_by is not None
            and status in (S.RETURNED_BY_SCHOOL, S.ENDORSED),
        })
    order = [e.application_id for e in entries]
    ranked = []
    for i, entry in enumerate(entries):
        up = down = None
        if i > 0:
            up = order[:i - 1] + [order[i], order[i - 1]] + order[i + 1:]
        if i < len(order) - 1:
            down = order[:i] + [order[i + 1], order[i]] + order[i + 2:]
        ranked.append({"entry": entry, "up": up, "down": down})
    rules = attestation_rules(call)
    opinion_form = OpinionForm(rules=rules, initial={
        "opinion": recommendation.opinion, "attested": list(recommendation.attested or []),
        "lock_version": recommendation.lock_version})
    attested = set(recommendation.attested or [])
    return render(request, "recommendations/college_workbench.html", {
        "call": call, "college": college, "recommendation": recommendation, "draft": draft,
        "extension": extension, "deadline": deadline, "past": past, "can_act": can_act, "rows": rows,
        "ranked": ranked, "quota": call.college_quota, "opinion_form": opinion_form,
        "attestations": [{"rule": r, "checked": r.pk in attested} for r in rules],
        "withdraw_form": ReasonForm(), "return_form": ReasonForm(), "full": len(entries) >= call.college_quota})


# --- actions on the list -------------------------------------------------------------------------

def _locked_list(request: HttpRequest, call_id: int, unit_id: int) -> tuple[Call, Unit, Recommendation]:
    call, college = _call_and_college(request, call_id, unit_id)
    _require(request, "recommendations.act", college)
    return call, college, _recommendation(call, college)


def _lock_version(request: HttpRequest) -> int | None:
    form = LockedForm(request.POST)
    return form.cleaned_data["lock_version"] if form.is_valid() else None


@login_required
@require_POST
def reorder(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call, college, recommendation = _locked_list(request, call_id, unit_id)
    order = parse_order(request.POST.getlist("order"))
    expected = _lock_version(request)
    if order is None or expected is None:
        messages.error(request, _("The ranking could not be read; nothing was changed."))
        return _back(call.pk, college)
    try:
        recommendation_reorder(recommendation=recommendation, order=order, expected_lock_version=expected,
                               user=request.user)
    except StaleEdit as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The ranking was saved."))
    return _back(call.pk, college)


@login_required
@require_POST
def save(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call, college, recommendation = _locked_list(request, call_id, unit_id)
    form = OpinionForm(request.POST, rules=attestation_rules(call))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(call.pk, college)
    try:
        recommendation_save(recommendation=recommendation, opinion=form.cleaned_data["opinion"],
                            attested=form.cleaned_data["attested"],
                            expected_lock_version=form.cleaned_data["lock_version"], user=request.user)
    except StaleEdit as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The opinion and attestations were saved."))
    return _back(call.pk, college)


@login_required
@require_POST
def submit(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call, college, recommendation = _locked_list(request, call_id, unit_id)
    try:
        recommendation_submit(recommendation=recommendation, user=request.user)
    except ValidationError as exc:
        messages.error(request, _("The list was not sent:"))
        _error(request, exc)
    else:
        messages.success(request, _("The list was sent to the Organization Department."))
    return _back(call.pk, college)


@login_required
@require_POST
def withdraw(request: HttpRequest, call_id: int, unit_id: int) -> HttpResponse:
    call, college, recommendation = _locked_list(request, call_id, unit_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for withdrawing the list."))
        return _back(call.pk, college)
    try:
        recommendation_withdraw(recommendation=recommendation, user=request.user,
                                reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The list was withdrawn; change it and send it again before the deadline."))
    return _back(call.pk, college)


# --- actions on one application ------------------------------------------------------------------

def _act(request: HttpRequest, pk: int, action: Any, success: str, **kwargs: Any) -> HttpResponse:
    application, college = _application(request, pk)
    try:
        action(application=application, user=request.user, **kwargs)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, success % {"title": str(application)})
    return _back(application.call_id, college)


@login_required
@require_POST
def return_application(request: HttpRequest, pk: int) -> HttpResponse:
    application, college = _application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for returning the application; the applicant will see it."))
        return _back(application.call_id, college)
    return _act(request, pk, application_return, _("“%(title)s” was returned to the branch for revision."),
                reason=form.cleaned_data["reason"])


@login_required
@require_POST
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, application_endorse, _("“%(title)s” was endorsed."))


@login_required
@require_POST
def include(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, recommendation_include, _("“%(title)s” was put on the list."))


@login_required
@require_POST
def exclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, recommendation_exclude, _("“%(title)s” was taken off the list."))


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, application_resend, _("“%(title)s” was sent back to the Organization Department."))
