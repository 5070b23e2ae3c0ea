"""The benchmark harness end to end at the tiny scale, so it cannot rot: `python -m bench --scale tiny
--db sqlite` against a temporary database must print one JSON line per bench with every field, the
summary last, and a deadline burst that lost no save. No timing is asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require_or_skip

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIELDS = {"bench", "scale", "db", "requests", "errors", "p50_ms", "p95_ms", "rps", "queries", "vs_floor"}
BENCHES = ["floor", "applications", "applications_filtered", "college", "queue", "ranking", "detail",
           "version_docx", "version_pdf", "summary_xlsx", "burst"]


def test_tiny_benchmark_prints_every_bench_as_json_and_loses_no_save(tmp_path: Path) -> None:
    require_or_skip(shutil.which("wrk") is not None, "Debian's wrk is not installed (apt-get install wrk)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "src"), str(PROJECT_DIR),
                                                        os.environ.get("PYTHONPATH", "")]),
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "dualleader.settings")}
    env.pop("DATABASE_URL", None)  # the harness picks its own database; never the suite's
    env.pop("PYTEST_VERSION", None)  # production settings in the harness, not the test ones
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "tiny", "--db", "sqlite", "--data-dir", str(tmp_path),
         "--database-path", str(tmp_path / "tiny.sqlite3")],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == 0, done.stderr[-4000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    *benches, summary = lines
    assert [b["bench"] for b in benches] == BENCHES
    for bench in benches:
        assert FIELDS <= set(bench), bench
        assert (bench["scale"], bench["db"]) == ("tiny", "sqlite")
        assert bench["requests"] > 0
        assert bench["errors"] == 0, bench
    burst = benches[-1]
    assert burst["clients"] == 5
    assert (burst["lost_saves"], burst["not_submitted"]) == (0, 0)
    assert all(b["queries"] > 0 for b in benches[:-1])
    assert summary["summary"] is True
    assert (summary["benches"], summary["errors"]) == (len(BENCHES), 0)
