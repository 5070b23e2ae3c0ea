"""The Organization Department's half (受理与资格审查): extend a college's deadline, record the paper copy,
run the formal-check list on each recommended application and accept it or return it to the college."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.applications import workflow
from dualleader.applications.enums import ApplicationStatus as S
from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Application, ApplicationVersion, Attachment
from dualleader.audit.services import record
from dualleader.calls.deadlines import beijing, deadline_for, deadline_in, extensions_by_path
from dualleader.calls.eligibility import evaluate
from dualleader.calls.formschema import iter_fields, validate_data
from dualleader.calls.models import Call, DeadlineExtension
from dualleader.notifications.recipients import all_of, college_admins_of, secretaries_of
from dualleader.notifications.services import notify
from dualleader.units.enums import PositionRole
from dualleader.units.models import Position, Unit

from .enums import CheckDecision, RecommendationStatus
from .models import FormalCheck, PaperReceipt, Recommendation
from .selectors import college_of
from .services import notify_extension


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    passed: bool
    detail: str


@transaction.atomic
def deadline_extension_grant(*, call: Call, unit: Unit, deadline: datetime.datetime, reason: str,
                             user: Any) -> DeadlineExtension:
    """Give one college a later deadline. It must be later than the call's own deadline; the newest
    grant replaces earlier ones. Audited, and the college is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the extension."))
    if not unit.path.startswith(call.owner.path) or unit.pk == call.owner_id:
        raise ValidationError(_("Extensions are granted to a college under the unit that owns the call."))
    if deadline <= call.deadline:
        raise ValidationError(_("The new deadline must be later than the call's deadline, %(deadline)s.")
                              % {"deadline": beijing(call.deadline)})
    Call.objects.select_for_update().get(pk=call.pk)
    before = deadline_for(call, unit)
    extension = DeadlineExtension.objects.create(call=call, unit=unit, deadline=deadline, reason=reason[:2000],
                                                 granted_by=user)
    record("call.extension", obj=call, unit=unit, before={"deadline": before.isoformat()},
           after={"deadline": deadline.isoformat(), "unit": unit.pk, "reason": extension.reason})
    notify_extension(extension)
    from dualleader.notifications.reminders import schedule_reminders

    schedule_reminders(call, unit=unit)
    return extension


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def checklist(application: Application) -> list[CheckItem]:
    """The formal check as it stands: eligibility as at the deadline, required content, attachments,
    the stamped scan of the latest version and the paper copy."""
    return checklists([application])[application.pk]


def _content_labels(schema: dict[str, Any], errors: dict[str, str]) -> str:
    """The form's own labels for the fields with problems ("plan.1.0.goal" is the 建设计划 field)."""
    labels = {field["key"]: field.get("label") or field["key"] for _section, field in iter_fields(schema)}
    names: list[str] = []
    for key in errors:
        name = labels.get(str(key).split(".")[0], str(key))
        if name not in names:
            names.append(name)
    return _("Missing or invalid: %(fields)s") % {"fields": "、".join(names[:10])}


def checklists(applications: list[Application]) -> dict[int, list[CheckItem]]:
    """`checklist` for many applications with a fixed number of queries (the receipt desk's lists)."""
    applications = list(applications)
    if not applications:
        return {}
    ids = [a.pk for a in applications]
    calls: dict[int, Call] = {}
    for a in applications:
        calls.setdefault(a.call_id, a.call)
    prefetch_related_objects(list(calls.values()), "rules")
    extensions = {call_id: extensions_by_path(call) for call_id, call in calls.items()}
    branch_ids = {a.branch_id for a in applications}
    secretaries: dict[int, Any] = {}
    for post in (Position.objects.current(timezone.localdate()).filter(unit_id__in=branch_ids,
                                                                       role=PositionRole.SECRETARY)
                 .select_related("person").prefetch_related("person__academic_roles")):
        secretaries.setdefault(post.unit_id, post.person)
    latest: dict[int, ApplicationVersion] = {}
    for v in (ApplicationVersion.objects.filter(application_id__in=ids).select_related("form")
              .prefetch_related("attachments").order_by("application_id", "-number")):
        latest.setdefault(v.application_id, v)
    scans: dict[int, list[Attachment]] = {}
    for scan in Attachment.objects.filter(application_id__in=ids, kind=AttachmentKind.STAMPED_SCAN,
                                          removed_at__isnull=True).order_by("uploaded_at", "pk"):
        scans.setdefault(scan.application_id, []).append(scan)
    receipts = {r.application_id: r for r in PaperReceipt.objects.filter(application_id__in=ids)}
    result: dict[int, list[CheckItem]] = {}
    for application in applications:
        call = calls[application.call_id]
        version = latest.get(application.pk)
        items: list[CheckItem] = []
        as_of = timezone.localdate(deadline_in(extensions[call.pk], call, application.branch))
        # A branch without a secretary on record: evaluate looks again (one query) and finds none.
        results = evaluate(call, application.branch, secretary=secretaries.get(application.branch_id), as_of=as_of)
        failed = [r for r in results if r.passed is False]
        items.append(CheckItem("eligibility", _("Meets the construction standard as at %(day)s")
                               % {"day": as_of.isoformat()},
                               not failed, "；".join(f"{r.rule.explanation} {r.reason}" for r in failed)
                               or _("All %(n)d conditions met.") % {"n": len(results)}))
        if version is None:
            items.append(CheckItem("content", _("Every required section filled"), False, _("No submitted version.")))
        else:
            errors = validate_data(version.form.schema, version.data, call, submitting=True)
            items.append(CheckItem("content", _("Every required section filled"), not errors,
                                   _content_labels(version.form.schema, errors) if errors
                                   else _("Version %(n)d is complete.") % {"n": version.number}))
        evidence = list(version.attachments.all()) if version is not None else []
        items.append(CheckItem("attachments", _("Supporting materials attached"), bool(evidence),
                               _("%(n)d files.") % {"n": len(evidence)} if evidence
                               else _("No supporting material.")))
        own = [s for s in scans.get(application.pk, []) if version is not None and s.version_id == version.pk]
        items.append(CheckItem("stamped_scan", _("Stamped scan of the submitted version uploaded"), bool(own),
                               own[-1].original_name if own else _("Not uploaded.")))
        receipt = receipts.get(application.pk)
        items.append(CheckItem("paper", _("Paper copy received"), receipt is not None,
                               _("Received on %(day)s.") % {"day": receipt.received_on.isoformat()} if receipt
                               else _("Not yet received.")))
        result[application.pk] = items
    return result


