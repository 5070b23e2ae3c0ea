"""Running the database task queue inside a test.

`manage.py db_worker` closes old connections on every loop, which would close the test's connection in
the middle of pytest-django's transaction. `run_queued_tasks` takes the same steps as the worker for each
ready task (claim it, then `Worker.run_task`, which calls the task and records success or failure on the
DBTaskResult row) without touching connections. A task runs in the worker outside any transaction, so
the on-commit callbacks it registers (notify() queuing its emails) fire when it returns: they are run
here too, and tasks queued by them run in the same call when they are ready."""

from __future__ import annotations

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "pytest"


def run_queued_tasks(*, backend: str = "default", limit: int = 100) -> list[DBTaskResult]:
    """Run every task that is ready now (run_after passed or unset), oldest first, including those the
    tasks queue on the way. Returns the rows run, refreshed: look at `.status` and `.return_value`."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name=backend, startup_delay=False,
                    max_tasks=None, worker_id=WORKER_ID, excluded_queue_names=[])
    done: list[DBTaskResult] = []
    for _ in range(limit):
        row = DBTaskResult.objects.ready().filter(backend_name=backend).first()
        if row is None:
            break
        row.claim(WORKER_ID)
        with TestCase.captureOnCommitCallbacks(execute=True):
            worker.run_task(row)
        row.refresh_from_db()
        done.append(row)
    else:
        raise AssertionError(f"more than {limit} tasks: is a task queuing itself?")
    return done
