"""The whole benchmark: pick and prepare the benchmark database (never the demo one), load the data
(bench.data.ensure), sign the accounts in directly, serve with gunicorn, drive every page with wrk,
run the deadline burst, and print one JSON line per bench and a summary line last."""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scales import SCALES, Scale
from bench.world import BenchWorld

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

# The targets (national scale, PostgreSQL): each checked on every run and named when missed.
VS_FLOOR_MAX = 3.0
P95_MAX_MS = 100.0
DOCX_MAX_MS = 150.0
PDF_MAX_MS = 1000.0
XLSX_MAX_MS = 3000.0
XLSX_MAX_MB = 300.0
FILES = {"version_docx": DOCX_MAX_MS, "version_pdf": PDF_MAX_MS, "summary_xlsx": XLSX_MAX_MS}
# The documents' targets are for one document: they are fetched one at a time, for long enough to
# finish a few even when each takes a second.
FILE_CONNECTIONS = 1
FILE_MIN_SECONDS = 3


@dataclass
class Options:
    scale: Scale
    db: str  # sqlite | postgres
    data_dir: Path = DEFAULT_DATA_DIR  # SQLite file, collected static files, media, gunicorn's log
    database_path: Path | None = None  # SQLite only
    database_name: str | None = None  # PostgreSQL only


@dataclass
class Bench:
    name: str
    user: str  # whose session opens it
    path: str
    results: dict[str, Any] = field(default_factory=dict)


