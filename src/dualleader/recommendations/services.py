"""The college's half of the notice (学院推荐): return or endorse each application, rank the endorsed ones,
write the opinion, confirm the attestations and send the list to the university within the quota and
before the deadline in force for the college.

Every service here is one transaction. Anything that changes the list first locks the college's
Recommendation row (created under a lock on the college's Unit row), so concurrent requests are served
one after another and the quota and the ranks cannot be broken by a race."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.accounts.enums import Role
from dualleader.accounts.models import User
from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.services import application_deadline
from dualleader.audit.services import record
from dualleader.calls.deadlines import beijing, check_not_past
from dualleader.calls.enums import RuleKind
from dualleader.calls.models import Call
from dualleader.notifications.recipients import all_of, college_admins_of, org_admins_over, secretaries_of
from dualleader.notifications.services import notify
from dualleader.units.models import Unit
from dualleader.versioning import StaleEdit

from .enums import RecommendationStatus
from .models import Recommendation, RecommendationEntry
from .selectors import college_of

MAX_REASON = 2000


class StaleRanking(StaleEdit):
    def __init__(self, recommendation: Recommendation) -> None:
        super().__init__(recommendation.updated_at, _(
            "The college's list was changed by someone else at %(time)s (Beijing time) after you opened it. "
            "Nothing was changed; the page now shows the current list."))


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text[:MAX_REASON]


def _lock(call: Call, college: Unit) -> Recommendation:
    """The college's recommendation for the call, created if needed, locked for this transaction."""
    Unit.objects.select_for_update().get(pk=college.pk)  # serialises the first creation
    recommendation, _created = Recommendation.objects.get_or_create(call=call, unit=college)
    return Recommendation.objects.select_for_update().select_related("call", "unit").get(pk=recommendation.pk)


def _touch(recommendation: Recommendation, *fields: str) -> None:
    recommendation.lock_version += 1
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["lock_version", "updated_at", *fields])


def _renumber(recommendation: Recommendation) -> None:
    entries = list(recommendation.entries.order_by("rank", "added_at", "pk"))
    for number, entry in enumerate(entries, start=1):
        if entry.rank != number:
            entry.rank = number
            entry.save(update_fields=["rank"])


