"""Writes to calls. Each service is one transaction that locks the call, checks the status table,
saves and writes the audit row; views call these and nothing else to write."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import changed, record, snapshot
from dualleader.files import DOCUMENTS, check_upload
from dualleader.versioning import StaleEdit, check_version, version_of  # noqa: F401 - re-exported for views

from .eligibility import DEFAULT_RULES, add_default_rules
from .enums import AnnexKind, CallStatus, RuleKind
from .formschema import default_schema, validate_schema
from .models import Call, CallAnnex, EligibilityRule, FormTemplate

CALL_FIELDS = ["name", "owner_id", "notice", "opens_at", "deadline", "cycle_years", "college_quota",
               "select_min", "select_max", "min_outcomes_per_year", "contact_person", "contact_phone",
               "review_principles"]

# The status machine of a call: from -> the states it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CallStatus.DRAFT: (CallStatus.PUBLISHED,),
    CallStatus.PUBLISHED: (CallStatus.CLOSED, CallStatus.DRAFT),
    CallStatus.CLOSED: (CallStatus.ARCHIVED, CallStatus.PUBLISHED),
    CallStatus.ARCHIVED: (),
}


def _check_dates_and_range(call: Call) -> None:
    errors: dict[str, str] = {}
    if call.opens_at and call.deadline and call.deadline <= call.opens_at:
        errors["deadline"] = _("The deadline must be after the opening time.")
    if call.select_min is not None and call.select_max is not None and call.select_min > call.select_max:
        errors["select_max"] = _("The maximum selected cannot be smaller than the minimum.")
    if errors:
        raise ValidationError(errors)


def _audit_state(call: Call) -> dict[str, Any]:
    return snapshot(call, CALL_FIELDS + ["status"])


@transaction.atomic
def call_create(*, schema: dict[str, Any] | None = None, **fields: Any) -> Call:
    """A new draft call with the default application form (version 1) and the default construction
    standard (plus an optional academic-role rule, off), ready to be adjusted before publishing."""
    call = Call(status=CallStatus.DRAFT, **fields)
    _check_dates_and_range(call)
    call.full_clean()
    call.save()
    FormTemplate.objects.create(call=call, version=1, schema=copy.deepcopy(schema or default_schema()))
    add_default_rules(call)
    # The notice leaves the academic half of "dual leader" open; offer it switched off, to be chosen per call.
    EligibilityRule.objects.create(call=call, kind=RuleKind.SECRETARY_ACADEMIC_ROLE, params={"roles": []},
                                   enabled=False, order=len(DEFAULT_RULES),
                                   explanation="支部书记具有学科带头人、博士生导师、硕士生导师等学术身份（可选条件）。")
    record("call.create", obj=call, unit=call.owner, after=_audit_state(call))
    return call


@transaction.atomic
def call_update(*, call: Call, expected_version: str | None = None, **fields: Any) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_version(locked, expected_version, _(
        "This call was changed by someone else at %(time)s (Beijing time) after you opened it. Your changes "
        "were not saved; reload the page to see the latest version."))
    if locked.status == CallStatus.ARCHIVED:
        raise ValidationError(_("An archived call cannot be changed."))
    before = _audit_state(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_dates_and_range(locked)
    locked.full_clean()
    old, new = changed(before, _audit_state(locked))
    if not new:
        return locked
    locked.save()
    record("call.update", obj=locked, unit=locked.owner, before=old, after=new)
    if "deadline" in new and locked.status == CallStatus.PUBLISHED:
        from dualleader.notifications.reminders import schedule_reminders  # the new deadline's reminders

        schedule_reminders(locked)
    return locked


def _transition(call: Call, target: str, action: str) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status == target:
        return locked
    if target not in TRANSITIONS.get(locked.status, ()):
        raise ValidationError(_("A call that is “%(old)s” cannot become “%(new)s”.")
                              % {"old": locked.get_status_display(), "new": CallStatus(target).label})
    before = {"status": locked.status}
    locked.status = target
    fields = ["status", "updated_at"]
    if target == CallStatus.PUBLISHED and locked.published_at is None:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    record(action, obj=locked, unit=locked.owner, before=before, after={"status": target})
    return locked


@transaction.atomic
def call_publish(*, call: Call) -> Call:
    """Publish a draft (or re-open a closed call before its deadline). The notice becomes public."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status == CallStatus.CLOSED and locked.deadline <= timezone.now():
        raise ValidationError(_("The deadline has passed; change the deadline before publishing again."))
    if not locked.notice.strip():
        raise ValidationError(_("Write the notice before publishing."))
    was_published = locked.status == CallStatus.PUBLISHED
    published = _transition(locked, CallStatus.PUBLISHED, "call.publish")
    if not was_published:
        from dualleader.notifications.reminders import schedule_reminders  # deadline reminders to colleges

        schedule_reminders(published)
    return published


