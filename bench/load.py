"""One load run: Debian's wrk against one URL with a signed-in session, bounded in time and in requests,
reporting latency percentiles and every response that is not 2xx (and every socket error) as an error."""

from __future__ import annotations

import http.client
import json
import math
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk_report.lua")
THREADS = 2
CONNECTIONS = 8
TIMEOUT_S = 10
WARM_TIMEOUT_S = 60


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


def warm(host: str, port: int, path: str, cookie: str, n: int) -> int:
    """A few requests in parallel first, so every worker has imported what the page needs (WeasyPrint,
    openpyxl…) before it is timed. Returns how many failed or timed out: a page too slow to warm up is
    still measured (and its timeouts counted) by the run that follows."""

    def one(_: int) -> bool:
        conn = http.client.HTTPConnection(host, port, timeout=WARM_TIMEOUT_S)
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            conn.getresponse().read()
            return True
        except OSError:  # a timeout or a connection the server dropped
            return False
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return sum(1 for ok in pool.map(one, range(n)) if not ok)


def settle(host: str, port: int, path: str, cookie: str, *, fast_ms: float = 250.0, limit_s: float = 180.0) -> float:
    """Wait until the server is idle again — two answers from the floor view in a row under `fast_ms` —
    so that requests still running from a slow page do not count against the next one. Returns the
    seconds waited (at most `limit_s`)."""
    started = time.monotonic()
    fast = 0
    while fast < 2 and time.monotonic() - started < limit_s:
        conn = http.client.HTTPConnection(host, port, timeout=limit_s)
        t = time.monotonic()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            conn.getresponse().read()
            fast = fast + 1 if (time.monotonic() - t) * 1000 < fast_ms else 0
        except OSError:
            fast = 0
            time.sleep(1)
        finally:
            conn.close()
    return round(time.monotonic() - started, 1)


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
