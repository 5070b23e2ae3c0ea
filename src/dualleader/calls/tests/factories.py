"""Calls for tests, built through the services so they carry the default form and rules."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dualleader.calls.enums import CallStatus
from dualleader.calls.models import Call, CallAnnex
from dualleader.calls.services import annex_add, call_create
from dualleader.units.models import Unit

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
# The smallest bytes `filetype` recognises as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_call(owner: Unit, *, status: str = CallStatus.DRAFT, **fields: Any) -> Call:
    """A call owned by `owner`, open for the last week and the next 30 days unless told otherwise.
    `status` is set directly so tests can start from any state."""
    now = timezone.now()
    data: dict[str, Any] = {
        "name": "第二批“双带头人”教师党支部书记工作室", "notice": "## 一、建设目的\n\n正文。",
        "opens_at": now - datetime.timedelta(days=7),
        "deadline": (now + datetime.timedelta(days=30)).astimezone(BEIJING).replace(hour=17, minute=0, second=0,
                                                                                   microsecond=0),
        "contact_person": "张慧", "contact_phone": "85927818"}
    data.update(fields)
    call = call_create(owner=owner, **data)
    if status != CallStatus.DRAFT:
        Call.objects.filter(pk=call.pk).update(status=status, published_at=now)
        call.refresh_from_db()
    return call


def make_annex(call: Call, name: str = "附件1 建设标准.pdf", content: bytes = PDF_BYTES, title: str = "建设标准") -> CallAnnex:
    return annex_add(call=call, upload=SimpleUploadedFile(name, content), title=title)
