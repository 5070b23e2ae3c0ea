from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from django.conf import settings
from django.urls import reverse

from dualleader.documents.application_content import draft_source, version_source
from dualleader.documents.application_docx import render_docx
from dualleader.documents.application_pdf import render_pdf
from dualleader.documents.views import DOCX_MIME, PDF_MIME

from .factories import BUDGET_ITEM, FOUNDATION_SENTENCE, GOALS_SENTENCE, OUTCOME_TITLE, make_application

ARTIFACTS = Path(settings.BASE_DIR).parent.parent / "artifacts" / "documents"
SECTION_TITLES = ["一、基本情况", "二、支部工作基础", "三、建设目标", "四、建设计划", "五、实施计划与进度安排",
                  "六、预期成果", "七、经费预算", "八、特色与创新", "九、团队成员"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def base_fonts(content: bytes) -> set[str]:
    return {str(font.get_object()["/BaseFont"]) for page in pypdf.PdfReader(io.BytesIO(content)).pages
            for font in page["/Resources"]["/Font"].values()}


def embedded_font_files(content: bytes) -> list[str]:
    found = []
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            fonts = [d.get_object() for d in descendants] if descendants else [font]
            for f in fonts:
                descriptor = f.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                found += [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
    return found


@pytest.fixture
def submitted(world):  # type: ignore[no-untyped-def]
    return make_application(world)


def test_docx_has_the_entered_text_sections_and_a4(submitted) -> None:  # type: ignore[no-untyped-def]
    _app, version = submitted
    content = render_docx(**version_source(version))
    text = docx_text(content)
    for expected in [FOUNDATION_SENTENCE, GOALS_SENTENCE, OUTCOME_TITLE, BUDGET_ITEM, "“双带头人”教师党支部书记工作室申报书",
                     "中共长春工业大学委员会组织部制", "机械设计系教师党支部", "强化支部政治功能", "支部工作法、典型案例",
                     "第一年", "第二年", "合计", "7500.50", *SECTION_TITLES]:
        assert expected in text, expected
    assert "method" not in text  # choices print as their labels
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 2) == 3.17 and round(section.top_margin.cm, 2) == 2.54
    assert document.core_properties.title and document.core_properties.author == "机械设计系教师党支部"
    # Chinese fonts for Word and WPS: eastAsia set, no theme font overriding it.
    styles_xml = document.styles.element.xml
    assert 'w:eastAsia="黑体"' in styles_xml and 'w:eastAsia="仿宋_GB2312"' in styles_xml
    assert "eastAsiaTheme" not in styles_xml
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and 'fldCharType="begin"' in footer_xml
    assert section.different_first_page_header_footer  # no number on the title page
    # per-year tables are separate Word tables with a header row; the budget has its 合计 row
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert headers.count(["成果类型", "成果名称", "成果形式与说明"]) == 2
    budget = next(t for t in document.tables if t.rows[0].cells[0].text == "支出项目")
    assert [c.text for c in budget.rows[-1].cells] == ["合计", "7500.50", ""]


def test_pdf_has_the_text_an_embedded_cjk_font_and_renders(submitted) -> None:  # type: ignore[no-untyped-def]
    _app, version = submitted
    content = render_pdf(**version_source(version))
    assert content.startswith(b"%PDF")
    text = _squash(pdf_text(content))
    for expected in ["强化支部政治功能", FOUNDATION_SENTENCE, GOALS_SENTENCE, OUTCOME_TITLE, *SECTION_TITLES]:
        assert _squash(expected) in text, expected
    assert embedded_font_files(content), "the CJK font must be embedded"
    # Only the template's own (Noto CJK) faces, as embedded subsets: no fallback font was needed anywhere.
    fonts = base_fonts(content)
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+DL-(Serif|Sans)(-Bold)?", f.lstrip("/")) for f in fonts), fonts
    assert "第1页" in text and "第2页" in text  # the page-number footer, counted from after the title page

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / "application.pdf"
    pdf_path.write_bytes(content)
    (ARTIFACTS / "application.docx").write_bytes(render_docx(**version_source(version)))
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf_path), str(ARTIFACTS / f"application-page{page}")], check=True)
        assert (ARTIFACTS / f"application-page{page}.png").stat().st_size > 1000


