"""Counting Chinese working days for the public notice period (公示期), with the State Council's public
holidays and make-up workdays (调休) from the `chinese_calendar` package.

The package ships the official arrangement year by year; a date in a year it does not cover yet is
refused with a clear message instead of being guessed (a guessed 公示期 could end on a holiday), and the
remedy is upgrading the package once the State Council has published the next year's arrangement."""

from __future__ import annotations

import datetime

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A notice period longer than this is a typing mistake; it also bounds the loops below.
MAX_WORKING_DAYS = 30


class CalendarUnavailable(ValidationError):
    """The holiday arrangement for a year is not in the installed calendar."""

    def __init__(self, year: int) -> None:
        first, last = years_covered()
        super().__init__(
            _("The holiday calendar for %(year)d is not available yet (the installed calendar covers "
              "%(first)d–%(last)d), so working days cannot be counted. Ask the administrator to update the "
              "chinesecalendar package once the State Council has published the arrangement.")
            % {"year": year, "first": first, "last": last}, code="calendar_unavailable")
        self.year = year


def years_covered() -> tuple[int, int]:
    """The first and last year the installed calendar knows."""
    years = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return min(years), max(years)


def is_workday(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarUnavailable(day.year) from exc


def first_workday_on_or_after(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, else the next one (a holiday of 8 days is the longest)."""
    for _i in range(MAX_WORKING_DAYS):
        if is_workday(day):
            return day
        day += datetime.timedelta(days=1)
    raise ValidationError(_("No working day found within %(n)d days.") % {"n": MAX_WORKING_DAYS})


def nth_workday(start: datetime.date, n: int) -> datetime.date:
    """The `n`th working day counting `start` as the first when it is a working day (so n=1 is the first
    working day on or after `start`)."""
    if not 1 <= n <= MAX_WORKING_DAYS:
        raise ValidationError(_("The period must be between 1 and %(max)d working days.")
                              % {"max": MAX_WORKING_DAYS})
    day = first_workday_on_or_after(start)
    counted = 1
    while counted < n:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def notice_period(published_on: datetime.date, working_days: int) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a notice published on `published_on` and lasting `working_days`."""
    starts = first_workday_on_or_after(published_on)
    return starts, nth_workday(starts, working_days)


def period_label(starts: datetime.date, ends: datetime.date, working_days: int) -> str:
    """公示期 as written on Chinese notices: 2026年9月30日至10月12日（5个工作日）; the year of the last day is
    repeated when the period crosses into a new year."""
    first = f"{starts.year}年{starts.month}月{starts.day}日"
    last = (f"{ends.month}月{ends.day}日" if ends.year == starts.year
            else f"{ends.year}年{ends.month}月{ends.day}日")
    return _("%(first)s to %(last)s (%(n)d working days)") % {"first": first, "last": last, "n": working_days}
