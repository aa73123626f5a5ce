"""Families told of a closure, in the transaction that adds, changes or removes it.

The lessons closures act on are read before and after the write (`snapshot`); a lesson that
went off is told as cancelled with the closure's reason, one that came back as on again. Who
is told of a group's lesson is the lesson changes' audience (`recipients`: the parents of a
family with a confirmed child in the group, and that child's own account), and each person
gets one message per closure listing their children's lessons, in their language. Only
lessons still to come are told. The messages are outbox rows of kind "closure", topic
`closure:<id>` (so the closure's screen can report who was not reached), keyed
`closure:<id>:<stamp>:<person>`, and worth reading until the last lesson they list starts.
A closure whose reason changes tells the people told of its lessons the new reason, each
only if the reason they read (in their language) is another.

As a lesson's change notices, closure notices are superseded, not stacked: each names the
lessons it tells as off and as on again (and the groups of its change, for the report), so
a write withdraws the queued notices about the lessons it changes and tells each person only
what differs from what they were last told. A closure removed before its notices went out
sends nothing, and «on again» goes only to someone told of the cancellation."""

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
from bot.ui.callbacks_schedule import ScheduleOpen
from storage.closure_notices import (
    Kid,
    Notice,
    kids_in,
    notices_about,
    own_children,
    reasons_of,
    recipients_in,
    states_of,
    withdraw,
)
from storage.enrolments import Recipient
from storage.lesson_rows import Lesson, lessons_by_ids
from storage.outbox import enqueue

SHOWN = 20  # lessons listed in one message; the rest are counted


@dataclass(slots=True)
class Told:
    """What one person is told of one closure: (child's name, lesson) cancelled, still
    cancelled but for the closure's new reason, and back."""

    off: list[tuple[str, Lesson]] = field(default_factory=list)
    back: list[tuple[str, Lesson]] = field(default_factory=list)
    kept: list[tuple[str, Lesson]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.off or self.back or self.kept)

    def lessons(self) -> list[Lesson]:
        return [lesson for _, lesson in self.off + self.kept + self.back]


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
                       group=html.quote(lesson.group_title(locale)),
                       when=html.quote(dates.lesson_time(lesson.starts_at, lesson.ends_at,
                                                         self.zone, locale)))
                     for name, lesson in items[:SHOWN]]
            if len(items) > SHOWN:
                shown.append(t("closure-notice-more", count=len(items) - SHOWN))
            return shown

        why = read_as(locale, reason)
        blocks = []
        if told.off:
            blocks.append("\n".join([t("closure-notice-off", reason=html.quote(why),
                                       count=lessons_in(told.off)), *lines(told.off)]))
        if told.kept:
            blocks.append("\n".join([t("closure-notice-reason", reason=html.quote(why),
                                       count=lessons_in(told.kept)), *lines(told.kept)]))
        if told.back:
            # removed or narrowed: the same words for both, so never «called off» when cut
            count = lessons_in(told.back)
            back = (t("closure-notice-back-because", reason=html.quote(why), count=count)
                    if why else t("closure-notice-back", count=count))
            blocks.append("\n".join([back, *lines(told.back)]))
        button = {"text": t("btn-schedule"), "callback_data": ScheduleOpen().pack()}
        return {"text": "\n\n".join(blocks), "buttons": [[button]]}


def read_as(locale: str, reason: tuple[str, str]) -> str:
    """A closure's reason (Russian, English) as someone reading in `locale` reads it."""
    return reason[1] if locale == "en" and reason[1] else reason[0]


def lessons_in(items: list[tuple[str, Lesson]]) -> int:
    """How many lessons a block lists (two children in one lesson: one lesson)."""
    return len({lesson.id for _, lesson in items})


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


def last_words(notices: list[Notice]) -> dict[tuple[int, int], bool]:
    """What each person was last told of each lesson (by person and lesson: off or not), from
    their closure notices sent or being sent, oldest first."""
    words: dict[tuple[int, int], bool] = {}
    for notice in notices:
        for lesson_id in notice.off:
            words[notice.chat_id, lesson_id] = True
        for lesson_id in notice.back:
            words[notice.chat_id, lesson_id] = False
    return words


async def audience_of(conn: aiosqlite.Connection, groups: set[int]
                      ) -> dict[int, list[tuple[Any, list[Kid]]]]:
    """By group: each person told of its lessons, with the children they hear of (a child's
    own account: only that child)."""
    people = await recipients_in(conn, groups)
    own = await own_children(conn, {row["id"] for rows in people.values() for row in rows})
    family_kids: dict[tuple[int, int], list[Kid]] = defaultdict(list)  # by group and family
    for kid in await kids_in(conn, groups):
        family_kids[kid.group_id, kid.family_id].append(kid)
    return {
        group_id: [(person, [k for k in family_kids[group_id, person["family_id"]]
                             if person["id"] not in own or own[person["id"]] == k.id])
                   for person in rows]
        for group_id, rows in people.items()
    }


