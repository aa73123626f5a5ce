"""What the reminder settings show: the lead times chosen, in words, and the next reminder a
person will get (bot.services.reminder_settings reads what it is worked out from).

The next reminder is worked out from the person's confirmed lessons of the coming two weeks
with their settings and the planner's own rules (`dues`), not read from the outbox: the
planner writes rows only for the next 36 hours, and the screen should be right about a
reminder on Monday evening when it is looked at on Friday.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from aiogram import html
from babel.lists import format_list

from bot.i18n import T
from bot.services import dates
from bot.services.kinship import short_name
from bot.services.reminders import dues
from storage.lesson_rows import ChildLesson, Lesson
from storage.reminder_plans import Person
from storage.reminders import Prefs, RemindedChild


def chosen(prefs: Prefs, child: RemindedChild) -> tuple[str, ...]:
    """The lead times chosen for a child (or the defaults), whether reminders are on or off."""
    return prefs.chosen(child.id, child.pupil)


def leads_in_words(t: T, leads: Sequence[str]) -> str:
    """«вечером накануне и за 2 часа» / «the evening before and 2 hours before»; no leads:
    «без напоминаний»."""
    if not leads:
        return t("rset-leads-none")
    return format_list([t(f"rset-lead-{lead}") for lead in leads], locale=t.locale)


def leads_short(t: T, leads: Sequence[str]) -> str:
    """«вечером, 2 ч» for a button; no leads: «выкл»."""
    if not leads:
        return t("rset-short-none")
    return ", ".join(t(f"rset-short-{lead}") for lead in leads)


def child_names(children: Iterable[RemindedChild]) -> dict[int, str]:
    """The name each child is shown by: the first name, or the whole name where two children
    share one. Not quoted: buttons take it as it is, texts quote it."""
    names = {child.id: child.name for child in children}
    short = {child: short_name(name) for child, name in names.items()}
    taken = [s.casefold() for s in short.values()]
    return {child: s if taken.count(s.casefold()) == 1 else names[child]
            for child, s in short.items()}


@dataclass(frozen=True, slots=True)
class Upcoming:
    """The next reminder: when it goes out, for which lesson and which children."""

    at: datetime
    lesson: Lesson
    children: tuple[RemindedChild, ...]


def earliest(
    items: Sequence[ChildLesson], prefs: Prefs, children: Sequence[RemindedChild], *,
    user_id: int, now: datetime, zone: ZoneInfo, evening_at: time,
    absent: frozenset[tuple[int, int]] = frozenset(),
) -> Upcoming | None:
    """The first reminder after `now` among these lessons: only confirmed children of the
    person, lessons on and not begun, children not reported absent (lesson id, child id)."""
    if not prefs.enabled:
        return None
    mine = {child.id: child for child in children}
    by_lesson: dict[int, tuple[Lesson, list[RemindedChild]]] = {}
    for item in items:
        child = mine.get(item.child_id)
        lesson = item.lesson
        if (child is None or item.enrolment != "confirmed" or lesson.off
                or lesson.starts_at <= now or (lesson.id, child.id) in absent):
            continue
        _, kids = by_lesson.setdefault(lesson.id, (lesson, []))
        if child not in kids:
            kids.append(child)
    best: Upcoming | None = None
    for lesson, kids in by_lesson.values():
        person = Person(user_id, 0, "", None, prefs, kids)
        for due in dues(person, lesson, zone, evening_at):
            if due.at > now:
                if best is None or due.at < best.at:
                    best = Upcoming(due.at, lesson, due.children)
                break  # soonest first: the rest of this lesson's are later
    return best


def upcoming_lines(t: T, upcoming: Upcoming | None, names: dict[int, str], now: datetime,
                   zone: ZoneInfo, *, awaiting: int = 0) -> list[str]:
    """«Следующее напоминание: сегодня в 19:00» and the lesson it is for (with the children's
    names as `child_names` gives them, unless it is the pupil's own); or, with none in the
    next two weeks, that reminders start once the `awaiting` applications are confirmed, or
    that there is nothing to remind of."""
    if upcoming is None:
        return [t("rset-next-awaiting", count=awaiting) if awaiting else t("rset-next-none")]
    head, title, at = next_parts(t, upcoming, now, zone)
    return [head, lesson_line(t, upcoming, names, title, at)]


def next_parts(t: T, upcoming: Upcoming, now: datetime, zone: ZoneInfo
               ) -> tuple[str, str, str]:
    """The next reminder's first line («Следующее напоминание: сегодня в 19:00»), and its
    lesson's title (quoted) and time («вт, 1 декабря, 15:00–16:30»): what `upcoming_lines`
    says that names nobody."""
    lesson = upcoming.lesson
    when = dates.when_lesson(t, now, upcoming.at, upcoming.at, zone)
    title = html.quote(lesson.title(t.locale))
    at = dates.lesson_time(lesson.starts_at, lesson.ends_at, zone, t.locale)
    return t("rset-next", when=when), title, at


def lesson_line(t: T, upcoming: Upcoming, names: dict[int, str], title: str, at: str) -> str:
    """The lesson the next reminder is for, with the children's names (not the pupil's own)."""
    named = named_children(upcoming, names)
    if named:
        return t("rset-next-for", name=html.quote(named), title=title, time=at)
    return t("rset-next-lesson", title=title, time=at)


def named_children(upcoming: Upcoming, names: dict[int, str]) -> str:
    """The children the next reminder names («Мария, Пётр»; '' for the pupil's own)."""
    return ", ".join(names[child.id] for child in upcoming.children if not child.pupil)
