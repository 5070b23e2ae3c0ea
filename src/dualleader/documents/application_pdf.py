"""The 申报书 as PDF, rendered by WeasyPrint from documents/application_pdf.html with an embedded CJK font.

Fonts come from local files only (settings.PDF_CJK_FONTS, else Noto CJK found through fontconfig, else
Debian's fonts-noto-cjk paths), and the URL fetcher refuses everything that is not a local file or a
data: URL, so rendering never touches the network (campus intranets; no SSRF through user text).
"""

from __future__ import annotations

import datetime
import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from .application_content import SIGNATURE_LINES, Printable, build

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
# role -> (fontconfig pattern, Debian fonts-noto-cjk file)
_DEFAULT_FONTS = {
    "serif": ("Noto Serif CJK SC:style=Regular", NOTO_DIR / "NotoSerifCJK-Regular.ttc"),
    "serif_bold": ("Noto Serif CJK SC:style=Bold", NOTO_DIR / "NotoSerifCJK-Bold.ttc"),
    "sans": ("Noto Sans CJK SC:style=Regular", NOTO_DIR / "NotoSansCJK-Regular.ttc"),
}


class FontMissing(RuntimeError):
    pass


def _fc_match(pattern: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        out = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10,
                             check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers with something; only accept a CJK face.
    return Path(out) if out and "CJK" in out.upper() and Path(out).is_file() else None


@functools.cache
def cjk_fonts() -> dict[str, str]:
    """file:// URLs of the three faces the template uses. settings.PDF_CJK_FONT (one file, used for
    everything) or settings.PDF_CJK_FONTS ({"serif": path, ...}) override the defaults."""
    configured: dict[str, Any] = dict(getattr(settings, "PDF_CJK_FONTS", None) or {})
    single = getattr(settings, "PDF_CJK_FONT", None)
    urls: dict[str, str] = {}
    for role, (pattern, default) in _DEFAULT_FONTS.items():
        candidates = [configured.get(role), single, default, _fc_match(pattern)]
        path = next((Path(c) for c in candidates if c and Path(c).is_file()), None)
        if path is None:
            raise FontMissing(f"No CJK font for {role}: install fonts-noto-cjk or set PDF_CJK_FONT")
        urls[role] = path.resolve().as_uri()
    return urls


OFFLINE_SCHEMES = frozenset({"file", "data"})


def local_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only file: and data: URLs."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint >= 66: a class with an allow-list
        return urls.URLFetcher(allowed_protocols=OFFLINE_SCHEMES, fail_on_errors=False)

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - older WeasyPrint
        if url.split(":", 1)[0].lower() not in OFFLINE_SCHEMES:
            raise ValueError(f"refusing to fetch {url!r}: documents are rendered offline")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_printable(doc: Printable) -> bytes:
    import weasyprint  # imported here: the native libraries load only when a PDF is made

    html = render_to_string("documents/application_pdf.html", {"doc": doc, "fonts": cjk_fonts(), "signature_lines": SIGNATURE_LINES})
    base = Path(__file__).resolve().parent / "templates" / "documents"
    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=local_url_fetcher())
    return document.write_pdf()


def render_pdf(*, call: Any, branch_name: str, college_name: str, title: str, schema: dict[str, Any],
               data: dict[str, Any], version_label: str, submitted_at: datetime.datetime | None) -> bytes:
    """The 申报书 of one application state (a submitted version or the draft) as PDF bytes.
    See application_content.version_source/draft_source for the arguments."""
    return render_printable(build(call=call, branch_name=branch_name, college_name=college_name, title=title,
                                  schema=schema, data=data, version_label=version_label,
                                  submitted_at=submitted_at))