def _on_sent_list(application: Application) -> Recommendation:
    entry = getattr(application, "recommendation_entry", None)
    if entry is None or entry.recommendation.status != RecommendationStatus.SUBMITTED:
        raise ValidationError(_("This application is not on a list sent to the university."))
    return entry.recommendation


@transaction.atomic
def paper_receipt_record(*, application: Application, received_on: datetime.date, note: str,
                         user: Any) -> PaperReceipt:
    """Mark the stamped paper copy as received on a day (not in the future)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _on_sent_list(locked)
    if received_on > timezone.localdate():
        raise ValidationError(_("The day the paper copy was received cannot be in the future."))
    before = PaperReceipt.objects.filter(application=locked).first()
    receipt, _created = PaperReceipt.objects.update_or_create(
        application=locked, defaults={"received_on": received_on, "note": (note or "").strip()[:200],
                                      "recorded_by": user})
    record("application.paper_received", obj=locked, unit=locked.branch,
           before={"received_on": before.received_on.isoformat()} if before else None,
           after={"received_on": received_on.isoformat(), "note": receipt.note})
    return receipt


def _people(application: Application) -> list[Any]:
    college = college_of(application.branch)
    return all_of(secretaries_of(application.branch), *( [college_admins_of(college)] if college else []))


@transaction.atomic
def formal_check_accept(*, application: Application, user: Any) -> FormalCheck:
    """通过资格审查: every item of the checklist must pass."""
    locked = Application.objects.select_for_update().select_related("call", "branch").get(pk=application.pk)
    _on_sent_list(locked)
    if locked.status != S.RECOMMENDED:
        raise ValidationError(_("Only an application recommended by its college can be checked; this one is "
                                "“%(state)s”.") % {"state": locked.get_status_display()})
    items = checklist(locked)
    failing = [i for i in items if not i.passed]
    if failing:
        raise ValidationError([_("Not every item of the formal check passes:")]
                              + [f"{i.label}：{i.detail}" for i in failing])
    version = latest_version(locked)
    assert version is not None  # the content item passed
    check = FormalCheck.objects.create(application=locked, version=version, decision=CheckDecision.ACCEPTED,
                                       items=[asdict(i) for i in items], decided_by=user)
    workflow.transition(locked, S.ACCEPTED, fix_by=None)
    notify(_people(locked), kind="application.accepted",
           title=_("Passed the formal check: %(title)s") % {"title": str(locked)},
           body=_("The Organization Department accepted the application; it goes on to review."),
           url=reverse("applications:detail", args=[locked.pk]), obj=locked)
    return check


@transaction.atomic
def formal_check_return(*, application: Application, reason: str, fix_by: datetime.datetime,
                        user: Any) -> FormalCheck:
    """退回学院: the application goes back to the college with a reason and an instant to fix it by,
    which may fall after the call's deadline."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Write what the college has to fix."))
    if fix_by <= timezone.now():
        raise ValidationError(_("The date to fix it by must be in the future."))
    locked = Application.objects.select_for_update().select_related("call", "branch").get(pk=application.pk)
    _on_sent_list(locked)
    if locked.status != S.RECOMMENDED:
        raise ValidationError(_("Only an application recommended by its college can be returned; this one is "
                                "“%(state)s”.") % {"state": locked.get_status_display()})
    items = checklist(locked)
    version = latest_version(locked)
    if version is None:
        raise ValidationError(_("No submitted version."))
    check = FormalCheck.objects.create(application=locked, version=version, decision=CheckDecision.RETURNED,
                                       items=[asdict(i) for i in items], reason=reason[:2000], fix_by=fix_by,
                                       decided_by=user)
    workflow.transition(locked, S.RETURNED_BY_SCHOOL, reason=reason[:2000], fix_by=fix_by)
    notify(_people(locked), kind="application.returned_by_school",
           title=_("Returned by the Organization Department: %(title)s") % {"title": str(locked)},
           body=_("Reason: %(reason)s\nFix it and send it back by %(deadline)s.")
           % {"reason": reason, "deadline": beijing(fix_by)},
           url=reverse("applications:detail", args=[locked.pk]), obj=locked)
    return check