def test_renderer_never_fetches_remote_resources(submitted, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _app, version = submitted
    source = version_source(version)
    source["data"] = {**source["data"], "goals": '<img src="http://example.invalid/x.png">目标'}
    # user text is escaped by the template, so it is printed, never loaded
    text = pdf_text(render_pdf(**source))
    assert "example.invalid" in text

    from dualleader.documents.application_pdf import local_url_fetcher

    with pytest.raises(Exception):  # noqa: B017 - whatever WeasyPrint raises, it must not fetch
        local_url_fetcher()("http://example.invalid/font.ttf")


def test_version_download_is_the_frozen_version(client_for, submitted) -> None:  # type: ignore[no-untyped-def]
    app, version = submitted
    app.data = {**app.data, "goals": "草稿里后来改写的新目标。"}
    app.save()
    client = client_for("branch_secretary")

    response = client.get(reverse("documents:version_docx", args=[app.pk, version.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_MIME
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition.lower()
    assert "%E7%94%B3%E6%8A%A5%E4%B9%A6_" in disposition  # 申报书_
    text = docx_text(response.content)
    assert GOALS_SENTENCE in text and "草稿里后来改写的新目标" not in text

    response = client.get(reverse("documents:version_pdf", args=[app.pk, version.number]))
    assert response.status_code == 200 and response["Content-Type"] == PDF_MIME
    text = _squash(pdf_text(response.content))
    assert _squash(GOALS_SENTENCE) in text and "草稿里后来改写的新目标" not in text

    response = client.get(reverse("documents:draft_docx", args=[app.pk]))
    assert response.status_code == 200
    assert "草稿里后来改写的新目标" in docx_text(response.content)
    response = client.get(reverse("documents:draft_pdf", args=[app.pk]))
    assert response.status_code == 200 and "草稿里后来改写的新目标" in _squash(pdf_text(response.content))

    assert client.get(reverse("documents:version_docx", args=[app.pk, 99])).status_code == 404


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 302), ("outsider", 404), ("reviewer", 404), ("college_admin", 200), ("branch_secretary", 200),
    ("studio_member", 200), ("org_admin", 200), ("superuser", 200),
])
@pytest.mark.parametrize("name", ["documents:version_docx", "documents:draft_docx"])
def test_download_access(client_for, submitted, role, expected, name) -> None:  # type: ignore[no-untyped-def]
    app, version = submitted
    args = [app.pk, version.number] if name.startswith("documents:version") else [app.pk]
    url = reverse(name, args=args)
    response = client_for(role).get(url)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["outsider", "reviewer"])
def test_pdf_access_is_refused_to_outsiders(client_for, submitted, role) -> None:  # type: ignore[no-untyped-def]
    app, version = submitted
    assert client_for(role).get(reverse("documents:version_pdf", args=[app.pk, 1])).status_code == 404
    assert client_for(role).get(reverse("documents:draft_pdf", args=[app.pk])).status_code == 404


def test_draft_source_prints_as_a_preview(submitted) -> None:  # type: ignore[no-untyped-def]
    app, _version = submitted
    text = docx_text(render_docx(**draft_source(app)))
    assert "草稿（预览）" in text


def test_an_empty_or_odd_draft_still_renders(submitted) -> None:  # type: ignore[no-untyped-def]
    app, _version = submitted
    source = draft_source(app)
    source["data"] = {"goals": "第一行\x0b第二行\x00<b>&amp;</b>", "plan": "not a table", "budget": [None, {}],
                      "outcomes": {"1": "x"}, "member_count": 7}
    text = docx_text(render_docx(**source))
    assert "第一行" in text and "第二行" in text and "<b>&amp;</b>" in text and "（未填写）" in text
    pdf = _squash(pdf_text(render_pdf(**source)))
    assert "第二行" in pdf and "合计" in pdf
