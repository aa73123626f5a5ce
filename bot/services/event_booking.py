"""A family's registration for an event, as use cases: register children (a seat each, or the
waitlist — never ahead of anyone already waiting), the consent given while registering
recorded as the sign-up records it, and «🙅 Не придём» (shown first to the owner only; a seat
freed goes to the first in line). Each runs in one transaction (`BEGIN IMMEDIATE`), which
counts the seats and writes the ticket and the messages it causes. The waitlist, holds, moves
and a parent's consent are bot.services.event_waitlist's; what both share,
bot.services.event_seating's."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

import aiosqlite

from bot.services.event_booking_rules import (
    CODE_TRIES,
    MAX_CHILDREN,
    Booked,
    Changed,
    ChildIn,
    Request,
    closed,
    fits,
    same_child,
)
from bot.services.event_tickets import new_code, new_token
from bot.services.event_waitlist import Waitlist
from storage import applications, consents, families
from storage import event_seats as rows
from storage.clock import to_db, utcnow
from storage.event_seats import Registration, Seat
from storage.events import Event, event_in
from storage.outbox import enqueue


@dataclass(frozen=True, slots=True)
class Preview:
    """What «🙅 Не придём» shows before it is confirmed: the registration's seats, to its
    owner only; `late` once the event began or the family checked in."""

    outcome: Literal["ok", "gone", "late"]
    registration: Registration | None = None
    seats: list[Seat] = field(default_factory=list)


class EventBooking(Waitlist):
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
            there = await rows.seats_born(conn, event.id, [c.birth_date for c in
                                                           request.children])
            awaiting = await self._awaiting(conn, request, there)
            if awaiting is not None:
                return awaiting
            twice = [c for c in request.children if any(same_child(s, c) for s in there)]
            children = [c for c in request.children if c not in twice]
            if not children:
                return Booked("already", names=tuple(c.name for c in twice))
            mine = await rows.registration_of(conn, event.id, request.user_id)
            before = len(await rows.seats_of(conn, mine.id)) if mine else 0
            if before + len(children) > MAX_CHILDREN:
                return Booked("too_many", free=MAX_CHILDREN)
            # `companions` adults may come with each child of the registration
            if not 0 <= request.companions <= event.companions * (before + len(children)):
                return Booked("companions")
            # seats freed meanwhile go to those waiting first: then, with anyone still
            # waiting, the event is full for a newcomer
            await self._fill(conn, event.id, now)
            event = await event_in(conn, event.id) or event
            free = None if event.seats == 0 else max(event.seats - event.taken, 0)
            if event.waiting and free is not None:
                free = 0
            if request.consent:
                now_count = 0
            elif free is None or free >= len(children):
                now_count = len(children)
            elif request.mode == "ask" and free > 0:
                return Booked("choose", free=free)
            else:
                now_count = free if request.mode == "split" else 0
            if request.consent and request.family_id is None:
                # a young pupil new to the bot: a family of their own, as the sign-up makes
                # it, whose invite brings a parent in to agree
                family_id, _ = await applications.family_for(conn, request.user_id, "child",
                                                             to_db(now))
                request = replace(request, family_id=family_id)
            reg = await self._registration(conn, event, request, now)
            for n, child in enumerate(children):
                status = ("consent" if request.consent
                          else "seat" if n < now_count else "waitlist")
                await rows.add_seat(conn, registration_id=reg.id, event_id=event.id,
                                    child_id=child.child_id, name=child.name,
                                    birth_date=child.birth_date, status=status, now=now)
            await self._consented(conn, request, reg, children, now)
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
            invite = (await applications.invite_code(conn, reg.family_id)
                      if request.consent and not asked and reg.family_id else "")
            return Booked(
                "booked", registration_id=reg.id, position=place, parents_asked=asked,
                seated=() if request.consent else named[:now_count],
                waiting=() if request.consent else named[now_count:],
                pending=named if request.consent else (), names=tuple(c.name for c in twice),
                invite=invite)

    async def _awaiting(self, conn: aiosqlite.Connection, request: Request, there: list[Seat]
                        ) -> Booked | None:
        """A parent registering a child whose own registration waits for a parent's consent:
        not «уже записаны», but that registration to agree to."""
        if request.consent or request.family_id is None:
            return None
        for seat in there:
            if seat.status != "consent":
                continue
            child = next((c for c in request.children if same_child(seat, c)), None)
            reg = await rows.registration_in(conn, seat.registration_id)
            if (child is not None and reg is not None and reg.user_id != request.user_id
                    and reg.family_id == request.family_id):
                return Booked("awaiting", registration_id=reg.id, names=(seat.name,))
        return None

    async def _consented(self, conn: aiosqlite.Connection, request: Request,
                         reg: Registration, children: list[ChildIn], now: datetime) -> None:
        """The consent given in the form, recorded as the sign-up does: a `consents` row for
        a known child (no photos: not asked here), the registration's own record for a child
        new to the technopark."""
        version = request.consent_version
        if version is None or request.consent:
            return
        for child in children:
            if child.child_id is not None:
                await consents.record(conn, child_id=child.child_id, given_by=request.user_id,
                                      given_as=request.consent_as, photo=False,
                                      stamp=to_db(now), version=version)
        if any(child.child_id is None for child in children):
            await rows.record_consent(conn, reg.id, version=version, given_by=request.user_id,
                                      now=now)

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

    # ---- «🙅 Не придём» -------------------------------------------------------------------

    async def cancel_preview(self, user_id: int, registration_id: int,
                             now: datetime | None = None) -> Preview:
        """The seats «🙅 Не придём» would free, shown to the owner or a parent of the family
        only (a forged id reads as gone)."""
        now = now or utcnow()
        conn = self.db.reader
        reg = await rows.registration_in(conn, registration_id)
        if reg is None or not await self._owns(conn, user_id, reg):
            return Preview("gone")
        event = await event_in(conn, reg.event_id)
        seats = await rows.seats_of(conn, reg.id)
        if event is None or not seats:
            return Preview("gone")
        if now >= event.starts_at or reg.checked_in:
            return Preview("late", reg)
        return Preview("ok", reg, seats)

    async def cancel(self, user_id: int, registration_id: int, seat_id: int = 0,
                     now: datetime | None = None) -> Changed:
        """«🙅 Не придём»: the registration's seats (or one child's) deleted, the freed seats
        offered to the waitlist at once; refused once the event began or the family came."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            reg = await rows.registration_in(conn, registration_id)
            if reg is None or not await self._owns(conn, user_id, reg):
                return Changed("gone")
            seats = await rows.seats_of(conn, reg.id)
            chosen = [s.id for s in seats if seat_id in (0, s.id)]
            event = await event_in(conn, reg.event_id)
            if not chosen or event is None:
                return Changed("gone")
            if now >= event.starts_at or reg.checked_in:
                return Changed("late")
            await self._drop(conn, event, reg, chosen, now)
            return Changed("cancelled", await self._fill(conn, event.id, now))
