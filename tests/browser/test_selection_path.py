"""Issue 5's path in real Chromium: the Organization Department assigns the accepted applications
automatically; the reviewer scores one in the browser (the others' reviews are already in); the ranking
shows the result; the leading group's decision is recorded; the 公示 is drafted and published and
shows on the public site, where a member of the public objects; the objection is dismissed; after the
period the list is finalised, studios are created, and the applicant sees the result."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.applications.tests.factories import make_open_call
from dualleader.reviews.enums import AssignmentStatus, NoticeStatus
from dualleader.reviews.models import Assignment, Objection, PanelMember, PublicNotice
from dualleader.reviews.scoring import review_submit
from dualleader.reviews.tests.factories import make_accepted, make_evaluation, make_panel, open_round
from dualleader.studios.models import Studio
from tests.factories import PASSWORD

from .support import shot, sign_in

pytestmark = [pytest.mark.browser]

POINTS = {0: "17", 1: "13", 2: "13.5", 3: "12", 4: "13", 5: "8", 6: "9"}


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_review_decision_notice_finalise(page, live_server, transactional_db, world):  # type: ignore[no-untyped-def]
    page.on("dialog", lambda dialog: dialog.accept())
    org = world.user("org_admin")
    call = make_open_call(world.school, name="第九批（浏览器测试）")
    apps = make_accepted(call, world.college, 2) + make_accepted(call, world.other_college, 1)
    evaluation = make_evaluation(call, org)
    [other] = make_panel(evaluation, 1, org)
    PanelMember.objects.create(evaluation=evaluation, user=world.user("reviewer"), added_by=org)
    round_ = open_round(evaluation, reviewers_per_item=2)

    # The Organization Department assigns automatically: each application gets both reviewers.
    sign_in(page, org.username, PASSWORD)
    page.goto(f"/reviews/rounds/{round_.pk}/assignments/")
    page.click("#auto-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Assignment.objects.filter(round=round_).count() == 6
    shot(page, "sel-01-assignment")

    # The other reviewer's scores are in, and ours for two of the three; the first is scored in the browser.
    criteria = list(evaluation.criteria.all())

    def score(reviewer, application, points):  # type: ignore[no-untyped-def]
        a = Assignment.objects.get(round=round_, reviewer=reviewer, application=application)
        review_submit(assignment=a, user=reviewer, comment="同意推荐。",
                      scores={str(c.pk): str(p) for c, p in zip(criteria, points, strict=True)})

    for i, application in enumerate(apps):
        score(other.user, application, [15 - i, 12, 12, 12, 11, 8, 8])
    for application in apps[1:]:
        score(world.user("reviewer"), application, [14, 11, 11, 10, 10, 7, 7])
    _sign_out(page)
    sign_in(page, world.user("reviewer").username, PASSWORD)
    page.goto("/reviews/mine/")
    shot(page, "sel-02-reviewer-queue")
    assignment = Assignment.objects.get(round=round_, reviewer=world.user("reviewer"), application=apps[0])
    page.click(f"a[href='/reviews/assignments/{assignment.pk}/']")
    page.wait_for_url(re.compile(rf"/reviews/assignments/{assignment.pk}/$"))
    assert apps[0].branch.name not in page.content()  # the round hides applicants' names
    for i, criterion in enumerate(criteria):
        page.fill(f"#score-{criterion.pk}", POINTS[i])
    page.fill("#dl-comment", "支部基础扎实，建设目标明确，特色鲜明。")
    assert page.locator("#dl-total").inner_text() == "85.50"
    shot(page, "sel-03-reviewer-scoring")
    page.click("button[data-confirm]")
    page.wait_for_load_state("networkidle")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.total) == (AssignmentStatus.SUBMITTED, 85.5)

    # The ranking, then the leading group's decision: the two best, in order.
    _sign_out(page)
    sign_in(page, org.username, PASSWORD)
    page.goto(f"/reviews/rounds/{round_.pk}/ranking/")
    shot(page, "sel-04-ranking")
    ranked = [int(x) for x in page.locator("tr.ranking-row").evaluate_all(
        "rows => rows.map(r => r.dataset.application)")][:2]
    assert ranked == [apps[0].pk, apps[1].pk]  # 85.5 and 80.0 on top of the other reviewer's totals
    page.goto(f"/reviews/{call.pk}/decision/")
    for place, pk in enumerate(ranked, start=1):
        page.check(f"#sel-{pk}")
        page.fill(f"input[name=place_{pk}]", str(place))
    page.fill("#meeting-date", timezone.localdate().isoformat())
    page.fill("#minutes", "学校党建工作领导小组听取通讯评审情况汇报，经集体研究，确定拟立项名单。")
    page.fill("#basis", "通讯评审排名及领导小组集中审议意见。")
    page.click("#decision-save")
    page.wait_for_load_state("networkidle")
    assert page.locator("#decision-recorded").count() == 1
    shot(page, "sel-05-decision")

    # 公示: draft, publish; it is on the public site.
    page.goto(f"/reviews/{call.pk}/notice/")
    page.click("#notice-form button[type=submit]:not(#publish-button)")
    page.wait_for_load_state("networkidle")
    page.click("#publish-button")
    page.wait_for_load_state("networkidle")
    notice = PublicNotice.objects.get(decision__evaluation=evaluation)
    assert notice.status == NoticeStatus.PUBLISHED and notice.ends_on > notice.starts_on
    shot(page, "sel-06-notice-published")
    _sign_out(page)
    page.goto("/reviews/public/")
    page.click(f"a[href='/reviews/public/{notice.pk}/']")
    page.wait_for_url(re.compile(rf"/reviews/public/{notice.pk}/$"))
    assert "公示期" in page.content()
    page.fill("#objection-form [name=name]", "李群众")
    page.fill("#objection-form [name=contact]", "13800000000")
    page.fill("#objection-form [name=text]", "<b>反映</b>：该支部成立时间不足一年。")
    page.click("#objection-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    shot(page, "sel-07-public-notice")
    objection = Objection.objects.get(notice=notice)
    assert objection.text.startswith("<b>")  # kept as text, shown escaped

    # The objection is looked into and dismissed; the period passes; the list is finalised.
    sign_in(page, org.username, PASSWORD)
    page.goto(f"/reviews/{call.pk}/notice/")
    form = page.locator(f"form[action='/reviews/objections/{objection.pk}/resolve/']")
    form.locator("[name=outcome]").select_option("dismissed")
    form.locator("[name=resolution]").fill("经核查，该支部成立于2015年，符合申报条件，异议不成立。")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    past = timezone.localdate() - datetime.timedelta(days=1)
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=past - datetime.timedelta(days=7), ends_on=past)
    page.goto(f"/reviews/{call.pk}/notice/")
    page.click("#finalize-button")
    page.wait_for_load_state("networkidle")
    shot(page, "sel-08-finalised")
    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    assert sorted(statuses.values()) == sorted([ApplicationStatus.SELECTED, ApplicationStatus.SELECTED,
                                                ApplicationStatus.NOT_SELECTED])
    assert Studio.objects.filter(call=call).count() == 2
    page.goto("/studios/")
    shot(page, "sel-09-studios")

    # The applicant sees the result, without reviewers or scores.
    _sign_out(page)
    selected = Application.objects.filter(call=call, status=ApplicationStatus.SELECTED).select_related("branch").first()
    secretary = selected.branch.role_grants.get(role="branch_secretary").user
    sign_in(page, secretary.username, PASSWORD)
    page.goto(f"/applications/{selected.pk}/")
    assert page.locator("#selection-result").count() == 1
    assert world.user("reviewer").display_name not in page.locator("#selection-result").inner_text()
    shot(page, "sel-10-applicant-result")
