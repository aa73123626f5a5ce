"""A family's registration in one trip to the database's thread (`Database.in_one_trip`): the
common case of `EventBooking.register` — children known or not, a seat each or the waitlist,
the family's choice when seats run short, the ticket and the reminders, the form spent — read
and written on the plain sqlite3 connection inside one `BEGIN IMMEDIATE` transaction, with
the same decisions (bot.services.event_booking_rules) and the same outbox rows
(`Seating._ticket_message`, `_reminder_messages`) as the transaction of awaits.

What it leaves to that transaction (it answers None, having written nothing): a young pupil's
own registration waiting for a parent, a child whose own registration waits for a parent's
consent, a consent given in the form (recorded as the sign-up records it), and seats free
while others wait (offered down the queue first)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.services.event_booking_rules import (
    CODE_TRIES,
    Booked,
    Request,
    booked,
    newcomers,
    over_limits,
    refused,
    seated_now,
)
from bot.services.event_seating import Seating
from bot.services.event_tickets import new_code, new_token, tickets_prefix
from storage import event_seats_trip as here
from storage.event_seats import Holder, Registration, Seat
from storage.events import Event
from storage.outbox import enqueue_here


class RegisterHere(Seating):
    def _register_here(self, request: Request, now: datetime, form: str | None,
                       conn: sqlite3.Connection) -> Booked | None:
        """On the database's thread: the registration, and the form spent with it (but
        when the family is to choose); None when it is the transaction of awaits' to make."""
        done = self._booked_here(conn, request, now)
        if done is not None and form is not None and done.outcome != "choose":
            here.spend_form(conn, form)
        return done

    def _booked_here(self, conn: sqlite3.Connection, request: Request, now: datetime
                     ) -> Booked | None:
        event = here.event(conn, request.event_id)
        refusal = refused(event, request, now, self.zone)
        if refusal is not None or event is None:
            return refusal or Booked("gone")
        if request.consent or request.consent_version is not None:
            return None
        there = here.seats_born(conn, event.id, [c.birth_date for c in request.children])
        if request.family_id is not None and any(s.status == "consent" for s in there):
            return None  # perhaps a pupil's own registration, for this parent to agree to
        children, twice = newcomers(request, there)
        if not children:
            return Booked("already", names=tuple(c.name for c in twice))
        mine = here.registration_of(conn, event.id, request.user_id)
        before = len(here.seats_of(conn, mine.id)) if mine else 0
        refusal = over_limits(event, request, before, children)
        if refusal is not None:
            return refusal
        if event.waiting and (event.free is None or event.free > 0):
            return None  # seats freed meanwhile: offered to those waiting first
        now_count = seated_now(event, request, children)
        if isinstance(now_count, Booked):
            return now_count
        reg = self._registration_here(conn, event, request, now, mine)
        for n, child in enumerate(children):
            here.add_seat(conn, registration_id=reg.id, event_id=event.id,
                          child_id=child.child_id, name=child.name,
                          birth_date=child.birth_date,
                          status="seat" if n < now_count else "waitlist", now=now)
        seats = here.seats_of(conn, reg.id)
        if now_count:
            # the ticket and the reminders go to the same readers
            holders = [here.holder(conn, reader)
                       for reader in self._readers_here(conn, event, reg, seats)]
            self._ticket_here(conn, event, reg, seats, holders)
            self._plan_here(conn, event, reg, seats, now, holders)
        waiting = [s for s in seats if s.status == "waitlist"]
        place = here.position(conn, waiting[0]) if waiting else 0
        return booked(request, reg.id, children, twice, now_count, place)

    def _registration_here(self, conn: sqlite3.Connection, event: Event, request: Request,
                           now: datetime, mine: Registration | None) -> Registration:
        if mine is not None:
            here.set_companions(conn, mine.id, request.companions, request.phone)
            found = here.registration_in(conn, mine.id)
            assert found is not None
            return found
        for _ in range(CODE_TRIES):
            code = new_code()
            if here.code_used(conn, event.id, code):
                continue
            try:
                reg_id = here.add_registration(
                    conn, event_id=event.id, user_id=request.user_id,
                    family_id=request.family_id, companions=request.companions,
                    phone=request.phone, token=new_token(), code=code, now=now)
            except sqlite3.IntegrityError:  # a token's collision: 96 bits make it theoretical
                continue
            found = here.registration_in(conn, reg_id)
            assert found is not None
            return found
        raise RuntimeError("no free ticket code")

    def _readers_here(self, conn: sqlite3.Connection, event: Event, reg: Registration,
                      seats: list[Seat]) -> list[int]:
        readers = [reg.user_id]
        member = here.membership(conn, reg.user_id)
        if reg.family_id is not None and self._parents_read(event, reg, member, seats):
            readers += sorted(here.parent_ids(conn, reg.family_id) - {reg.user_id})
        return readers

    def _ticket_here(self, conn: sqlite3.Connection, event: Event, reg: Registration,
                     seats: list[Seat], holders: list[Holder]) -> None:
        for holder in holders:
            n = here.outbox_count(conn, tickets_prefix(event.id, reg.id)) + 1
            enqueue_here(conn, **self._ticket_message(holder, event, reg, seats, n))

    def _plan_here(self, conn: sqlite3.Connection, event: Event, reg: Registration,
                   seats: list[Seat], now: datetime, holders: list[Holder]) -> None:
        here.drop_pending(conn, f"ev:{event.id}:remind:{reg.id}:")
        seated = [s for s in seats if s.status == "seat"]
        if not seated or event.status != "open":
            return
        for holder in holders:
            for message in self._reminder_messages(holder, event, reg, seated, now):
                enqueue_here(conn, **message)
