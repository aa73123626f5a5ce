"""Events at the door and after, the use cases: a ticket sent again («🎟 Мой билет»), a
ticket's QR link or typed code opened (staff: the check-in; the family: their ticket; anyone
else: «билет не найден», naming nobody), the check-in itself, and after the event «Как вам?»
(stars, then an optional comment) and the open day's programmes for the children who came.

The after-event tick: an open event that has ended (within ASK_WITHIN) is looked at once
(`events.feedback_asked_at`): each checked-in registration's person is asked «Как вам?»
(`ev:{e}:feedback:{reg}`), and after an open day each of them gets one message with the
programmes open for their children's ages (`ev:{e}:followup:{user}`); both wait for the
person's quiet hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import aiosqlite

from bot.services import dates
from bot.services.event_door_texts import DoorTexts, fitting
from bot.services.event_tickets import CODE_ALPHABET, CODE_LENGTH, normal_code, ticket_key
from bot.services.reminders import after_quiet
from storage import event_door as rows
from storage import families
from storage.clock import age_on, utcnow
from storage.db import Database
from storage.event_door import Guest, Registration
from storage.event_seats import outbox_count
from storage.events import Event, event_in
from storage.outbox import enqueue
from storage.programmes import ProgrammeRepo
from storage.users import User

ASK_WITHIN = timedelta(days=2)  # an event over for longer is not asked about any more
ASK_EXPIRY = timedelta(days=3)  # «Как вам?» not sent by then is not sent
RESEND_EVERY = timedelta(minutes=1)  # «🎟 Мой билет» pressed again sooner sends nothing
COMMENT_LIMIT = 1000
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{8,64}")
ID_MAX = 2**63 - 1

DoorOutcome = Literal["check-in", "ticket", "not-found"]
# «✅ Отметить приход»: marked now, marked before, the event cancelled (nothing to mark), or
# refused
CheckOutcome = Literal["done", "already", "cancelled", "not-staff", "not-found"]
# «🎟 Мой билет»: sent; or not, and why: no such ticket of this person's, the event cancelled
# or over, no child with a seat (waiting: the ticket comes with the seat), sent a moment ago
TicketOutcome = Literal["sent", "not-found", "cancelled", "over", "waiting", "recent"]


@dataclass(frozen=True, slots=True)
class Door:
    """What a ticket's link or code opens for this person."""

    outcome: DoorOutcome
    registration: Registration | None = None
    event: Event | None = None
    others: int = 0  # other events with the same typed code


@dataclass(frozen=True, slots=True)
class CheckedIn:
    outcome: CheckOutcome
    registration: Registration | None = None
    event: Event | None = None


