"""The applicant's whole path in real Chromium, as issue 3 describes it: the Organization Department
creates and publishes a call; the branch secretary starts an application, fills in the form in Chinese,
recovers the autosaved text after a reload, attaches a supporting PDF, submits, and downloads the frozen
version as .docx and PDF. Both files must carry the Chinese text that was typed."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pypdf
import pytest

from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.models import Application
from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call
from tests.factories import PASSWORD

from .support import shot, sign_in

pytestmark = [pytest.mark.browser]

BEIJING = ZoneInfo("Asia/Shanghai")
CALL_NAME = "第九批（浏览器测试）"
# Two sentences that appear nowhere else: the generated documents must contain them as typed.
FOUNDATION = "支部坚持把党的政治建设摆在首位，三年来累计开展主题党日活动四十二次。"
GOALS = "用两年时间把工作室建成全校党建与业务深度融合的示范标杆。"
AUTOSAVED = "经过自动保存恢复的特色内容：以“课程思政工作坊”带动青年教师成长。"


def _local(moment: datetime.datetime) -> str:
    """A datetime-local input's value, in Beijing wall-clock time."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def _squash(text: str) -> str:
    # Line breaks inside a wrapped paragraph (and the spaces some extractors add) are layout, not text.
    return re.sub(r"\s+", "", text)


