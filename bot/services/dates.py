"""Every date and countdown the bot shows or reasons with, in one place.

Storage keeps UTC (storage.clock); people see the technopark's zone (settings.TIMEZONE) and
dates as they say them: «12 мая», «чт, 26 ноября, 14:05», «через 2 минуты». An age is counted
in whole years on a given day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, get_day_names
from babel.lists import format_list

from bot.i18n import T
from storage.clock import age_on
from storage.timetable import SlotRow

__all__ = [
    "SOON", "When", "age_on", "clock", "countdown", "date_range", "day_and_time",
    "day_heading", "event_time", "full_date", "lesson_time", "local_midnight", "months_before",
    "short_date", "slots_in_words",
    "time_range", "today", "until_lesson", "week_start", "weekday_and_time", "when_lesson",
]


def today(zone: ZoneInfo) -> date:
    """Today in the technopark's zone (a child's age, a sign-up window, a group running)."""
    return datetime.now(zone).date()


def short_date(day: date, locale: str) -> str:
    """«12 мая» / «12 May»."""
    return format_date(day, "d MMMM", locale=locale)


def full_date(day: date, locale: str) -> str:
    """«12 мая 2026» / «12 May 2026»: a date that may lie in another year."""
    return format_date(day, "d MMMM y", locale=locale)


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the 31st becomes the month's last
    day): how long data is kept is said in months."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


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


def event_time(start: datetime, end: datetime, zone: ZoneInfo, locale: str) -> str:
    """When an event is, in the technopark's zone: «сб, 12 декабря, 10:00–18:00», and with
    the end's day too when it ends on another («сб, 12 декабря, 10:00 — вс, 13 декабря,
    18:00»: a hackathon, an evening past midnight)."""
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return lesson_time(start, end, zone, locale)
    return (f"{weekday_and_time(start, zone, locale)} — "
            f"{weekday_and_time(end, zone, locale)}")


def countdown(t: T, seconds: float) -> str:
    """«≈ 40 секунд», «≈ 3 минуты»: how long something still takes."""
    if seconds < 90:
        return t("eta-seconds", n=max(1, round(seconds)))
    return t("eta-minutes", n=round(seconds / 60))


def school_year_start(day: date) -> date:
    """1 September of the school year `day` is in: a grade given before it may be last
    year's."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


# ---- lessons: weeks, days, countdowns, a group's slots in words ----------------------------

# how near a lesson must be to be counted down in hours and minutes («через 2 часа»); from
# this far on, it is told by the clock («сегодня в 18:00»)
SOON = timedelta(hours=3)


def week_start(day: date, weeks: int = 0) -> date:
    """The Monday of the week `weeks` weeks after (before, if negative) the week of `day`."""
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The moment a local day begins in the technopark's zone, in UTC."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def date_range(first: date, last: date, locale: str) -> str:
    """«7–13 декабря», «30 ноября – 6 декабря», «28 декабря 2026 – 3 января 2027»."""
    if first.year != last.year:
        return (f"{format_date(first, 'd MMMM y', locale=locale)} – "
                f"{format_date(last, 'd MMMM y', locale=locale)}")
    if first.month != last.month:
        return f"{short_date(first, locale)} – {short_date(last, locale)}"
    return f"{first.day}–{short_date(last, locale)}"


def day_heading(day: date, locale: str) -> str:
    """«вт, 1 декабря» / «Tue, 1 December»: a day in a list of lessons."""
    return format_date(day, "EEE, d MMMM", locale=locale)


def clock(moment: datetime, zone: ZoneInfo) -> str:
    """«15:00»: the wall-clock time in the technopark's zone (24-hour in every language)."""
    return f"{moment.astimezone(zone):%H:%M}"


def time_range(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """«15:00–16:30» in the technopark's zone."""
    return f"{clock(start, zone)}–{clock(end, zone)}"


@dataclass(frozen=True, slots=True)
class When:
    """How far off a lesson is, as a text key and its arguments (see `until_lesson`)."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)


def until_lesson(now: datetime, start: datetime, end: datetime, zone: ZoneInfo) -> When:
    """When a lesson is, as people say it, counted from `now` in the technopark's zone:

    - on now: «идёт сейчас, до 16:30» (when-now);
    - under three hours (SOON) away: «через 40 минут», «через 2 часа», «через 1 час 20 минут»
      — minutes rounded up, so a lesson 30 seconds away is «через 1 минуту»;
    - later today or tomorrow (local dates): «сегодня в 18:00», «завтра в 15:00»;
    - within the coming week: «в четверг в 15:00»;
    - further, or already over: «чт, 3 декабря, 15:00».
    """
    if start <= now < end:
        return When("when-now", {"until": clock(end, zone)})
    ahead = start - now
    if timedelta(0) < ahead < SOON:
        minutes = math.ceil(ahead.total_seconds() / 60)
        if minutes < 60:
            return When("when-minutes", {"minutes": minutes})
        hours, minutes = divmod(minutes, 60)
        if minutes == 0:
            return When("when-hours", {"hours": hours})
        return When("when-hours-minutes", {"hours": hours, "minutes": minutes})
    days = (start.astimezone(zone).date() - now.astimezone(zone).date()).days
    at = clock(start, zone)
    if ahead > timedelta(0) and days == 0:
        return When("when-today", {"time": at})
    if days == 1:
        return When("when-tomorrow", {"time": at})
    if 1 < days < 7:
        return When("when-weekday", {"day": start.astimezone(zone).weekday(), "time": at})
    return When("when-date", {"date": start.astimezone(zone).date(), "time": at})


def when_lesson(t: T, now: datetime, start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """`until_lesson` in the reader's words."""
    when = until_lesson(now, start, end, zone)
    args = dict(when.args)
    if isinstance(args.get("date"), date):
        args["date"] = day_heading(args["date"], t.locale)
    return t(when.key, **args)


def slots_in_words(slots: Sequence[SlotRow], locale: str) -> str:
    """A group's weekly slots as people say them: «вт и чт, 15:00–16:30» when every slot
    has the same time; «вт 15:00–16:30, сб 11:00–12:30» when not (days of the same time and
    room still go together: «вт и чт 15:00–16:30, сб 11:00–12:30»). A slot's own room follows
    its time in brackets. English: «Tue and Thu, 15:00–16:30». Empty: no slots."""
    names = get_day_names("abbreviated", context="format", locale=locale)
    runs: dict[tuple[str, str, str], list[int]] = {}
    for slot in sorted(slots, key=lambda s: (s.weekday, s.starts)):
        runs.setdefault((slot.starts, slot.ends, slot.room), []).append(slot.weekday)
    parts = []
    for (starts, ends, room), weekdays in runs.items():
        days = format_list([names[d] for d in weekdays], locale=locale)
        room_note = f" ({room})" if room else ""
        parts.append((days, f"{starts}–{ends}{room_note}"))
    if len(parts) == 1:
        return f"{parts[0][0]}, {parts[0][1]}"
    return ", ".join(f"{days} {times}" for days, times in parts)
