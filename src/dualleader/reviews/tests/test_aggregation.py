"""reviews/aggregation.py against cases computed by hand."""

from __future__ import annotations

from decimal import Decimal as D

from ..aggregation import (
    aggregate,
    by_mean,
    by_trimmed_mean,
    by_zscore,
    competition_ranks,
    mean,
    trimmed_mean,
)


def test_mean_of_three_totals() -> None:
    # (80 + 85 + 91) / 3 = 85.333… → 85.33
    assert mean([D(80), D(85), D(91)]) == D("85.33")


def test_mean_rounds_half_up() -> None:
    # (80 + 80.25) / 2 = 80.125 → 80.13
    assert mean([D(80), D("80.25")]) == D("80.13")


def test_mean_of_nothing_is_none() -> None:
    assert mean([]) is None
    assert trimmed_mean([]) is None


def test_trimmed_mean_with_exactly_five_drops_highest_and_lowest() -> None:
    # 70 and 99 dropped: (80 + 85 + 90) / 3 = 85; the plain mean would be 424 / 5 = 84.8
    values = [D(85), D(99), D(70), D(90), D(80)]
    assert trimmed_mean(values) == D("85.00")
    assert mean(values) == D("84.80")


def test_trimmed_mean_with_four_is_the_mean() -> None:
    assert trimmed_mean([D(70), D(80), D(90), D(99)]) == D("84.75")


def test_trimmed_mean_drops_only_one_of_equal_extremes() -> None:
    # 60, 60, 80, 90, 90 → drop one 60 and one 90: (60 + 80 + 90) / 3 = 76.666… → 76.67
    assert trimmed_mean([D(60), D(90), D(80), D(60), D(90)]) == D("76.67")


def test_by_method_per_item() -> None:
    matrix = {"a": {1: D(85), 2: D(99), 3: D(70), 4: D(90), 5: D(80)}, "b": {1: D(60)}, "c": {}}
    assert by_mean(matrix) == {"a": D("84.80"), "b": D("60.00"), "c": None}
    assert by_trimmed_mean(matrix) == {"a": D("85.00"), "b": D("60.00"), "c": None}
    assert aggregate(matrix, "trimmed") == by_trimmed_mean(matrix)


# Two pairs of applications of equal quality: A and C are worth 90, B and D 80. R1 and R2 review A and
# B; R3 and the harsh reviewer H review C and D, H giving each 10 points less.
HARSH = {"A": {"R1": D(90), "R2": D(90)}, "B": {"R1": D(80), "R2": D(80)},
         "C": {"R3": D(90), "H": D(80)}, "D": {"R3": D(80), "H": D(70)}}


def test_mean_penalises_applications_that_drew_the_harsh_reviewer() -> None:
    assert by_mean(HARSH) == {"A": D("90.00"), "B": D("80.00"), "C": D("85.00"), "D": D("75.00")}
    assert competition_ranks(by_mean(HARSH)) == {"A": 1, "C": 2, "B": 3, "D": 4}


def test_zscore_corrects_a_uniformly_harsh_reviewer() -> None:
    # Every reviewer's totals are their mean ± 5 (sd 5), so z = +1 for A and C, −1 for B and D.
    # Overall: the 8 totals have mean 660 / 8 = 82.5 and population variance 350 / 8 = 43.75,
    # sd = 6.6143782…; so A = C = 82.5 + 6.614 = 89.11 and B = D = 82.5 − 6.614 = 75.89.
    scores = by_zscore(HARSH)
    assert scores == {"A": D("89.11"), "B": D("75.89"), "C": D("89.11"), "D": D("75.89")}
    assert competition_ranks(scores) == {"A": 1, "C": 1, "B": 3, "D": 3}


def test_zscore_does_not_depend_on_who_reviewed_which() -> None:
    # The harsh reviewer on A and B instead of C and D: the same scores.
    swapped = {"A": {"R1": D(90), "H": D(80)}, "B": {"R1": D(80), "H": D(70)},
               "C": {"R3": D(90), "R2": D(90)}, "D": {"R3": D(80), "R2": D(80)}}
    assert by_zscore(swapped) == by_zscore(HARSH)
    assert competition_ranks(by_mean(swapped)) == {"C": 1, "A": 2, "D": 3, "B": 4}


def test_zscore_reviewer_with_one_score_or_no_spread_counts_zero() -> None:
    # R1 scored only A (z = 0); R2 gave 70 to both B and C (z = 0). Every item's z is 0, so every
    # score is the overall mean (80 + 70 + 70) / 3 = 73.33.
    matrix = {"A": {"R1": D(80)}, "B": {"R2": D(70)}, "C": {"R2": D(70)}}
    assert by_zscore(matrix) == {"A": D("73.33"), "B": D("73.33"), "C": D("73.33")}


def test_zscore_of_an_empty_round() -> None:
    assert by_zscore({"A": {}}) == {"A": None}


def test_ties_share_a_rank_and_the_next_skips() -> None:
    ranks = competition_ranks({"a": D("90.00"), "b": D("85.50"), "c": D("85.50"), "d": D("80.00"), "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_unknown_method_falls_back_to_mean() -> None:
    assert aggregate({"a": {1: D(1), 2: D(2)}}, "median") == {"a": D("1.50")}
