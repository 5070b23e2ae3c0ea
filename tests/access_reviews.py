"""Rows of the access table (tests/test_access.py) for review and selection, the public notice and the
studios. Organisation Department pages are 404 to everyone outside the call's Organization Department
scope (every role but org_admin and superuser); a reviewer's assignment is 404 to anyone but its
reviewer; the public notice is public."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from dualleader.applications.models import Application, Attachment
from dualleader.applications.tests.factories import make_open_call
from dualleader.reviews.enums import ConflictSource
from dualleader.reviews.models import Assignment, Conflict, Evaluation, Objection, PanelMember
from dualleader.reviews.province import province_save
from dualleader.reviews.tests.factories import (
    make_accepted,
    make_assignment,
    make_evaluation,
    make_panel,
    make_review,
    make_reviewer,
    open_round,
)
from dualleader.reviews.tests.outcome_factories import Decided, make_decided, make_finalized, make_published
from tests.access_rows import Row, statuses
from tests.factories import World

POST_ONLY = statuses(405)
RUN = statuses(404, superuser=200, org_admin=200)  # the Organization Department over the call
RUN_WRITE = statuses(404, superuser=302, org_admin=302)
RUN_REFUSED = statuses(404, superuser=400, org_admin=400)  # the form shown again with its errors
API_RUN = statuses(404, anonymous=401, superuser=200, org_admin=200)
API_RUN_201 = statuses(404, anonymous=401, superuser=201, org_admin=201)
API_RUN_204 = statuses(404, anonymous=401, superuser=204, org_admin=204)
API_RUN_400 = statuses(404, anonymous=401, superuser=400, org_admin=400)
REVIEWER_ONLY = statuses(403, superuser=200, reviewer=200)
ASSIGNED = statuses(403, superuser=404, reviewer=200)  # only the reviewer it is assigned to
PUBLIC = statuses(200, anonymous=200)


# Set-up: an evaluation with the default rubric and a draft remote round.
def evaluation(w: World) -> Evaluation:
    return make_evaluation(make_open_call(w.school), w.user("org_admin"))


def call_id(w: World) -> list[Any]:
    return [evaluation(w).call_id]


def round_id(w: World) -> list[Any]:
    return [evaluation(w).rounds.get().pk]


def member_id(w: World) -> list[Any]:
    return [make_panel(evaluation(w), 1, w.user("org_admin"))[0].pk]


def conflict_id(w: World) -> list[Any]:
    ev, org = evaluation(w), w.user("org_admin")
    [app] = make_accepted(ev.call, w.college, 1)
    [m] = make_panel(ev, 1, org)
    return [Conflict.objects.create(evaluation=ev, reviewer=m.user, application=app, reason="亲属",
                                    source=ConflictSource.RECORDED, recorded_by=org).pk]


def unstarted_id(w: World) -> list[Any]:
    ev, org = evaluation(w), w.user("org_admin")
    [app] = make_accepted(ev.call, w.college, 1)
    [m] = make_panel(ev, 1, org)
    return [make_assignment(ev.rounds.get(), m.user, app, org).pk]


def panel_and_app(w: World) -> Evaluation:
    ev = evaluation(w)
    make_accepted(ev.call, w.college, 1)
    make_panel(ev, 1, w.user("org_admin"))
    return ev


def panel_and_app_call(w: World) -> list[Any]:
    return [panel_and_app(w).call_id]


def panel_and_app_round(w: World) -> list[Any]:
    return [panel_and_app(w).rounds.get().pk]


def newest_pair(w: World) -> dict[str, Any]:
    """The panel member and the application the row's arguments have just made."""
    return {"reviewer": PanelMember.objects.latest("pk").user_id, "application": Application.objects.latest("pk").pk,
            "reason": "曾合作发表论文"}


# The reviewer: an assignment of the world's reviewer in an open round.
def assignment(w: World) -> Assignment:
    org = w.user("org_admin")
    ev = evaluation(w)
    [application] = make_accepted(ev.call, w.college, 1)
    return make_assignment(open_round(ev), w.user("reviewer"), application, org)


def assignment_id(w: World) -> list[Any]:
    return [assignment(w).pk]


