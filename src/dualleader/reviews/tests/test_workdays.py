"""Working days for the 公示期, against the State Council's arrangements as chinese_calendar ships them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dualleader.reviews.workdays import (
    CalendarUnavailable,
    first_workday_on_or_after,
    notice_period,
    nth_workday,
    period_label,
    years_covered,
)

D = datetime.date


def test_national_day_2026_counts_the_make_up_saturday():
    # 30 Sep (Wed) is day 1; 1–7 Oct are off; 8, 9 Oct; Sat 10 Oct is a make-up working day; Sun 11 off.
    assert notice_period(D(2026, 9, 30), 5) == (D(2026, 9, 30), D(2026, 10, 12))
    assert nth_workday(D(2026, 9, 30), 4) == D(2026, 10, 10)


def test_published_during_national_day_starts_after_it():
    assert notice_period(D(2026, 10, 3), 3) == (D(2026, 10, 8), D(2026, 10, 10))


def test_spring_festival_2026_with_make_up_saturday_before_it():
    # Fri 13 Feb, Sat 14 Feb worked; 15–23 Feb off; back on Tue 24 Feb.
    assert notice_period(D(2026, 2, 13), 5) == (D(2026, 2, 13), D(2026, 2, 26))


def test_weekend_start_moves_to_monday():
    assert first_workday_on_or_after(D(2026, 11, 21)) == D(2026, 11, 23)


def test_one_working_day_is_the_first_day():
    assert notice_period(D(2026, 11, 24), 1) == (D(2026, 11, 24), D(2026, 11, 24))


def test_year_outside_the_calendar_is_refused_with_a_clear_message():
    first, last = years_covered()
    with translation.override("en"), pytest.raises(CalendarUnavailable) as caught:
        notice_period(D(last + 1, 3, 2), 5)
    assert caught.value.year == last + 1
    assert caught.value.messages == [
        f"The holiday calendar for {last + 1} is not available yet (the installed calendar covers {first}–{last}), "
        "so working days cannot be counted. Ask the administrator to update the chinesecalendar package once the "
        "State Council has published the arrangement."]


@pytest.mark.parametrize("n", [0, -1, 31])
def test_period_out_of_bounds_is_refused(n):
    with pytest.raises(ValidationError):
        nth_workday(D(2026, 11, 24), n)


def test_period_label_in_chinese_style():
    with translation.override("en"):
        assert period_label(D(2026, 9, 30), D(2026, 10, 12), 5) == "2026年9月30日 to 10月12日 (5 working days)"
        assert period_label(D(2026, 12, 30), D(2027, 1, 6), 5) == "2026年12月30日 to 2027年1月6日 (5 working days)"
