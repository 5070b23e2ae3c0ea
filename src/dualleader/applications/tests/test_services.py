"""The application services: start, save, autosave, submit, recall, withdraw."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import ApplicationVersion, Autosave
from dualleader.applications.services import (
    StaleApplication,
    application_autosave,
    application_recall,
    application_save,
    application_start,
    application_submit,
    application_withdraw,
)
from dualleader.audit.models import AuditEvent

from .factories import complete_data, make_application, make_open_call


def test_start_when_eligible_prefills_the_form(world):
    application = make_application(world)
    assert application.status == ApplicationStatus.DRAFT
    assert application.secretary == world.branch_secretary_person
    assert application.data["branch_name"] == "机械设计系教师党支部"
    assert application.data["college_name"] == "机电工程学院党委"
    assert [r["task"] for r in application.data["plan"]["1"]][0] == "political"
    assert AuditEvent.objects.filter(action="application.start", object_id=str(application.pk)).exists()


def test_start_ineligible_branch_is_refused_with_reasons(world):
    world.branch.established_on = timezone.localdate()
    world.branch.save()
    call = make_open_call(world.school)
    with pytest.raises(ValidationError) as exc:
        application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    assert any("党支部成立1年" in m for m in exc.value.messages)


def test_start_twice_is_refused(world):
    application = make_application(world)
    with pytest.raises(ValidationError):
        application_start(call=application.call, branch=world.branch, user=world.user("branch_secretary"))


def test_start_after_deadline_is_refused_showing_beijing_time(world):
    call = make_open_call(world.school, opens_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC),
                          deadline=datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError) as exc:
        application_start(call=call, branch=world.branch, user=world.user("branch_secretary"))
    assert exc.value.messages[0] == "本批次的申报截止时间2024-03-05 17:00（北京时间，UTC+8）已过。"


def test_save_bumps_lock_version_and_clears_autosave(world):
    application = make_application(world)
    user = world.user("branch_secretary")
    application_autosave(application=application, data={"goals": "草稿"}, base_lock_version=1, user=user)
    data = dict(application.data, goals="建设目标正文")
    saved = application_save(application=application, data=data, expected_lock_version=1, user=user)
    assert (saved.data["goals"], saved.lock_version) == ("建设目标正文", 2)
    assert not Autosave.objects.filter(application=application).exists()


def test_save_keeps_read_only_prefilled_values(world):
    application = make_application(world)
    data = dict(application.data, branch_name="别的支部")
    saved = application_save(application=application, data=data, expected_lock_version=1,
                             user=world.user("branch_secretary"))
    assert saved.data["branch_name"] == "机械设计系教师党支部"


def test_stale_save_is_refused_and_both_texts_are_kept(world):
    application = make_application(world)
    user = world.user("branch_secretary")
    application_save(application=application, data=dict(application.data, goals="第二个标签页的新文本"),
                     expected_lock_version=1, user=user)
    with pytest.raises(StaleApplication) as exc:
        application_save(application=application, data=dict(application.data, goals="旧标签页的文本"),
                         expected_lock_version=1, user=user)
    assert "您的内容未覆盖较新的版本" in str(exc.value) and "北京时间" in str(exc.value)
    application.refresh_from_db()
    assert application.data["goals"] == "第二个标签页的新文本"
    assert Autosave.objects.get(application=application, user=user).data["goals"] == "旧标签页的文本"


def test_word_limit_is_refused_on_save(world):
    application = make_application(world)
    with pytest.raises(ValidationError) as exc:
        application_save(application=application, data=dict(application.data, goals="字" * 1001),
                         expected_lock_version=1, user=world.user("branch_secretary"))
    assert list(exc.value.message_dict) == ["goals"]


def test_malformed_date_is_refused_on_save(world):
    application = make_application(world)
    data = dict(application.data, established_on="2015-13-40")
    application.form.schema["sections"][0]["fields"][4]["editable"] = True  # make the date editable
    application.form.save()
    with pytest.raises(ValidationError) as exc:
        application_save(application=application, data=data, expected_lock_version=1,
                         user=world.user("branch_secretary"))
    assert list(exc.value.message_dict) == ["established_on"]


def test_save_after_deadline_is_refused(world):
    application = make_application(world)
    application.call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    application.call.opens_at = timezone.now() - datetime.timedelta(days=2)
    application.call.save()
    with pytest.raises(ValidationError):
        application_save(application=application, data=application.data, expected_lock_version=1,
                         user=world.user("branch_secretary"))


def test_submit_with_required_field_empty_is_refused(world):
    application = make_application(world)
    with pytest.raises(ValidationError) as exc:
        application_submit(application=application, user=world.user("branch_secretary"))
    assert "goals" in exc.value.message_dict
    assert application.versions.count() == 0


def _submitted(world):
    application = make_application(world)
    user = world.user("branch_secretary")
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=1, user=user)
    return application_submit(application=application, user=user)


def test_submit_freezes_an_immutable_version_and_the_form(world):
    application = _submitted(world)
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    version = application.versions.get()
    assert (version.number, version.data["goals"], len(version.sha256)) == (1, "建成示范工作室。", 64)
    application.form.refresh_from_db()
    assert application.form.frozen is True
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        ApplicationVersion.objects.get(pk=version.pk).delete()


def test_submit_after_deadline_is_refused(world):
    application = make_application(world)
    user = world.user("branch_secretary")
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=1, user=user)
    application.call.opens_at = timezone.now() - datetime.timedelta(days=2)
    application.call.deadline = timezone.now() - datetime.timedelta(seconds=1)
    application.call.save()
    with pytest.raises(ValidationError):
        application_submit(application=application, user=user)


def test_recall_returns_to_draft_and_resubmit_makes_version_two(world):
    application = _submitted(world)
    user = world.user("branch_secretary")
    application = application_recall(application=application, user=user)
    assert application.status == ApplicationStatus.DRAFT
    application = application_save(application=application, data=dict(application.data, goals="修改后的目标"),
                                   expected_lock_version=application.lock_version, user=user)
    application = application_submit(application=application, user=user)
    assert list(application.versions.values_list("number", flat=True)) == [2, 1]


def test_recall_of_a_draft_is_refused(world):
    application = make_application(world)
    with pytest.raises(ValidationError):
        application_recall(application=application, user=world.user("branch_secretary"))


def test_withdraw_needs_a_reason_and_frees_the_branch(world):
    application = _submitted(world)
    user = world.user("branch_secretary")
    with pytest.raises(ValidationError):
        application_withdraw(application=application, user=user, reason=" ")
    application = application_withdraw(application=application, user=user, reason="条件尚不成熟")
    assert (application.status, application.status_reason) == (ApplicationStatus.WITHDRAWN, "条件尚不成熟")
    assert application_start(call=application.call, branch=world.branch, user=user).pk != application.pk