def _download(page, selector: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    path = download.path()
    assert path is not None, download.failure()
    return Path(path).read_bytes()


def _wait_for_autosave(page) -> None:  # type: ignore[no-untyped-def]
    # The editor saves five seconds after the last change.
    page.wait_for_function(
        "document.getElementById('dl-autosave-status').textContent.includes('自动保存')", timeout=15000)


def _create_and_publish_call(page, world) -> Call:  # type: ignore[no-untyped-def]
    sign_in(page, world.user("org_admin").username, PASSWORD)
    page.goto("/calls/new/")
    now = datetime.datetime.now(tz=BEIJING)
    page.fill("#id_name", CALL_NAME)
    page.select_option("#id_owner", label=world.school.name)
    page.fill("#id_notice", "# 关于开展第九批“双带头人”教师党支部书记工作室建设申报工作的通知\n\n"
                            "各学院党委：请按要求组织申报。")
    page.fill("#id_opens_at", _local(now - datetime.timedelta(days=1)))
    page.fill("#id_deadline", _local(now + datetime.timedelta(days=30)))
    page.fill("#id_contact_person", "张慧")
    page.fill("#id_contact_phone", "0431-85716310")
    shot(page, "path-01-call-form")
    page.click("form button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r"/calls/\d+/$"))
    call = Call.objects.get(name=CALL_NAME)
    assert call.status == CallStatus.DRAFT
    page.click(f"form[action='/calls/{call.pk}/publish/'] button")
    page.wait_for_load_state("networkidle")
    page.locator(f"a[href='/calls/open/{call.pk}/']").wait_for()
    shot(page, "path-02-call-published")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.is_open()
    return call


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").wait_for()


def _fill_table_rows(page, field: str, rows_per_group: list[list[dict[str, str]]]) -> None:  # type: ignore[no-untyped-def]
    """Add rows to each group (year) of an editable table and fill their cells."""
    wrapper = page.locator(f'[data-table-field="{field}"]')
    for g, rows in enumerate(rows_per_group):
        table = wrapper.locator(f"table[data-table='{field}']").nth(g)
        for values in rows:
            before = table.locator("tbody tr[data-row]").count()
            wrapper.locator(".dl-add-row").nth(g).click()
            row = table.locator("tbody tr[data-row]").nth(before)
            row.wait_for()
            for col, value in values.items():
                cell = row.locator(f'[data-col="{col}"] .dl-input')
                if cell.evaluate("el => el.tagName") == "SELECT":
                    cell.select_option(value)
                else:
                    cell.fill(value)


def test_create_call_fill_autosave_attach_submit_and_download(page, live_server, transactional_db, world,
                                                               tmp_path):
    # Confirmations ("Publish this call?", "Submit to the college?") are answered yes.
    page.on("dialog", lambda dialog: dialog.accept())
    call = _create_and_publish_call(page, world)

    # The branch secretary finds the call under 我的申报 and starts an application.
    _sign_out(page)
    sign_in(page, world.user("branch_secretary").username, PASSWORD)
    page.goto("/applications/")
    start = page.locator(f"form[action='/applications/{call.pk}/start/'] button")
    start.wait_for()
    assert CALL_NAME in page.inner_text("body")
    shot(page, "path-03-my-applications")
    start.click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    application = Application.objects.get(call=call, branch=world.branch)
    assert application.status == ApplicationStatus.DRAFT

    # Every required field of the default form, in Chinese.
    page.fill('[data-field="studio_name"] .dl-input', "机械设计系“双带头人”教师党支部书记工作室")
    page.fill('[data-field="secretary_phone"] .dl-input', "0431-85716000")
    page.fill('[data-field="foundation"] .dl-input', FOUNDATION)
    page.fill('[data-field="goals"] .dl-input', GOALS)
    for year in ("1", "2"):
        goals = page.locator(f"table[data-table='plan'][data-year='{year}'] [data-col='goal'] .dl-input")
        assert goals.count() == 5
        for i in range(5):
            goals.nth(i).fill(f"第{year}年第{i + 1}项任务的年度目标与举措。")
    page.fill('[data-field="schedule"] .dl-input', "第一年完善制度、打造品牌；第二年总结经验、辐射推广。")
    _fill_table_rows(page, "outcomes", [
        [{"type": "method", "title": "机械设计系支部工作法", "form": "典型案例一篇"}],
        [{"type": "research", "title": "党建与教学融合教改论文", "form": "论文一篇"}],
    ])
    _fill_table_rows(page, "budget", [[{"item": "专题培训费", "amount": "6000", "basis": "培训三次"}]])
    assert page.locator('[data-table-field="budget"] .dl-total').inner_text() == "6000.00"
    page.fill('[data-field="features"] .dl-input', "党建与学科建设同频共振。")
    page.click("#dl-editor button[type=submit]")
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    assert "已保存" in page.inner_text("body")
    application.refresh_from_db()
    assert application.data["foundation"] == FOUNDATION

    # A change that is only autosaved, then a reload: the page offers it back.
    page.fill('[data-field="features"] .dl-input', AUTOSAVED)
    _wait_for_autosave(page)
    shot(page, "path-04-autosaved")
    page.reload()
    banner = page.locator("#dl-server-restore")
    banner.wait_for()
    assert page.locator('[data-field="features"] .dl-input').input_value() == "党建与学科建设同频共振。"
    shot(page, "path-05-restore-offered")
    banner.locator("a").click()
    page.wait_for_url(re.compile(r"restore=1"))
    assert page.locator('[data-field="features"] .dl-input').input_value() == AUTOSAVED
    page.click("#dl-editor button[type=submit]")
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    assert "已保存" in page.inner_text("body")
    assert page.locator("#dl-server-restore").count() == 0
    application.refresh_from_db()
    assert application.data["features"] == AUTOSAVED

    # A supporting PDF, then the submission.
    page.goto(f"/applications/{application.pk}/")
    evidence = tmp_path / "支部工作总结.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = page.locator("form[action$='/attachments/']:has(input[name=kind][value=evidence])")
    upload.locator("input[type=file][name=file]").set_input_files(str(evidence))
    upload.locator("input[name=description]").fill("近三年支部工作总结")
    upload.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("a:has-text('支部工作总结.pdf')").wait_for()
    shot(page, "path-06-evidence-attached")
    page.click(f"form[action='/applications/{application.pk}/submit/'] button")
    page.locator("#version-1-docx").wait_for()
    body = page.inner_text("body")
    assert "已提交至学院党委" in body
    shot(page, "path-07-submitted")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # The frozen version downloads as Word and PDF, both carrying the typed Chinese text.
    word = _download(page, "#version-1-docx")
    pdf = _download(page, "#version-1-pdf")
    assert word[:2] == b"PK" and pdf[:5] == b"%PDF-"
    word_text, pdf_text = _squash(_docx_text(word)), _squash(_pdf_text(pdf))
    for sentence in (FOUNDATION, GOALS, AUTOSAVED):
        assert _squash(sentence) in word_text, sentence
    for sentence in (FOUNDATION, GOALS):
        assert _squash(sentence) in pdf_text, (sentence, pdf_text[:2000])
    assert "机械设计系支部工作法" in word_text and "专题培训费" in pdf_text
