"""Issue 4's path in real Chromium, from the branch through the college to the university: the college
returns a submitted application with a reason; the secretary reads it, adds a supporting file and submits
again; the college endorses it, puts it on its list, writes its opinion, confirms the attestations and
sends the list; the secretary is notified and uploads the stamped scan; the Organization Department
sees the college as submitted on the receipt desk, records the paper copy, passes the formal check and
downloads the 推荐汇总表."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.tests.factories import make_open_call
from dualleader.notifications.models import Notification
from dualleader.recommendations.enums import RecommendationStatus
from dualleader.recommendations.models import Recommendation
from dualleader.recommendations.tests.factories import make_submitted
from tests.factories import PASSWORD

from .support import shot, sign_in

pytestmark = [pytest.mark.browser]

REASON = "工作基础部分请补充近三年支部获奖情况，并上传支部工作总结。"
OPINION = "经学院党委会议研究，同意推荐该支部，排序第一。"


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def _download(page, selector: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.click(selector)
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def test_branch_to_college_to_university(page, live_server, transactional_db, world, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    call = make_open_call(world.school, name="第十批（浏览器测试）")
    secretary = world.user("branch_secretary")
    application = make_submitted(call, world.branch, secretary)

    # The college returns the application with a reason.
    sign_in(page, world.user("college_admin").username, PASSWORD)
    page.goto("/recommendations/")
    page.click(f"a[href='/recommendations/{call.pk}/college/{world.college.pk}/']")
    page.wait_for_url(re.compile(rf"/recommendations/{call.pk}/college/{world.college.pk}/$"))
    shot(page, "rec-01-college-workbench")
    row = page.locator(f"form[action='/recommendations/applications/{application.pk}/return/']")
    page.locator(f"details:has(form[action='/recommendations/applications/{application.pk}/return/']) summary").click()
    row.locator("textarea[name=reason]").fill(REASON)
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已退回支部修改" in page.inner_text("body")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED

    # The secretary reads the reason (in the inbox and on the application), adds a file and resubmits.
    _sign_out(page)
    sign_in(page, secretary.username, PASSWORD)
    page.goto("/notifications/")
    assert "退回修改" in page.inner_text("body")
    shot(page, "rec-02-secretary-inbox")
    page.goto(f"/applications/{application.pk}/")
    assert REASON in page.inner_text("body")
    evidence = tmp_path / "支部工作总结.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = page.locator("form[action$='/attachments/']:has(input[name=kind][value=evidence])")
    upload.locator("input[type=file][name=file]").set_input_files(str(evidence))
    upload.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("a:has-text('支部工作总结.pdf')").wait_for()
    page.click(f"form[action='/applications/{application.pk}/submit/'] button")
    page.wait_for_load_state("networkidle")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.versions.count() == 2  # both submissions are kept

    # The college endorses, lists, writes its opinion, confirms the attestations and sends the list.
    _sign_out(page)
    sign_in(page, world.user("college_admin").username, PASSWORD)
    page.goto(f"/recommendations/{call.pk}/college/{world.college.pk}/")
    page.click(f"form[action='/recommendations/applications/{application.pk}/endorse/'] button")
    page.wait_for_load_state("networkidle")
    page.click(f"form[action='/recommendations/applications/{application.pk}/include/'] button")
    page.wait_for_load_state("networkidle")
    assert "第1名" in page.inner_text("body")
    page.fill("#id_opinion", OPINION)
    for box in page.locator("input[name=attested]").all():
        box.check()
    page.click(f"form[action='/recommendations/{call.pk}/college/{world.college.pk}/save/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    shot(page, "rec-03-college-list-ready")
    page.locator("details:has(#confirm-submit) summary").click()
    page.click("#confirm-submit")
    page.wait_for_load_state("networkidle")
    assert "推荐名单已报送党委组织部" in page.inner_text("body")
    shot(page, "rec-04-college-list-sent")
    recommendation = Recommendation.objects.get(call=call, unit=world.college)
    assert recommendation.status == RecommendationStatus.SUBMITTED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECOMMENDED
    assert Notification.objects.filter(recipient=secretary, kind="application.recommended").exists()

    # The secretary uploads the stamped scan of the submitted version.
    _sign_out(page)
    sign_in(page, secretary.username, PASSWORD)
    page.goto(f"/applications/{application.pk}/")
    scan = tmp_path / "盖章扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = page.locator("form[action$='/attachments/']:has(input[name=kind][value=stamped_scan])")
    upload.locator("input[type=file][name=file]").set_input_files(str(scan))
    upload.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("a:has-text('盖章扫描件.pdf')").wait_for()

    # The Organization Department: the board, the college's list, the formal check, the export.
    _sign_out(page)
    sign_in(page, world.user("org_admin").username, PASSWORD)
    page.goto(f"/recommendations/{call.pk}/desk/")
    body = page.inner_text("body")
    assert world.college.name in body and "已报送" in body
    shot(page, "rec-05-receipt-desk")
    page.goto(f"/recommendations/{call.pk}/desk/{world.college.pk}/")
    assert OPINION in page.inner_text("body")
    shot(page, "rec-06-desk-college")
    page.goto(f"/recommendations/applications/{application.pk}/check/")
    assert page.locator("#accept-button").is_disabled()  # the paper copy has not arrived
    page.click(f"form[action='/recommendations/applications/{application.pk}/paper/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#accept-button").is_enabled()
    page.click("#accept-button")
    page.wait_for_load_state("networkidle")
    assert "已通过资格审查" in page.inner_text("body")
    shot(page, "rec-07-formal-check-passed")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    page.goto(f"/recommendations/{call.pk}/desk/")
    content = _download(page, f"a[href='/recommendations/{call.pk}/summary.xlsx']")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert world.branch.name in values and world.college.name in values
