"""Families told of a closure, in the transaction that adds, changes or removes it.

The lessons closures act on are read before and after the write (`snapshot`); a lesson that
went off is told as cancelled with the closure's reason, one that came back as on again. Who
is told of a group's lesson is the lesson changes' audience (`recipients`: the parents of a
family with a confirmed child in the group, and that child's own account), and each person
gets one message per closure listing their children's lessons, in their language. Only
lessons still to come are told. The messages are outbox rows of kind "closure", topic
`closure:<id>` (so the closure's screen can report who was not reached), keyed
`closure:<id>:<stamp>:<person>`, and worth reading until the last lesson they list starts."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import aiosqlite
from aiogram import html

from bot.i18n import Texts, voice
from bot.services import dates
from bot.ui.callbacks import ScheduleWeek
from storage.closure_notices import Kid, kids_in, own_children, reasons_of
from storage.enrolments import Recipient
from storage.lesson_changes import recipients
from storage.lesson_rows import Lesson, lessons_by_ids
from storage.outbox import enqueue

SHOWN = 20  # lessons listed in one message; the rest are counted


@dataclass(slots=True)
class Told:
    """What one person is told of one closure: (child's name, lesson) cancelled and back."""

    off: list[tuple[str, Lesson]] = field(default_factory=list)
    back: list[tuple[str, Lesson]] = field(default_factory=list)


class ClosureNotices(Protocol):
    """Renders a closure notice in the recipient's language. Pure: called in transactions."""

    def closure_told(self, person: Recipient, reason: tuple[str, str], told: Told
                     ) -> dict[str, Any]: ...


class ClosureTexts:
    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def closure_told(self, person: Recipient, reason: tuple[str, str], told: Told
                     ) -> dict[str, Any]:
        locale = person.language

        def t(key: str, **kwargs: Any) -> str:
            return self.texts.get(locale, key, you=voice(person.family_role), **kwargs)

        def lines(items: list[tuple[str, Lesson]]) -> list[str]:
            shown = [t("closure-notice-line", child=html.quote(name),
                       quantum=html.quote(lesson.title(locale)),
                       group=html.quote(lesson.group_name),
                       when=html.quote(dates.lesson_time(lesson.starts_at, lesson.ends_at,
                                                         self.zone, locale)))
                     for name, lesson in items[:SHOWN]]
            if len(items) > SHOWN:
                shown.append(t("closure-notice-more", count=len(items) - SHOWN))
            return shown

        why = reason[1] if locale == "en" and reason[1] else reason[0]
        blocks = []
        if told.off:
            blocks.append("\n".join([t("closure-notice-off", reason=html.quote(why)),
                                     *lines(told.off)]))
        if told.back:
            blocks.append("\n".join([t("closure-notice-back"), *lines(told.back)]))
        button = {"text": t("btn-schedule"), "callback_data": ScheduleWeek(week=0).pack()}
        return {"text": "\n\n".join(blocks), "buttons": [[button]]}


def changes(before: dict[int, int | None], after: dict[int, int | None]
            ) -> dict[int, tuple[list[int], list[int]]]:
    """By closure: the lessons it put off, and those that are on again after it."""
    found: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for lesson_id in sorted(before.keys() | after.keys()):
        was, now = before.get(lesson_id), after.get(lesson_id)
        if now is not None and was is None:
            found[now][0].append(lesson_id)
        elif was is not None and now is None:
            found[was][1].append(lesson_id)
    return found


async def tell(conn: aiosqlite.Connection, notices: ClosureNotices,
               before: dict[int, int | None], after: dict[int, int | None], now: datetime,
               gone: dict[int, tuple[str, str]] | None = None) -> int:
    """Queue the messages the difference between `before` and `after` (snapshots of the same
    days) makes; `gone` has the reasons of closures removed meanwhile. How many were queued."""
    by_closure = changes(before, after)
    if not by_closure:
        return 0
    everything = [i for off, back in by_closure.values() for i in off + back]
    lessons = {lesson.id: lesson for lesson in await lessons_by_ids(conn, everything)}
    groups = {lesson.group_id for lesson in lessons.values()}
    kids: dict[int, list[Kid]] = defaultdict(list)
    for kid in await kids_in(conn, groups):
        kids[kid.group_id].append(kid)
    people = {g: await recipients(conn, g) for g in groups}
    accounts = {row["id"] for rows in people.values() for row in rows}
    own = await own_children(conn, accounts)
    reasons = {**(gone or {}), **await reasons_of(conn, by_closure.keys())}
    stamp = time.time_ns()
    queued = 0
    for closure_id, (off, back) in by_closure.items():
        told: dict[int, Told] = defaultdict(Told)
        about: dict[int, Any] = {}
        for which, ids in (("off", off), ("back", back)):
            for lesson in sorted((lessons[i] for i in ids if i in lessons),
                                 key=lambda lesson: lesson.starts_at):
                for person in people[lesson.group_id]:
                    mine = [k for k in kids[lesson.group_id]
                            if k.family_id == person["family_id"]
                            and (person["id"] not in own or own[person["id"]] == k.id)]
                    for kid in mine:
                        getattr(told[person["id"]], which).append((kid.name, lesson))
                    about[person["id"]] = person
        for person_id, what in told.items():
            person = about[person_id]
            recipient = Recipient(person_id, person["language"], person["family_role"])
            payload = notices.closure_told(recipient, reasons.get(closure_id, ("", "")), what)
            last = max(lesson.starts_at for _, lesson in what.off + what.back)
            queued += await enqueue(
                conn, kind="closure", chat_id=person_id, payload=payload,
                dedupe_key=f"closure:{closure_id}:{stamp}:{person_id}", expires_at=last,
                family_id=person["family_id"], topic=f"closure:{closure_id}",
            )
    return queued
