"""Class reminders: when each one is due, what it says, and the planner that keeps the outbox's
reminder rows in step with the schedule, the families and their settings.

The planner runs as an interval job. Each tick is one indexed read when nothing changed: the
horizon planned so far, the groups the triggers marked for planning again (storage.reminders)
and the lessons that have entered the horizon (the next 36 hours) since the last tick. Only
those lessons are planned, so a tick costs what is due in the horizon, never the whole
timetable.

A reminder is due at its lead time before the lesson (or at REMINDER_EVENING_AT the evening
before), moved to the end of the person's quiet hours when it falls inside them, and dropped
if that is not before the lesson. A lead time already over when a lesson is planned is not
sent (someone enrolled an hour before the lesson), except after downtime: for a lesson the
planner should have planned while the bot was down, the latest lead missed is sent at once,
one per person. Rows expire at the lesson's start: a reminder is never sent late. Its title
(«через 2 часа», «завтра в 15:00») is worded for the moment it is due, and worded again by the
sender as it leaves (bot.services.reminder_wording), so a late one says how far off the lesson
really is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.kinship import short_name
from bot.services.reminder_wording import TIMED, timed
from bot.ui.callbacks import Absence
from bot.ui.callbacks_schedule import ScheduleOpen
from storage.clock import utcnow
from storage.db import Database
from storage.lesson_rows import Lesson, lessons_by_ids
from storage.reminder_plans import Existing, Person, PlanRepo, Wanted
from storage.reminders import Quiet, RemindedChild

log = logging.getLogger(__name__)

HORIZON = timedelta(hours=36)
OFFSETS = {
    "3h": timedelta(hours=3), "2h": timedelta(hours=2), "1h": timedelta(hours=1),
    "30m": timedelta(minutes=30),
}
# a big tick (every family's reminders entering the horizon at once) is planned a few lessons
# a transaction, as many as make about ROWS reminders, so that it holds the writer for a short
# while at a time; groups marked for planning again go CHUNK a transaction
CHUNK = 8
ROWS = 300


# a reminder's shared parts: title, names line, the rest, two button labels, `timed`
Parts = tuple[str, str, str, str, str, dict[str, Any]]


@lru_cache(maxsize=4096)
def lead_time(lead: str, start: datetime, zone: ZoneInfo, evening_at: time) -> datetime:
    """When a lead time before a lesson falls, before quiet hours are counted."""
    if lead == "evening":
        day = start.astimezone(zone).date() - timedelta(days=1)
        return datetime.combine(day, evening_at, tzinfo=zone).astimezone(UTC)
    return start - OFFSETS[lead]


def after_quiet(moment: datetime, quiet: Quiet, zone: ZoneInfo) -> datetime:
    """The moment itself, or the end of the quiet hours it falls inside (local wall clock;
    hours that wrap midnight, 22:00–08:00, end on the next morning when begun in the
    evening)."""
    if not quiet.on or quiet.start == quiet.end:
        return moment
    local = moment.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        inside, next_day = quiet.start <= clock < quiet.end, False
    else:
        inside, next_day = clock >= quiet.start or clock < quiet.end, clock >= quiet.start
    if not inside:
        return moment
    day = local.date() + timedelta(days=1 if next_day else 0)
    return datetime.combine(day, quiet.end, tzinfo=zone).astimezone(UTC)


@lru_cache(maxsize=4096)
def due_at(lead: str, start: datetime, quiet: Quiet, zone: ZoneInfo, evening_at: time
           ) -> datetime | None:
    """When the reminder goes out, or None when quiet hours push it to the lesson or past."""
    moment = after_quiet(lead_time(lead, start, zone, evening_at), quiet, zone)
    return moment if moment < start else None


@dataclass(frozen=True, slots=True)
class Due:
    """One reminder a person should get: the lead it stands for, when, for which children."""

    lead: str
    at: datetime
    children: tuple[RemindedChild, ...]


def dues(person: Person, lesson: Lesson, zone: ZoneInfo, evening_at: time) -> list[Due]:
    """The reminders a person should get for a lesson, soonest first; leads that land on the
    same moment (quiet hours) are one reminder, named by the lead nearest the lesson."""
    by_time: dict[datetime, tuple[str, list[RemindedChild]]] = {}
    for child in person.children:
        for lead in person.prefs.for_child(child.id, child.pupil):
            at = due_at(lead, lesson.starts_at, person.prefs.quiet, zone, evening_at)
            if at is None:
                continue
            named, kids = by_time.setdefault(at, (lead, []))
            if child not in kids:
                kids.append(child)
            if lead_time(lead, lesson.starts_at, zone, evening_at) > lead_time(
                    named, lesson.starts_at, zone, evening_at):
                by_time[at] = (lead, kids)
    return [Due(lead, at, tuple(kids)) for at, (lead, kids) in sorted(by_time.items())]


def reminder_key(lesson: Lesson, user_id: int, lead: str) -> str:
    return f"remind:{lesson.id}:{user_id}:{lead}:{lesson.starts_at:%Y%m%d%H%M}"


class ReminderTexts:
    """Renders a reminder in the recipient's language. Pure: called inside transactions.
    What all readers of a lesson share (per language, voice and moment) is rendered once
    per planning pass (`clear()`): a pass may write a reminder for every family."""

    NAME = "\x00name\x00"

    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone
        self._parts: dict[tuple[Any, ...], Parts] = {}

    def clear(self) -> None:
        self._parts.clear()

    def t(self, person: Person) -> T:
        return self.texts.bind(person.language, you=voice(person.family_role))

    def _shared(self, lesson: Lesson, person: Person, at: datetime) -> Parts:
        """The title, the names line (a template), the lines after it, the button labels,
        and what the sender words the title from again, for one lesson, language, voice
        and moment."""
        key = (lesson.id, lesson.version, lesson.starts_at, person.language,
               voice(person.family_role), at)
        parts = self._parts.get(key)
        if parts is not None:
            return parts
        t = self.t(person)
        when = dates.when_lesson(t, at, lesson.starts_at, lesson.ends_at, self.zone)
        lines = [
            t("reminder-what", title=html.quote(lesson.title(t.locale)),
              group=html.quote(lesson.group_title(t.locale))),
            t("reminder-time", time=dates.lesson_time(
                lesson.starts_at, lesson.ends_at, self.zone, t.locale)),
        ]
        if lesson.room:
            lines.append(t("reminder-room", room=html.quote(lesson.place(t.locale))))
        if lesson.teacher:
            lines.append(t("reminder-teacher", teacher=html.quote(lesson.teacher)))
        if lesson.note:
            lines.append(t("reminder-note", note=html.quote(lesson.bring(t.locale))))
        title = t("reminder-title", when=when)
        parts = (title, t("reminder-who", names=self.NAME),
                 "\n".join(lines), t("btn-reminder-schedule"),
                 t("btn-absent") + "\n" + t("btn-absent-child", name=self.NAME),
                 timed("lesson", at, lesson.starts_at, lesson.ends_at, self.zone, t.locale,
                       voice(person.family_role), "reminder-title", title))
        self._parts[key] = parts
        return parts

    def render(self, lesson: Lesson, person: Person, due: Due) -> dict[str, Any]:
        title, who, rest, schedule, absent, when = self._shared(lesson, person, due.at)
        lines = [title]
        if not all(child.pupil for child in due.children):
            lines.append(who.replace(self.NAME, html.quote(
                ", ".join(child.name for child in due.children))))
        lines.append(rest)
        buttons: list[list[dict[str, str]]] = [[{
            "text": schedule, "callback_data": ScheduleOpen().pack(),
        }]]
        one, each = absent.split("\n", 1)
        # a button names the child as the family calls them (the whole name where two share it)
        firsts = [short_name(child.name).casefold() for child in due.children]
        for child, first in zip(due.children, firsts, strict=True):
            name = child.name if firsts.count(first) > 1 else short_name(child.name)
            label = one if len(due.children) == 1 else each.replace(self.NAME, name)
            buttons.append([{"text": label, "callback_data": Absence(
                lesson=lesson.id, child=child.id).pack()}])
        # the title («Занятие через 2 часа») is worded again when it leaves
        return {"text": "\n".join(lines), "buttons": buttons, TIMED: when}


@dataclass
class Tick:
    """What one planner tick did."""

    lessons: int = 0
    rows: int = 0  # reminders wanted
    added: int = 0
    updated: int = 0
    cancelled: int = 0

    @property
    def idle(self) -> bool:
        return self.lessons == 0


class ReminderPlanner:
    def __init__(
        self, db: Database, repo: PlanRepo, texts: ReminderTexts, *, zone: ZoneInfo,
        evening_at: time, horizon: timedelta = HORIZON,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.repo = repo
        self.texts = texts
        self.zone = zone
        self.evening_at = evening_at
        self.horizon = horizon
        self.clock = clock

    async def start(self) -> Tick:
        """At start, before the sender: what the downtime missed (`catch_up`), then the
        lessons that entered the horizon meanwhile, their latest missed lead sent now. The
        very first start had no downtime: what was over before it is not sent."""
        report = await self.catch_up()
        ran_before = await self.repo.planned_until() is not None
        self._add(report, await self.tick(after_downtime=ran_before))
        return report

    async def tick(self, *, after_downtime: bool = False) -> Tick:
        """Plan the lessons that entered the horizon and plan again the groups marked. A lead
        already over is not sent (someone enrolled late), unless `after_downtime`: the
        lessons entering now should have been planned while the bot was down."""
        now = self.clock()
        until = now + self.horizon
        _, groups, entering = await self.repo.work(until)
        report = Tick()
        size, done = 2, 0
        while done < len(entering):
            chunk = entering[done:done + size]
            done += len(chunk)
            async with self.db.transaction() as conn:
                part = await self._plan(conn, chunk, now, catch_up=after_downtime)
                await self.repo.planned(conn, until if done == len(entering) else now, [])
            self._add(report, part)
            size = max(1, min(64, ROWS * len(chunk) // max(part.rows, 1)))
        for start in range(0, len(groups), CHUNK):
            chunk = groups[start:start + CHUNK]
            async with self.db.transaction() as conn:
                lessons = await self.repo.lessons_of_groups(conn, chunk, now, until)
                if lessons:
                    self._add(report, await self._plan(conn, lessons, now, catch_up=False))
                await self.repo.planned(conn, now, chunk)
        if not report.idle:
            log.debug("Reminders planned for %d lessons: +%d ~%d -%d", report.lessons,
                      report.added, report.updated, report.cancelled)
        return report

    async def catch_up(self) -> Tick:
        """The reminders whose time came while the bot was down go out now (their lesson has
        not started), the latest lead only, once per person and lesson, after quiet hours;
        those whose lesson started are left to expire."""
        now = self.clock()
        report = Tick()
        lessons = sorted({row["lesson_id"] for row in await self.repo.overdue(now)})
        for start in range(0, len(lessons), CHUNK):
            async with self.db.transaction() as conn:
                self._add(report, await self._plan(
                    conn, lessons[start:start + CHUNK], now, catch_up=True))
        return report

    @staticmethod
    def _add(report: Tick, other: Tick) -> None:
        report.lessons += other.lessons
        report.rows += other.rows
        report.added += other.added
        report.updated += other.updated
        report.cancelled += other.cancelled

    async def _plan(self, conn: Any, lesson_ids: Sequence[int], now: datetime, *,
                    catch_up: bool) -> Tick:
        lessons = await lessons_by_ids(conn, lesson_ids)
        self.texts.clear()
        audience = await self.repo.audience(conn, lesson_ids)
        existing = await self.repo.existing(conn, lesson_ids)
        wanted: list[Wanted] = []
        for lesson in lessons:
            if lesson.off or lesson.starts_at <= now:
                continue
            for person in audience.get(lesson.id, {}).values():
                wanted.extend(self._wanted(lesson, person, now, existing, catch_up))
        applied = await self.repo.apply(conn, wanted, existing, now, add_overdue=catch_up)
        return Tick(len(lessons), len(wanted), applied.added, applied.updated,
                    applied.cancelled)

    def _wanted(self, lesson: Lesson, person: Person, now: datetime,
                existing: dict[str, Existing], catch_up: bool) -> list[Wanted]:
        plans = dues(person, lesson, self.zone, self.evening_at)
        if catch_up:
            # of the leads whose time is over and not yet sent, only the latest goes, now
            # (after quiet hours), and only while before the lesson
            sent = {key for key, row in existing.items() if row.status in ("sent", "sending")}
            over = [p for p in plans if p.at <= now
                    and reminder_key(lesson, person.user_id, p.lead) not in sent]
            ahead = [p for p in plans if p.at > now or
                     reminder_key(lesson, person.user_id, p.lead) in sent]
            if over:
                queued = [p for p in over if (row := existing.get(
                    reminder_key(lesson, person.user_id, p.lead))) and row.status == "pending"]
                latest = (queued or over)[-1]
                at = after_quiet(now, person.prefs.quiet, self.zone)
                if at < lesson.starts_at and not any(
                        p.at > now and p.at <= at for p in ahead):
                    ahead.append(Due(latest.lead, at, latest.children))
            plans = ahead
        result = []
        for plan in plans:
            result.append(Wanted(
                key=reminder_key(lesson, person.user_id, plan.lead), lesson_id=lesson.id,
                chat_id=person.user_id, family_id=person.family_id, due_at=plan.at,
                expires_at=lesson.starts_at,
                payload=self.texts.render(lesson, person, plan),
            ))
        return result
