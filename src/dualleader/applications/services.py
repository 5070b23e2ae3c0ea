"""Writes to applications. Each service is one transaction that locks the row, checks the rule it
enforces, saves and writes the audit row. Permission checks stay in rules.py and the views."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualleader.audit.services import record
from dualleader.calls.deadlines import beijing, deadline_for
from dualleader.calls.eligibility import current_secretary, evaluate
from dualleader.calls.formschema import initial_data, iter_fields, validate_data, years
from dualleader.calls.models import Call, FormTemplate
from dualleader.files import DOCUMENTS, SCANS, check_upload
from dualleader.units.models import Unit
from dualleader.versioning import StaleEdit

from . import workflow
from .enums import ApplicationStatus, AttachmentKind
from .models import Application, ApplicationVersion, Attachment, Autosave

MAX_ROWS = 200
MAX_TEXT = 50_000


class StaleApplication(StaleEdit):
    """The application was saved (from another tab or by someone else) after this copy was loaded; unlike
    other stale edits, the refused text is kept as the user's autosave."""

    def __init__(self, when: datetime.datetime) -> None:
        super().__init__(when, _("This application was saved again at %(time)s (Beijing time, UTC+8), from "
                                 "another tab or by someone else, after you opened it. Your text was not saved "
                                 "over the newer one; it is kept as unsaved content that you can restore and "
                                 "merge."))


def application_deadline(application: Application) -> datetime.datetime:
    """The last instant the applicant may change or submit: the deadline in force for the branch (a
    college's extension included), or later while the university's fix-by date for a return runs."""
    deadline = deadline_for(application.call, application.branch)
    if application.fix_by and application.fix_by > deadline:
        return application.fix_by
    return deadline


def deadline_text(call: Call, unit: Unit | None = None, *, application: Application | None = None) -> str:
    instant = application_deadline(application) if application is not None else deadline_for(call, unit)
    return beijing(instant)


def _check_deadline(call: Call, unit: Unit | None = None, *, application: Application | None = None) -> None:
    if timezone.now() >= (application_deadline(application) if application is not None
                          else deadline_for(call, unit)):
        raise ValidationError(_("The deadline of this call, %(deadline)s, has passed.")
                              % {"deadline": deadline_text(call, unit, application=application)})


def _check_eligible(call: Call, branch: Unit) -> None:
    failed = [r for r in evaluate(call, branch) if r.passed is False]
    if failed:
        raise ValidationError([_("The branch does not meet the construction standard:")]
                              + [f"{r.rule.explanation} {r.reason}" for r in failed])


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    return str(value)[:MAX_TEXT]


def _rows(field: dict[str, Any], rows: Any) -> list[dict[str, str]]:
    cols = [c["key"] for c in field["columns"]]
    if not isinstance(rows, list):
        return []
    return [{c: _scalar(r.get(c)) for c in cols} for r in rows[:MAX_ROWS] if isinstance(r, dict)]


