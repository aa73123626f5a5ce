"""Every date and countdown the bot shows or reasons with, in one place.

Storage keeps UTC (storage.clock); people see the technopark's zone (settings.TIMEZONE) and
dates as they say them: «12 мая», «чт, 26 ноября, 14:05», «через 2 минуты». An age is counted
in whole years on a given day.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from bot.i18n import T
from storage.clock import age_on

__all__ = [
    "age_on", "countdown", "day_and_time", "lesson_time", "short_date", "today",
    "weekday_and_time",
]


def today(zone: ZoneInfo) -> date:
    """Today in the technopark's zone (a child's age, a sign-up window, a group running)."""
    return datetime.now(zone).date()


def short_date(day: date, locale: str) -> str:
    """«12 мая» / «12 May»."""
    return format_date(day, "d MMMM", locale=locale)


def day_and_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """«5 декабря, 18:00» in the technopark's zone: a deadline."""
    return format_datetime(moment.astimezone(zone), "d MMMM, HH:mm", locale=locale)


def weekday_and_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """«чт, 26 ноября, 14:05» in the technopark's zone: when something happened or will."""
    return format_datetime(moment.astimezone(zone), "EEE, d MMMM, HH:mm", locale=locale)


def lesson_time(start: datetime, end: datetime, zone: ZoneInfo, locale: str) -> str:
    """«вт, 1 декабря, 15:00–16:30» in the technopark's zone: when a lesson is."""
    start, end = start.astimezone(zone), end.astimezone(zone)
    return format_datetime(start, "EEE, d MMMM, HH:mm", locale=locale) + f"–{end:%H:%M}"


def countdown(t: T, seconds: float) -> str:
    """«≈ 40 секунд», «≈ 3 минуты»: how long something still takes."""
    if seconds < 90:
        return t("eta-seconds", n=max(1, round(seconds)))
    return t("eta-minutes", n=round(seconds / 60))
