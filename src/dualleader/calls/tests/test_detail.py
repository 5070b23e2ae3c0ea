from __future__ import annotations

import datetime

from django.urls import reverse

from dualleader.calls.templatetags.calls_tags import beijing, notice_html

from .factories import BEIJING, make_call

DEADLINE = datetime.datetime(2027, 3, 5, 17, 0, tzinfo=BEIJING)


def test_detail_shows_deadline_with_zone_and_quotas(client_for, world):
    call = make_call(world.school, deadline=DEADLINE)
    body = client_for("org_admin").get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "2027-03-05 17:00（北京时间）" in body
    assert "每个学院党委至多推荐 2 个，需排序" in body
    assert "2–5 个工作室" in body
    assert "标准引领、质量优先、公平公正、组织统筹" in body


def test_beijing_filter_converts_from_utc():
    assert beijing(datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC)) == "2024-03-05 17:00（北京时间）"


def test_notice_markdown_is_sanitised():
    html = notice_html("## 一、建设目的\n\n**重点**<script>alert(1)</script><a href='x'>链接</a>")
    assert "<h2>一、建设目的</h2>" in html and "<strong>重点</strong>" in html
    assert "<script" not in html and "<a" not in html


def test_detail_of_other_tree_is_404_for_outsider(client_for, world):
    call = make_call(world.school)
    assert client_for("outsider").get(reverse("calls:detail", args=[call.pk])).status_code == 404
