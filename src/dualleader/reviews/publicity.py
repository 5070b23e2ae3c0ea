"""公示: the public notice of the leading group's selection, its objections, and finalisation.

The notice is drafted from the Decision, published for a number of Chinese working days (reviews.workdays),
and finalised only after its last day has passed with every objection resolved. Finalising is the one act
that turns each application under review into selected or not_selected (applications.workflow.transition)
and creates a Studio for each selected one. Every write locks the PublicNotice row (or the Decision row
before the notice exists), so a publication, a resolution and a finalisation never interleave."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.models import Application
from dualleader.applications.selectors import with_college_names
from dualleader.audit.services import record
from dualleader.notifications.recipients import college_admins_of, org_admins_over, secretaries_of
from dualleader.notifications.services import notify
from dualleader.studios.models import Studio
from dualleader.units.models import Unit

from .enums import NoticeStatus, ObjectionOutcome, ObjectionStatus
from .models import Decision, DecisionEntry, Objection, PublicNotice
from .workdays import MAX_WORKING_DAYS, notice_period

MAX_TITLE = 200
MAX_BODY = 20000
MAX_CONTACT = 200
MAX_NAME = 60
MAX_OBJECTOR_CONTACT = 100
MAX_OBJECTION = 2000
MAX_RESOLUTION = 2000
# Objections from one address: enough for a person with several concerns, not enough to flood the desk.
OBJECTIONS_PER_IP_PER_DAY = 5
PUBLIC_STATUSES = (NoticeStatus.PUBLISHED, NoticeStatus.FINALIZED)


def today() -> datetime.date:
    """Today in Beijing (the project's time zone)."""
    return timezone.localdate()


def live_entries(decision: Decision) -> list[DecisionEntry]:
    """The entries still on the list (not removed by an upheld objection), by rank, with their branch,
    secretary and college name."""
    entries = list(decision.entries.filter(removed_at__isnull=True)
                   .select_related("application__branch", "application__secretary").order_by("rank", "pk"))
    with_college_names([e.application for e in entries])
    return entries


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_defaults(decision: Decision) -> dict[str, Any]:
    """A draft notice in Chinese official style: title, body with the list, period, contact."""
    call = decision.evaluation.call
    owner = decision.evaluation.owner
    lines = [f"{n}. {e.application.title or e.application.branch.name}（依托党支部：{e.application.branch.name}；"
             f"所在单位：{getattr(e.application, 'college_name', '') or '—'}；"
             f"支部书记：{e.application.secretary.name if e.application.secretary_id else '—'}）"
             for n, e in enumerate(live_entries(decision), start=1)]
    contact = "；".join(v for v in (call.contact_person, call.contact_phone) if v)
    body = "\n\n".join([
        f"根据《{call.name}》申报工作安排，经学院党委推荐、资格审查、专家评审和学校党建工作领导小组"
        f"{_cn_date(decision.meeting_date)}集中审议，拟确定以下{len(lines)}个“双带头人”教师党支部书记工作室"
        f"为建设单位（按评审排名排序），现予以公示。",
        "\n".join(lines) or "（无）",
        "公示期间，如对公示对象有异议，请以真实姓名、通过书面或本页异议表单向党委组织部反映，并提供联系方式及"
        "必要的证明材料，以便核实。以单位名义反映的，应加盖单位公章。匿名及无具体事实的反映不予受理。",
        f"联系人及电话：{contact or '（请填写）'}",
        f"{owner.name}组织部",
    ])
    return {"title": f"关于{call.name}“双带头人”教师党支部书记工作室拟立项建设名单的公示"[:MAX_TITLE],
            "body": body, "working_days": 5, "contact": contact[:MAX_CONTACT]}


def _lock_decision(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("evaluation__call", "evaluation__owner") \
        .get(pk=decision.pk)


def _lock_notice(notice: PublicNotice) -> PublicNotice:
    return PublicNotice.objects.select_for_update().select_related(
        "decision__evaluation__call", "decision__evaluation__owner").get(pk=notice.pk)


def _text(value: str, limit: int, missing: str, too_long: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(missing)
    if len(value) > limit:
        raise ValidationError(too_long % {"max": limit})
    return value


@transaction.atomic
def notice_save(*, decision: Decision, title: str, body: str, working_days: int, contact: str,
                user: Any) -> PublicNotice:
    """Keep the draft notice. Only a draft can be edited: once published, its text is what the public saw."""
    decision = _lock_decision(decision)
    title = _text(title, MAX_TITLE, _("Write the title of the notice."),
                  _("The title can be at most %(max)d characters."))
    body = _text(body, MAX_BODY, _("Write the text of the notice."),
                 _("The text can be at most %(max)d characters."))
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationError(_("The period must be between 1 and %(max)d working days.") % {"max": MAX_WORKING_DAYS})
    contact = (contact or "").strip()
    if len(contact) > MAX_CONTACT:
        raise ValidationError(_("The contact can be at most %(max)d characters.") % {"max": MAX_CONTACT})
    notice = PublicNotice.objects.select_for_update().filter(decision=decision).first()
    if notice is not None and notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("The notice has been published; its text can no longer be changed."))
    before = {"title": notice.title, "working_days": notice.working_days, "contact": notice.contact} \
        if notice else None
    if notice is None:
        notice = PublicNotice(decision=decision)
    notice.title, notice.body, notice.working_days, notice.contact = title, body, working_days, contact
    notice.save()
    record("review.notice_save", obj=notice, unit=decision.evaluation.owner, before=before,
           after={"title": title, "working_days": working_days, "contact": contact}, actor=user)
    return notice


@transaction.atomic
def notice_publish(*, notice: PublicNotice, user: Any, on: datetime.date | None = None) -> PublicNotice:
    """Publish the draft on the public site. The period starts on the first working day on or after
    today (Beijing) and ends on the `working_days`th working day; the decision is frozen from now on."""
    notice = _lock_notice(notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError(_("The notice has already been published."))
    if not live_entries(notice.decision):
        raise ValidationError(_("The decision selects no application; there is nothing to publish."))
    starts, ends = notice_period(on or today(), notice.working_days)
    notice.status = NoticeStatus.PUBLISHED
    notice.starts_on, notice.ends_on = starts, ends
    notice.published_at, notice.published_by = timezone.now(), user
    notice.save(update_fields=["status", "starts_on", "ends_on", "published_at", "published_by", "updated_at"])
    record("review.notice_publish", obj=notice, unit=notice.unit, before={"status": NoticeStatus.DRAFT},
           after={"status": notice.status, "starts_on": starts.isoformat(), "ends_on": ends.isoformat(),
                  "working_days": notice.working_days}, actor=user)
    return notice


def accepts_objections(notice: PublicNotice, on: datetime.date | None = None) -> bool:
    """Objections are taken from publication until the end of the period's last day (Beijing)."""
    return notice.status == NoticeStatus.PUBLISHED and notice.ends_on is not None \
        and (on or today()) <= notice.ends_on


@transaction.atomic
def objection_submit(*, notice: PublicNotice, name: str, contact: str, text: str,
                     application_id: int | None, ip: str | None, on: datetime.date | None = None) -> Objection:
    """Anyone may object, under their real name with a way to reach them, while the period runs. At most
    OBJECTIONS_PER_IP_PER_DAY from one address in 24 hours (counted under the notice lock, so a burst
    cannot slip past the count). The Organization Department is told."""
    notice = _lock_notice(notice)
    if not accepts_objections(notice, on):
        raise ValidationError(_("The public notice period has ended; objections are no longer accepted."))
    name = _text(name, MAX_NAME, _("Give your real name."), _("The name can be at most %(max)d characters."))
    contact = _text(contact, MAX_OBJECTOR_CONTACT, _("Give a telephone number or e-mail address to reach you."),
                    _("The contact can be at most %(max)d characters."))
    text = _text(text, MAX_OBJECTION, _("Write what you object to and the facts behind it."),
                 _("The objection can be at most %(max)d characters."))
    application = None
    if application_id is not None:
        entry = notice.decision.entries.filter(application_id=application_id, removed_at__isnull=True) \
            .select_related("application").first()
        if entry is None:
            raise ValidationError(_("Choose a studio from the list in the notice."))
        application = entry.application
    if ip:
        since = timezone.now() - datetime.timedelta(days=1)
        if Objection.objects.filter(ip=ip, submitted_at__gte=since).count() >= OBJECTIONS_PER_IP_PER_DAY:
            raise ValidationError(_("Too many objections have been sent from this network today. Please "
                                    "contact the Organization Department by telephone or in writing."))
    objection = Objection.objects.create(notice=notice, application=application, name=name, contact=contact,
                                         text=text, ip=ip or None)
    record("review.objection_submit", obj=objection, unit=notice.unit,
           after={"notice": notice.pk, "application": application.pk if application else None, "name": name})
    notify(org_admins_over(notice.unit), kind="review.objection",
           title=_("New objection to the public notice: %(title)s") % {"title": notice.title},
           body=_("%(name)s submitted an objection. Resolve it before finalising the notice.") % {"name": name},
           url=reverse("reviews:notice", args=[notice.decision.evaluation.call_id]), obj=objection)
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, outcome: str, resolution: str, user: Any,
                      remove_application_id: int | None = None) -> Objection:
    """Record how an objection was dealt with. An upheld objection may take one application off the
    list (DecisionEntry.removed_at); it will be not_selected at finalisation. Resolved objections are final."""
    notice = _lock_notice(objection.notice)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError(_("Objections can be resolved only while the notice is published and not finalised."))
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("This objection has already been resolved."))
    if outcome not in ObjectionOutcome.values:
        raise ValidationError(_("Choose whether the objection is upheld or dismissed."))
    resolution = _text(resolution, MAX_RESOLUTION, _("Write how the objection was looked into and resolved."),
                       _("The resolution can be at most %(max)d characters."))
    removed = None
    if remove_application_id is not None:
        if outcome != ObjectionOutcome.UPHELD:
            raise ValidationError(_("Only an upheld objection can take an application off the list."))
        removed = DecisionEntry.objects.select_for_update().filter(
            decision=notice.decision, application_id=remove_application_id, removed_at__isnull=True).first()
        if removed is None:
            raise ValidationError(_("That application is not on the list."))
        removed.removed_at = timezone.now()
        removed.save(update_fields=["removed_at"])
    objection.status, objection.outcome, objection.resolution = ObjectionStatus.RESOLVED, outcome, resolution
    objection.resolved_by, objection.resolved_at = user, timezone.now()
    objection.save(update_fields=["status", "outcome", "resolution", "resolved_by", "resolved_at"])
    record("review.objection_resolve", obj=objection, unit=notice.unit, before={"status": ObjectionStatus.OPEN},
           after={"status": objection.status, "outcome": outcome,
                  "removed_application": removed.application_id if removed else None}, actor=user)
    return objection


@dataclass(frozen=True)
class FinalizeCheck:
    allowed: bool
    reasons: list[str]


def finalize_check(notice: PublicNotice | None, on: datetime.date | None = None) -> FinalizeCheck:
    """Whether the notice can be finalised now, and why not."""
    if notice is None or notice.status == NoticeStatus.DRAFT:
        return FinalizeCheck(False, [_("The notice has not been published yet.")])
    if notice.status == NoticeStatus.FINALIZED:
        return FinalizeCheck(False, [_("The notice has already been finalised.")])
    reasons = []
    if notice.ends_on is not None and (on or today()) <= notice.ends_on:
        reasons.append(_("The notice period runs until %(day)s; it can be finalised from the next day.")
                       % {"day": notice.ends_on.isoformat()})
    open_count = notice.objections.filter(status=ObjectionStatus.OPEN).count()
    if open_count:
        reasons.append(_("%(n)d objection(s) still open; resolve them first.") % {"n": open_count})
    return FinalizeCheck(not reasons, reasons)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cycle_for(finalized_on: datetime.date, years: int) -> tuple[datetime.date, datetime.date]:
    """The construction cycle: from the day after finalisation, `years` long (its last day is the day
    before the same date `years` later)."""
    starts = finalized_on + datetime.timedelta(days=1)
    return starts, add_years(starts, years) - datetime.timedelta(days=1)


def _college_of(branch: Unit, colleges: dict[str, Unit]) -> Unit | None:
    return colleges.get(branch.path[: -Unit.steplen]) if branch.depth > 1 else None


@transaction.atomic
def notice_finalize(*, notice: PublicNotice, user: Any, on: datetime.date | None = None) -> list[Studio]:
    """确定名单: after the period's last day, with no open objection, each application of the call under
    review becomes selected (on the list) or not_selected, each selected one becomes a Studio with its
    cycle, and applicants and their colleges are told. Reviewer identities and scores are never in
    these messages; the application page shows what the evaluation allows."""
    notice = _lock_notice(notice)
    on = on or today()
    check = finalize_check(notice, on)
    if not check.allowed:
        raise ValidationError(check.reasons)
    decision = notice.decision
    evaluation = decision.evaluation
    call = evaluation.call
    ranks = {e.application_id: n for n, e in enumerate(live_entries(decision), start=1)}
    applications = list(Application.objects.select_for_update().filter(call=call, status=S.UNDER_REVIEW)
                        .select_related("branch", "secretary").order_by("pk"))
    starts, ends = cycle_for(on, call.cycle_years)
    studios: list[Studio] = []
    results: dict[int, bool] = {}
    for application in applications:
        selected = application.pk in ranks
        results[application.pk] = selected
        workflow.transition(application, S.SELECTED if selected else S.NOT_SELECTED)
        if selected:
            studios.append(Studio.objects.create(
                application=application, call=call, branch=application.branch, leader=application.secretary,
                name=(application.title or application.branch.name)[:200], cycle_starts_on=starts,
                cycle_ends_on=ends, selection_rank=ranks[application.pk]))
    notice.status, notice.finalized_at, notice.finalized_by = NoticeStatus.FINALIZED, timezone.now(), user
    notice.save(update_fields=["status", "finalized_at", "finalized_by", "updated_at"])
    record("review.notice_finalize", obj=notice, unit=notice.unit, before={"status": NoticeStatus.PUBLISHED},
           after={"status": notice.status, "selected": sorted(a for a, s in results.items() if s),
                  "not_selected": sorted(a for a, s in results.items() if not s),
                  "studios": [s.pk for s in studios], "cycle": [starts.isoformat(), ends.isoformat()]}, actor=user)
    _announce(applications, results, ranks, call, starts, ends)
    return studios


def _announce(applications: list[Application], results: dict[int, bool], ranks: dict[int, int], call: Any,
              starts: datetime.date, ends: datetime.date) -> None:
    colleges = {u.path: u for u in Unit.objects.filter(
        path__in={a.branch.path[: -Unit.steplen] for a in applications if a.branch.depth > 1})}
    per_college: dict[int, list[str]] = {}
    for application in applications:
        selected = results[application.pk]
        url = reverse("applications:detail", args=[application.pk])
        if selected:
            title = _("Your studio was selected: %(title)s") % {"title": str(application)}
            body = _("After the public notice, the university confirmed the list of %(call)s. Your studio is "
                     "number %(rank)d on it; its construction cycle runs from %(starts)s to %(ends)s.") % {
                "call": call.name, "rank": ranks[application.pk], "starts": starts.isoformat(),
                "ends": ends.isoformat()}
        else:
            title = _("Result of your application: %(title)s") % {"title": str(application)}
            body = _("After the public notice, the university confirmed the list of %(call)s. Your application "
                     "was not selected this time.") % {"call": call.name}
        notify(secretaries_of(application.branch), kind="review.result", title=title, body=body, url=url,
               obj=application)
        college = _college_of(application.branch, colleges)
        if college is not None:
            line = (_("%(branch)s: selected (number %(rank)d)") % {"branch": application.branch.name,
                                                                    "rank": ranks[application.pk]}
                    if selected else _("%(branch)s: not selected") % {"branch": application.branch.name})
            per_college.setdefault(college.pk, []).append(line)
    by_pk = {u.pk: u for u in colleges.values()}
    for college_pk, lines in per_college.items():
        notify(college_admins_of(by_pk[college_pk]), kind="review.result",
               title=_("Selection results of %(call)s") % {"call": call.name},
               body="\n".join(lines), url=reverse("studios:list"), obj=by_pk[college_pk])


def public_notices() -> QuerySet[PublicNotice]:
    """Notices anyone may read: published or finalised."""
    return PublicNotice.objects.filter(status__in=PUBLIC_STATUSES)