def log(message: str, started: float) -> None:
    print(f"[bench {time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)


def database_url(options: Options) -> str:
    if options.db == "sqlite":
        path = options.database_path or options.data_dir / f"{options.scale.name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if options.db == "postgres":
        import psycopg

        name = options.database_name or f"dualleader_bench_{options.scale.name}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        return f"{PG_SERVER}/{name}"
    raise ValueError(f"unknown database {options.db!r}: sqlite or postgres")


def sign_in(usernames: list[str]) -> dict[str, str]:
    """A session per account, written straight into the session store (no login requests, no axes
    attempts): username → the Cookie header value carrying it and the CSRF cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    missing = sorted(set(usernames) - set(users))
    if missing:
        raise RuntimeError(f"accounts missing from the benchmark data: {', '.join(missing[:5])}")
    cookies = {}
    for username in usernames:
        user = users[username]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[username] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    return cookies


def benches_for(world: BenchWorld) -> list[Bench]:
    from django.urls import reverse

    org, app = world.org_admin, world.application_id
    return [
        Bench("floor", org, reverse("home:ping")),
        Bench("applications", org, reverse("applications:mine")),
        Bench("applications_filtered", org,
              reverse("applications:mine") + f"?call={world.call_id}&status=under_review&page=2"),
        Bench("college", world.college_admin, reverse("recommendations:college", args=[world.call_id,
                                                                                       world.college_id])),
        Bench("queue", world.reviewer, reverse("reviews:queue")),
        Bench("ranking", org, reverse("reviews:ranking", args=[world.round_id])),
        Bench("detail", org, reverse("applications:detail", args=[app])),
        Bench("version_docx", org, reverse("documents:version_docx", args=[app, world.version_number])),
        Bench("version_pdf", org, reverse("documents:version_pdf", args=[app, world.version_number])),
        Bench("summary_xlsx", org, reverse("recommendations:summary_xlsx", args=[world.call_id])),
    ]


def count_queries(bench: Bench, cookie: str) -> dict[str, Any]:
    """The page once in this process with Django's test client against the same database: its query
    count, and for the spreadsheet whether it streams and the peak Python memory while building it."""
    import tracemalloc

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    name, _, value = cookie.partition("=")
    client.cookies[name] = value
    extra: dict[str, Any] = {}
    trace = bench.name == "summary_xlsx"
    if trace:
        tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(bench.path)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    if trace:
        extra = {"streamed": response.streaming, "peak_mb": round(tracemalloc.get_traced_memory()[1] / 2**20, 1)}
        tracemalloc.stop()
    if response.status_code != 200 or not size:
        raise RuntimeError(f"{bench.name}: {bench.path} answered {response.status_code} ({size} bytes) in-process")
    return {"queries": len(queries), **extra}


def missed_targets(lines: list[dict[str, Any]]) -> list[str]:
    missed = []
    for line in lines:
        name = line["bench"]
        if name == "floor":
            continue
        if name == "burst":
            if line["errors"] or line["lost_saves"] or line["not_submitted"]:
                missed.append(f"burst: {line['errors']} errors, {line['lost_saves']} lost saves, "
                              f"{line['not_submitted']} not submitted (target 0)")
            continue
        if line["p50_ms"] is None:
            missed.append(f"{name}: no request completed within the run ({line['errors']} cut off)")
            continue
        if name in FILES:
            if line["p50_ms"] > FILES[name]:
                missed.append(f"{name}: p50 {line['p50_ms']} ms (target < {FILES[name]:.0f} ms)")
            if name == "summary_xlsx" and (not line.get("streamed") or line.get("peak_mb", 0) > XLSX_MAX_MB):
                missed.append(f"summary_xlsx: streamed={line.get('streamed')}, peak {line.get('peak_mb')} MB "
                              f"(target streamed, < {XLSX_MAX_MB:.0f} MB)")
            continue
        if line["vs_floor"] is not None and line["vs_floor"] > VS_FLOOR_MAX:
            missed.append(f"{name}: p50 {line['vs_floor']}× the floor (target ≤ {VS_FLOOR_MAX:.0f}×)")
        if line["p95_ms"] >= P95_MAX_MS:
            missed.append(f"{name}: p95 {line['p95_ms']} ms (target < {P95_MAX_MS:.0f} ms)")
        if line["errors"]:
            missed.append(f"{name}: {line['errors']} errors")
    return missed


def growing_queries(lines: list[dict[str, Any]], options: Options) -> list[str]:
    """Query counts kept per scale and database in the data folder; a page whose count differs from a
    smaller scale's run on the same database grows with the data."""
    counts = {line["bench"]: line["queries"] for line in lines if line["queries"] is not None}
    (options.data_dir / f"queries-{options.scale.name}-{options.db}.json").write_text(json.dumps(counts))
    order = list(SCALES)
    missed = []
    for smaller in order[:order.index(options.scale.name)]:
        path = options.data_dir / f"queries-{smaller}-{options.db}.json"
        if not path.exists():
            continue
        before = json.loads(path.read_text())
        missed += [f"{name}: {n} queries at {options.scale.name}, {before[name]} at {smaller} (grows with the data)"
                   for name, n in counts.items() if name in before and n != before[name]]
    return missed


def main(options: Options, out: Callable[[str], None] = print) -> int:
    started = time.monotonic()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    # One generated key for this process and the server: the sessions written here carry an HMAC of it.
    env = {"DATABASE_URL": database_url(options), "DATA_DIR": str(options.data_dir),
           "SECRET_KEY": secrets.token_urlsafe(50)}
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualleader.settings")
    import django
    from django.core.management import call_command

    django.setup()
    log(f"{options.scale.name} on {options.db}: {env['DATABASE_URL']}", started)
    call_command("migrate", interactive=False, verbosity=0)
    log("migrated", started)
    from bench.data import ensure

    world = ensure(options.scale)
    log("data ready", started)

    benches = benches_for(world)
    cookies = sign_in(sorted({b.user for b in benches} | {u for u, _ in world.drafts}))
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    cookies = {u: f"{c}; csrftoken={csrf}" for u, c in cookies.items()}
    call_command("collectstatic", interactive=False, verbosity=0)
    log("static files collected", started)
    for bench in benches:
        bench.results = count_queries(bench, cookies[bench.user].split(";")[0])
    log("query counts measured", started)

    from bench.burst import run_burst
    from bench.load import run_wrk, settle, warm
    from bench.serve import gunicorn

    scale, lines = options.scale, []
    floor_p50 = None
    with gunicorn(env, options.data_dir / "gunicorn.log") as server:
        log(f"gunicorn on {server.base} with {server.workers} workers", started)
        floor = benches[0]
        for bench in benches:
            settle(server.host, server.port, floor.path, cookies[floor.user])
            warm(server.host, server.port, bench.path, cookies[bench.user], 2 * server.workers)
            if bench.name in FILES:
                result = run_wrk(server.base + bench.path, cookies[bench.user], requests=scale.requests,
                                 seconds=max(scale.seconds, FILE_MIN_SECONDS), connections=FILE_CONNECTIONS)
            else:
                result = run_wrk(server.base + bench.path, cookies[bench.user], seconds=scale.seconds,
                                 requests=scale.requests)
            if bench.name == "floor":
                floor_p50 = result.p50_ms
            line = {"bench": bench.name, "scale": scale.name, "db": options.db, "requests": result.requests,
                    "errors": result.errors, "p50_ms": result.p50_ms, "p95_ms": result.p95_ms, "rps": result.rps,
                    "queries": bench.results["queries"],
                    "vs_floor": round(result.p50_ms / floor_p50, 2) if floor_p50 and result.p50_ms is not None
                    else None,
                    **{k: v for k, v in bench.results.items() if k != "queries"}}
            lines.append(line)
            out(json.dumps(line, ensure_ascii=False))
        settle(server.host, server.port, floor.path, cookies[floor.user])
        burst = run_burst(server.host, server.port, world.drafts, cookies, csrf)
        line = {"bench": "burst", "scale": scale.name, "db": options.db, "requests": burst.requests,
                "errors": burst.errors, "p50_ms": burst.p50_ms, "p95_ms": burst.p95_ms, "rps": burst.rps,
                "queries": None, "vs_floor": round(burst.p50_ms / floor_p50, 2) if floor_p50 else None,
                "clients": len(world.drafts), "lost_saves": burst.lost_saves, "not_submitted": burst.not_submitted}
        lines.append(line)
        out(json.dumps(line, ensure_ascii=False))
    paged = [line for line in lines
             if line["bench"] not in ("floor", "burst", *FILES) and line["vs_floor"] is not None]
    slowest = max(paged, key=lambda line: line["vs_floor"], default=None)
    missed = missed_targets(lines) + growing_queries(lines, options)
    out(json.dumps({"summary": True, "scale": scale.name, "db": options.db, "benches": len(lines),
                    "errors": sum(line["errors"] for line in lines),
                    "slowest": slowest["bench"] if slowest else None,
                    "slowest_vs_floor": slowest["vs_floor"] if slowest else None,
                    "missed": missed, "seconds": round(time.monotonic() - started, 1)}, ensure_ascii=False))
    return 0


def options_from(scale: str, db: str, **fields: Any) -> Options:
    return Options(scale=SCALES[scale], db=db, **{k: v for k, v in fields.items() if v is not None})
