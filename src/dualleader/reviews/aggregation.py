"""Turning reviewers' totals into one score per application. Pure functions over
`{item: {reviewer: total}}` (Decimal totals, submitted reviews only); they do not care whether the item
is an application or, later, a studio's report.

Three methods, chosen per evaluation (Evaluation.aggregation):

- **Mean** (平均分): the arithmetic mean of the item's totals.
- **Trimmed mean** (去掉一个最高分和一个最低分后的平均分): with 5 or more totals, one highest and one
  lowest total are dropped and the rest averaged; with fewer than 5, this is the plain mean.
- **Normalised per reviewer** (按评审专家标准化, z-score): corrects for how strict each reviewer is.
  Each reviewer's totals are standardised by that reviewer's own mean and standard deviation over the
  items they scored in the round: z = (total − reviewer's mean) / reviewer's standard deviation. A
  reviewer with a single total, or whose totals are all equal, gives z = 0 (they tell nothing about
  order). The item's z is the mean of its reviewers' z. To read like a score, it is mapped back to the
  points scale: overall mean + overall standard deviation × z, where the overall mean and standard
  deviation are over every total of the round. Standard deviations are population ones (divided by n).
  A reviewer who is uniformly 10 points harsher than the others thus no longer pulls down the
  applications they happened to review.

Every result is rounded half-up to 0.01; ties are decided on the rounded score.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TypeVar

from .enums import Aggregation

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)

Matrix = Mapping[K, Mapping[R, Decimal]]

TWO = Decimal("0.01")
TRIM_FROM = 5
_CONTEXT = Context(prec=34)


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal:
    with localcontext(_CONTEXT):
        return sum(values, Decimal(0)) / len(values)


def _sd(values: list[Decimal], mean: Decimal) -> Decimal:
    """Population standard deviation."""
    with localcontext(_CONTEXT):
        return (sum(((v - mean) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The mean of `values`, rounded to 0.01; None when there are none."""
    values = list(values)
    return _round(_mean(values)) if values else None


def trimmed_mean(values: Iterable[Decimal]) -> Decimal | None:
    """The mean after dropping one highest and one lowest value when there are 5 or more; else the mean."""
    values = sorted(values)
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return mean(values)


def by_mean(matrix: Matrix[K, R]) -> dict[K, Decimal | None]:
    return {item: mean(totals.values()) for item, totals in matrix.items()}


def by_trimmed_mean(matrix: Matrix[K, R]) -> dict[K, Decimal | None]:
    return {item: trimmed_mean(totals.values()) for item, totals in matrix.items()}


def reviewer_z(matrix: Matrix[K, R]) -> dict[K, dict[R, Decimal]]:
    """Each total as the reviewer's z-score (see the module docstring), unrounded."""
    per_reviewer: dict[R, list[Decimal]] = {}
    for totals in matrix.values():
        for reviewer, total in totals.items():
            per_reviewer.setdefault(reviewer, []).append(total)
    stats: dict[R, tuple[Decimal, Decimal]] = {}
    for reviewer, values in per_reviewer.items():
        m = _mean(values)
        stats[reviewer] = (m, _sd(values, m))
    out: dict[K, dict[R, Decimal]] = {}
    with localcontext(_CONTEXT):
        for item, totals in matrix.items():
            out[item] = {}
            for reviewer, total in totals.items():
                m, sd = stats[reviewer]
                out[item][reviewer] = Decimal(0) if sd == 0 else (total - m) / sd
    return out


def by_zscore(matrix: Matrix[K, R]) -> dict[K, Decimal | None]:
    """Normalised per reviewer and mapped back to the points scale (see the module docstring)."""
    everything = [t for totals in matrix.values() for t in totals.values()]
    if not everything:
        return {item: None for item in matrix}
    overall_mean = _mean(everything)
    overall_sd = _sd(everything, overall_mean)
    zs = reviewer_z(matrix)
    out: dict[K, Decimal | None] = {}
    with localcontext(_CONTEXT):
        for item in matrix:
            values = list(zs[item].values())
            out[item] = _round(overall_mean + overall_sd * _mean(values)) if values else None
    return out


METHODS = {Aggregation.MEAN: by_mean, Aggregation.TRIMMED: by_trimmed_mean, Aggregation.ZSCORE: by_zscore}


def aggregate(matrix: Matrix[K, R], method: str) -> dict[K, Decimal | None]:
    """The score of every item by `method` (an Aggregation value); None for an item without totals."""
    try:
        function = METHODS[Aggregation(method)]
    except ValueError:
        function = by_mean
    return function(matrix)


def competition_ranks(scores: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Ranks by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4).
    Items without a score have no rank."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    return {item: None if score is None else first[score] for item, score in scores.items()}
