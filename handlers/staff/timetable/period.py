"""What staff type into the closure form: the reason (`parse_reason`), and the days
(`parse_period`): «31.12–08.01», «31.12.2026-08.01.2027», «с 04.11 по 06.11» or one date
«04.11». A date without a year is the nearest one whose closure is not
over yet (typed in December, «31.12–08.01» runs into January; typed on 3 January, it is the
closure going on now). Each parser raises Refused with the key of the text that says what to
fix. A closure may start at most two years ahead."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from bot.services.closure_import import LONGEST, REASON_LIMIT
from bot.services.telegram_text import Refused, visible_text

DAY = r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?"
PERIOD = re.compile(
    rf"^(?:с|from)?\s*{DAY}(?:\s*(?:[-–—]|по|до|to|till|until)\s*{DAY})?\.?$", re.IGNORECASE
)
# a closure further ahead than this is more likely a typo in the year
HORIZON = timedelta(days=2 * 366)
# (day, month, year or None) as typed
Typed = tuple[int, int, int | None]


def _typed(day: str, month: str, year: str | None) -> Typed:
    full = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return int(day), int(month), full


def _date(typed: Typed, year: int) -> date:
    day, month, _ = typed
    try:
        return date(year, month, day)
    except ValueError:
        raise Refused("closure-dates-no-such", value=f"{day:02d}.{month:02d}") from None


def _resolve(first: Typed, last: Typed, today: date) -> tuple[date, date]:
    """The two dates, their missing years filled in."""
    later = (last[1], last[0]) >= (first[1], first[0])  # the last day comes later in a year
    if first[2] is not None and last[2] is not None:
        return _date(first, first[2]), _date(last, last[2])
    if last[2] is not None:
        return _date(first, last[2] if later else last[2] - 1), _date(last, last[2])
    if first[2] is not None:
        return _date(first, first[2]), _date(last, first[2] if later else first[2] + 1)
    found: tuple[date, date] | None = None
    # last year's (going on now), this year's, or a later one (29.02 waits for a leap year)
    for year in range(today.year - 1, today.year + 5):
        try:
            found = _date(first, year), _date(last, year if later else year + 1)
        except Refused:
            continue  # 29.02 in a year that has none: the next that has one
        if found[1] >= today:
            return found
    if found is None:
        raise Refused("closure-dates-no-such", value=f"{first[0]:02d}.{first[1]:02d}")
    return found


def parse_period(value: str, today: date) -> tuple[date, date]:
    """The first and last day of a closure (both included): real dates, in order, not over
    before `today`, at most LONGEST apart."""
    match = PERIOD.match(visible_text(value))
    if match is None:
        raise Refused("closure-dates-format")
    first = _typed(match[1], match[2], match[3])
    last = first if match[4] is None else _typed(match[4], match[5], match[6])
    try:
        starts_on, ends_on = _resolve(first, last, today)
    except OverflowError:
        raise Refused("closure-dates-format") from None
    if starts_on > ends_on:
        raise Refused("closure-dates-order")
    if ends_on < today:
        raise Refused("closure-dates-past")
    if ends_on - starts_on > LONGEST:
        raise Refused("closure-dates-long", days=LONGEST.days + 1)
    if starts_on - today > HORIZON:
        raise Refused("closure-dates-far", year=str(starts_on.year))
    return starts_on, ends_on


def days_in(starts_on: date, ends_on: date) -> int:
    return (ends_on - starts_on) // timedelta(days=1) + 1


def parse_reason(value: str) -> str:
    """Why the technopark is closed, as it will show in the schedule."""
    printable = "".join(c for c in value if c.isspace() or unicodedata.category(c) != "Cc")
    text = visible_text(printable)
    if not any(char.isalnum() for char in text):
        raise Refused("closure-reason-empty")
    if len(text) > REASON_LIMIT:
        raise Refused("closure-reason-too-long", length=len(text), limit=REASON_LIMIT)
    return text
