"""Supporting materials and the stamped scan: content checks, size, soft removal, permission-checked download."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dualleader.applications.enums import AttachmentKind
from dualleader.applications.models import Attachment
from dualleader.applications.services import (
    application_save,
    application_submit,
    attachment_add,
    attachment_remove,
)

from .factories import complete_data, make_application

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="佐证材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_add_evidence_stores_a_random_name(world):
    application = make_application(world)
    a = attachment_add(application=application, upload=pdf(), description="支部荣誉", kind=AttachmentKind.EVIDENCE,
                       user=world.user("branch_secretary"))
    assert a.original_name == "佐证材料.pdf" and "佐证" not in a.file.name and len(a.sha256) == 64


def test_pdf_whose_content_is_text_is_refused(world, client_for):
    application = make_application(world)
    client = client_for("branch_secretary")
    response = client.post(reverse("applications:attachment_add", args=[application.pk]),
                           {"file": pdf("fake.pdf", b"just some text, not a pdf"), "kind": "evidence"}, follow=True)
    assert "fake.pdf" in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversize_file_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 20
    application = make_application(world)
    with pytest.raises(ValidationError):
        attachment_add(application=application, upload=pdf(), description="", kind=AttachmentKind.EVIDENCE,
                       user=world.user("branch_secretary"))


def test_stamped_scan_needs_a_submitted_version(world):
    application = make_application(world)
    with pytest.raises(ValidationError):
        attachment_add(application=application, upload=pdf("扫描件.pdf"), description="",
                       kind=AttachmentKind.STAMPED_SCAN, user=world.user("branch_secretary"))


def test_submitted_evidence_stays_and_the_scan_references_the_version(world):
    user = world.user("branch_secretary")
    application = make_application(world)
    evidence = attachment_add(application=application, upload=pdf(), description="", kind=AttachmentKind.EVIDENCE,
                              user=user)
    application = application_save(application=application, data=complete_data(application),
                                   expected_lock_version=1, user=user)
    application = application_submit(application=application, user=user)
    version = application.versions.get()
    assert list(version.attachments.all()) == [evidence]
    scan = attachment_add(application=application, upload=pdf("盖章扫描件.pdf"), description="",
                          kind=AttachmentKind.STAMPED_SCAN, user=user)
    assert scan.version == version
    with pytest.raises(ValidationError):
        attachment_remove(attachment=evidence, user=user)


def test_remove_is_soft(world):
    user = world.user("branch_secretary")
    a = attachment_add(application=make_application(world), upload=pdf(), description="",
                       kind=AttachmentKind.EVIDENCE, user=user)
    attachment_remove(attachment=a, user=user)
    a.refresh_from_db()
    assert a.removed_at is not None


@pytest.mark.parametrize(("role", "status"), [("studio_member", 200), ("college_admin", 200), ("org_admin", 200),
                                              ("outsider", 404), ("reviewer", 404), ("anonymous", 302)])
def test_download_permission(world, client_for, role, status):
    a = attachment_add(application=make_application(world), upload=pdf(), description="",
                       kind=AttachmentKind.EVIDENCE, user=world.user("branch_secretary"))
    response = client_for(role).get(reverse("applications:attachment_download", args=[a.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")