def assignment_file(w: World) -> list[Any]:
    a = assignment(w)
    content = b"%PDF-1.4\n%%EOF\n"
    attachment = Attachment.objects.create(
        application=a.application, file=ContentFile(content, name="f.pdf"), original_name="材料.pdf",
        content_type="application/pdf", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=a.application.created_by)
    a.application.versions.order_by("-number").first().attachments.add(attachment)
    return [a.pk, attachment.pk]


# Results: one submitted review in an open round.
def scored_round(w: World) -> Any:
    org = w.user("org_admin")
    ev = evaluation(w)
    [app] = make_accepted(ev.call, w.college, 1)
    round_ = open_round(ev)
    make_review(round_, make_reviewer(w.school), app, org, [18, 14, 14, 13, 12, 9, 8])
    return round_


def scored_round_id(w: World) -> list[Any]:
    return [scored_round(w).pk]


def scoresheet(w: World) -> list[Any]:
    round_ = scored_round(w)
    return [round_.pk, round_.assignments.get().application_id]


def scored_call_id(w: World) -> list[Any]:
    return [scored_round(w).evaluation.call_id]


# Outcome: a decision (2 of 3 selected), its notice, objections, studios, the province.
def decided_call_id(w: World) -> list[Any]:
    return [make_decided(w).call.pk]


def published(w: World) -> tuple[Decided, Any]:
    setup = make_decided(w)
    return setup, make_published(setup, on=timezone.localdate())


def public_notice_id(w: World) -> list[Any]:
    return [published(w)[1].pk]


def objection_id(w: World) -> list[Any]:
    _setup, notice = published(w)
    return [Objection.objects.create(notice=notice, name="张三", contact="138", text="异议").pk]


def province_call_id(w: World) -> list[Any]:
    setup = make_decided(w)
    studios = make_finalized(setup)
    province_save(evaluation=setup.evaluation, studio_ids=[studios[0].pk], reasons={},
                  recipient="中共吉林省委教育工委", document_number="", letter_date=datetime.date(2026, 11, 20),
                  letter_body="正文", quota=2, user=setup.org)
    return [setup.call.pk]


def studio_id(w: World) -> list[Any]:
    return [make_finalized(make_decided(w))[0].pk]


ROUND_BODY = {"opens_at": "2099-01-01T09:00", "closes_at": "2099-01-10T17:00", "reviewers_per_item": 3}