class EventDoor:
    def __init__(self, db: Database, texts: DoorTexts) -> None:
        self.db = db
        self.texts = texts
        self.programmes = ProgrammeRepo(db)

    # ---- the ticket --------------------------------------------------------------------

    @staticmethod
    async def _owns(conn: aiosqlite.Connection, user: User, registration: Registration
                    ) -> bool:
        """The booking side's rule: the person who registered, or a parent of the same family
        (never two people without a family)."""
        if registration.user_id == user.id:
            return True
        if registration.family_id is None:
            return False
        member = await families.membership(conn, user.id)
        return member == (registration.family_id, "parent")

    async def ticket_again(self, user: User, registration_id: int, now: datetime
                           ) -> TicketOutcome:
        """«🎟 Мой билет»: the ticket queued again (the next of its numbers), at most once a
        minute, while the event is still to come and a child of the registration has a
        seat."""
        if not 0 < registration_id <= ID_MAX:
            return "not-found"
        async with self.db.transaction() as conn:
            registration = await rows.by_id(conn, registration_id)
            if registration is None or not await self._owns(conn, user, registration):
                return "not-found"
            event = await event_in(conn, registration.event_id)
            if event is None:
                return "not-found"
            if event.status == "cancelled":
                return "cancelled"
            if now >= event.ends_at:
                return "over"
            if not any(seat.status == "seat" for seat in registration.seats):
                return "waiting"
            prefix = f"ev:{event.id}:ticket:{registration.id}:"
            last = await rows.last_queued(conn, prefix)
            if last is not None and now - last < RESEND_EVERY:
                return "recent"
            n = await outbox_count(conn, prefix) + 1
            t = self.texts.bind(user.language, user.family_role)
            await enqueue(conn, kind="ticket", chat_id=user.id,
                          payload=self.texts.ticket(t, event, registration),
                          dedupe_key=ticket_key(event.id, registration.id, n),
                          expires_at=event.ends_at, family_id=registration.family_id)
        return "sent"

    async def open_link(self, user: User, token: str) -> Door:
        """`?start=in_<token>`: staff get the check-in, the family their ticket."""
        if not TOKEN_SHAPE.fullmatch(token):
            return Door("not-found")
        registration = await rows.by_token(self.db.reader, token)
        return await self._door(user, registration)

    async def open_code(self, user: User, typed: str, now: datetime) -> Door:
        """/checkin CODE (staff): the registration with this code at the event whose start is
        nearest to now."""
        code = normal_code(typed)[:CODE_LENGTH + 1]
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            return Door("not-found")
        found = await rows.by_code(self.db.reader, code)
        events = [(r, await event_in(self.db.reader, r.event_id)) for r in found]
        known = [(r, e) for r, e in events if e is not None]
        if not known:
            return Door("not-found")
        registration, event = min(
            known, key=lambda pair: abs((pair[1].starts_at - now).total_seconds()))
        door = await self._door(user, registration, event)
        return Door(door.outcome, door.registration, door.event, len(known) - 1)

    async def _door(self, user: User, registration: Registration | None,
                    event: Event | None = None) -> Door:
        if registration is None:
            return Door("not-found")
        event = event or await event_in(self.db.reader, registration.event_id)
        if event is None:
            return Door("not-found")
        if user.is_staff:
            return Door("check-in", registration, event)
        if await self._owns(self.db.reader, user, registration):
            return Door("ticket", registration, event)
        return Door("not-found")

    # ---- the check-in ------------------------------------------------------------------

    async def check_in(self, user: User, registration_id: int, now: datetime) -> CheckedIn:
        """«✅ Отметить приход»: one write; a second press finds it done; a cancelled event's
        ticket is not marked. Marked after the guests were asked «Как вам?», the family is
        asked too (once, by the same key)."""
        if not user.is_staff:
            return CheckedIn("not-staff")
        if not 0 < registration_id <= ID_MAX:
            return CheckedIn("not-found")
        async with self.db.transaction() as conn:
            registration = await rows.by_id(conn, registration_id)
            event = await event_in(conn, registration.event_id) if registration else None
            if registration is None or event is None:
                return CheckedIn("not-found")
            if event.status == "cancelled":
                return CheckedIn("cancelled", registration, event)
            done = await rows.check_in(conn, registration_id, user.id, now)
            registration = await rows.by_id(conn, registration_id) or registration
            asked = await rows.asked_at(conn, event.id)
            if done and asked is not None and now - event.ends_at < ASK_WITHIN:
                for guest in await rows.guests(conn, event.id):
                    if guest.registration_id == registration_id:
                        await self._ask(conn, event, guest, now)
        return CheckedIn("done" if done else "already", registration, event)

    # ---- after the event ---------------------------------------------------------------

    async def _ask(self, conn: aiosqlite.Connection, event: Event, guest: Guest,
                   now: datetime) -> tuple[int, datetime | None, datetime]:
        """«Как вам?» queued for one guest, after their quiet hours: (queued, due, expiry
        base)."""
        t = self.texts.bind(guest.language, guest.family_role)
        due = after_quiet(now, guest.quiet, self.texts.zone)
        later = due if due > now else None
        queued = await enqueue(
            conn, kind="feedback", chat_id=guest.user_id,
            payload=self.texts.ask(t, event, guest.registration_id),
            dedupe_key=f"ev:{event.id}:feedback:{guest.registration_id}",
            due_at=later, expires_at=due + ASK_EXPIRY, family_id=guest.family_id)
        return queued, later, due

    async def tick(self, now: datetime | None = None) -> int:
        """Ended events' guests asked «Как вам?» (and an open day's sent its follow-up), once;
        the number of messages queued."""
        now = now or utcnow()
        if not await rows.to_ask(self.db.reader, now, now - ASK_WITHIN):
            return 0
        programmes = await self.programmes.all()
        today = dates.today(self.texts.zone)
        queued = 0
        async with self.db.transaction() as conn:
            for event in await rows.to_ask(conn, now, now - ASK_WITHIN):
                for guest in await rows.guests(conn, event.id):
                    asked, later, due = await self._ask(conn, event, guest, now)
                    queued += asked
                    open_now = fitting(programmes, [age_on(b, today) for b in guest.born],
                                       today)
                    if event.kind == "open_day" and open_now:
                        t = self.texts.bind(guest.language, guest.family_role)
                        queued += await enqueue(
                            conn, kind="followup", chat_id=guest.user_id,
                            payload=self.texts.followup(t, event, open_now),
                            dedupe_key=f"ev:{event.id}:followup:{guest.user_id}",
                            due_at=later, expires_at=due + ASK_EXPIRY,
                            family_id=guest.family_id)
                await rows.mark_asked(conn, event.id, now, followup=event.kind == "open_day")
        return queued

    async def rate(self, user: User, registration_id: int, stars: int, now: datetime
                   ) -> Event | None:
        """The stars (changeable); the event, or None when this is not the person's own
        checked-in registration or the stars are not 1–5."""
        if not 1 <= stars <= 5 or not 0 < registration_id <= ID_MAX:
            return None
        async with self.db.transaction() as conn:
            registration = await rows.by_id(conn, registration_id)
            if (registration is None or registration.user_id != user.id
                    or registration.checked_in_at is None):
                return None
            await rows.rate(conn, registration.id, registration.event_id, stars, now)
            return await event_in(conn, registration.event_id)

    async def comment(self, user: User, registration_id: int, text: str
                      ) -> Literal["ok", "too-long", "empty", "not-found"]:
        text = text.strip()
        if not text:
            return "empty"
        if len(text) > COMMENT_LIMIT:
            return "too-long"
        async with self.db.transaction() as conn:
            registration = await rows.by_id(conn, registration_id)
            if registration is None or registration.user_id != user.id:
                return "not-found"
            return "ok" if await rows.comment(conn, registration.id, text) else "not-found"
