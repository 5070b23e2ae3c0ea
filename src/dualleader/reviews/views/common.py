"""Looking up the objects of review pages with the right answer for outsiders: a call, round or
object outside the user's Organization Department scope is 404; inside it without the right, 403. A
reviewer reaches only assignments made to them; anything else is 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from dualleader.calls.models import Call
from dualleader.calls.selectors import managed_calls

from ..enums import EvaluationKind
from ..models import Assignment, Evaluation, ReviewRound


def call_for(request: HttpRequest, call_id: int) -> Call:
    """A call the user runs reviews for (org_admin over its owner), else 404; without reviews.manage 403."""
    call = get_object_or_404(managed_calls(request.user).select_related("owner"), pk=call_id)
    if not request.user.has_perm("reviews.manage") or not request.user.has_perm("reviews.run", call):
        raise PermissionDenied("reviews.run")
    return call


def evaluation_for(request: HttpRequest, call_id: int, kind: str = EvaluationKind.SELECTION) -> Evaluation:
    """The call's evaluation (404 until it has been started, see reviews.start.evaluation_start)."""
    call = call_for(request, call_id)
    evaluation = Evaluation.objects.select_related("call", "owner").filter(call=call, kind=kind).first()
    if evaluation is None:
        raise Http404("no evaluation")
    return evaluation


def round_for(request: HttpRequest, round_id: int) -> ReviewRound:
    """A round of an evaluation the user runs, else 404 / 403 as for the call."""
    round_ = get_object_or_404(ReviewRound.objects.select_related("evaluation__call", "evaluation__owner"),
                               pk=round_id, evaluation__call__in=managed_calls(request.user))
    if not request.user.has_perm("reviews.manage") or not request.user.has_perm("reviews.run", round_.evaluation):
        raise PermissionDenied("reviews.run")
    return round_


def managed(request: HttpRequest, model: type[Any], pk: int, path_to_call: str, **select: Any) -> Any:
    """Any review object reached from a call through `path_to_call` (e.g. "evaluation__call" for a
    PanelMember), scoped like `call_for`."""
    obj = get_object_or_404(model.objects.select_related(path_to_call.replace("__call", "__owner")),
                            pk=pk, **{f"{path_to_call}__in": managed_calls(request.user)})
    if not request.user.has_perm("reviews.manage") or not request.user.has_perm("reviews.run", obj):
        raise PermissionDenied("reviews.run")
    return obj


def assignment_for(request: HttpRequest, pk: int) -> Assignment:
    """An assignment of the signed-in reviewer, else 404 (whoever else asks)."""
    if not request.user.has_perm("reviews.queue"):
        raise PermissionDenied("reviews.queue")
    assignment = get_object_or_404(
        Assignment.objects.select_related("round__evaluation__call", "round__evaluation__owner",
                                          "application__branch", "application__call"),
        pk=pk, reviewer=request.user)
    if not request.user.has_perm("reviews.score", assignment):
        raise Http404
    return assignment
