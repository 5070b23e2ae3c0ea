"""我的待办: each capability contributes the things a user has to act on. A provider is a function
`(user) -> list[TodoItem]`; it must run a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TodoItem:
    text: str
    url: str
    icon: str = "bi-exclamation-circle"
    level: str = "warning"  # Bootstrap colour: warning, danger, info
    count: int | None = None


Provider = Callable[[Any], list[TodoItem]]
_providers: list[Provider] = []


def provider(func: Provider) -> Provider:
    _providers.append(func)
    return func


def todo_for(user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    for func in _providers:
        items.extend(func(user))
    return items
