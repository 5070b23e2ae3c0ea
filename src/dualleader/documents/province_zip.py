"""The recommendation package for the province: 推荐函.docx (letter.docx), 推荐名单.xlsx (list.xlsx) and,
per studio by rank, NN_studio/申报书.pdf rendered from the latest submitted version."""

from __future__ import annotations

import zipfile
from typing import IO, Any

from .accepted_zip import clean
from .application_content import version_source
from .application_pdf import render_pdf
from .province_common import province_rows
from .province_docx import province_letter_docx
from .province_xlsx import province_list_xlsx


def write_province_zip(recommendation: Any, out: IO[bytes]) -> int:
    """Write the zip into `out`; answers how many 申报书 it holds."""
    from dualleader.recommendations.receipt import latest_version

    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("letter.docx", province_letter_docx(recommendation))
        zf.writestr("list.xlsx", province_list_xlsx(recommendation))
        for row in province_rows(recommendation):
            version = latest_version(row.application)
            if version is None:
                continue
            version.application = row.application
            folder = clean(f"{row.rank:02d}_{row.studio}")
            zf.writestr(f"{folder}/申报书.pdf", render_pdf(**version_source(version)))
            count += 1
    return count
