"""Uploaded files: the type is decided by the content's magic bytes, never by the name or the browser's
claim; the stored name is random; the user's file name is kept only as data."""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# extension -> MIME type the content must have
DOCUMENTS = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "doc": "application/msword", "xls": "application/vnd.ms-excel", "zip": "application/zip"}
SCANS = {k: DOCUMENTS[k] for k in ("pdf", "jpg", "jpeg", "png")}
_ZIP_BASED = {"docx", "xlsx"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    content_type: str
    size: int
    sha256: str
    storage_name: str


def check_upload(upload: UploadedFile, *, allowed: dict[str, str] = DOCUMENTS,
                 max_bytes: int | None = None) -> CheckedFile:
    """Refuse a file whose extension is not allowed, whose content is not what the extension says, or
    that is too large. Returns what to store."""
    max_bytes = max_bytes or getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
    name = os.path.basename(upload.name or "")[:200] or "file"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise ValidationError(_("Files of type .%(ext)s are not accepted. Accepted: %(list)s.")
                              % {"ext": ext or "?", "list": "、".join(sorted(allowed))})
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > max_bytes:
        raise ValidationError(_("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                              % {"size": upload.size / 1048576, "limit": max_bytes / 1048576})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not _content_matches(ext, head):
        raise ValidationError(_("The content of “%(name)s” is not a real .%(ext)s file.") % {"name": name, "ext": ext})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name, allowed[ext], upload.size, digest.hexdigest(), f"{uuid.uuid4().hex}.{ext}")


def _content_matches(ext: str, head: bytes) -> bool:
    if ext in ("doc", "xls"):
        return head.startswith(_OLE)
    kind = filetype.guess(head)
    if kind is None:
        return False
    if ext in _ZIP_BASED:
        return kind.mime in ("application/zip", DOCUMENTS[ext])
    return kind.mime == DOCUMENTS[ext]
