"""«📅 В календарь»: a family's or one child's lessons as an iCalendar (.ics) file.

One VEVENT per lesson and child, from the child's enrolment on: a lesson that began before
the application was made (or before the group starts, whichever is later) is never in it. Its
UID (`lesson-<lesson id>-child-<child id>@kvantorium`) stays the same in every download and
SEQUENCE is the newest stamp of the rows the event is made of (migration 025: the lesson, its
group and programme, its closure, the child, the application), which every change a calendar
must apply moves on — staff's, a closure's days or reason, an import's group data, an
application confirmed or over — so importing a newer file updates the events a calendar
already has instead of doubling them. Every title names the child: the file is often shared by
both parents. Times are the technopark's wall clock with a TZID and the VTIMEZONE it needs; a
lesson that is off is STATUS:CANCELLED, and so is one of an application that is over
(rejected, withdrawn, on the waitlist: RFC 5545 has a calendar drop an event only when told
so, not when it is left out); one of an application still being decided TENTATIVE, the rest
CONFIRMED. No VALARM: the bot's own reminders respect quiet hours, a calendar's would not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.i18n import T
from bot.services.application_status import status_words
from bot.services.dates import weekday_and_time
from bot.services.kinship import short_name
from storage.clock import utcnow
from storage.lessons import ChildLesson

if TYPE_CHECKING:  # icalendar is imported when a file is made: it is slow to import
    from icalendar.enums import STATUS

PRODID = "-//Kvantorium//Telegram bot//RU"
DOMAIN = "kvantorium"

# GOST 7.79-2000 system B, simplified for file names
TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))


def translit(text: str) -> str:
    """«Мария» → «mariya»: letters and digits only, words joined by hyphens."""
    latin = "".join(TRANSLIT.get(ch, ch) for ch in text.lower())
    return "-".join(re.findall(r"[a-z0-9]+", latin))


def file_name(child_name: str | None, child_id: int) -> str:
    """kvantorium-mariya.ics for one child (their id if the name has no Latin spelling),
    kvantorium-family.ics for the whole family."""
    if child_name is None:
        return f"{DOMAIN}-family.ics"
    return f"{DOMAIN}-{translit(short_name(child_name))[:32] or f'child-{child_id}'}.ics"


def event_uid(item: ChildLesson) -> str:
    return f"lesson-{item.lesson.id}-child-{item.child_id}@{DOMAIN}"


def event_status(item: ChildLesson) -> STATUS:
    from icalendar.enums import STATUS

    if item.lesson.off or item.enrolment == "ended":
        return STATUS.CANCELLED
    if item.enrolment == "pending":
        return STATUS.TENTATIVE
    return STATUS.CONFIRMED


def describe(item: ChildLesson, t: T, zone: ZoneInfo) -> str:
    if item.enrolment == "ended":  # why it is off for the child, and nothing more
        return t("ics-ended", status=item.application)
    lesson = item.lesson
    lines = []
    if lesson.off:
        lines.append(t("ics-cancelled-because", reason=lesson.reason) if lesson.reason
                     else t("ics-cancelled"))
    elif lesson.status == "moved":
        when = weekday_and_time(lesson.planned_start, zone, t.locale)
        lines.append(t("ics-moved-because", when=when, reason=lesson.reason) if lesson.reason
                     else t("ics-moved", when=when))
    if item.enrolment == "pending":
        lines.append(t("ics-pending", status=status_words(
            t, item.application, zone, offer_until=item.offer_until)))
    if lesson.teacher:
        lines.append(t("ics-teacher", teacher=lesson.teacher))
    if lesson.note:
        lines.append(t("ics-note", note=lesson.bring(t.locale)))
    return "\n".join(lines)


def calendar_file(
    items: Sequence[ChildLesson], t: T, zone: ZoneInfo, *, child: str | None,
    now: datetime | None = None,
) -> bytes:
    """The .ics of `items`: one child's (named `child`) or, with child None, the family's;
    each event's title says whose lesson it is."""
    from icalendar import Calendar, Event

    name = (t("ics-name-child", name=short_name(child)) if child is not None
            else t("ics-name-family"))
    scope = "family" if child is None else f"child-{items[0].child_id}" if items else "child"
    calendar = Calendar.new(name=name, prodid=PRODID, uid=f"{scope}@{DOMAIN}",
                            method="PUBLISH")
    calendar.add("X-WR-TIMEZONE", zone.key)
    stamp = now or utcnow()
    for item in items:
        lesson = item.lesson
        summary = t("ics-summary-child", name=short_name(item.child_name), summary=t(
            "ics-summary", title=lesson.title(t.locale), group=lesson.group_title(t.locale)))
        if lesson.off or item.enrolment == "ended":
            summary = t("ics-summary-cancelled", summary=summary)
        calendar.add_component(Event.new(
            uid=event_uid(item), sequence=item.sequence, stamp=stamp,
            start=lesson.starts_at.astimezone(zone), end=lesson.ends_at.astimezone(zone),
            summary=summary, location=lesson.place(t.locale) or None,
            description=describe(item, t, zone) or None, status=event_status(item),
        ))
    if items:
        # the zone's rules over the lessons' dates only: a short VTIMEZONE, still exact
        first = min(i.lesson.starts_at for i in items).astimezone(zone).date()
        last = max(i.lesson.ends_at for i in items).astimezone(zone).date()
        calendar.add_missing_timezones(first - timedelta(days=1), last + timedelta(days=1))
    return bytes(calendar.to_ical())
