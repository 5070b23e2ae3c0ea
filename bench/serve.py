"""Gunicorn as production runs it: DEBUG off, a generated secret key, only the loopback host allowed,
several sync workers, on a free loopback port. Always stopped on the way out, also on error."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 60.0


@dataclass
class Server:
    host: str
    port: int
    workers: int

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def workers_for_this_machine() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def _answers(host: str, port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(host, port, timeout=2)
        conn.request("GET", "/accounts/login/")
        conn.getresponse().read()
        conn.close()
        return True
    except OSError:
        return False


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path) -> Iterator[Server]:
    """Start gunicorn with `env` (DATABASE_URL, DATA_DIR, SECRET_KEY…) on top of production settings; yield
    once it answers; stop the whole process group afterwards."""
    host, port, workers = "127.0.0.1", free_port(), workers_for_this_machine()
    server_env = {
        # Production keeps database connections open between requests; a new PostgreSQL connection per
        # request would be measured as the framework's cost. DB_CONN_MAX_AGE=0 in the environment turns it off.
        "DB_CONN_MAX_AGE": "60",
        **os.environ, **env,
        "DEBUG": "false", "REQUIRE_SECRET_KEY": "true",
        "ALLOWED_HOSTS": host, "COLLECT_MANIFEST": "true", "LOG_LEVEL": "WARNING",
    }
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), "dualleader.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
               "--worker-class", "sync", "--timeout", "60", "--backlog", "2048", "--error-logfile", "-"]
    log = log_path.open("ab")
    process = subprocess.Popen(command, env=server_env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(host, port):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:.0f} s; see {log_path}")
            time.sleep(0.2)
        yield Server(host, port, workers)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the master and its workers: its own session
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
