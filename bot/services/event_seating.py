"""What every use case of a family's registration shares (bot.services.event_booking,
bot.services.event_waitlist): who may act on a registration, the ticket, the reminders planned
with the person's settings and quiet hours, seats dropped with their pending messages, and free
seats given to the waitlist in order. Everything here runs inside the caller's transaction.

A seat from the waitlist is held for `HOLD`, counted from when the offer is delivered (the end
of the person's quiet hours), but always ends `HOLD_MARGIN` before the start; when less than
`DIRECT` remains, there is no time to ask: the next in line gets the seat and its ticket at
once."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.i18n import Texts
from bot.services.consents import CONSENT_AGE
from bot.services.event_booking_rules import event_day, hold_until, reminder_leads
from bot.services.event_booking_texts import BookingTexts
from bot.services.event_tickets import ticket_key, ticket_payload, tickets_prefix
from bot.services.event_views import EventViews
from bot.services.reminders import after_quiet, lead_time
from storage import event_seats as rows
from storage import families
from storage.clock import age_on
from storage.db import Database
from storage.event_seats import Holder, Registration, Seat
from storage.events import Event, event_in
from storage.outbox import enqueue


class Seating:
    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo, evening_at: time) -> None:
        self.db = db
        self.zone = zone
        self.evening_at = evening_at
        self.notes = BookingTexts(texts, zone)
        self.views = EventViews(db)  # what the family's screens read

    async def _owns(self, conn: aiosqlite.Connection, user_id: int, reg: Registration) -> bool:
        """The one rule of the booking side: the person who registered, or a parent of the
        same family (never two people without a family)."""
        if reg.user_id == user_id:
            return True
        if reg.family_id is None:
            return False
        member = await families.membership(conn, user_id)
        return member is not None and member[0] == reg.family_id and member[1] == "parent"

    # ---- the ticket and the reminders ---------------------------------------------------

    def _parents_read(self, event: Event, reg: Registration, member: tuple[int, str] | None,
                      seats: list[Seat]) -> bool:
        """Whether a registration's ticket and reminders go to the family's parents too
        (`member`: the membership of the person who registered): when that is a pupil's own
        account with a child under 14 seated (a teenager of 14+ alone)."""
        if reg.family_id is None or member is None or member[1] != "child":
            return False
        day = event_day(event, self.zone)
        return any(age_on(s.birth_date, day) < CONSENT_AGE for s in seats if s.status == "seat")

    async def _readers(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                       seats: list[Seat]) -> list[int]:
        """Who gets a registration's ticket and reminders: the person who registered, and
        the family's parents when `_parents_read`."""
        readers = [reg.user_id]
        member = await families.membership(conn, reg.user_id)
        if reg.family_id is not None and self._parents_read(event, reg, member, seats):
            parents = await families.parent_ids(conn, reg.family_id)
            readers += sorted(parents - {reg.user_id})
        return readers

    def _ticket_message(self, holder: Holder, event: Event, reg: Registration,
                        seats: list[Seat], n: int) -> dict[str, Any]:
        """The outbox row of the registration's n-th ticket to `holder`."""
        seated = [s.name for s in seats if s.status == "seat"]
        caption, buttons = self.notes.ticket(holder, event, reg, seated)
        return {"kind": "ticket", "chat_id": holder.user_id,
                "payload": ticket_payload(caption, reg.token, buttons, reg.code),
                "dedupe_key": ticket_key(event.id, reg.id, n), "family_id": reg.family_id,
                "expires_at": event.ends_at}

    async def _ticket(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                      seats: list[Seat]) -> None:
        for reader in await self._readers(conn, event, reg, seats):
            holder = await rows.holder(conn, reader)
            n = await rows.outbox_count(conn, tickets_prefix(event.id, reg.id)) + 1
            await enqueue(conn, **self._ticket_message(holder, event, reg, seats, n))

    async def _plan(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                    seats: list[Seat], now: datetime) -> int:
        """The registration's reminders, planned afresh (`_reminder_messages`)."""
        await rows.drop_pending(conn, f"ev:{event.id}:remind:{reg.id}:")
        seated = [s for s in seats if s.status == "seat"]
        if not seated or event.status != "open":
            return 0
        queued = 0
        for reader in await self._readers(conn, event, reg, seats):
            holder = await rows.holder(conn, reader)
            for message in self._reminder_messages(holder, event, reg, seated, now):
                queued += await enqueue(conn, **message)
        return queued

    def _reminder_messages(self, holder: Holder, event: Event, reg: Registration,
                           seated: list[Seat], now: datetime) -> list[dict[str, Any]]:
        """One reader's reminders (outbox rows), with their own settings and quiet hours: the
        lead times of the person's settings (a pupil's own account: one, 2 hours before),
        moved out of their quiet hours, none that would not come before the start (or that
        is already past); the wording («Завтра» / «Сегодня в 11:00») from when each is
        due."""
        start = event.starts_at
        pupil = holder.family_role == "pupil"
        planned: set[datetime] = set()
        messages: list[dict[str, Any]] = []
        for lead in reminder_leads(holder.prefs, [s.child_id for s in seated], pupil):
            due = after_quiet(lead_time(lead, start, self.zone, self.evening_at),
                              holder.prefs.quiet, self.zone)
            if not now < due < start or due in planned:
                continue  # past, too late, or one already comes then
            planned.add(due)
            key = f"ev:{event.id}:remind:{reg.id}:{lead}:{int(start.timestamp())}"
            if holder.user_id != reg.user_id:
                key += f":{holder.user_id}"
            payload = self.notes.reminder(holder, event, reg, [s.name for s in seated], due)
            messages.append({"kind": "reminder", "chat_id": holder.user_id, "due_at": due,
                             "expires_at": start, "payload": payload, "dedupe_key": key,
                             "family_id": reg.family_id})
        return messages

    # ---- dropping seats and the waitlist ------------------------------------------------

    async def _drop(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                    seat_ids: list[int], now: datetime) -> None:
        """Delete these seats and their pending offers; with no seat waiting for consent
        left, the parents' requests too; with none left, the registration and its messages."""
        await rows.delete_seats(conn, seat_ids)
        for seat_id in seat_ids:
            await rows.cancel_outbox(conn, f"ev:{event.id}:offer:{reg.id}:{seat_id}:")
        left = await rows.seats_of(conn, reg.id)
        if not any(s.status == "consent" for s in left):
            await rows.cancel_outbox(conn, f"ev:{event.id}:consent:{reg.id}:")
        if not left:
            for kind in ("remind", "ticket", "offer"):
                await rows.cancel_outbox(conn, f"ev:{event.id}:{kind}:{reg.id}:")
            await rows.delete_registration(conn, reg.id)
        else:
            await self._plan(conn, event, reg, left, now)

    async def _seat(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                    seat: Seat, now: datetime) -> None:
        """The seat given at once: the ticket and the reminders."""
        await rows.set_status(conn, seat.id, "seat")
        seats = await rows.seats_of(conn, reg.id)
        await self._ticket(conn, event, reg, seats)
        await self._plan(conn, event, reg, seats, now)

    async def _offer(self, conn: aiosqlite.Connection, event: Event, reg: Registration,
                     seat: Seat, now: datetime) -> None:
        """The seat held for «Приду» from when the offer is delivered (after the person's
        quiet hours), or given at once when too near the start to ask."""
        holder = await rows.holder(conn, reg.user_id)
        due = after_quiet(now, holder.prefs.quiet, self.zone)
        hold = hold_until(due, event.starts_at)
        if hold is None:
            await self._seat(conn, event, reg, seat, now)
            return
        await rows.set_status(conn, seat.id, "offered", hold)
        await enqueue(
            conn, kind="offer", chat_id=reg.user_id, due_at=due, expires_at=hold,
            payload=self.notes.offer(holder, event, seat.name, seat.id, hold),
            dedupe_key=f"ev:{event.id}:offer:{reg.id}:{seat.id}:{int(hold.timestamp())}",
            family_id=reg.family_id)

    async def _fill(self, conn: aiosqlite.Connection, event_id: int, now: datetime
                    ) -> list[int]:
        """Free seats to the waitlist in order: held for «Приду», or given at once near the
        start. Afterwards, an event with anyone still waiting is full."""
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
            await self._offer(conn, event, reg, seat, now)
            promoted.append(seat.id)
            taken += 1
        return promoted