def normalize_data(schema: dict[str, Any], raw: Any, call: Call, previous: dict[str, Any]) -> dict[str, Any]:
    """Keep only what the form defines, as strings and row lists; read-only prefilled fields and the
    first column of fixed rows keep their stored values whatever the browser sent."""
    raw = raw if isinstance(raw, dict) else {}
    data: dict[str, Any] = {}
    for _section, field in iter_fields(schema):
        key = field["key"]
        if field.get("prefill") and field.get("editable") is False:
            data[key] = previous.get(key, "")
            continue
        if field["type"] != "table":
            data[key] = _scalar(raw.get(key))
            continue
        if field.get("per_year"):
            given = raw.get(key) if isinstance(raw.get(key), dict) else {}
            value: Any = {y: _rows(field, given.get(y)) for y in years(call)}
        else:
            value = _rows(field, raw.get(key))
        if field.get("fixed_rows"):
            first = field["columns"][0]["key"]
            groups = value.values() if isinstance(value, dict) else [value]
            for rows in groups:
                del rows[len(field["fixed_rows"]):]
                while len(rows) < len(field["fixed_rows"]):
                    rows.append({c["key"]: "" for c in field["columns"]})
                for row, fixed in zip(rows, field["fixed_rows"], strict=True):
                    row[first] = fixed
        data[key] = value
    return data


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@transaction.atomic
def application_start(*, call: Call, branch: Unit, user: Any) -> Application:
    """Start a branch's application: the call must be open (deadline enforced here), the branch must
    meet the call's construction standard, and a branch has one live application per call."""
    Unit.objects.select_for_update().get(pk=branch.pk)  # serialises two starts for the same branch
    if not call.is_open(unit=branch):
        _check_deadline(call, branch)
        raise ValidationError(_("This call is not open for applications."))
    _check_eligible(call, branch)
    if Application.objects.filter(call=call, branch=branch).exclude(status=ApplicationStatus.WITHDRAWN).exists():
        raise ValidationError(_("This branch already has an application for this call."))
    form = call.current_form()
    if form is None:
        raise ValidationError(_("This call has no application form yet."))
    secretary = current_secretary(branch)
    if secretary is None:
        raise ValidationError(_("The branch has no secretary on record."))
    data = initial_data(form.schema, branch, secretary, call)
    application = Application.objects.create(call=call, branch=branch, secretary=secretary, form=form,
                                             data=data, title=str(data.get("studio_name", ""))[:200],
                                             created_by=user)
    record("application.start", obj=application, unit=branch, actor=user,
           after={"call": call.pk, "branch": branch.pk, "form": form.pk})
    return application


@transaction.atomic
def _save_locked(*, application: Application, data: Any, expected_lock_version: int, user: Any) -> Application:
    locked = Application.objects.select_for_update().select_related("call", "form", "branch").get(pk=application.pk)
    if locked.status not in workflow.EDITABLE:
        raise ValidationError(_("An application that is “%(state)s” cannot be edited.")
                              % {"state": locked.get_status_display()})
    _check_deadline(locked.call, application=locked)
    if int(expected_lock_version) != locked.lock_version:
        raise StaleApplication(locked.updated_at)
    clean = normalize_data(locked.form.schema, data, locked.call, locked.data)
    errors = validate_data(locked.form.schema, clean, locked.call, submitting=False)
    if errors:
        raise ValidationError(errors)
    changed_keys = sorted(k for k in clean if clean.get(k) != locked.data.get(k))
    locked.data = clean
    locked.title = str(clean.get("studio_name", ""))[:200]
    locked.lock_version += 1
    locked.save(update_fields=["data", "title", "lock_version", "updated_at"])
    Autosave.objects.filter(application=locked, user=user).delete()
    record("application.save", obj=locked, actor=user, before={"lock_version": expected_lock_version},
           after={"lock_version": locked.lock_version, "fields": changed_keys})
    return locked


def application_save(*, application: Application, data: Any, expected_lock_version: int, user: Any) -> Application:
    """Save the draft. Refused when the application is not editable, after the deadline, when the copy
    was loaded before a newer save (the user's text then goes into their autosave, so both texts are
    kept), or when a value can never be right (bad date, over the word limit)."""
    try:
        return _save_locked(application=application, data=data, expected_lock_version=expected_lock_version,
                            user=user)
    except StaleApplication:
        application_autosave(application=application, data=data, base_lock_version=expected_lock_version,
                             user=user)
        raise


@transaction.atomic
def application_autosave(*, application: Application, data: Any, base_lock_version: int, user: Any) -> Autosave:
    """Keep what the editor sent on its own, unvalidated, until the next explicit save."""
    locked = Application.objects.select_for_update().select_related("call", "form").get(pk=application.pk)
    clean = normalize_data(locked.form.schema, data, locked.call, locked.data)
    autosave, _created = Autosave.objects.update_or_create(
        application=locked, user=user, defaults={"data": clean, "base_lock_version": int(base_lock_version)})
    return autosave


def application_discard_autosave(*, application: Application, user: Any) -> None:
    Autosave.objects.filter(application=application, user=user).delete()


