"""公示 services: publication and its period, objections, resolution, finalisation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.audit.models import AuditEvent
from dualleader.notifications.models import Notification
from dualleader.reviews.enums import NoticeStatus, ObjectionOutcome, ObjectionStatus
from dualleader.reviews.models import Objection
from dualleader.reviews.publicity import (
    OBJECTIONS_PER_IP_PER_DAY,
    cycle_for,
    finalize_check,
    notice_defaults,
    notice_finalize,
    notice_publish,
    notice_save,
    objection_resolve,
    objection_submit,
)
from dualleader.studios.models import Studio

from .factories import make_review, make_reviewer
from .outcome_factories import AFTER, PUBLISHED_ON, make_decided, make_published

pytestmark = pytest.mark.usefixtures("english")  # messages are compared with their msgids

D = datetime.date



def _object(notice, **fields):
    values = {"name": "张三", "contact": "13800000000", "text": "材料不实。", "application_id": None,
              "ip": "10.0.0.1", "on": PUBLISHED_ON}
    values.update(fields)
    return objection_submit(notice=notice, **values)


def test_defaults_list_the_selected_studios_in_chinese(world):
    setup = make_decided(world)
    values = notice_defaults(setup.decision)
    first, second = setup.apps[0], setup.apps[1]
    assert values["title"] == "关于第二批“双带头人”教师党支部书记工作室拟立项建设名单的公示"
    assert values["working_days"] == 5
    assert values["contact"] == "刘老师；0431-85716001"
    assert (f"1. {first.title}（依托党支部：{first.branch.name}；所在单位：机电工程学院党委；"
            f"支部书记：{first.secretary.name}）") in values["body"]
    assert f"2. {second.title}" in values["body"]
    assert setup.apps[2].branch.name not in values["body"]
    assert "2026年9月25日集中审议，拟确定以下2个" in values["body"]


def test_publish_sets_the_period_across_national_day(world):
    setup = make_decided(world)
    notice = make_published(setup)
    assert (notice.status, notice.starts_on, notice.ends_on) == (NoticeStatus.PUBLISHED, D(2026, 9, 30),
                                                                 D(2026, 10, 12))
    assert notice.published_by == setup.org
    event = AuditEvent.objects.get(action="review.notice_publish")
    assert event.after == {"status": "published", "starts_on": "2026-09-30", "ends_on": "2026-10-12",
                           "working_days": 5}


def test_publish_twice_is_refused(world):
    notice = make_published(make_decided(world))
    with pytest.raises(ValidationError, match="already been published"):
        notice_publish(notice=notice, user=world.user("org_admin"), on=PUBLISHED_ON)


def test_publish_without_selected_applications_is_refused(world):
    setup = make_decided(world, selected=0)
    notice = notice_save(decision=setup.decision, title="公示", body="正文", working_days=5, contact="",
                         user=setup.org)
    with pytest.raises(ValidationError, match="selects no application"):
        notice_publish(notice=notice, user=setup.org, on=PUBLISHED_ON)


def test_published_text_cannot_be_changed(world):
    setup = make_decided(world)
    make_published(setup)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        notice_save(decision=setup.decision, title="新标题", body="新正文", working_days=5, contact="", user=setup.org)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "", "Write the title of the notice."),
    ("title", "长" * 201, "The title can be at most 200 characters."),
    ("body", "   ", "Write the text of the notice."),
    ("working_days", 0, "The period must be between 1 and 30 working days."),
    ("working_days", 31, "The period must be between 1 and 30 working days."),
])
def test_notice_save_refuses_bad_values(world, field, value, message):
    setup = make_decided(world)
    values = {"title": "公示", "body": "正文", "working_days": 5, "contact": "", field: value}
    with pytest.raises(ValidationError) as caught:
        notice_save(decision=setup.decision, user=setup.org, **values)
    assert caught.value.messages == [message]


def test_finalize_before_the_period_ends_is_refused(world):
    setup = make_decided(world)
    notice = make_published(setup)
    with pytest.raises(ValidationError) as caught:
        notice_finalize(notice=notice, user=setup.org, on=D(2026, 10, 12))
    assert caught.value.messages == ["The notice period runs until 2026-10-12; it can be finalised from the next day."]
    assert Studio.objects.count() == 0


def test_finalize_with_an_open_objection_is_refused(world):
    setup = make_decided(world)
    notice = make_published(setup)
    _object(notice)
    with pytest.raises(ValidationError) as caught:
        notice_finalize(notice=notice, user=setup.org, on=AFTER)
    assert caught.value.messages == ["1 objection(s) still open; resolve them first."]


def test_finalize_a_draft_is_refused(world):
    setup = make_decided(world)
    notice = notice_save(decision=setup.decision, title="公示", body="正文", working_days=5, contact="",
                         user=setup.org)
    assert finalize_check(notice).reasons == ["The notice has not been published yet."]
    with pytest.raises(ValidationError):
        notice_finalize(notice=notice, user=setup.org, on=AFTER)


def test_finalize_selects_creates_studios_and_notifies(world):
    setup = make_decided(world, n_apps=3, selected=2)
    notice = make_published(setup)
    studios = notice_finalize(notice=notice, user=setup.org, on=AFTER)
    statuses = [a.status for a in type(setup.apps[0]).objects.filter(pk__in=[a.pk for a in setup.apps])
                .order_by("pk")]
    assert statuses == [S.SELECTED, S.SELECTED, S.NOT_SELECTED]
    assert [(s.application_id, s.selection_rank, s.cycle_starts_on, s.cycle_ends_on) for s in studios] == [
        (setup.apps[0].pk, 1, D(2026, 10, 14), D(2028, 10, 13)),
        (setup.apps[1].pk, 2, D(2026, 10, 14), D(2028, 10, 13))]
    first = studios[0]
    assert (first.name, first.leader_id, first.branch_id, first.call_id) == (
        setup.apps[0].title, setup.apps[0].secretary_id, setup.apps[0].branch_id, setup.call.pk)
    notice.refresh_from_db()
    assert (notice.status, notice.finalized_by) == (NoticeStatus.FINALIZED, setup.org)
    results = Notification.objects.filter(kind="review.result")
    applicant_titles = sorted(n.title for n in results if n.recipient.role_grants.filter(role="branch_secretary"))
    assert applicant_titles == sorted([f"Your studio was selected: {setup.apps[0]}",
                                       f"Your studio was selected: {setup.apps[1]}",
                                       f"Result of your application: {setup.apps[2]}"])
    college = results.get(recipient=world.user("college_admin"))
    assert college.body.splitlines() == [f"{setup.apps[0].branch.name}: selected (number 1)",
                                         f"{setup.apps[1].branch.name}: selected (number 2)",
                                         f"{setup.apps[2].branch.name}: not selected"]


def test_result_messages_never_name_reviewers_or_scores(world):
    setup = make_decided(world, n_apps=2, selected=1)
    reviewers = [make_reviewer(world.school, "孙秘密评审"), make_reviewer(world.school, "钱秘密评审")]
    round_ = setup.evaluation.rounds.get()
    for reviewer in reviewers:
        for application in setup.apps:
            make_review(round_, reviewer, application, setup.org, [17.5, 13, 13, 13, 13, 9, 9])
    notice = make_published(setup)
    notice_finalize(notice=notice, user=setup.org, on=AFTER)
    texts = " ".join(f"{n.title} {n.body}" for n in Notification.objects.filter(kind="review.result"))
    assert texts
    for leak in ("孙秘密评审", "钱秘密评审", reviewers[0].username, "87.5"):
        assert leak not in texts


def test_cycle_leap_day():
    assert cycle_for(D(2027, 2, 27), 1) == (D(2027, 2, 28), D(2028, 2, 27))
    assert cycle_for(D(2028, 2, 28), 2) == (D(2028, 2, 29), D(2030, 2, 27))


def test_upheld_objection_takes_an_application_off_the_list(world):
    setup = make_decided(world, n_apps=3, selected=2)
    notice = make_published(setup)
    objection = _object(notice, application_id=setup.apps[0].pk)
    objection_resolve(objection=objection, outcome=ObjectionOutcome.UPHELD, resolution="经核实，情况属实。",
                      remove_application_id=setup.apps[0].pk, user=setup.org)
    objection.refresh_from_db()
    assert (objection.status, objection.outcome, objection.resolved_by) == (
        ObjectionStatus.RESOLVED, ObjectionOutcome.UPHELD, setup.org)
    studios = notice_finalize(notice=notice, user=setup.org, on=AFTER)
    assert [(s.application_id, s.selection_rank) for s in studios] == [(setup.apps[1].pk, 1)]
    setup.apps[0].refresh_from_db()
    assert setup.apps[0].status == S.NOT_SELECTED


def test_dismissed_objection_cannot_remove_and_resolves_once(world):
    setup = make_decided(world)
    notice = make_published(setup)
    objection = _object(notice)
    with pytest.raises(ValidationError, match="Only an upheld objection"):
        objection_resolve(objection=objection, outcome=ObjectionOutcome.DISMISSED, resolution="不属实",
                          remove_application_id=setup.apps[0].pk, user=setup.org)
    with pytest.raises(ValidationError, match="upheld or dismissed"):
        objection_resolve(objection=objection, outcome="maybe", resolution="不属实", user=setup.org)
    with pytest.raises(ValidationError, match="Write how the objection"):
        objection_resolve(objection=objection, outcome=ObjectionOutcome.DISMISSED, resolution=" ", user=setup.org)
    objection_resolve(objection=objection, outcome=ObjectionOutcome.DISMISSED, resolution="不属实", user=setup.org)
    with pytest.raises(ValidationError, match="already been resolved"):
        objection_resolve(objection=objection, outcome=ObjectionOutcome.DISMISSED, resolution="不属实", user=setup.org)


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Give your real name."),
    ({"name": "名" * 61}, "The name can be at most 60 characters."),
    ({"contact": "  "}, "Give a telephone number or e-mail address to reach you."),
    ({"text": ""}, "Write what you object to and the facts behind it."),
    ({"text": "长" * 2001}, "The objection can be at most 2000 characters."),
    ({"application_id": -1}, "Choose a studio from the list in the notice."),
])
def test_objection_hostile_inputs_are_refused(world, fields, message):
    notice = make_published(make_decided(world))
    with pytest.raises(ValidationError) as caught:
        _object(notice, **fields)
    assert caught.value.messages == [message]
    assert Objection.objects.count() == 0


def test_objection_to_an_application_not_on_the_list_is_refused(world):
    setup = make_decided(world, n_apps=3, selected=2)
    notice = make_published(setup)
    with pytest.raises(ValidationError, match="Choose a studio from the list"):
        _object(notice, application_id=setup.apps[2].pk)


def test_objections_close_after_the_last_day(world):
    notice = make_published(make_decided(world))
    _object(notice, on=D(2026, 10, 12))
    with pytest.raises(ValidationError) as caught:
        _object(notice, on=AFTER)
    assert caught.value.messages == ["The public notice period has ended; objections are no longer accepted."]


def test_objections_are_limited_per_address(world):
    notice = make_published(make_decided(world))
    for _ in range(OBJECTIONS_PER_IP_PER_DAY):
        _object(notice)
    with pytest.raises(ValidationError, match="Too many objections"):
        _object(notice)
    _object(notice, ip="10.0.0.2")
    assert Objection.objects.count() == OBJECTIONS_PER_IP_PER_DAY + 1


def test_objection_is_audited_and_org_admins_told(world):
    notice = make_published(make_decided(world))
    objection = _object(notice)
    assert AuditEvent.objects.filter(action="review.objection_submit", object_id=str(objection.pk)).count() == 1
    told = Notification.objects.get(kind="review.objection")
    assert told.recipient == world.user("org_admin")
