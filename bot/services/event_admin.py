"""Staff's use cases for an event: create or change it (from the chat's form or an import),
cancel it, read its screen and its list of people.

A change that moves the start, the end or the place tells everyone registered, once each, in
their language (outbox rows keyed `ev:{event}:moved:{user}:{n}`, n one per change); cancelling
ends the holds of seats offered from the waitlist, cancels and blanks every message about the
event not yet sent (their keys start `ev:{event}:`) and tells
everyone registered once (`ev:{event}:cancelled:{user}`). Each in one transaction with the
change. `moved` is where the event's reminders are planned again when its time changes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import aiosqlite
from aiogram import html

from bot.i18n import Texts
from bot.services import dates
from bot.services.enrolment_export import neutralise
from bot.services.event_booking import EventBooking
from bot.ui.callbacks_events import EventList, EventOpen
from storage import event_admin as rows
from storage import events
from storage.clock import utcnow
from storage.db import Database
from storage.event_admin import Counts, EventAdminRepo, Person, Recipient
from storage.event_door import DoorRepo, Feedback
from storage.event_seats import cancel_outbox
from storage.events import Event, EventDraft, EventRepo
from storage.outbox import enqueue

SaveOutcome = Literal["created", "updated", "gone", "cancelled", "ended"]
CODE_MAX = 32
COMMENTS = 3  # the latest comments on the event's screen
RECENT = timedelta(days=7)  # how long an event over stays on the staff's page of past events
PAST_PAGE = 8
TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"],
    strict=True))


@dataclass(frozen=True, slots=True)
class Saved:
    outcome: SaveOutcome
    event_id: int = 0
    told: int = 0  # people told of a move


@dataclass(frozen=True, slots=True)
class EventView:
    event: Event
    people: list[Person]
    counts: Counts
    stars: float | None  # the feedback's average, None without any
    rated: int  # how many left stars
    comments: list[Feedback]  # the latest comments, newest first


def code_from(title: str) -> str:
    """A poster link's code from the event's title: «Робототехника для всех» → robototehnika-
    dlya-vseh (Latin letters, digits and dashes, up to 32)."""
    letters = "".join(TRANSLIT.get(ch, ch) for ch in title.lower())
    code = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")[:CODE_MAX].strip("-")
    return code or "event"


def over(event: Event, now: datetime) -> bool:
    """The event has ended: it is neither cancelled nor moved any more."""
    return event.ends_at <= now


def moved(before: Event, draft: EventDraft) -> bool:
    return (before.starts_at, before.ends_at, before.place) != (
        draft.starts_at, draft.ends_at, draft.place)


class EventAdmin:
    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo,
                 booking: EventBooking) -> None:
        self.db = db
        self.booking = booking  # the families' side: reminders and the waitlist
        self.texts = texts
        self.zone = zone
        self.events = EventRepo(db)
        self.reads = EventAdminRepo(db)
        self.feedback = DoorRepo(db)  # the feedback's summary, as the door keeps it

    # ---- reads -----------------------------------------------------------------------------

    async def get(self, event_id: int) -> Event | None:
        return await self.events.get(event_id) if 0 < event_id < 2**63 else None

    async def view(self, event_id: int) -> EventView | None:
        event = await self.get(event_id)
        if event is None:
            return None
        stars, rated = await self.feedback.feedback_counts(event_id)
        comments = await self.feedback.comments(event_id, COMMENTS) if rated else []
        return EventView(event, await self.reads.people(event_id),
                         await self.reads.counts(event_id), stars, rated, comments)

    async def started(self, now: datetime, page: int = 0) -> tuple[list[Event], int, int]:
        """«🗂 Идущие и прошедшие»: the events under way and those ended in the last 7 days,
        the latest first, a page of them: (events, the page shown, pages)."""
        _, total = await self.events.started(now, now - RECENT, limit=1)
        pages = max(1, -(-total // PAST_PAGE))
        page = min(max(page, 0), pages - 1)
        found, _ = await self.events.started(now, now - RECENT, limit=PAST_PAGE,
                                             offset=page * PAST_PAGE)
        return found, page, pages

    async def people_csv(self, event_id: int, locale: str) -> bytes | None:
        """«⬇️ Список» for Excel in the staff member's language: UTF-8 with a BOM, `;`, one row
        per child, the ages on the event's own day, the parent who registered; every typed
        cell made text as the enrolments' export makes it (a phone «+7…» stays as written)."""
        event = await self.get(event_id)
        if event is None:
            return None
        t = self.texts.bind(locale)
        day = event.starts_at.astimezone(self.zone).date()
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(t("eva-csv-columns").split(";"))
        for person in await self.reads.people(event_id):
            checked = (person.checked_in_at.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")
                       if person.checked_in_at else "")
            writer.writerow((neutralise(person.name), dates.age_on(person.birth_date, day),
                             t("eva-status", status=person.status), person.companions,
                             neutralise(person.parent), neutralise(person.phone or ""),
                             checked))
        return ("\ufeff" + out.getvalue()).encode()

    # ---- writes ----------------------------------------------------------------------------

    async def create(self, draft: EventDraft, by: int) -> Saved:
        """A new event from the chat: its code made unique if another event has it."""
        async with self.db.transaction() as conn:
            code, n = draft.code, 1
            while await rows.event_id_by_code(conn, code) is not None:
                n += 1
                code = f"{draft.code[:CODE_MAX - len(str(n)) - 1]}-{n}"
            event_id, _ = await events.save(conn, replace(draft, code=code), by, utcnow())
        return Saved("created", event_id)

    async def update(self, event_id: int, draft: EventDraft, by: int) -> Saved:
        """The event changed from the chat (its code stays); the registered are told of a
        move."""
        async with self.db.transaction() as conn:
            before = await events.event_in(conn, event_id)
            if before is None:
                return Saved("gone")
            if before.status == "cancelled":
                return Saved("cancelled", event_id)
            if over(before, utcnow()) and (before.starts_at, before.ends_at) != (
                    draft.starts_at, draft.ends_at):
                return Saved("ended", event_id)  # what is over is not moved
            told = await self._save(conn, before, replace(draft, code=before.code), by)
        return Saved("updated", event_id, told)

    async def import_drafts(self, drafts: Sequence[EventDraft], by: int | None = None
                            ) -> tuple[int, int, int]:
        """The file's events, all in one transaction: added, updated, people told of moves."""
        added = updated = told = 0
        async with self.db.transaction() as conn:
            for draft in drafts:
                found = await fetch_code(conn, draft.code)
                if found is None:
                    await events.save(conn, draft, by, utcnow())
                    added += 1
                else:
                    told += await self._save(conn, found, draft, by)
                    updated += 1
        return added, updated, told

    async def _save(self, conn: aiosqlite.Connection, before: Event, draft: EventDraft,
                    by: int | None) -> int:
        now = utcnow()
        await events.save(conn, draft, by, now)
        more_seats = before.seats != 0 and (draft.seats == 0 or draft.seats > before.seats)
        if more_seats and before.status != "cancelled":
            await self.booking.offer_free_seats(conn, before.id, now)
        if not moved(before, draft) or before.status == "cancelled":
            return 0
        after = await events.event_in(conn, before.id)
        assert after is not None
        await self.moved(conn, after, now)
        told = 0
        change = int(now.timestamp() * 1000)
        for person in await rows.recipients(conn, before.id):
            told += await enqueue(
                conn, kind="notice", chat_id=person.user_id,
                payload=self.notice(after, person, "ev-moved-notice"),
                dedupe_key=f"ev:{before.id}:moved:{person.user_id}:{change}",
                family_id=person.family_id)
        return told

    async def moved(self, conn: aiosqlite.Connection, event: Event, now: datetime) -> None:
        """The event's time or place changed (inside that change's transaction): its
        reminders planned again for the new time."""
        await self.booking.event_moved(conn, event, now)

    async def cancel(self, event_id: int
                     ) -> tuple[Literal["cancelled", "already", "gone", "ended"], int]:
        """The event cancelled: its offered seats no longer held, every message about it not yet
        sent (or being sent) cancelled and blanked, everyone registered told once. An event
        already over is not cancelled ("ended")."""
        async with self.db.transaction() as conn:
            event = await events.event_in(conn, event_id) if 0 < event_id < 2**63 else None
            if event is None:
                return "gone", 0
            if over(event, utcnow()):
                return "ended", 0
            if not await rows.set_cancelled(conn, event_id, utcnow()):
                return "already", 0
            await rows.end_holds(conn, event_id)
            await cancel_outbox(conn, f"ev:{event_id}:")
            told = 0
            for person in await rows.recipients(conn, event_id):
                told += await enqueue(
                    conn, kind="notice", chat_id=person.user_id,
                    payload=self.notice(event, person, "ev-cancelled-notice"),
                    dedupe_key=f"ev:{event_id}:cancelled:{person.user_id}",
                    family_id=person.family_id)
        return "cancelled", told

    def notice(self, event: Event, person: Recipient, key: str) -> dict[str, Any]:
        t = self.texts.bind(person.language)
        text = t(key, title=html.quote(event.title(t.locale)),
                 when=html.quote(dates.event_time(event.starts_at, event.ends_at, self.zone,
                                                   t.locale)),
                 place=html.quote(event.place))
        button = ({"text": t("btn-ev-open"), "callback_data": EventOpen(event=event.id).pack()}
                  if key == "ev-moved-notice" else
                  {"text": t("btn-ev-list"), "callback_data": EventList().pack()})
        return {"text": text, "buttons": [[button]]}


async def fetch_code(conn: aiosqlite.Connection, code: str) -> Event | None:
    found = await rows.event_id_by_code(conn, code)
    return None if found is None else await events.event_in(conn, found)
