"""The zh-hans catalogues are complete: extract every string from the code as it is now and check that
each one has a Chinese translation. A new untranslated string fails here, not in front of a user."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import require_or_skip

SRC = Path(__file__).resolve().parents[1] / "src" / "dualleader"
CATALOGUES = sorted(p.parents[3] for p in SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("app_dir", CATALOGUES, ids=lambda p: p.name)
def test_catalogue_is_complete(app_dir: Path, tmp_path: Path) -> None:
    require_or_skip(shutil.which("xgettext") is not None, "gettext is not installed (apt-get install gettext)")
    work = tmp_path / "dualleader"
    shutil.copytree(SRC, work, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    target = work / app_dir.relative_to(SRC)
    ignores: list[str] = []
    if target == work:
        ignores = [f"--ignore={p.name}/*" for p in CATALOGUES if p != SRC]
    done = subprocess.run([str(Path(sys.executable).parent / "django-admin"), "makemessages", "-l", "zh_Hans", "--no-obsolete",
                           "-v", "0", *ignores], cwd=target, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    po = polib.pofile(str(target / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated()]
    assert untranslated == []


def test_every_catalogue_compiles(tmp_path: Path) -> None:
    require_or_skip(shutil.which("msgfmt") is not None, "gettext is not installed (apt-get install gettext)")
    for app_dir in CATALOGUES:
        po = app_dir / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "out.mo"), str(po)], check=True)
