"""Reading and totalling a review's scores. Scores are stored as {criterion id (str): "points"} with
decimal strings, so no float rounding creeps into totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .models import Criterion

TWO = Decimal("0.01")


def points_of(scores: Mapping[str, Any], criterion: Criterion) -> Decimal | None:
    """The points given on `criterion`, or None when missing or unreadable."""
    raw = scores.get(str(criterion.pk))
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def weighted_total(criteria: Iterable[Criterion], scores: Mapping[str, Any]) -> Decimal:
    """Σ weight × points over the criteria, rounded to 0.01 (missing points count as 0)."""
    total = sum((c.weight * (points_of(scores, c) or Decimal(0)) for c in criteria), Decimal(0))
    return total.quantize(TWO)


def full_marks(criteria: Iterable[Criterion]) -> Decimal:
    return sum((c.weight * c.max_points for c in criteria), Decimal(0)).quantize(TWO)