def _detail_url(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


def _locked_application(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("call", "branch").get(pk=application.pk)


def _college_of(application: Application) -> Unit:
    college = college_of(application.branch)
    if college is None:
        raise ValidationError(_("This branch does not belong to a college Party committee."))
    return college


def _check_college_deadline(application: Application, college: Unit) -> None:
    """The college's deadline, or, for an application the university returned, the fix-by date."""
    if application.fix_by and timezone.now() < application.fix_by:
        return
    if application.fix_by and application.status in (S.RETURNED_BY_SCHOOL,):
        raise ValidationError(_("The date to fix it by, %(deadline)s, has passed.")
                              % {"deadline": beijing(application.fix_by)})
    check_not_past(application.call, college)


@transaction.atomic
def application_return(*, application: Application, user: Any, reason: str) -> Application:
    """退回修改: the college sends an application back to its branch with a written reason. The branch
    edits and submits again; the submitted version stays in the history. An application waiting on
    the university must first be withdrawn with the list."""
    reason = _reason(reason, _("Write the reason for returning the application; the applicant will see it."))
    locked = _locked_application(application)
    college = _college_of(locked)
    recommendation = _lock(locked.call, college)
    if locked.status == S.RECOMMENDED:
        raise ValidationError(_("This application is on the list sent to the university; withdraw the list "
                                "before returning it."))
    _check_college_deadline(locked, college)
    if recommendation.status == RecommendationStatus.DRAFT:
        removed = RecommendationEntry.objects.filter(recommendation=recommendation, application=locked).delete()[0]
        if removed:
            _renumber(recommendation)
            _touch(recommendation)
    result = workflow.transition(locked, S.RETURNED, reason=reason)
    notify(secretaries_of(locked.branch), kind="application.returned",
           title=_("Your application was returned for revision: %(title)s") % {"title": str(locked)},
           body=_("The college Party committee returned the application with this reason:\n%(reason)s\n"
                  "Revise it and submit it again before %(deadline)s.")
           % {"reason": reason, "deadline": beijing(application_deadline(result))},
           url=_detail_url(locked), obj=locked)
    return result


@transaction.atomic
def application_endorse(*, application: Application, user: Any) -> Application:
    """同意推荐: the college agrees the application may go forward; it can then be put on the list."""
    locked = _locked_application(application)
    college = _college_of(locked)
    _check_college_deadline(locked, college)
    result = workflow.transition(locked, S.ENDORSED)
    notify(secretaries_of(locked.branch), kind="application.endorsed",
           title=_("The college endorsed your application: %(title)s") % {"title": str(locked)},
           body=_("The college Party committee endorsed the application. It will decide the ranking and "
                  "send its list to the university."), url=_detail_url(locked), obj=locked)
    return result


@transaction.atomic
def recommendation_include(*, application: Application, user: Any) -> RecommendationEntry:
    """Put an endorsed application on the college's list, last. Refused when the list is full (the
    call's quota per college), already sent, or the deadline has passed."""
    locked = _locked_application(application)
    college = _college_of(locked)
    recommendation = _lock(locked.call, college)
    check_not_past(locked.call, college)
    if recommendation.status == RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has been sent to the university; withdraw it to change it."))
    if locked.status != S.ENDORSED:
        raise ValidationError(_("Only an endorsed application can be put on the list; this one is “%(state)s”.")
                              % {"state": locked.get_status_display()})
    existing = RecommendationEntry.objects.filter(application=locked).first()
    if existing is not None:
        return existing
    count = recommendation.entries.count()
    quota = recommendation.call.college_quota
    if count >= quota:
        raise ValidationError(_("The list already holds %(count)d applications, the quota for each college "
                                "in this call. Take one off before adding another.") % {"count": count})
    entry = RecommendationEntry.objects.create(recommendation=recommendation, application=locked,
                                               rank=count + 1, added_by=user)
    _touch(recommendation)
    record("recommendation.include", obj=recommendation, unit=college,
           after={"application": locked.pk, "rank": entry.rank})
    return entry


@transaction.atomic
def recommendation_exclude(*, application: Application, user: Any) -> None:
    """Take an application off the list (it stays endorsed); the ranks below move up."""
    locked = _locked_application(application)
    college = _college_of(locked)
    recommendation = _lock(locked.call, college)
    check_not_past(locked.call, college)
    if recommendation.status == RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has been sent to the university; withdraw it to change it."))
    entry = RecommendationEntry.objects.filter(recommendation=recommendation, application=locked).first()
    if entry is None:
        return
    entry.delete()
    _renumber(recommendation)
    _touch(recommendation)
    record("recommendation.exclude", obj=recommendation, unit=college,
           before={"application": locked.pk, "rank": entry.rank})


@transaction.atomic
def recommendation_reorder(*, recommendation: Recommendation, order: list[int], expected_lock_version: int,
                           user: Any) -> Recommendation:
    """Set the ranks: `order` lists the list's application ids, first-ranked first. Refused if the list
    changed since the page was loaded (two administrators ranking at once: the second is told, and no
    rank is lost), or if `order` is not exactly the applications on the list."""
    locked = _lock(recommendation.call, recommendation.unit)
    check_not_past(locked.call, locked.unit)
    if locked.status == RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has been sent to the university; withdraw it to change it."))
    if int(expected_lock_version) != locked.lock_version:
        raise StaleRanking(locked)
    entries = {e.application_id: e for e in locked.entries.all()}
    if sorted(order) != sorted(entries) or len(set(order)) != len(order):
        raise ValidationError(_("The ranking must list each application on the list exactly once."))
    before = {str(a): e.rank for a, e in entries.items()}
    for rank, application_id in enumerate(order, start=1):
        entry = entries[application_id]
        if entry.rank != rank:
            entry.rank = rank
            entry.save(update_fields=["rank"])
    _touch(locked)
    record("recommendation.reorder", obj=locked, unit=locked.unit, before={"ranks": before},
           after={"ranks": {str(a): r for r, a in enumerate(order, start=1)}})
    return locked


def attestation_rules(call: Call) -> list[Any]:
    return [r for r in call.rules.all() if r.enabled and r.kind == RuleKind.ATTESTATION]


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation, opinion: str, attested: list[int],
                        expected_lock_version: int | None, user: Any) -> Recommendation:
    """Keep the college opinion and the confirmed attestations while the list is being prepared."""
    locked = _lock(recommendation.call, recommendation.unit)
    if locked.status == RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has been sent to the university; withdraw it to change it."))
    if expected_lock_version is not None and int(expected_lock_version) != locked.lock_version:
        raise StaleRanking(locked)
    valid = {r.pk for r in attestation_rules(locked.call)}
    before = {"opinion": locked.opinion, "attested": locked.attested}
    locked.opinion = (opinion or "").strip()[:5000]
    locked.attested = sorted({int(a) for a in attested if int(a) in valid})
    _touch(locked, "opinion", "attested")
    record("recommendation.save", obj=locked, unit=locked.unit, before=before,
           after={"opinion": locked.opinion, "attested": locked.attested})
    return locked


@transaction.atomic
def recommendation_submit(*, recommendation: Recommendation, user: Any) -> Recommendation:
    """Send the list to the university: at least one and at most the quota of applications, all endorsed,
    the college opinion written, every attestation confirmed, and before the college's deadline."""
    locked = _lock(recommendation.call, recommendation.unit)
    check_not_past(locked.call, locked.unit)
    if locked.status == RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has already been sent to the university."))
    entries = list(locked.entries.select_related("application__branch").order_by("rank"))
    problems = []
    if not entries:
        problems.append(_("Put at least one endorsed application on the list."))
    if len(entries) > locked.call.college_quota:
        problems.append(_("The list holds %(count)d applications; the quota is %(quota)d.")
                        % {"count": len(entries), "quota": locked.call.college_quota})
    if not locked.opinion.strip():
        problems.append(_("Write the opinion of the college Party committee."))
    missing = [r.explanation for r in attestation_rules(locked.call) if r.pk not in set(locked.attested)]
    if missing:
        problems.append(_("Confirm every attestation: %(items)s") % {"items": "；".join(missing)})
    for entry in entries:
        if entry.application.status != S.ENDORSED:
            problems.append(_("“%(title)s” is “%(state)s”, not endorsed.")
                            % {"title": str(entry.application), "state": entry.application.get_status_display()})
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for entry in entries:
        workflow.transition(entry.application, S.RECOMMENDED)
    locked.status = RecommendationStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = user
    _touch(locked, "status", "submitted_at", "submitted_by")
    record("recommendation.submit", obj=locked, unit=locked.unit,
           after={"ranks": {str(e.application_id): e.rank for e in entries}})
    url = reverse("recommendations:college", args=[locked.call_id, locked.unit_id])
    for entry in entries:
        notify(secretaries_of(entry.application.branch), kind="application.recommended",
               title=_("Recommended to the university: %(title)s") % {"title": str(entry.application)},
               body=_("The college Party committee recommended the application to the university, ranked "
                      "%(rank)d.") % {"rank": entry.rank}, url=_detail_url(entry.application), obj=entry.application)
    notify(org_admins_over(locked.unit), kind="recommendation.submitted",
           title=_("%(college)s sent its recommendation for “%(call)s”") % {"college": locked.unit.name,
                                                                           "call": locked.call.name},
           body=_("%(count)d applications, ranked. Check them on the receipt desk.") % {"count": len(entries)},
           url=reverse("recommendations:desk", args=[locked.call_id]), obj=locked)
    notify(college_admins_of(locked.unit), kind="recommendation.submitted",
           title=_("The recommendation for “%(call)s” has been sent") % {"call": locked.call.name},
           url=url, obj=locked)
    return locked


@transaction.atomic
def recommendation_withdraw(*, recommendation: Recommendation, user: Any, reason: str) -> Recommendation:
    """Take the list back before the deadline, to change it and send it again. Refused once the
    university has decided on any application on it."""
    reason = _reason(reason, _("Give a reason for withdrawing the list."))
    locked = _lock(recommendation.call, recommendation.unit)
    check_not_past(locked.call, locked.unit)
    if locked.status != RecommendationStatus.SUBMITTED:
        raise ValidationError(_("The list has not been sent, so there is nothing to withdraw."))
    entries = list(locked.entries.select_related("application").order_by("rank"))
    decided = [e for e in entries if e.application.status not in (S.RECOMMENDED,)]
    if decided:
        raise ValidationError(_("The university has already checked “%(title)s”; the list can no longer be "
                                "withdrawn.") % {"title": str(decided[0].application)})
    for entry in entries:
        workflow.transition(entry.application, S.ENDORSED, reason=reason)
    locked.status = RecommendationStatus.DRAFT
    locked.withdrawn_at = timezone.now()
    _touch(locked, "status", "withdrawn_at")
    record("recommendation.withdraw", obj=locked, unit=locked.unit, after={"reason": reason})
    notify(org_admins_over(locked.unit), kind="recommendation.withdrawn",
           title=_("%(college)s withdrew its recommendation for “%(call)s”") % {"college": locked.unit.name,
                                                                               "call": locked.call.name},
           body=reason, url=reverse("recommendations:desk", args=[locked.call_id]), obj=locked)
    return locked


@transaction.atomic
def application_resend(*, application: Application, user: Any) -> Application:
    """Send an application the university returned back to it once fixed (whether or not the branch
    revised it in between), by the fix-by date. It keeps its place on the college's list."""
    locked = _locked_application(application)
    college = _college_of(locked)
    on_sent_list = RecommendationEntry.objects.filter(
        application=locked, recommendation__status=RecommendationStatus.SUBMITTED).exists()
    if locked.status not in (S.RETURNED_BY_SCHOOL, S.ENDORSED) or not on_sent_list or locked.fix_by is None:
        raise ValidationError(_("Only an application returned by the university can be sent back to it."))
    if timezone.now() >= locked.fix_by:
        raise ValidationError(_("The date to fix it by, %(deadline)s, has passed.")
                              % {"deadline": beijing(locked.fix_by)})
    result = workflow.transition(locked, S.RECOMMENDED)
    notify(org_admins_over(college), kind="application.resent",
           title=_("%(college)s sent back a corrected application: %(title)s") % {"college": college.name,
                                                                                  "title": str(locked)},
           url=reverse("recommendations:check", args=[locked.pk]), obj=locked)
    return result


def notify_extension(extension: Any) -> None:
    """Tell the college (and the branch secretaries under it with live applications) of a new deadline."""
    call, unit = extension.call, extension.unit
    secretaries = User.objects.filter(
        is_active=True, role_grants__role=Role.BRANCH_SECRETARY, role_grants__unit__path__startswith=unit.path,
        role_grants__unit__applications__call=call).distinct()
    people = all_of(college_admins_of(unit), secretaries)
    notify(people, kind="deadline.extended",
           title=_("Deadline extended for %(unit)s: “%(call)s”") % {"unit": unit.name, "call": call.name},
           body=_("The new deadline is %(deadline)s. Reason: %(reason)s")
           % {"deadline": beijing(extension.deadline), "reason": extension.reason},
           url=reverse("recommendations:college", args=[call.pk, unit.pk]), obj=extension)
