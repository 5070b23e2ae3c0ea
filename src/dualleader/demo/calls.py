"""The notice's own call (第二批) for the demo: published, open today, with its two annexes as real
.docx files. Adding it is idempotent and works on a database that already holds the older demo."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from dualleader.calls.enums import AnnexKind
from dualleader.calls.models import Call
from dualleader.calls.services import annex_add, call_create, call_publish
from dualleader.units.models import Unit

from .notice import CALL_NAME, NOTICE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(title: str, lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _standard_docx(call: Call) -> bytes:
    lines = [f"{i}. {rule.explanation}" for i, rule in enumerate(call.rules.filter(enabled=True), 1)]
    return _docx("长春工业大学“双带头人”教师党支部书记工作室建设标准", lines)


def _form_docx(call: Call) -> bytes:
    form = call.current_form()
    sections = form.schema.get("sections", []) if form else []
    lines = ["工作室名称：", "依托党支部（盖章）：", "负责人：", "填报日期：    年    月    日", ""]
    lines += [section["title"] for section in sections]
    return _docx("长春工业大学第二批“双带头人”教师党支部书记工作室申报书", lines)


def notice_call_exists() -> bool:
    return Call.objects.filter(name=CALL_NAME).exists()


@transaction.atomic
def add_notice_call(now: datetime.datetime | None = None) -> Call | None:
    """Create and publish the 第二批 call unless it exists. It opened a week ago and closes at 17:00
    Beijing time about 30 days ahead, so the demo can be used on the day it is loaded."""
    if notice_call_exists():
        return None
    owner = Unit.objects.filter(code="CCUT").first()
    if owner is None:
        return None
    now = now or timezone.now()
    beijing = timezone.get_fixed_timezone(8 * 60)
    deadline = (now + datetime.timedelta(days=30)).astimezone(beijing).replace(hour=17, minute=0, second=0,
                                                                              microsecond=0)
    when = f"{deadline.year}年{deadline.month}月{deadline.day}日17:00（北京时间）"
    opens_at = (now - datetime.timedelta(days=7)).astimezone(beijing).replace(hour=9, minute=0, second=0,
                                                                              microsecond=0)
    call = call_create(name=CALL_NAME, owner=owner, notice=NOTICE.replace("{deadline}", when),
                       opens_at=opens_at, deadline=deadline, cycle_years=2, college_quota=2,
                       select_min=2, select_max=5, min_outcomes_per_year=1, contact_person="张慧",
                       contact_phone="85927818")
    annex_add(call=call, kind=AnnexKind.STANDARD, title="长春工业大学“双带头人”教师党支部书记工作室建设标准",
              upload=SimpleUploadedFile("附件1 建设标准.docx", _standard_docx(call), content_type=DOCX))
    annex_add(call=call, kind=AnnexKind.FORM_TEMPLATE,
              title="长春工业大学第二批“双带头人”教师党支部书记工作室申报书",
              upload=SimpleUploadedFile("附件2 申报书.docx", _form_docx(call), content_type=DOCX))
    return call_publish(call=call)
