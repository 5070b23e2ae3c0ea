"""The deadline burst: one client per draft, all released at once, each saving its draft through the
editor's form POST (applications:edit, with lock_version and the CSRF token) and then submitting it
(applications:submit). Afterwards the database must show every save (lock_version advanced by one, the
text changed) and every submission (status submitted, a version frozen)."""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

BURST_MARK = "（截止前保存）"


@dataclass
class BurstResult:
    requests: int
    errors: int
    lost_saves: int
    not_submitted: int
    p50_ms: float
    p95_ms: float
    rps: float


def reset_drafts(application_ids: list[int]) -> None:
    """Put the drafts back as they were before an earlier run's burst submitted them, so reused data
    can be measured again."""
    from dualleader.applications.enums import ApplicationStatus
    from dualleader.applications.models import Application, ApplicationVersion

    ApplicationVersion.objects.filter(application_id__in=application_ids).delete()
    Application.objects.filter(pk__in=application_ids).update(status=ApplicationStatus.DRAFT, submitted_at=None,
                                                              status_reason="")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run_burst(host: str, port: int, drafts: list[tuple[str, int]], cookies: dict[str, str],
              csrf_token: str) -> BurstResult:
    from dualleader.applications.enums import ApplicationStatus
    from dualleader.applications.models import Application

    ids = [app_id for _, app_id in drafts]
    reset_drafts(ids)
    before = {a.pk: a for a in Application.objects.filter(pk__in=ids).only("pk", "lock_version", "data")}
    bodies: dict[int, bytes] = {}
    for _, app_id in drafts:
        data: dict[str, Any] = dict(before[app_id].data)
        data["goals"] = str(data.get("goals", "")).replace(BURST_MARK, "") + BURST_MARK
        bodies[app_id] = urlencode({"csrfmiddlewaretoken": csrf_token, "data": json.dumps(data, ensure_ascii=False),
                                    "lock_version": before[app_id].lock_version}).encode()
    submit_body = urlencode({"csrfmiddlewaretoken": csrf_token}).encode()

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(len(drafts))

    def post(conn: http.client.HTTPConnection, path: str, body: bytes, cookie: str, expect: str) -> bool:
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers={
                "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 302 and response.getheader("Location", "") == expect
        except OSError:
            ok = False
        with lock:
            latencies.append((time.perf_counter() - t0) * 1000)
        return ok

    def client(username: str, app_id: int) -> None:
        nonlocal errors
        cookie = cookies[username]
        edit = reverse("applications:edit", args=[app_id])
        failed = 0
        start.wait()
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            failed += not post(conn, edit, bodies[app_id], cookie, edit)
            conn.close()  # sync workers close after every response
            conn = http.client.HTTPConnection(host, port, timeout=60)
            failed += not post(conn, reverse("applications:submit", args=[app_id]), submit_body, cookie,
                               reverse("applications:detail", args=[app_id]))
        finally:
            conn.close()
        with lock:
            errors += failed

    threads = [threading.Thread(target=client, args=draft) for draft in drafts]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0

    after = {a.pk: a for a in Application.objects.filter(pk__in=ids).only("pk", "lock_version", "data", "status")}
    lost = sum(1 for pk in ids if after[pk].lock_version != before[pk].lock_version + 1
               or not str(after[pk].data.get("goals", "")).endswith(BURST_MARK))
    not_submitted = sum(1 for pk in ids if after[pk].status != ApplicationStatus.SUBMITTED)
    latencies.sort()
    return BurstResult(requests=len(latencies), errors=errors, lost_saves=lost, not_submitted=not_submitted,
                       p50_ms=round(_percentile(latencies, 50), 2), p95_ms=round(_percentile(latencies, 95), 2),
                       rps=round(len(latencies) / wall, 1) if wall else 0.0)
