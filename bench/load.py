"""One load run: Debian's wrk against one URL with a signed-in session, bounded in time and in requests,
reporting latency percentiles and every response that is not 2xx (and every socket error) as an error."""

from __future__ import annotations

import http.client
import json
import math
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk_report.lua")
THREADS = 2
CONNECTIONS = 8
TIMEOUT_S = 10


@dataclass
class LoadResult:
    requests: int
    errors: int
    p50_ms: float | None  # None when no request completed within the run
    p95_ms: float | None
    rps: float


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    return found


def warm(host: str, port: int, path: str, cookie: str, n: int) -> None:
    """A few requests in parallel first, so every worker has imported what the page needs (WeasyPrint,
    openpyxl…) before it is timed."""

    def one(_: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            conn.getresponse().read()
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(one, range(n)))


def run_wrk(url: str, cookie: str, *, seconds: int, requests: int, connections: int = CONNECTIONS) -> LoadResult:
    threads = min(THREADS, connections)
    per_thread = math.ceil(requests / threads)
    command = [wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={TIMEOUT_S}s",
               "-H", f"Cookie: {cookie}", "-s", str(SCRIPT), url, "--", str(per_thread)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + TIMEOUT_S + 30, check=False)
    report = next((line[len("BENCH_JSON "):] for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")),
                  None)
    if done.returncode != 0 or report is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    r = json.loads(report)
    errors = (r["redirect"] + r["client_error"] + r["server_error"]
              + r["connect"] + r["read"] + r["write"] + r["timeout"])
    seconds_taken = r["duration_us"] / 1e6 or 1.0
    if r["requests"] == 0:
        # Every connection's request was still running when the run ended: each one is a failure, and
        # there is no latency to report.
        return LoadResult(requests=0, errors=errors + connections, p50_ms=None, p95_ms=None, rps=0.0)
    return LoadResult(requests=r["requests"], errors=errors, p50_ms=round(r["p50_us"] / 1000, 2),
                      p95_ms=round(r["p95_us"] / 1000, 2), rps=round(r["requests"] / seconds_taken, 1))
