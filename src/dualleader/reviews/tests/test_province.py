"""Recommendation to the province: choosing within the places, sending, and the package read back."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from dualleader.applications.enums import ApplicationStatus as S
from dualleader.audit.models import AuditEvent
from dualleader.documents.province_common import committee_name
from dualleader.reviews.enums import ProvinceStatus
from dualleader.reviews.province import province_save, province_send

from .outcome_factories import make_decided, make_finalized

D = datetime.date


@pytest.fixture
def finalized(world):
    setup = make_decided(world, n_apps=4, selected=3)
    setup.studios = make_finalized(setup)
    return setup


def _save(setup, ids, quota=2, **fields):
    values = {"reasons": {pk: f"理由{pk}" for pk in ids}, "recipient": "中共吉林省委教育工委",
              "document_number": "长工大党组字〔2026〕12号", "letter_date": D(2026, 11, 20),
              "letter_body": "现择优推荐2个工作室。\n\n特此报告。", "quota": quota}
    values.update(fields)
    with translation.override("en"):
        return province_save(evaluation=setup.evaluation, studio_ids=ids, user=setup.org, **values)


def test_save_ranks_the_chosen_studios(finalized):
    first, second, third = finalized.studios
    recommendation = _save(finalized, [third.pk, first.pk])
    assert [(e.studio_id, e.rank, e.reason) for e in recommendation.entries.order_by("rank")] == [
        (third.pk, 1, f"理由{third.pk}"), (first.pk, 2, f"理由{first.pk}")]
    assert AuditEvent.objects.filter(action="review.province_save").count() == 1


def test_save_over_the_quota_is_refused(finalized):
    with pytest.raises(ValidationError) as caught:
        _save(finalized, [s.pk for s in finalized.studios], quota=2)
    assert caught.value.messages == ["The province gives 2 places; 3 studios were chosen."]


@pytest.mark.parametrize(("ids", "message"), [
    (lambda s: [s[0].pk, s[0].pk], "A studio can be recommended only once."),
    (lambda s: [999999], "Only studios selected in this call can be recommended."),
])
def test_save_refuses_bad_choices(finalized, ids, message):
    with pytest.raises(ValidationError) as caught:
        _save(finalized, ids(finalized.studios))
    assert caught.value.messages == [message]


def test_send_moves_applications_upward(finalized):
    first, second, _third = finalized.studios
    recommendation = _save(finalized, [first.pk, second.pk])
    province_send(recommendation=recommendation, user=finalized.org)
    recommendation.refresh_from_db()
    assert recommendation.status == ProvinceStatus.SENT and recommendation.sent_by == finalized.org
    statuses = {s.application_id: type(s.application).objects.get(pk=s.application_id).status
                for s in finalized.studios}
    assert statuses == {first.application_id: S.RECOMMENDED_UPWARD, second.application_id: S.RECOMMENDED_UPWARD,
                        _third.application_id: S.SELECTED}
    assert AuditEvent.objects.filter(action="review.province_send").count() == 1
    with translation.override("en"), pytest.raises(ValidationError, match="already been sent"):
        province_send(recommendation=recommendation, user=finalized.org)
    with pytest.raises(ValidationError):
        _save(finalized, [first.pk])


def test_send_with_nothing_chosen_is_refused(finalized):
    recommendation = _save(finalized, [])
    with translation.override("en"), pytest.raises(ValidationError, match="at least one studio"):
        province_send(recommendation=recommendation, user=finalized.org)


def test_committee_name():
    assert committee_name("长春工业大学党委") == "中共长春工业大学委员会"
    assert committee_name("中共长春工业大学委员会") == "中共长春工业大学委员会"


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_page_saves_and_sends(finalized, client_for):
    client = client_for("org_admin")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    first, second, _third = finalized.studios
    url = reverse("reviews:province", args=[finalized.call.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["recipient"] == "中共吉林省委教育工委"
    assert [r["studio"].pk for r in page.context["rows"]] == [s.pk for s in finalized.studios]
    form = {f"include_{first.pk}": "1", f"rank_{first.pk}": "2", f"reason_{first.pk}": "成效突出",
            f"include_{second.pk}": "1", f"rank_{second.pk}": "1", "recipient": "中共吉林省委教育工委",
            "document_number": "", "letter_date": "2026-11-20", "letter_body": "正文", "quota": "2"}
    response = client.post(url, form)
    assert _messages(response) == ["The recommendation was saved."]
    response = client.post(reverse("reviews:province_send", args=[finalized.call.pk]))
    assert _messages(response)[-1] == "The recommendation was sent to the province."
    second.application.refresh_from_db()
    assert second.application.status == S.RECOMMENDED_UPWARD
    after = client.get(url)
    assert after.context["sent"] is True and 'id="province-sent"' in after.content.decode()


@pytest.mark.parametrize(("change", "message"), [
    ({"letter_date": "2026-13-40"}, "Enter the date of the letter as a date (YYYY-MM-DD)."),
    ({"quota": "two"}, "Enter the places at the province as a whole number."),
    ({"rank_X": "first"}, "Give each chosen studio its place as a whole number."),
])
def test_page_refuses_malformed_input(finalized, client_for, change, message):
    client = client_for("org_admin")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    first = finalized.studios[0]
    form = {f"include_{first.pk}": "1", f"rank_{first.pk}": "1", "recipient": "x", "letter_date": "2026-11-20",
            "letter_body": "正文", "quota": "2"}
    form.update({k.replace("X", str(first.pk)): v for k, v in change.items()})
    response = client.post(reverse("reviews:province", args=[finalized.call.pk]), form)
    assert response.status_code == 302
    assert _messages(response) == [message]


def test_api_save_and_send(finalized, client_for):
    client = client_for("org_admin")
    first = finalized.studios[0]
    base = f"/api/v1/reviews/calls/{finalized.call.pk}/province"
    assert [c["studio_id"] for c in client.get(base).json()["candidates"]] == [s.pk for s in finalized.studios]
    payload = {"entries": [{"studio": first.pk, "reason": "好"}], "recipient": "省委教育工委",
               "letter_date": "2026-11-20", "letter_body": "正文", "quota": 1}
    saved = client.post(base, json.dumps(payload), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["entries"][0]["studio_id"] == first.pk
    over = client.post(base, json.dumps({**payload, "quota": 0}), content_type="application/json")
    assert over.status_code == 400
    sent = client.post(base + "/send")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"


# ---------------------------------------------------------------- the documents, read back

@pytest.fixture
def saved(finalized):
    first, second, _third = finalized.studios
    _save(finalized, [second.pk, first.pk], reasons={second.pk: "=HYPERLINK(\"x\")", first.pk: "示范作用明显"})
    return finalized


def test_letter_docx_reads_back(saved, client_for):
    response = client_for("org_admin").get(reverse("reviews:province_letter", args=[saved.call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == ["长工大党组字〔2026〕12号", "关于推荐第二批“双带头人”教师党支部书记工作室的报告",
                         "中共吉林省委教育工委："]
    assert "现择优推荐2个工作室。" in texts and "特此报告。" in texts
    assert texts[-2:] == ["中共长春工业大学委员会", "2026年11月20日"]
    table = document.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    second = saved.studios[1]
    assert rows[0] == ["序号", "工作室名称", "所在单位", "依托党支部", "负责人", "推荐理由"]
    assert rows[1][:5] == ["1", second.name, "机电工程学院党委", second.branch.name, second.leader.name]
    assert rows[2][0] == "2" and rows[2][5] == "示范作用明显"
    fonts = document.paragraphs[1].runs[0]._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_list_xlsx_reads_back(saved, client_for):
    response = client_for("org_admin").get(reverse("reviews:province_list", args=[saved.call.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "第二批 “双带头人”教师党支部书记工作室推荐名单"
    assert [c.value for c in ws[2]] == ["推荐排序", "工作室名称", "所在单位", "依托党支部", "负责人", "职称",
                                       "校内遴选排名", "建设周期", "推荐理由"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    second = saved.studios[1]
    assert rows[0][:7] == [1, second.name, "机电工程学院党委", second.branch.name, second.leader.name,
                           second.leader.title, 2]
    assert rows[0][7] == "2026.10.14—2028.10.13"
    assert rows[0][8] == "'=HYPERLINK(\"x\")"
    assert len(rows) == 2


def test_package_zip_reads_back(saved, client_for):
    response = client_for("org_admin").get(reverse("reviews:province_package", args=[saved.call.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    second, first = saved.studios[1], saved.studios[0]
    assert archive.namelist() == ["letter.docx", "list.xlsx", f"01_{second.name}/申报书.pdf",
                                  f"02_{first.name}/申报书.pdf"]
    pdf = PdfReader(io.BytesIO(archive.read(f"01_{second.name}/申报书.pdf")))
    assert second.branch.name in "".join(page.extract_text() for page in pdf.pages)
    assert Document(io.BytesIO(archive.read("letter.docx"))).tables[0].rows[1].cells[1].text == second.name


def test_downloads_before_saving_redirect_with_a_message(finalized, client_for):
    client = client_for("org_admin")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for name in ("reviews:province_letter", "reviews:province_list", "reviews:province_package"):
        response = client.get(reverse(name, args=[finalized.call.pk]))
        assert response.status_code == 302
        assert _messages(response)[-1] == "Save the recommendation first."