@transaction.atomic
def call_close(*, call: Call) -> Call:
    return _transition(call, CallStatus.CLOSED, "call.close")


@transaction.atomic
def call_archive(*, call: Call) -> Call:
    return _transition(call, CallStatus.ARCHIVED, "call.archive")


@transaction.atomic
def call_reopen_draft(*, call: Call) -> Call:
    """Withdraw a published call back to draft: only while no form version has been frozen by a
    submission, so no applicant loses work."""
    if call.forms.filter(frozen=True).exists():
        raise ValidationError(_("Applications have been submitted on this call; it cannot go back to draft."))
    return _transition(call, CallStatus.DRAFT, "call.unpublish")


@transaction.atomic
def annex_add(*, call: Call, upload: UploadedFile, title: str, kind: str = AnnexKind.OTHER) -> CallAnnex:
    """Store an annex under a random name after checking its content against its extension."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    checked = check_upload(upload, allowed=DOCUMENTS)
    stored = default_storage.save(f"annexes/{timezone.localdate().year}/{checked.storage_name}", File(upload))
    last = locked.annexes.order_by("-order").values_list("order", flat=True).first()
    try:
        annex = CallAnnex.objects.create(
            call=locked, kind=kind, title=title or checked.original_name.rsplit(".", 1)[0], file=stored,
            original_name=checked.original_name, content_type=checked.content_type, size=checked.size,
            sha256=checked.sha256, order=(last or 0) + 1)
    except Exception:
        default_storage.delete(stored)  # no row points at it
        raise
    record("call.annex_add", obj=locked, unit=locked.owner,
           after={"annex": annex.title, "file": annex.original_name, "sha256": annex.sha256})
    return annex


@transaction.atomic
def annex_remove(*, annex: CallAnnex) -> None:
    locked = Call.objects.select_for_update().get(pk=annex.call_id)
    name = annex.file.name
    record("call.annex_remove", obj=locked, unit=locked.owner,
           before={"annex": annex.title, "file": annex.original_name, "sha256": annex.sha256})
    annex.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def rule_update(*, rule: EligibilityRule, params: dict[str, Any], explanation: str, enabled: bool) -> EligibilityRule:
    Call.objects.select_for_update().get(pk=rule.call_id)
    locked = EligibilityRule.objects.select_for_update().get(pk=rule.pk)
    fields = ["params", "explanation", "enabled"]
    before = snapshot(locked, fields)
    locked.params, locked.explanation, locked.enabled = params, explanation, enabled
    locked.full_clean()
    old, new = changed(before, snapshot(locked, fields))
    if not new:
        return locked
    locked.save(update_fields=fields)
    record("call.rule_update", obj=locked.call, unit=locked.call.owner, before=old | {"rule": locked.pk},
           after=new | {"rule": locked.pk})
    return locked


@transaction.atomic
def form_update(*, call: Call, schema: dict[str, Any]) -> FormTemplate:
    """Save the call's form. A version on which an application was submitted is frozen: the change
    then becomes a new version and the submitted applications keep theirs."""
    errors = validate_schema(schema)
    if errors:
        raise ValidationError(errors)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    current = locked.forms.select_for_update().order_by("-version").first()
    if current is not None and current.schema == schema:
        return current
    if current is None or current.frozen:
        version = (current.version + 1) if current else 1
        form = FormTemplate.objects.create(call=locked, version=version, schema=schema)
        record("call.form_version", obj=locked, unit=locked.owner, after={"version": version})
        return form
    current.schema = schema
    current.save(update_fields=["schema"])
    record("call.form_update", obj=locked, unit=locked.owner, after={"version": current.version})
    return current
