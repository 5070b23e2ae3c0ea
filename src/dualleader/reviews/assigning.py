"""Giving applications to reviewers in a round: automatically (reviews.planner: k per application,
balanced, never the reviewer's own college or branch, never a conflict or an earlier decline), by hand,
taking back an unstarted review, and handing on a declined one.

Each write locks the round row, so two administrators assigning at once are served one after the
other and nobody ends up with the same application twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dualleader.accounts.models import User
from dualleader.applications.models import Application
from dualleader.audit.services import record
from dualleader.notifications.recipients import org_admins_over
from dualleader.notifications.services import notify

from .conflicts import college_paths, home_path, panel_for_conflicts, related
from .conflicts import forbidden_pairs as conflict_pairs
from .enums import AssignmentStatus, RoundStatus
from .models import Assignment, Conflict, ReviewRound
from .planner import Plan, plan
from .setup import _lock_round, reviewable_statuses

LIVE = [AssignmentStatus.ASSIGNED, AssignmentStatus.DRAFT, AssignmentStatus.SUBMITTED]


def round_applications(round_: ReviewRound) -> list[Application]:
    """The applications the round reviews, with their branches, in a stable order (one query)."""
    return list(Application.objects.filter(call_id=round_.evaluation.call_id,
                                           status__in=reviewable_statuses(round_))
                .select_related("branch").order_by("branch__path", "pk"))


def _live_pairs(round_: ReviewRound) -> list[tuple[int, int]]:
    return list(Assignment.objects.filter(round=round_, status__in=LIVE).values_list("application_id", "reviewer_id"))


def _tell(reviewers: Iterable[User], counts: Counter[int], round_: ReviewRound) -> None:
    for reviewer in reviewers:
        n = counts[reviewer.pk]
        notify([reviewer], kind="reviews.assigned",
               title=ngettext("%(round)s: %(n)d application assigned to you for review",
                              "%(round)s: %(n)d applications assigned to you for review", n)
               % {"round": round_, "n": n},
               body=_("Score them in “My reviews” between the round's opening and its closing."),
               url=reverse("reviews:queue"), obj=round_)


def _check_assignable(locked: ReviewRound) -> None:
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed; nothing can be assigned in it."))


@transaction.atomic
def assign_auto(*, round: ReviewRound, user: Any, k: int | None = None,
                application_ids: list[int] | None = None) -> Plan:
    """Give each application of the round `k` reviewers in all (default: the round's reviewers per
    application), least-loaded first, never a forbidden pair. `application_ids` limits it to chosen
    applications (e.g. those invited to the presentation round). Existing reviews count. Returns the
    plan: the pairs created, and for each application how many reviewers are still missing."""
    locked = _lock_round(round)
    _check_assignable(locked)
    k = locked.reviewers_per_item if k is None else k
    if not 1 <= k <= 50:
        raise ValidationError(_("Reviewers per application must be between 1 and %(n)d.") % {"n": 50})
    applications = round_applications(locked)
    if application_ids is not None:
        chosen = set(application_ids)
        unknown = chosen - {a.pk for a in applications}
        if unknown:
            raise ValidationError(_("Some chosen applications are not reviewed in this round."))
        applications = [a for a in applications if a.pk in chosen]
    if not applications:
        raise ValidationError(_("There are no applications to assign in this round."))
    members = panel_for_conflicts(locked.evaluation)
    if not members:
        raise ValidationError(_("The panel is empty; add reviewers first."))
    forbidden = conflict_pairs(locked.evaluation, applications, members)
    result = plan([a.pk for a in applications], [m.user_id for m in members], k,
                  existing=_live_pairs(locked), forbidden=forbidden)
    Assignment.objects.bulk_create(
        Assignment(round=locked, reviewer_id=reviewer, application_id=item, automatic=True, assigned_by=user)
        for item, reviewer in result.pairs)
    counts = Counter(reviewer for _item, reviewer in result.pairs)
    _tell([m.user for m in members if counts[m.user_id]], counts, locked)
    record("reviews.assign_auto", obj=locked, unit=locked.evaluation.owner, actor=user,
           after={"k": k, "created": [[i, r] for i, r in result.pairs], "short": {str(i): n for i, n in
                                                                                  result.short.items()}})
    return result


def refusal(round_: ReviewRound, reviewer_id: int, application: Application) -> str | None:
    """Why `reviewer_id` may not review `application` in the round, or None (a few queries)."""
    evaluation = round_.evaluation
    member = next((m for m in panel_for_conflicts(evaluation) if m.user_id == reviewer_id), None)
    if member is None:
        return _("This reviewer is not on the panel.")
    if related(home_path(member), application.branch.path, college_paths(evaluation.owner)):
        return _("%(name)s works in the applicant's college or branch.") % {"name": member.user.display_name}
    if Conflict.objects.filter(evaluation=evaluation, reviewer_id=reviewer_id, application=application).exists():
        return _("%(name)s has a conflict of interest with this application.") % {"name": member.user.display_name}
    if Assignment.objects.filter(round__evaluation=evaluation, reviewer_id=reviewer_id, application=application,
                                 status=AssignmentStatus.DECLINED).exists():
        return _("%(name)s declined this application before.") % {"name": member.user.display_name}
    if Assignment.objects.filter(round=round_, reviewer_id=reviewer_id, application=application).exists():
        return _("%(name)s already has this application in this round.") % {"name": member.user.display_name}
    return None


@transaction.atomic
def assign_manual(*, round: ReviewRound, reviewer: User, application: Application, user: Any) -> Assignment:
    """Give one application to one panel member by hand. The same rules as the automatic assignment:
    not their own college or branch, no conflict, not one they declined, not twice."""
    locked = _lock_round(round)
    _check_assignable(locked)
    application = Application.objects.select_related("branch").get(pk=application.pk)
    if application.call_id != locked.evaluation.call_id or application.status not in reviewable_statuses(locked):
        raise ValidationError(_("This application is not reviewed in this round."))
    why = refusal(locked, reviewer.pk, application)
    if why:
        raise ValidationError(why)
    assignment = Assignment.objects.create(round=locked, reviewer=reviewer, application=application,
                                           assigned_by=user)
    record("reviews.assign_manual", obj=assignment, unit=locked.evaluation.owner, actor=user,
           after={"reviewer": reviewer.pk, "application": application.pk})
    _tell([reviewer], Counter({reviewer.pk: 1}), locked)
    return assignment


@transaction.atomic
def unassign(*, assignment: Assignment, user: Any) -> None:
    """Take back a review the reviewer has not started (nothing saved). A started, submitted or declined
    review stays, as part of the record."""
    locked_round = _lock_round(assignment.round)
    locked = Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    if locked.status != AssignmentStatus.ASSIGNED or locked.saved_at is not None:
        raise ValidationError(_("Only a review that has not been started can be taken back; this one is “%(state)s”.")
                              % {"state": locked.get_status_display()})
    if locked_round.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed; its assignments stay as they are."))
    record("reviews.unassign", obj=locked, unit=locked_round.evaluation.owner, actor=user,
           before={"reviewer": locked.reviewer_id, "application": locked.application_id})
    reviewer = locked.reviewer
    locked.delete()
    notify([reviewer], kind="reviews.unassigned",
           title=_("%(round)s: a review was taken back from you") % {"round": locked_round},
           body=_("The Organization Department gave application No. %(n)d to someone else; you need not review it.")
           % {"n": assignment.application_id}, url=reverse("reviews:queue"), obj=locked_round)


def replace_declined(*, assignment: Assignment, user: Any) -> Assignment | None:
    """Hand a declined review to the least-loaded eligible panel member (the planner with k = live
    reviews of the application + 1; forbidden pairs include the decline). Called inside the decline's
    transaction. The new reviewer is told; when nobody is eligible, the Organization Department is told
    and None is returned."""
    locked = _lock_round(assignment.round)
    evaluation = locked.evaluation
    application = Application.objects.select_related("branch").get(pk=assignment.application_id)
    members = panel_for_conflicts(evaluation)
    existing = _live_pairs(locked)
    live_here = sum(1 for item, _r in existing if item == application.pk)
    result = plan([application.pk], [m.user_id for m in members], live_here + 1, existing=existing,
                  forbidden=conflict_pairs(evaluation, [application], members))
    url = reverse("reviews:assignments", args=[locked.pk])
    if not result.pairs or locked.status == RoundStatus.CLOSED:
        notify(org_admins_over(evaluation.owner), kind="reviews.declined",
               title=_("A reviewer declined a review and nobody is left to take it"),
               body=_("%(round)s: application No. %(n)d needs another reviewer; add one to the panel or "
                      "assign it by hand.") % {"round": locked, "n": application.pk}, url=url, obj=locked)
        record("reviews.replace_declined", obj=assignment, unit=evaluation.owner, actor=user,
               after={"replacement": None})
        return None
    [(_item, reviewer_id)] = result.pairs
    created = Assignment.objects.create(round=locked, reviewer_id=reviewer_id, application=application,
                                        automatic=True, replaces=assignment, assigned_by=user)
    record("reviews.replace_declined", obj=assignment, unit=evaluation.owner, actor=user,
           after={"replacement": created.pk, "reviewer": reviewer_id})
    reviewer = next(m.user for m in members if m.user_id == reviewer_id)
    _tell([reviewer], Counter({reviewer_id: 1}), locked)
    return created
