"""Every accepted application in one zip: per college and rank, the 申报书 PDF of the latest version, the
supporting materials and the stamped scan. Names are safe on Windows; the zip stores them as UTF-8."""

from __future__ import annotations

import re
import shutil
import zipfile
from typing import IO, Any

from dualleader.calls.models import Call

from .application_content import version_source
from .application_pdf import render_pdf

_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
MAX_NAME = 80


def clean(name: str, fallback: str = "未命名", limit: int = MAX_NAME) -> str:
    """A file or folder name Windows accepts: no reserved characters, no trailing dots or spaces, not
    too long (the extension is kept)."""
    name = _BAD.sub("_", str(name or "")).strip().strip(".").strip()
    if not name:
        return fallback
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = stem[: limit - len(ext) - 1].rstrip(". ") + "." + ext
        else:
            name = name[:limit].rstrip(". ")
    return name


def _unique(name: str, taken: set[str]) -> str:
    if name.lower() not in taken:
        taken.add(name.lower())
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
        n += 1


def accepted_entries(call: Call) -> list[Any]:
    from dualleader.recommendations.board import ACCEPTED_OR_BEYOND
    from dualleader.recommendations.enums import RecommendationStatus
    from dualleader.recommendations.models import RecommendationEntry

    return list(RecommendationEntry.objects.filter(
        recommendation__call=call, recommendation__status=RecommendationStatus.SUBMITTED,
        application__status__in=ACCEPTED_OR_BEYOND)
        .select_related("recommendation__unit", "application__branch", "application__call", "application__form")
        .order_by("recommendation__unit__path", "rank"))


def write_accepted_zip(call: Call, out: IO[bytes]) -> int:
    """Write the zip into `out`; answers how many applications it holds."""
    from dualleader.applications.enums import AttachmentKind
    from dualleader.recommendations.receipt import latest_version
    from dualleader.recommendations.selectors import colleges_of_call

    numbers = {c.pk: i for i, c in enumerate(colleges_of_call(call), start=1)}
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry in accepted_entries(call):
            application = entry.application
            version = latest_version(application)
            if version is None:
                continue
            college = entry.recommendation.unit
            top = clean(f"{numbers.get(college.pk, 0):02d}_{college.name}")
            folder = clean(f"第{entry.rank}名_{application.branch.name}_{application.title or version.title}")
            base = f"{top}/{folder}"
            version.application = application
            zf.writestr(f"{base}/申报书.pdf", render_pdf(**version_source(version)))
            taken: set[str] = set()
            for attachment in version.attachments.order_by("uploaded_at", "pk"):
                _copy(zf, attachment, f"{base}/附件/{_unique(clean(attachment.original_name), taken)}")
            scan = (application.attachments.filter(kind=AttachmentKind.STAMPED_SCAN, version=version,
                                                   removed_at__isnull=True).order_by("-uploaded_at", "-pk").first())
            if scan is not None:
                ext = scan.original_name.rpartition(".")[2] if "." in scan.original_name else "pdf"
                _copy(zf, scan, f"{base}/盖章扫描件.{clean(ext, 'pdf', 10)}")
            count += 1
    return count


def _copy(zf: zipfile.ZipFile, attachment: Any, arcname: str) -> None:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        return
    with handle, zf.open(arcname, "w") as target:
        shutil.copyfileobj(handle, target)
