from __future__ import annotations

from urllib.parse import quote

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dualleader.calls.enums import CallStatus
from dualleader.calls.models import CallAnnex

from .factories import PDF_BYTES, make_annex, make_call


def upload(client, call, name, content, title="建设标准"):
    return client.post(reverse("calls:annex_add", args=[call.pk]),
                       {"title": title, "kind": "standard", "file": SimpleUploadedFile(name, content)})


def test_annex_upload_works_under_a_random_name(client_for, world):
    call = make_call(world.school)
    response = upload(client_for("org_admin"), call, "附件1 建设标准.pdf", PDF_BYTES)
    assert response.status_code == 302
    annex = CallAnnex.objects.get(call=call)
    assert annex.original_name == "附件1 建设标准.pdf"
    assert "建设标准" not in annex.file.name and annex.file.name.endswith(".pdf")
    assert default_storage.exists(annex.file.name)


def test_annex_with_content_not_matching_extension_is_refused(client_for, world):
    call = make_call(world.school)
    response = upload(client_for("org_admin"), call, "x.pdf", b"just some text, not a PDF")
    assert response.status_code == 200
    assert "不是真正的 .pdf 文件" in response.content.decode()
    assert not CallAnnex.objects.exists()


def test_annex_over_the_size_limit_is_refused(client_for, world, settings):
    settings.UPLOAD_MAX_BYTES = 20
    call = make_call(world.school)
    response = upload(client_for("org_admin"), call, "big.pdf", PDF_BYTES)
    assert response.status_code == 200
    assert "超过了" in response.content.decode()
    assert not CallAnnex.objects.exists()


def test_annex_download_is_an_attachment_with_the_original_name(client, world):
    annex = make_annex(make_call(world.school, status=CallStatus.PUBLISHED), name="附件1 建设标准.pdf")
    response = client.get(reverse("calls:annex_download", args=[annex.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('附件1 建设标准.pdf')}" in disposition
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_annex_of_draft_call_is_404_publicly(client, world):
    annex = make_annex(make_call(world.school))
    assert client.get(reverse("calls:annex_download", args=[annex.pk])).status_code == 404


def test_annex_remove_works(client_for, world, django_capture_on_commit_callbacks):
    annex = make_annex(make_call(world.school))
    name = annex.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("org_admin").post(reverse("calls:annex_remove", args=[annex.pk]))
    assert response.status_code == 302
    assert not CallAnnex.objects.exists()
    assert not default_storage.exists(name)


def test_annex_remove_rejects_get(client_for, world):
    annex = make_annex(make_call(world.school))
    assert client_for("org_admin").get(reverse("calls:annex_remove", args=[annex.pk])).status_code == 405
