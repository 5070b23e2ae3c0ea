"""How the JSON API refuses: {"detail": "..."} with the same message the page would show."""

# No `from __future__ import annotations`: ninja reads the annotations at import time.

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Schema

from dualleader.applications.views.common import messages_of


class ErrorOut(Schema):
    detail: str


def refused(exc: ValidationError) -> tuple[int, dict[str, Any]]:
    """400 with every message of a service's refusal."""
    return 400, {"detail": " ".join(messages_of(exc))}