async def tell(conn: aiosqlite.Connection, notices: ClosureNotices,
               before: dict[int, int | None], after: dict[int, int | None], now: datetime,
               gone: dict[int, tuple[str, str]] | None = None,
               reworded: dict[int, tuple[str, str]] | None = None) -> int:
    """Queue the messages the difference between `before` and `after` (snapshots of the same
    days) makes; `gone` has the reasons of closures removed meanwhile, `reworded` the
    reasons closures had before the write (whose lessons still off are told the new reason
    where it reads differently). How many were queued.

    The queued notices that speak of a lesson that changed are withdrawn, and each person is
    told of a lesson only what differs from what they were last told (nothing told: it is
    on): a lesson put off and given back before the notices went out sends nothing, and
    only someone told of a cancellation hears that the lesson is on again."""
    changed: dict[int, int] = {}  # lesson: the closure that put it off or gave it back
    for closure_id, (off, back) in changes(before, after).items():
        changed.update(dict.fromkeys(off + back, closure_id))
    # lessons that stay off because of a closure whose reason may have changed
    new_reasons = await reasons_of(conn, (reworded or {}).keys())
    restated = {closure_id for closure_id, old in (reworded or {}).items()
                if closure_id in new_reasons and new_reasons[closure_id] != old}
    kept = {lesson_id: closure_id for lesson_id, closure_id in after.items()
            if closure_id in restated and lesson_id not in changed
            and before.get(lesson_id) == closure_id}
    changed.update(kept)
    if not changed:
        return 0
    withdrawn = await notices_about(conn, changed.keys(), ("pending",))
    await withdraw(conn, [notice.id for notice in withdrawn])
    # who was about to hear that a lesson is off (a lesson kept off is told again only to them)
    pending_off = {(notice.chat_id, lesson_id) for notice in withdrawn
                   for lesson_id in notice.off}
    # the other lessons a withdrawn notice spoke of are told again to its reader
    again: dict[int, dict[int, int]] = defaultdict(dict)
    for notice in withdrawn:
        for lesson_id in notice.off + notice.back:
            if lesson_id not in changed:
                again[notice.chat_id][lesson_id] = notice.closure_id
    wanted = changed.keys() | {i for ids in again.values() for i in ids}
    state = await states_of(conn, wanted, now)
    lessons = sorted(await lessons_by_ids(conn, list(state)), key=lambda x: x.starts_at)
    words = last_words(await notices_about(conn, state.keys(), ("sent", "sending")))
    audience = await audience_of(conn, {lesson.group_id for lesson in lessons})
    batch: dict[int, set[int]] = defaultdict(set)  # by closure: the groups its change touched
    for lesson in lessons:
        if lesson.id in changed:
            batch[changed[lesson.id]].add(lesson.group_id)
    told: dict[tuple[int, int], Told] = defaultdict(Told)  # by person and closure
    about: dict[int, Any] = {}
    for lesson in lessons:
        now_off = state[lesson.id]
        for person, mine in audience[lesson.group_id]:
            which = changed.get(lesson.id, again[person["id"]].get(lesson.id))
            was_off = words.get((person["id"], lesson.id), False)
            if which is None or (lesson.id in kept and not was_off
                                 and (person["id"], lesson.id) not in pending_off):
                continue
            if was_off == (now_off is not None):
                # told it is off already: told again only of a reason that reads otherwise
                if not (was_off and lesson.id in kept and read_as(
                        person["language"], (reworded or {})[which])
                        != read_as(person["language"], new_reasons[which])):
                    continue
                listed = told[person["id"], which].kept
            else:
                what = told[person["id"], now_off or which]
                listed = what.off if now_off else what.back
            listed.extend((kid.name, lesson) for kid in mine)
            about[person["id"]] = person
    reasons = {**(gone or {}), **await reasons_of(conn, {c for _, c in told})}
    stamp = time.time_ns()
    queued = 0
    for (person_id, closure_id), what in told.items():
        if not what:
            continue
        person = about[person_id]
        recipient = Recipient(person_id, person["language"], person["family_role"])
        payload = notices.closure_told(recipient, reasons.get(closure_id, ("", "")), what)
        mentioned = what.lessons()
        payload["closure"] = {
            "off": sorted({lesson.id for _, lesson in what.off + what.kept}),
            "back": sorted({lesson.id for _, lesson in what.back}),
            "groups": sorted(batch[closure_id] | {lesson.group_id for lesson in mentioned}),
        }
        queued += await enqueue(
            conn, kind="closure", chat_id=person_id, payload=payload,
            dedupe_key=f"closure:{closure_id}:{stamp}:{person_id}",
            expires_at=max(lesson.starts_at for lesson in mentioned),
            family_id=person["family_id"], topic=f"closure:{closure_id}",
        )
    return queued
