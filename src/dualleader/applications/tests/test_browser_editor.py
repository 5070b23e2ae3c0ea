"""The editor in real Chromium: live word count, table rows and total, autosave, restore after a reload."""

from __future__ import annotations

import pytest
from tests.browser.support import shot, sign_in
from tests.factories import PASSWORD

from dualleader.applications.models import Application

from .factories import make_application

pytestmark = [pytest.mark.browser]


def test_fill_autosave_and_restore(page, live_server, transactional_db, world):
    application = make_application(world)
    sign_in(page, world.user("branch_secretary").username, PASSWORD)
    page.goto(f"/applications/{application.pk}/edit/")
    goals = page.locator('[data-field="goals"] textarea')
    goals.fill("建成示范工作室")
    assert page.locator('[data-field="goals"] .dl-count').inner_text() == "已填 7 / 1000 字"
    budget = page.locator('[data-table-field="budget"]')
    budget.locator(".dl-add-row").click()
    budget.locator(".dl-add-row").click()
    budget.locator('[data-col="amount"] input').nth(0).fill("5000")
    budget.locator('[data-col="amount"] input').nth(1).fill("1200.5")
    assert budget.locator(".dl-total").inner_text() == "6200.50"
    page.wait_for_function("document.getElementById('dl-autosave-status').textContent.includes('自动保存')",
                           timeout=12000)
    shot(page, "application-editor")
    page.reload()
    assert "发现未保存的内容" in page.inner_text("body")
    page.click("#dl-server-restore a")
    assert page.locator('[data-field="goals"] textarea').input_value() == "建成示范工作室"
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.inner_text("body")
    application = Application.objects.get(pk=application.pk)
    assert application.data["goals"] == "建成示范工作室"
    assert [r["amount"] for r in application.data["budget"]] == ["5000", "1200.5"]


def test_attach_submit_and_see_the_version(page, live_server, transactional_db, world, tmp_path):
    from dualleader.applications.services import application_save

    from .factories import complete_data

    application = make_application(world)
    application_save(application=application, data=complete_data(application), expected_lock_version=1,
                     user=world.user("branch_secretary"))
    sign_in(page, world.user("branch_secretary").username, PASSWORD)
    page.goto("/applications/")
    shot(page, "application-list")
    page.goto(f"/applications/{application.pk}/")
    evidence = tmp_path / "支部荣誉证书.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    page.set_input_files("input[type=file][name=file]", str(evidence))
    page.click("text=上传")
    page.wait_for_load_state("networkidle")
    assert "支部荣誉证书.pdf" in page.inner_text("body")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("text=提交至学院")
    page.wait_for_load_state("networkidle")
    body = page.inner_text("body")
    assert "已提交至学院党委" in body and "第1版" in body
    shot(page, "application-detail-submitted")
    page.click("text=第1版")
    page.wait_for_load_state("networkidle")
    assert "建成示范工作室。" in page.inner_text("body")
    shot(page, "application-version-1")
