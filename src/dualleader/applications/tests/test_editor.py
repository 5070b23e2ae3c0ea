"""The edit page: explicit save, stale save, autosave and restore, errors next to fields."""

from __future__ import annotations

import json

from django.urls import reverse

from dualleader.applications.models import Autosave

from .factories import make_application


def _post(client, application, data, lock):
    return client.post(reverse("applications:edit", args=[application.pk]),
                       {"data": json.dumps(data, ensure_ascii=False), "lock_version": lock})


def test_edit_page_renders_the_schema(world, client_for):
    application = make_application(world)
    response = client_for("branch_secretary").get(reverse("applications:edit", args=[application.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "三、建设目标" in body and 'data-max-words="1000"' in body and "强化支部政治功能" in body
    assert 'name="lock_version" value="1"' in body and "已填 {n} / {max} 字" in body


def test_save_from_the_page(world, client_for):
    application = make_application(world)
    response = _post(client_for("branch_secretary"), application, dict(application.data, goals="新的目标"), 1)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.data["goals"], application.lock_version) == ("新的目标", 2)


def test_stale_save_from_a_second_tab_keeps_both_texts(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    _post(client, application, dict(application.data, goals="新标签页"), 1)
    response = _post(client, application, dict(application.data, goals="旧标签页"), 1)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    application.refresh_from_db()
    assert application.data["goals"] == "新标签页"
    assert "您的内容未覆盖较新的版本" in page and "发现未保存的内容" in page
    assert "新标签页" in page and "?restore=1" in page  # the newer text is shown, the older one offered back
    restored = client.get(reverse("applications:edit", args=[application.pk]) + "?restore=1").content.decode()
    assert "旧标签页" in restored


def test_autosave_then_revisit_offers_restore(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    response = client.post(reverse("applications:autosave", args=[application.pk]),
                           {"data": json.dumps(dict(application.data, goals="未保存的草稿")), "lock_version": 1})
    assert response.status_code == 200 and "saved_at" in response.json()
    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert "发现未保存的内容" in page and "?restore=1" in page and "未保存的草稿" not in page
    restored = client.get(reverse("applications:edit", args=[application.pk]) + "?restore=1").content.decode()
    assert "未保存的草稿" in restored
    application.refresh_from_db()
    assert application.lock_version == 1  # an autosave is not a save


def test_autosave_discard(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    url = reverse("applications:autosave", args=[application.pk])
    client.post(url, {"data": json.dumps({"goals": "x"}), "lock_version": 1})
    assert client.post(url, {"discard": "1"}).json() == {"discarded": True}
    assert not Autosave.objects.exists()


def test_autosave_with_expired_session_redirects_to_login(world, client):
    application = make_application(world)
    response = client.post(reverse("applications:autosave", args=[application.pk]), {"data": "{}"})
    assert response.status_code == 302 and "login" in response.url


def test_word_limit_error_is_shown_next_to_the_field_and_text_kept(world, client_for):
    application = make_application(world)
    response = _post(client_for("branch_secretary"), application, dict(application.data, goals="字" * 1001), 1)
    body = response.content.decode()
    assert response.status_code == 400
    assert "字" * 1001 in body and "is-invalid" in body
    application.refresh_from_db()
    assert application.lock_version == 1
    assert Autosave.objects.get(application=application).data["goals"] == "字" * 1001  # kept for the next visit


def test_malformed_json_changes_nothing(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    response = client.post(reverse("applications:edit", args=[application.pk]), {"data": "{oops", "lock_version": 1})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.lock_version == 1


def test_submit_with_empty_required_fields_marks_them(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    response = client.post(reverse("applications:submit", args=[application.pk]))
    assert response.status_code == 302 and response.url.endswith("?check=1")
    body = client.get(response.url).content.decode()
    assert body.count("invalid-feedback") >= 5


def test_preview_prints_the_draft(world, client_for):
    application = make_application(world)
    body = client_for("branch_secretary").get(reverse("applications:preview", args=[application.pk])).content.decode()
    assert "dl-paper" in body and "机械设计系教师党支部" in body and "强化支部政治功能" in body