ROWS = [
    # Set-up (评审设置), the panel, conflicts, assignment, progress.
    Row("reviews:index", expect=statuses(403, superuser=200, org_admin=200)),
    Row("reviews:overview", call_id, expect=RUN),
    Row("reviews:start", lambda w: [make_open_call(w.school).pk], expect=POST_ONLY),
    Row("reviews:start", lambda w: [make_open_call(w.school).pk], "post", RUN_WRITE),
    Row("reviews:settings", call_id, expect=POST_ONLY),
    Row("reviews:settings", call_id, "post", RUN_WRITE),
    Row("reviews:rubric", call_id, expect=RUN),
    Row("reviews:rubric", call_id, "post", RUN_REFUSED),  # an empty rubric is refused
    Row("reviews:round_new", call_id, expect=RUN),
    Row("reviews:round_new", call_id, "post", RUN_REFUSED),  # no dates
    Row("reviews:round_edit", round_id, expect=RUN),
    Row("reviews:round_edit", round_id, "post", RUN_REFUSED),
    Row("reviews:round_open", round_id, expect=POST_ONLY),
    Row("reviews:round_open", round_id, "post", RUN_WRITE),
    Row("reviews:round_close", round_id, expect=POST_ONLY),
    Row("reviews:round_close", round_id, "post", RUN_WRITE),
    Row("reviews:panel", call_id, expect=RUN),
    Row("reviews:panel", call_id, "post", RUN_WRITE),
    Row("reviews:panel_external", call_id, expect=POST_ONLY),
    Row("reviews:panel_external", call_id, "post", RUN_WRITE),
    Row("reviews:panel_remove", member_id, expect=POST_ONLY),
    Row("reviews:panel_remove", member_id, "post", RUN_WRITE),
    Row("reviews:conflicts", call_id, expect=RUN),
    Row("reviews:conflicts", call_id, "post", RUN_WRITE),
    Row("reviews:conflict_remove", conflict_id, expect=POST_ONLY),
    Row("reviews:conflict_remove", conflict_id, "post", RUN_WRITE),
    Row("reviews:assignments", round_id, expect=RUN),
    Row("reviews:assign_auto", round_id, expect=POST_ONLY),
    Row("reviews:assign_auto", round_id, "post", RUN_WRITE),
    Row("reviews:assign_add", round_id, expect=POST_ONLY),
    Row("reviews:assign_add", round_id, "post", RUN_WRITE),
    Row("reviews:unassign", unstarted_id, expect=POST_ONLY),
    Row("reviews:unassign", unstarted_id, "post", RUN_WRITE),
    Row("reviews:progress", round_id, expect=RUN),
    Row("reviews:remind", round_id, expect=POST_ONLY),
    Row("reviews:remind", round_id, "post", RUN_WRITE),
    Row("api:get_evaluation", call_id, expect=API_RUN),
    Row("api:start_evaluation", lambda w: [make_open_call(w.school).pk], "post", API_RUN),
    Row("api:put_settings", call_id, "put", API_RUN, body=lambda w: {"aggregation": "mean"}),
    Row("api:put_rubric", call_id, "put", API_RUN_400, body=lambda w: {"criteria": []}),
    Row("api:post_round", call_id, "post", API_RUN_201, body=lambda w: ROUND_BODY),
    Row("api:put_round", round_id, "put", API_RUN, body=lambda w: ROUND_BODY),
    Row("api:open_round", round_id, "post", API_RUN),
    Row("api:close_round", round_id, "post", API_RUN_400),  # a draft round cannot be closed
    Row("api:get_panel", call_id, expect=API_RUN),
    Row("api:post_panel", call_id, "post", API_RUN_201,
        body=lambda w: {"account": make_reviewer(w.school).pk}),
    Row("api:post_external", call_id, "post", API_RUN_201,
        body=lambda w: {"name": "周教授", "affiliation": "吉林大学", "phone": "13900000000"}),
    Row("api:delete_member", member_id, "delete", API_RUN_204),
    Row("api:get_conflicts", call_id, expect=API_RUN),
    Row("api:post_conflict", panel_and_app_call, "post", API_RUN_201, body=newest_pair),
    Row("api:delete_conflict", conflict_id, "delete", API_RUN_204),
    Row("api:get_assignments", round_id, expect=API_RUN),
    Row("api:post_assignment", panel_and_app_round, "post", API_RUN_201, body=newest_pair),
    Row("api:post_auto", round_id, "post", API_RUN_400, body=lambda w: {}),  # nothing to assign
    Row("api:delete_assignment", unstarted_id, "delete", API_RUN_204),
    Row("api:get_progress", round_id, expect=API_RUN),
    Row("api:post_remind", round_id, "post", API_RUN_400, body=lambda w: {}),  # the round is not open
    # The reviewer (评审专家): only their own assignments.
    Row("reviews:queue", expect=REVIEWER_ONLY),
    Row("reviews:review", assignment_id, expect=ASSIGNED),
    Row("reviews:review", assignment_id, "post", statuses(403, superuser=404, reviewer=302)),
    Row("reviews:autosave", assignment_id, expect=POST_ONLY),
    Row("reviews:autosave", assignment_id, "post", statuses(403, superuser=404, reviewer=409)),  # no version
    Row("reviews:submit", assignment_id, expect=POST_ONLY),
    Row("reviews:submit", assignment_id, "post", statuses(403, superuser=404, reviewer=302)),
    Row("reviews:decline", assignment_id, expect=ASSIGNED),
    Row("reviews:decline", assignment_id, "post", statuses(403, superuser=404, reviewer=400)),  # no reason
    Row("reviews:attachment", assignment_file, expect=ASSIGNED),
    Row("api:my_assignments", expect=statuses(403, anonymous=401, superuser=200, reviewer=200)),
    Row("api:my_assignment", assignment_id, expect=statuses(403, anonymous=401, superuser=404, reviewer=200)),
    Row("api:save_review", assignment_id, "post", statuses(403, anonymous=401, superuser=404, reviewer=200),
        body=lambda w: {"scores": {}, "lock_version": 1}),
    Row("api:submit_review", assignment_id, "post", statuses(403, anonymous=401, superuser=404, reviewer=400),
        body=lambda w: {}),
    Row("api:decline_review", assignment_id, "post", statuses(403, anonymous=401, superuser=404, reviewer=400),
        body=lambda w: {"reason": ""}),
    # Results: ranking, exports, the leading group's decision (集中审议).
    Row("reviews:ranking", scored_round_id, expect=RUN),
    Row("reviews:method", scored_call_id, expect=POST_ONLY),
    Row("reviews:method", scored_call_id, "post", RUN_WRITE),
    Row("reviews:results_xlsx", scored_round_id, expect=RUN),
    Row("reviews:scoresheet_docx", scoresheet, expect=RUN),
    Row("reviews:decision", scored_call_id, expect=RUN),
    Row("reviews:decision", scored_call_id, "post", RUN_WRITE),
    Row("api:ranking", scored_round_id, expect=API_RUN),
    Row("api:set_method", scored_call_id, "post", API_RUN, body=lambda w: {"method": "zscore"}),
    Row("api:get_decision", scored_call_id, expect=API_RUN),
    Row("api:record_decision", scored_call_id, "post", API_RUN_400,
        body=lambda w: {"meeting_date": "2025-01-06", "minutes": "纪要", "basis": "排名", "application_ids": []}),
    # 公示, objections, finalisation; the public pages.
    Row("reviews:notice", decided_call_id, expect=RUN),
    Row("reviews:notice", decided_call_id, "post", RUN_WRITE),
    Row("reviews:notice_publish", decided_call_id, expect=POST_ONLY),
    Row("reviews:notice_publish", decided_call_id, "post", RUN_WRITE),
    Row("reviews:notice_finalize", decided_call_id, expect=POST_ONLY),
    Row("reviews:notice_finalize", decided_call_id, "post", RUN_WRITE),
    Row("reviews:objection_resolve", objection_id, expect=POST_ONLY),
    Row("reviews:objection_resolve", objection_id, "post", RUN_WRITE),
    Row("reviews:public_notices", expect=PUBLIC),
    Row("reviews:public_notice", public_notice_id, expect=PUBLIC),
    Row("reviews:public_notice", decided_call_id, expect=statuses(404, anonymous=404)),  # no such notice
    Row("reviews:public_objection", public_notice_id, expect=statuses(405, anonymous=405)),
    Row("reviews:public_objection", public_notice_id, "post", statuses(400, anonymous=400)),  # empty form
    Row("api:get_notice", decided_call_id, expect=API_RUN),
    Row("api:save_notice", decided_call_id, "post", API_RUN,
        body=lambda w: {"title": "公示", "body": "正文", "working_days": 5}),
    Row("api:publish_notice", decided_call_id, "post", API_RUN_400),  # no draft saved yet
    Row("api:finalize_notice", decided_call_id, "post", API_RUN_400),
    Row("api:list_objections", decided_call_id, expect=API_RUN),
    Row("api:resolve_objection", objection_id, "post", API_RUN,
        body=lambda w: {"outcome": "dismissed", "resolution": "不属实"}),
    Row("api:get_public_notice", public_notice_id, expect=PUBLIC),
    Row("api:submit_objection", public_notice_id, "post", statuses(201, anonymous=201),
        body=lambda w: {"name": "张三", "contact": "13800000000", "text": "异议"}),
    # Recommendation to the province.
    Row("reviews:province", province_call_id, expect=RUN),
    Row("reviews:province", province_call_id, "post", RUN_WRITE),
    Row("reviews:province_send", province_call_id, expect=POST_ONLY),
    Row("reviews:province_send", province_call_id, "post", RUN_WRITE),
    Row("reviews:province_letter", province_call_id, expect=RUN),
    Row("reviews:province_list", province_call_id, expect=RUN),
    Row("reviews:province_package", province_call_id, expect=RUN),
    Row("api:get_province", province_call_id, expect=API_RUN),
    Row("api:save_province", province_call_id, "post", API_RUN,
        body=lambda w: {"entries": [], "recipient": "中共吉林省委教育工委", "letter_date": "2026-11-20",
                        "letter_body": "正文", "quota": 2}),
    Row("api:send_province", province_call_id, "post", API_RUN),
    # Studios: scoped by the unit tree like their applications.
    Row("studios:list", expect=statuses(200, reviewer=403)),
    Row("studios:detail", studio_id, expect=statuses(404, superuser=200, org_admin=200, college_admin=200)),
]
