"""The row type of the access table and the helper that builds a row's expected statuses, shared by
tests/test_access.py and the per-capability row modules (tests/access_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conftest import ROLES

from tests.factories import World

ANON = "anonymous"


@dataclass
class Row:
    name: str
    args: Callable[[World], list[Any]] = lambda w: []
    method: str = "get"
    expect: dict[str, int] = field(default_factory=dict)
    query: str = ""
    body: Callable[[World], dict[str, Any]] | None = None  # sent as JSON (API writes)

    def status_for(self, role: str) -> int:
        return self.expect[role]


def statuses(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    table = {role: default for role in ROLES}
    table[ANON] = anonymous
    table.update(overrides)
    return table
