from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.audit.models import AuditEvent
from dualleader.calls.eligibility import DEFAULT_RULES
from dualleader.calls.enums import CallStatus, RuleKind
from dualleader.calls.formschema import default_schema
from dualleader.calls.services import (
    StaleEdit,
    call_archive,
    call_close,
    call_publish,
    call_reopen_draft,
    call_update,
    form_update,
    version_of,
)

from .factories import make_call


def test_call_create_copies_default_form_and_rules(world):
    call = make_call(world.school)
    form = call.current_form()
    assert (form.version, form.frozen, form.schema) == (1, False, default_schema())
    rules = list(call.rules.all())
    assert [r.explanation for r in rules[:-1]] == [r["explanation"] for r in DEFAULT_RULES]
    assert (rules[-1].kind, rules[-1].enabled) == (RuleKind.SECRETARY_ACADEMIC_ROLE, False)
    assert AuditEvent.objects.filter(action="call.create", object_id=str(call.pk)).count() == 1


def test_status_moves_along_the_table(world):
    call = make_call(world.school)
    assert call_publish(call=call).status == CallStatus.PUBLISHED
    assert call_close(call=call).status == CallStatus.CLOSED
    assert call_archive(call=call).status == CallStatus.ARCHIVED
    assert list(AuditEvent.objects.filter(object_id=str(call.pk)).values_list("action", flat=True)
                .order_by("id")) == ["call.create", "call.publish", "call.close", "call.archive"]


def test_draft_cannot_be_archived(world):
    call = make_call(world.school)
    with pytest.raises(ValidationError):
        call_archive(call=call)


def test_closed_call_reopens_only_before_the_deadline(world):
    call = make_call(world.school, status=CallStatus.CLOSED, opens_at=timezone.now() - datetime.timedelta(days=9),
                     deadline=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="截止"):
        call_publish(call=call)


def test_unpublish_refused_once_a_form_is_frozen(world):
    call = make_call(world.school, status=CallStatus.PUBLISHED)
    call.forms.update(frozen=True)
    with pytest.raises(ValidationError):
        call_reopen_draft(call=call)


def test_call_update_refuses_a_stale_edit(world):
    call = make_call(world.school)
    seen = version_of(call)
    call_update(call=call, contact_person="李四")
    with pytest.raises(StaleEdit):
        call_update(call=call, expected_version=seen, contact_person="王五")


def test_call_update_refuses_deadline_before_opening(world):
    call = make_call(world.school)
    with pytest.raises(ValidationError) as exc:
        call_update(call=call, deadline=call.opens_at - datetime.timedelta(hours=1))
    assert "deadline" in exc.value.message_dict


def test_form_update_edits_an_unfrozen_version_in_place(world):
    call = make_call(world.school)
    schema = default_schema()
    schema["sections"][1]["title"] = "二、工作基础"
    assert form_update(call=call, schema=schema).version == 1
    assert call.forms.count() == 1


def test_form_update_on_a_frozen_version_makes_version_2(world):
    call = make_call(world.school)
    call.forms.update(frozen=True)
    schema = default_schema()
    schema["sections"][1]["title"] = "二、工作基础"
    new = form_update(call=call, schema=schema)
    assert (new.version, new.frozen) == (2, False)
    assert call.forms.get(version=1).schema == default_schema()


def test_form_update_rejects_a_bad_schema(world):
    call = make_call(world.school)
    with pytest.raises(ValidationError):
        form_update(call=call, schema={"sections": []})
