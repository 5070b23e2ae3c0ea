from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dualleader.calls.enums import AnnexKind, CallStatus
from dualleader.calls.models import Call
from dualleader.demo.builder import build_demo
from dualleader.demo.notice import CALL_NAME

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def docx_text(annex) -> str:  # type: ignore[no-untyped-def]
    with annex.file.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def test_load_demo_publishes_the_notice_call_open_today() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    now = timezone.now()
    assert call.status == CallStatus.PUBLISHED and call.owner.code == "CCUT"
    assert call.is_open(now)
    local = timezone.localtime(call.deadline)
    assert (local.hour, local.minute) == (17, 0) and 28 <= (call.deadline - now).days <= 31
    assert (call.college_quota, call.select_min, call.select_max, call.cycle_years,
            call.min_outcomes_per_year) == (2, 2, 5, 2, 1)
    assert (call.contact_person, call.contact_phone) == ("张慧", "85927818")
    for heading in ("## 一、建设目的", "## 二、建设对象", "## 三、建设任务", "## 四、组织实施", "## 五、工作要求"):
        assert heading in call.notice
    assert f"请于{local.year}年{local.month}月{local.day}日17:00（北京时间）前报送党委组织部" in call.notice
    assert call.rules.filter(enabled=True).count() == 5 and call.current_form().version == 1


def test_demo_annexes_are_real_docx_files() -> None:
    load()
    call = Call.objects.get(name=CALL_NAME)
    standard = call.annexes.get(kind=AnnexKind.STANDARD)
    form = call.annexes.get(kind=AnnexKind.FORM_TEMPLATE)
    assert standard.original_name == "附件1 建设标准.docx"
    assert "党支部成立1年（含）以上" in docx_text(standard)
    assert "二、支部工作基础" in docx_text(form) and "九、团队成员" in docx_text(form)


def test_load_demo_adds_the_call_to_an_older_demo_once() -> None:
    build_demo()
    out = load()
    assert "已补充申报批次" in out
    assert Call.objects.filter(name=CALL_NAME).count() == 1
    out = load()
    assert "未做任何修改" in out
    assert Call.objects.filter(name=CALL_NAME).count() == 1


def test_demo_call_is_public(client) -> None:  # type: ignore[no-untyped-def]
    load()
    call = Call.objects.get(name=CALL_NAME)
    body = client.get(reverse("calls:public_detail", args=[call.pk])).content.decode()
    assert "关于申报长春工业大学第二批“双带头人”教师党支部书记工作室建设工作的通知" in body
    assert "一、建设目的" in body and "登录申报" in body
