"""Upload checks: the content decides the type, whatever the name or the browser says."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dualleader.files import SCANS, check_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_real_pdf_is_accepted_with_hash_and_random_name():
    checked = check_upload(SimpleUploadedFile("盖章扫描件.pdf", PDF, content_type="text/plain"), allowed=SCANS)
    assert checked.content_type == "application/pdf"
    assert checked.original_name == "盖章扫描件.pdf"
    assert len(checked.sha256) == 64
    assert checked.storage_name.endswith(".pdf") and "盖章" not in checked.storage_name


def test_text_renamed_to_pdf_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("a.pdf", b"just text, not a pdf"), allowed=SCANS)
    assert "不是" in exc.value.messages[0]


def test_png_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.pdf", PNG), allowed=SCANS)


def test_extension_outside_the_list_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.exe", b"MZ" + b"\x00" * 100), allowed=SCANS)


def test_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("a.pdf", PDF + b" " * 2048), allowed=SCANS, max_bytes=1024)
    assert "MB" in exc.value.messages[0]


def test_path_in_the_name_is_dropped():
    checked = check_upload(SimpleUploadedFile("../../etc/x.pdf", PDF), allowed=SCANS)
    assert checked.original_name == "x.pdf"
