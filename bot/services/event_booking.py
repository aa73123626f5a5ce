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
from functools import partial
from typing import Literal

import aiosqlite

from bot.services.event_booking_rules import (
    CODE_TRIES,
    Booked,
    Changed,
    ChildIn,
    Request,
    booked,
    newcomers,
    over_limits,
    refused,
    same_child,
    seated_now,
)
from bot.services.event_booking_trip import RegisterHere
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


class EventBooking(Waitlist, RegisterHere):
    # ---- registering -------------------------------------------------------------------

    async def register(self, request: Request, now: datetime | None = None,
                       form: str | None = None) -> Booked:
        """`form`: the key of the conversation state the registration is made from, deleted
        in the same transaction unless the family is asked to choose first (the form is
        spent; one commit for both). The common case in one trip to the database's thread
        (bot.services.event_booking_trip), the rest here."""
        now = now or utcnow()
        done = await self.db.in_one_trip(partial(self._register_here, request, now, form))
        if done is not None:
            return done
        async with self.db.transaction() as conn:
            done = await self._register(conn, request, now)
            if form is not None and done.outcome != "choose":
                await rows.spend_form(conn, form)
            return done

    async def _register(self, conn: aiosqlite.Connection, request: Request, now: datetime
                        ) -> Booked:
        event = await event_in(conn, request.event_id)
        refusal = refused(event, request, now, self.zone)
        if refusal is not None or event is None:
            return refusal or Booked("gone")
        there = await rows.seats_born(conn, event.id, [c.birth_date for c in request.children])
        awaiting = await self._awaiting(conn, request, there)
        if awaiting is not None:
            return awaiting
        children, twice = newcomers(request, there)
        if not children:
            return Booked("already", names=tuple(c.name for c in twice))
        mine = await rows.registration_of(conn, event.id, request.user_id)
        before = len(await rows.seats_of(conn, mine.id)) if mine else 0
        refusal = over_limits(event, request, before, children)
        if refusal is not None:
            return refusal
        # seats freed meanwhile go to those waiting first
        await self._fill(conn, event.id, now)
        event = await event_in(conn, event.id) or event
        now_count = seated_now(event, request, children)
        if isinstance(now_count, Booked):
            return now_count
        if request.consent and request.family_id is None:
            # a young pupil new to the bot: a family of their own, as the sign-up makes it,
            # whose invite brings a parent in to agree
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
        invite = (await applications.invite_code(conn, reg.family_id)
                  if request.consent and not asked and reg.family_id else "")
        return booked(request, reg.id, children, twice, now_count, place, asked, invite)

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
