"""A family's registration for an event, as use cases: register children (a seat each, or the
waitlist), «🙅 Не придём» (a seat freed at once goes to the first in line), «✅ Приду» to a seat
held from the waitlist, holds that lapse, a parent's consent to a young pupil's registration,
and the reminders planned with the person's quiet hours. Each runs in one transaction
(`BEGIN IMMEDIATE`), which counts the seats and writes the ticket and the messages it causes.

A seat from the waitlist is held for `HOLD` but always ends `HOLD_MARGIN` before the start;
when less than `DIRECT` remains, there is no time to ask: the next in line gets the seat and
its ticket at once."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time
from zoneinfo import ZoneInfo

import aiosqlite

from bot.i18n import Texts
from bot.services.event_booking_rules import (
    CODE_TRIES,
    LEADS,
    Booked,
    Changed,
    ChildIn,
    Request,
    closed,
    fits,
    hold_until,
    same_child,
)
from bot.services.event_booking_texts import BookingTexts
from bot.services.event_tickets import new_code, new_token, ticket_key, ticket_payload
from bot.services.event_views import EventViews
from bot.services.reminders import after_quiet, lead_time
from storage import event_seats as rows
from storage import families
from storage.clock import utcnow
from storage.db import Database
from storage.event_seats import Registration, Seat
from storage.events import Event, event_in
from storage.outbox import enqueue


class EventBooking:
    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo, evening_at: time) -> None:
        self.db = db
        self.zone = zone
        self.evening_at = evening_at
        self.notes = BookingTexts(texts, zone)
        self.views = EventViews(db)  # what the family's screens read

    # ---- registering -------------------------------------------------------------------

    async def register(self, request: Request, now: datetime | None = None) -> Booked:
        now, zone = now or utcnow(), self.zone
        async with self.db.transaction() as conn:
            event = await event_in(conn, request.event_id)
            if event is None:
                return Booked("gone")
            if closed(event, now):
                return Booked("closed")
            misfits = [c.name for c in request.children if not fits(event, c.birth_date, zone)]
            if misfits:
                return Booked("age", names=tuple(misfits))
            if not 0 <= request.companions <= event.companions:
                return Booked("companions")
            there = await rows.seats_born(conn, event.id, [c.birth_date for c in
                                                           request.children])
            twice = [c for c in request.children if any(same_child(s, c) for s in there)]
            children = [c for c in request.children if c not in twice]
            if not children:
                return Booked("already", names=tuple(c.name for c in twice))
            free = None if event.seats == 0 else max(event.seats - event.taken, 0)
            if request.consent:
                now_count = 0
            elif free is None or free >= len(children):
                now_count = len(children)
            elif request.mode == "ask" and free > 0:
                return Booked("choose", free=free)
            else:
                now_count = free if request.mode == "split" else 0
            reg = await self._registration(conn, event, request, now)
            for n, child in enumerate(children):
                status = ("consent" if request.consent
                          else "seat" if n < now_count else "waitlist")
                await rows.add_seat(conn, registration_id=reg.id, event_id=event.id,
                                    child_id=child.child_id, name=child.name,
                                    birth_date=child.birth_date, status=status, now=now)
            seats = await rows.seats_of(conn, reg.id)
            asked = 0
            if request.consent:
                asked = await self._ask_parents(conn, event, reg, children)
            elif now_count:
                await self._ticket(conn, event, reg, seats)
                await self._plan(conn, event, reg, seats, now)
            waiting = [s for s in seats if s.status == "waitlist"]
            place = await rows.position(conn, waiting[0]) if waiting else 0
            named = tuple(c.name for c in children)
            return Booked(
                "booked", registration_id=reg.id, position=place, parents_asked=asked,
                seated=() if request.consent else named[:now_count],
                waiting=() if request.consent else named[now_count:],
                pending=named if request.consent else (), names=tuple(c.name for c in twice))

    async def _registration(self, conn: aiosqlite.Connection, event: Event, request: Request,
                            now: datetime) -> Registration:
        reg = await rows.registration_of(conn, event.id, request.user_id)
        if reg is not None:
            await rows.set_companions(conn, reg.id, request.companions, request.phone)
            found = await rows.registration_in(conn, reg.id)
            assert found is not None
            return found
        for _ in range(CODE_TRIES):
            code = new_code()
            if await rows.code_used(conn, event.id, code):
                continue
            try:
                reg_id = await rows.add_registration(
                    conn, event_id=event.id, user_id=request.user_id,
                    family_id=request.family_id, companions=request.companions,
                    phone=request.phone, token=new_token(), code=code, now=now)
            except sqlite3.IntegrityError:  # a token's collision: 96 bits make it theoretical
                continue
            found = await rows.registration_in(conn, reg_id)
            assert found is not None
            return found
        raise RuntimeError("no free ticket code")

    async def _ask_parents(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                           children: list[ChildIn]) -> int:
        if reg.family_id is None:
            return 0
        parents = await families.parent_ids(conn, reg.family_id)
        asked = 0
        for parent in sorted(parents - {reg.user_id}):
            holder = await rows.holder(conn, parent)
            payload = self.notes.consent_asked(holder, event, reg, [c.name for c in children])
            asked += await enqueue(conn, kind="notice", chat_id=parent, payload=payload,
                                   dedupe_key=f"ev:{event.id}:consent:{reg.id}:{parent}",
                                   family_id=reg.family_id, expires_at=event.starts_at)
        return asked

    # ---- the ticket and the reminders ---------------------------------------------------

    async def _ticket(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                      seats: list[Seat]) -> None:
        holder = await rows.holder(conn, reg.user_id)
        seated = [s.name for s in seats if s.status == "seat"]
        caption, buttons = self.notes.ticket(holder, event, reg, seated)
        n = await rows.outbox_count(conn, f"ev:{event.id}:ticket:{reg.id}:") + 1
        await enqueue(conn, kind="ticket", chat_id=reg.user_id,
                      payload=ticket_payload(caption, reg.token, buttons),
                      dedupe_key=ticket_key(event.id, reg.id, n), family_id=reg.family_id,
                      expires_at=event.ends_at)

    async def _plan(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                    seats: list[Seat], now: datetime) -> int:
        """The registration's reminders, planned afresh: the evening before and 2 hours
        before, moved out of the person's quiet hours, none that would not come before the
        start (or that is already past)."""
        await rows.drop_pending(conn, f"ev:{event.id}:remind:{reg.id}:")
        seated = [s.name for s in seats if s.status == "seat"]
        holder = await rows.holder(conn, reg.user_id)
        if not seated or not holder.prefs.enabled or event.status != "open":
            return 0
        queued = 0
        start = event.starts_at
        for lead in LEADS:
            due = after_quiet(lead_time(lead, start, self.zone, self.evening_at),
                              holder.prefs.quiet, self.zone)
            if not now < due < start:
                continue
            key = f"ev:{event.id}:remind:{reg.id}:{lead}:{int(start.timestamp())}"
            queued += await enqueue(
                conn, kind="reminder", chat_id=reg.user_id, due_at=due, expires_at=start,
                payload=self.notes.reminder(holder, event, reg, seated, lead),
                dedupe_key=key, family_id=reg.family_id)
        return queued

    async def replan_reminders(self, conn: aiosqlite.Connection, event: Event,
                               now: datetime | None = None) -> int:
        """A moved event (inside the caller's transaction): every registration's reminders
        planned again for the new time."""
        now = now or utcnow()
        await rows.drop_pending(conn, f"ev:{event.id}:remind:")
        queued = 0
        for reg_id in await rows.seated_registrations(conn, event.id):
            reg = await rows.registration_in(conn, reg_id)
            if reg is not None:
                queued += await self._plan(conn, event, reg, await rows.seats_of(conn, reg_id),
                                           now)
        return queued

    # ---- freeing seats and the waitlist -------------------------------------------------

    async def _may_act(self, conn: aiosqlite.Connection, user_id: int,
                       reg: Registration) -> bool:
        if reg.user_id == user_id:
            return True
        member = await families.membership(conn, user_id)
        return member is not None and reg.family_id is not None and (
            member[0] == reg.family_id and member[1] == "parent")

    async def _drop(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                    seat_ids: list[int], now: datetime) -> None:
        """Delete these seats; with none left, the registration and its messages too."""
        await rows.delete_seats(conn, seat_ids)
        left = await rows.seats_of(conn, reg.id)
        if not left:
            for kind in ("remind", "ticket", "offer"):
                await rows.cancel_outbox(conn, f"ev:{event.id}:{kind}:{reg.id}:")
            await rows.delete_registration(conn, reg.id)
        else:
            await self._plan(conn, event, reg, left, now)

    async def cancel(self, user_id: int, registration_id: int, seat_id: int = 0,
                     now: datetime | None = None) -> Changed:
        """«🙅 Не придём»: the registration's seats (or one child's) deleted, the freed seats
        offered to the waitlist at once."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            reg = await rows.registration_in(conn, registration_id)
            if reg is None or not await self._may_act(conn, user_id, reg):
                return Changed("gone")
            seats = await rows.seats_of(conn, reg.id)
            chosen = [s.id for s in seats if seat_id in (0, s.id)]
            event = await event_in(conn, reg.event_id)
            if not chosen or event is None:
                return Changed("gone")
            await self._drop(conn, event, reg, chosen, now)
            return Changed("cancelled", await self._fill(conn, event.id, now))

    async def answer_offer(self, user_id: int, seat_id: int, come: bool,
                           now: datetime | None = None) -> Changed:
        """«✅ Приду» within the hold: the seat and its ticket; «🙅 Не придём»: to the next."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            seat = await rows.seat_in(conn, seat_id)
            reg = await rows.registration_in(conn, seat.registration_id) if seat else None
            if seat is None or reg is None or not await self._may_act(conn, user_id, reg):
                return Changed("gone")
            event = await event_in(conn, seat.event_id)
            if event is None or event.status != "open":
                return Changed("gone")
            if seat.status == "seat":
                return Changed("seat" if come else "late")
            if seat.status != "offered" or (seat.hold_until and seat.hold_until <= now):
                return Changed("late")
            if not come:
                await self._drop(conn, event, reg, [seat.id], now)
                return Changed("declined", await self._fill(conn, event.id, now))
            await rows.set_status(conn, seat.id, "seat")
            seats = await rows.seats_of(conn, reg.id)
            await self._ticket(conn, event, reg, seats)
            await self._plan(conn, event, reg, seats, now)
            return Changed("seat")

    async def offer_free_seats(self, conn: aiosqlite.Connection, event_id: int,
                               now: datetime | None = None) -> list[int]:
        """Inside the caller's transaction (an event given more seats, a family forgotten):
        the free seats offered to the waitlist in order; the seats' ids."""
        return await self._fill(conn, event_id, now or utcnow())

    async def _fill(self, conn: aiosqlite.Connection, event_id: int, now: datetime
                    ) -> list[int]:
        """Free seats to the waitlist in order: held for «Приду», or given at once near the
        start."""
        event = await event_in(conn, event_id)
        promoted: list[int] = []
        if event is None or event.status != "open" or now >= event.starts_at:
            return promoted
        taken = event.taken
        while event.seats == 0 or taken < event.seats:
            seat = await rows.first_waiting(conn, event.id)
            reg = await rows.registration_in(conn, seat.registration_id) if seat else None
            if seat is None or reg is None:
                break
            hold = hold_until(now, event.starts_at)
            holder = await rows.holder(conn, reg.user_id)
            if hold is None:
                await rows.set_status(conn, seat.id, "seat")
                seats = await rows.seats_of(conn, reg.id)
                await self._ticket(conn, event, reg, seats)
                await self._plan(conn, event, reg, seats, now)
            else:
                await rows.set_status(conn, seat.id, "offered", hold)
                await enqueue(
                    conn, kind="offer", chat_id=reg.user_id, expires_at=hold,
                    payload=self.notes.offer(holder, event, seat.name, seat.id, hold),
                    dedupe_key=f"ev:{event.id}:offer:{reg.id}:{seat.id}:{int(hold.timestamp())}",
                    family_id=reg.family_id)
            promoted.append(seat.id)
            taken += 1
        return promoted

    async def expire_holds(self, now: datetime | None = None) -> int:
        """The job: holds that lapsed are given to the next in line; the family is told."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            lapsed = await rows.lapsed(conn, now)
            for seat in lapsed:
                reg = await rows.registration_in(conn, seat.registration_id)
                event = await event_in(conn, seat.event_id)
                if reg is None or event is None:
                    continue
                holder = await rows.holder(conn, reg.user_id)
                await enqueue(conn, kind="notice", chat_id=reg.user_id,
                              payload=self.notes.lapsed(holder, event, seat.name),
                              dedupe_key=f"ev:{event.id}:lapsed:{seat.id}",
                              family_id=reg.family_id, expires_at=event.starts_at)
                await self._drop(conn, event, reg, [seat.id], now)
            for event_id in sorted({seat.event_id for seat in lapsed}):
                await self._fill(conn, event_id, now)
            return len(lapsed)

    async def consent(self, user_id: int, registration_id: int, agree: bool,
                      now: datetime | None = None) -> Changed:
        """A parent's answer for a young pupil's own registration: agreed, the children take
        the seats left (the rest wait); refused, the registration is withdrawn."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            reg = await rows.registration_in(conn, registration_id)
            member = await families.membership(conn, user_id)
            if (reg is None or member is None or member[1] != "parent"
                    or member[0] != reg.family_id or reg.user_id == user_id):
                return Changed("gone")
            event = await event_in(conn, reg.event_id)
            waiting = [s for s in await rows.seats_of(conn, reg.id) if s.status == "consent"]
            if event is None or not waiting or closed(event, now):
                return Changed("gone")
            if not agree:
                await self._drop(conn, event, reg, [s.id for s in waiting], now)
                return Changed("refused")
            free = None if event.seats == 0 else max(event.seats - event.taken, 0)
            for n, seat in enumerate(waiting):
                seated = free is None or n < free
                await rows.set_status(conn, seat.id, "seat" if seated else "waitlist")
            seats = await rows.seats_of(conn, reg.id)
            if any(s.status == "seat" for s in seats):
                await self._ticket(conn, event, reg, seats)
                await self._plan(conn, event, reg, seats, now)
            holder = await rows.holder(conn, reg.user_id)
            await enqueue(conn, kind="notice", chat_id=reg.user_id,
                          payload=self.notes.consent_given(
                              holder, event, any(s.status == "seat" for s in seats)),
                          dedupe_key=f"ev:{event.id}:consented:{reg.id}",
                          family_id=reg.family_id, expires_at=event.starts_at)
            return Changed("agreed")
