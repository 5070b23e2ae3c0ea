"""The exports over a call: the 推荐汇总表 workbook and the zip of accepted applications, read back."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from dualleader.applications.enums import ApplicationStatus
from dualleader.applications.tests.factories import make_open_call
from dualleader.documents.accepted_zip import clean
from dualleader.documents.recommendation_xlsx import safe
from dualleader.recommendations.models import FormalCheck
from dualleader.recommendations.receipt import formal_check_accept

from .factories import make_branch
from .test_check import make_ready, make_recommended


def _local(instant):
    return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M")


def test_safe_prefixes_formula_like_values():
    assert [safe(v) for v in ["=1+1", "+86", "-x", "@SUM(A1)", "普通", 3]] == ["'=1+1", "'+86", "'-x", "'@SUM(A1)",
                                                                            "普通", 3]


def test_clean_makes_windows_safe_names():
    assert clean('a\\b/c:d*e?f"g<h>i|j. ') == "a_b_c_d_e_f_g_h_i_j"
    long = clean("很" * 200 + ".pdf")
    assert len(long) == 80 and long.endswith(".pdf")
    assert clean("...") == "未命名"


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_summary_xlsx_rows_by_college_then_rank(world, client_for):
    call = make_open_call(world.school)
    first = make_ready(world, call, title="=HYPERLINK(\"http://x\")")
    branch, user = make_branch(world.college)
    second = make_recommended(world, call, branch, user)
    # the list holds first (rank 1, sent by make_ready); a second college list too
    other_branch, other_user = make_branch(world.other_college)
    third = make_recommended(world, call, other_branch, other_user)
    from .factories import make_sent_list

    make_sent_list(call, world.other_college, [third], world.user("outsider"))
    formal_check_accept(application=first, user=world.user("org_admin"))
    response = client_for("org_admin").get(reverse("recommendations:summary_xlsx", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "filename*=utf-8''%E6%8E%A8%E8%8D%90%E6%B1%87%E6%80%BB%E8%A1%A8" in response["Content-Disposition"]
    ws = _workbook(response).active
    assert ws["A1"].value == "第二批 推荐汇总表"
    assert [c.value for c in ws[2]] == ["学院", "推荐排名", "依托党支部", "支部书记", "职称", "最高学历（学位）",
                                       "支部成立时间", "资格条件", "申报状态", "提交时间", "推荐时间", "受理时间"]
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["C"].width == 30
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [(r[0], r[1], r[2]) for r in rows] == [("机电工程学院党委", 1, "机械设计系教师党支部"),
                                                  ("计算机科学与工程学院党委", 1, other_branch.name)]
    assert second.status == "submitted"  # never put on a list: not in the table
    assert rows[0][3:9] == [
        "王建国", "教授", str(world.branch_secretary_person.get_highest_degree_display()), "2015-09-01", "符合",
        str(ApplicationStatus.ACCEPTED.label)]
    first.refresh_from_db()
    check = FormalCheck.objects.get(application=first)
    recommendation = first.recommendation_entry.recommendation
    assert rows[0][9:12] == [_local(first.submitted_at), _local(recommendation.submitted_at), _local(check.decided_at)]
    assert rows[1][11] is None


def test_summary_xlsx_marks_ineligible_with_failed_rule(world, client_for):
    call = make_open_call(world.school)
    make_ready(world, call)
    world.branch_secretary_person.political_status = "probationary"
    world.branch_secretary_person.save()
    ws = _workbook(client_for("org_admin").get(reverse("recommendations:summary_xlsx", args=[call.pk]))).active
    assert ws["H3"].value.startswith("不符合：") and "王建国" in ws["H3"].value


def test_summary_xlsx_studio_title_formula_is_not_a_formula(world, client_for):
    from dualleader.documents.recommendation_xlsx import summary_rows

    call = make_open_call(world.school)
    make_ready(world, call)
    world.branch.name = "=cmd|' /C calc'!A0"
    world.branch.save()
    rows = summary_rows(call)
    assert rows[0][2] == "'=cmd|' /C calc'!A0"
    ws = _workbook(client_for("org_admin").get(reverse("recommendations:summary_xlsx", args=[call.pk]))).active
    assert ws["C3"].data_type == "s" and ws["C3"].value.startswith("'=")


def test_summary_xlsx_empty_call_has_title_and_header_only(world, client_for):
    call = make_open_call(world.school)
    ws = _workbook(client_for("org_admin").get(reverse("recommendations:summary_xlsx", args=[call.pk]))).active
    assert ws.max_row == 2


def test_accepted_zip_layout_and_contents(world, client_for):
    call = make_open_call(world.school)
    first = make_ready(world, call, evidence=("荣誉.pdf", "荣誉.pdf", "a:b.pdf"), title="机械“双带头人”工作室")
    formal_check_accept(application=first, user=world.user("org_admin"))
    # Recommended but not accepted: not in the zip.
    branch, user = make_branch(world.other_college)
    pending = make_recommended(world, call, branch, user)
    from .factories import make_sent_list

    make_sent_list(call, world.other_college, [pending], world.user("outsider"))
    response = client_for("org_admin").get(reverse("recommendations:accepted_zip", args=[call.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    base = "01_机电工程学院党委/第1名_机械设计系教师党支部_机械“双带头人”工作室"
    assert sorted(archive.namelist()) == sorted([
        f"{base}/申报书.pdf", f"{base}/附件/荣誉.pdf", f"{base}/附件/荣誉 (2).pdf", f"{base}/附件/a_b.pdf",
        f"{base}/盖章扫描件.pdf"])
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names
    reader = PdfReader(io.BytesIO(archive.read(f"{base}/申报书.pdf")))
    assert len(reader.pages) >= 1
    assert archive.read(f"{base}/附件/荣誉.pdf").startswith(b"%PDF")


def test_accepted_zip_empty_when_nothing_accepted(world, client_for):
    call = make_open_call(world.school)
    make_ready(world, call)
    response = client_for("org_admin").get(reverse("recommendations:accepted_zip", args=[call.pk]))
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist() == []


@pytest.mark.parametrize("name", ["summary_xlsx", "accepted_zip"])
@pytest.mark.parametrize("role,status", [("org_admin", 200), ("college_admin", 404), ("outsider", 404),
                                         ("branch_secretary", 404), ("reviewer", 404)])
def test_exports_access(world, client_for, name, role, status):
    call = make_open_call(world.school)
    assert client_for(role).get(reverse(f"recommendations:{name}", args=[call.pk])).status_code == status
