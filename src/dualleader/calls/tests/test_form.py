from __future__ import annotations

from django.urls import reverse

from .factories import make_call


def test_form_page_works(client_for, world):
    call = make_call(world.school)
    body = client_for("org_admin").get(reverse("calls:form", args=[call.pk])).content.decode()
    assert "二、支部工作基础" in body
    assert "已冻结" not in body


def test_form_save_on_frozen_form_makes_version_2(client_for, world):
    call = make_call(world.school)
    call.forms.update(frozen=True)
    client = client_for("org_admin")
    assert "已冻结，保存将生成新版本" in client.get(reverse("calls:form", args=[call.pk])).content.decode()
    response = client.post(reverse("calls:form", args=[call.pk]),
                           {"s-1-title": "二、工作基础", "f-foundation-required": "1",
                            "f-foundation-max_words": "2000", "s-2-new-label": "补充说明"})
    assert response.status_code == 302
    new = call.current_form()
    assert new.version == 2
    section = new.schema["sections"][1]
    assert section["title"] == "二、工作基础"
    assert section["fields"][0]["max_words"] == 2000
    assert new.schema["sections"][2]["fields"][-1]["label"] == "补充说明"
    assert call.forms.get(version=1).schema["sections"][1]["title"] == "二、支部工作基础"


def test_form_save_refuses_bad_word_limit(client_for, world):
    call = make_call(world.school)
    response = client_for("org_admin").post(reverse("calls:form", args=[call.pk]),
                                            {"f-foundation-max_words": "很多"})
    assert response.status_code == 200
    assert "字数上限必须是正整数" in response.content.decode()
    assert call.forms.count() == 1


def test_form_remove_field(client_for, world):
    call = make_call(world.school)
    client_for("org_admin").post(reverse("calls:form", args=[call.pk]), {"f-features-remove": "1"})
    keys = [f["key"] for s in call.current_form().schema["sections"] for f in s["fields"]]
    assert "features" not in keys and "foundation" in keys