@transaction.atomic
def application_submit(*, application: Application, user: Any) -> Application:
    """Submit to the college: every required value present and valid, the branch still eligible, the
    deadline not passed. Freezes an immutable version with its supporting materials and the form."""
    locked = Application.objects.select_for_update().select_related("call", "form", "branch").get(pk=application.pk)
    if not workflow.can_move(locked, ApplicationStatus.SUBMITTED):
        raise ValidationError(_("An application that is “%(state)s” cannot be submitted.")
                              % {"state": locked.get_status_display()})
    _check_deadline(locked.call, application=locked)
    errors = validate_data(locked.form.schema, locked.data, locked.call, submitting=True)
    if errors:
        raise ValidationError(errors)
    _check_eligible(locked.call, locked.branch)
    now = timezone.now()
    number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ApplicationVersion.objects.create(
        application=locked, number=number, form=locked.form, title=locked.title, data=locked.data,
        sha256=hashlib.sha256(canonical_json(locked.data).encode()).hexdigest(), submitted_by=user,
        submitted_at=now)
    version.attachments.set(locked.attachments.filter(kind=AttachmentKind.EVIDENCE, removed_at__isnull=True))
    FormTemplate.objects.filter(pk=locked.form_id, frozen=False).update(frozen=True)
    record("application.version", obj=locked, actor=user,
           after={"version": number, "sha256": version.sha256})
    return workflow.transition(locked, ApplicationStatus.SUBMITTED, submitted_at=now)


def application_recall(*, application: Application, user: Any) -> Application:
    """撤回修改: back to draft, allowed only while the college has not acted (status submitted)."""
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only an application waiting for the college can be recalled."))
    return workflow.transition(application, ApplicationStatus.DRAFT, reason=_("Recalled by the applicant"))


def application_withdraw(*, application: Application, user: Any, reason: str) -> Application:
    """Withdraw the application for good; the state table says from which states."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for withdrawing."))
    return workflow.transition(application, ApplicationStatus.WITHDRAWN, reason=reason[:1000])


@transaction.atomic
def attachment_add(*, application: Application, upload: UploadedFile, description: str, kind: str,
                   user: Any) -> Attachment:
    """Store a supporting file while the application is editable, or the stamped scan of the latest
    submitted version. The content must match the type; the stored name is random."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    version = None
    if kind == AttachmentKind.STAMPED_SCAN:
        version = locked.versions.order_by("-number").first()
        if version is None or locked.status in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN):
            raise ValidationError(_("The stamped scan can be uploaded once the application has been submitted."))
        allowed = SCANS
    elif kind == AttachmentKind.EVIDENCE:
        if locked.status not in workflow.EDITABLE:
            raise ValidationError(_("Supporting materials can be changed only while the application is a draft."))
        allowed = DOCUMENTS
    else:
        raise ValidationError(_("Unknown kind of attachment."))
    checked = check_upload(upload, allowed=allowed)
    attachment = Attachment(application=locked, kind=kind, description=(description or "")[:200],
                            original_name=checked.original_name, content_type=checked.content_type,
                            size=checked.size, sha256=checked.sha256, uploaded_by=user, version=version)
    attachment.file.save(checked.storage_name, upload, save=False)
    attachment.save()
    record("application.attachment_add", obj=locked, actor=user,
           after={"attachment": attachment.pk, "name": checked.original_name, "kind": kind,
                  "sha256": checked.sha256, "size": checked.size})
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: Any) -> Attachment:
    """Hide a file from the current draft. Files that are part of a submitted version stay."""
    locked = Attachment.objects.select_for_update().select_related("application").get(pk=attachment.pk)
    if locked.removed_at is not None:
        return locked
    if locked.versions.exists():
        raise ValidationError(_("This file is part of a submitted version and is kept."))
    if locked.kind == AttachmentKind.EVIDENCE and locked.application.status not in workflow.EDITABLE:
        raise ValidationError(_("Supporting materials can be changed only while the application is a draft."))
    locked.removed_at = timezone.now()
    locked.save(update_fields=["removed_at"])
    record("application.attachment_remove", obj=locked.application, actor=user,
           before={"attachment": locked.pk, "name": locked.original_name})
    return locked
