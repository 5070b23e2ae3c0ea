"""评审结果汇总表 (.xlsx) and 评审打分表 (.docx), read back with openpyxl and python-docx."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from ..enums import Aggregation
from .factories import make_assignment
from .test_ranking import Results, make_results


@pytest.fixture
def r(world: Any) -> Results:
    r = make_results(world, 2, 4, Aggregation.TRIMMED)
    for reviewer, total in enumerate([80, 82, 84, 61]):
        r.review(0, reviewer, total, comment="=HYPERLINK(\"http://evil\")\n第二行意见")
    r.review(1, 0, 70)
    make_assignment(r.round, r.reviewers[1], r.apps[1], r.org)
    return r


def xlsx(client: Any, r: Results) -> Any:
    response = client.get(reverse("reviews:results_xlsx", args=[r.round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response


def test_results_xlsx_has_ranking_criteria_and_flags(r: Results, client_for: Any) -> None:
    response = xlsx(client_for("org_admin"), r)
    assert "评审结果汇总表_第二批_通讯评审.xlsx" in unquote(response["Content-Disposition"])
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["评审结果汇总表"]
    assert ws["A1"].value == "第二批 评审结果汇总表（通讯评审）"
    assert ws.freeze_panes == "A3"
    header = [c.value for c in ws[2]]
    assert header[:7] == ["排名", "工作室名称", "依托党支部", "所在单位", "支部书记", "去掉最高最低分后平均分", "平均分"]
    assert header[7] == "支部基础与书记条件（满分20）"
    assert header[-4:] == ["已评/应评", "最低分", "最高分", "评分异常"]
    first = [c.value for c in ws[3]]
    # Four reviews: fewer than five, so the trimmed mean is the mean (80+82+84+61)/4 = 76.75.
    assert first[0] == 1 and first[5] == 76.75 and first[6] == 76.75
    assert first[3] == "机电工程学院党委"
    assert first[-4:] == ["4/4", 61, 84, "评审专家3 61.00（偏离其他专家中位数 21.00 分）"]
    second = [c.value for c in ws[4]]
    assert (second[0], second[5], second[-4]) == (2, 70, "1/2")


def test_results_xlsx_detail_sheet_is_formula_safe(r: Results, client_for: Any) -> None:
    wb = load_workbook(io.BytesIO(xlsx(client_for("org_admin"), r).content))
    ws = wb["评审明细"]
    assert ws.freeze_panes == "A3"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == 6  # 4 + 2 reviews (one not started)
    comments = [row[-2] for row in rows]
    assert comments[0] == "'=HYPERLINK(\"http://evil\")\n第二行意见"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert [row[2] for row in rows[:4]] == ["评审专家0", "评审专家1", "评审专家2", "评审专家3"]
    assert [row[-1] for row in rows[:4]] == [None, None, None, "是"]


def test_scoresheet_docx_has_each_reviewer_with_points_comment_and_signature(r: Results, client_for: Any) -> None:
    response = client_for("org_admin").get(reverse("reviews:scoresheet_docx", args=[r.round.pk, r.apps[0].pk]))
    assert response.status_code == 200
    assert "评审打分表_" in unquote(response["Content-Disposition"])
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "评审打分表"
    for n in range(4):
        assert f"评审专家：评审专家{n}" in text
    assert text.count("评审专家签名：") == 4
    assert "第二行意见" in text
    summary, *sheets = document.tables
    assert [(row.cells[0].text, row.cells[1].text) for row in summary.rows][4:6] == [
        ("得分", "76.75"), ("计分方法", "去掉一个最高分和一个最低分后的平均分（5个及以上评分时）")]
    assert len(sheets) == 4
    last = sheets[3]
    assert [c.text for c in last.rows[0].cells] == ["序号", "评审指标", "满分", "得分"]
    assert [c.text for c in last.rows[1].cells] == ["1", "支部基础与书记条件", "20", "20"]
    assert [c.text for c in last.rows[-1].cells] == ["", "合计", "100", "61"]
    # East-Asian fonts are named explicitly, with no theme font to override them.
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:eastAsiaTheme")) is None
    run = document.paragraphs[0].runs[0]
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"


def test_scoresheet_docx_of_an_application_outside_the_round_is_404(world: Any, r: Results, client_for: Any) -> None:
    other = make_results(world, 1, 1)
    client = client_for("org_admin")
    assert client.get(reverse("reviews:scoresheet_docx", args=[r.round.pk, other.apps[0].pk])).status_code == 404
    assert client.get(reverse("reviews:scoresheet_docx", args=[r.round.pk, 10**9])).status_code == 404


def test_scoresheet_docx_without_submitted_reviews_says_so(world: Any, client_for: Any) -> None:
    r = make_results(world, 1, 1)
    make_assignment(r.round, r.reviewers[0], r.apps[0], r.org)
    response = client_for("org_admin").get(reverse("reviews:scoresheet_docx", args=[r.round.pk, r.apps[0].pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "尚无已提交的评审。" in text


@pytest.mark.parametrize(("role", "status"), [("org_admin", 200), ("superuser", 200), ("college_admin", 404),
                                              ("reviewer", 404), ("outsider", 404), ("anonymous", 302)])
def test_exports_access(r: Results, client_for: Any, role: str, status: int) -> None:
    client = client_for(role)
    assert client.get(reverse("reviews:results_xlsx", args=[r.round.pk])).status_code == status
    assert client.get(reverse("reviews:scoresheet_docx", args=[r.round.pk, r.apps[0].pk])).status_code == status
