"""The waitlist of an event and what follows a registration: seats freed or added offered in
order, «✅ Приду» / «🙅 Не придём» to a held seat (until the start), holds that lapse, an event
moved (reminders and holds counted again from the new start), and a parent's consent to a young
pupil's own registration. Each use case runs in one transaction; `offer_free_seats`,
`replan_reminders` and `event_moved` inside the caller's."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.services import consent_texts
from bot.services.event_booking_rules import DIRECT, HOLD_MARGIN, Changed, closed
from bot.services.event_seating import Seating
from bot.services.reminders import after_quiet
from storage import consents, families
from storage import event_seats as rows
from storage.clock import to_db, utcnow
from storage.event_seats import Registration
from storage.events import Event, event_in
from storage.outbox import enqueue


class Waitlist(Seating):
    async def offer_free_seats(self, conn: aiosqlite.Connection, event_id: int,
                               now: datetime | None = None) -> list[int]:
        """Inside the caller's transaction (an event given more seats, a family forgotten):
        the free seats offered to the waitlist in order; the seats' ids."""
        return await self._fill(conn, event_id, now or utcnow())

    async def replan_reminders(self, conn: aiosqlite.Connection, event: Event,
                               now: datetime | None = None) -> int:
        """Inside the caller's transaction: every registration's reminders planned again."""
        now = now or utcnow()
        await rows.drop_pending(conn, f"ev:{event.id}:remind:")
        queued = 0
        for reg_id in await rows.seated_registrations(conn, event.id):
            reg = await rows.registration_in(conn, reg_id)
            if reg is not None:
                queued += await self._plan(conn, event, reg, await rows.seats_of(conn, reg_id),
                                           now)
        return queued

    async def event_moved(self, conn: aiosqlite.Connection, event: Event,
                          now: datetime | None = None) -> int:
        """A moved event, inside the caller's transaction: the reminders planned again, and
        every seat held from the waitlist held again from now, ending before the new start
        (or given at once when too near it); its offer sent again, the old one cancelled."""
        now = now or utcnow()
        queued = await self.replan_reminders(conn, event, now)
        if event.status != "open":
            return queued
        for seat in await rows.offered(conn, event.id):
            reg = await rows.registration_in(conn, seat.registration_id)
            if reg is None:
                continue
            if (seat.hold_until is not None and event.starts_at - now >= DIRECT
                    and seat.hold_until <= event.starts_at - HOLD_MARGIN):
                continue  # the hold still ends in time: the offer sent stands
            await rows.cancel_outbox(conn, f"ev:{event.id}:offer:{reg.id}:{seat.id}:")
            await self._offer(conn, event, reg, seat, now)
        return queued

    async def answer_offer(self, user_id: int, seat_id: int, come: bool,
                           now: datetime | None = None) -> Changed:
        """«✅ Приду» within the hold and before the start: the seat and its ticket; «🙅 Не
        придём»: to the next."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            seat = await rows.seat_in(conn, seat_id)
            reg = await rows.registration_in(conn, seat.registration_id) if seat else None
            if seat is None or reg is None or not await self._owns(conn, user_id, reg):
                return Changed("gone")
            event = await event_in(conn, seat.event_id)
            if event is None or event.status != "open":
                return Changed("gone")
            if seat.status == "seat":
                return Changed("seat" if come else "late")
            if (seat.status != "offered" or now >= event.starts_at
                    or (seat.hold_until and seat.hold_until <= now)):
                return Changed("late")
            if not come:
                await self._drop(conn, event, reg, [seat.id], now)
                return Changed("declined", await self._fill(conn, event.id, now))
            await self._seat(conn, event, reg, seat, now)
            return Changed("seat")

    async def expire_holds(self, now: datetime | None = None) -> int:
        """The job: holds that lapsed (of events still open) go to the next in line; the
        family is told, after their quiet hours."""
        now = now or utcnow()
        async with self.db.transaction() as conn:
            lapsed = await rows.lapsed(conn, now)
            told: list[tuple[rows.Seat, Registration, Event]] = []
            for seat in lapsed:
                reg = await rows.registration_in(conn, seat.registration_id)
                event = await event_in(conn, seat.event_id)
                if reg is None or event is None:
                    continue
                await self._drop(conn, event, reg, [seat.id], now)
                told.append((seat, reg, event))
            promoted = {event_id: bool(await self._fill(conn, event_id, now))
                        for event_id in sorted({seat.event_id for seat in lapsed})}
            for seat, reg, event in told:
                # told after the seats were offered on: «ушло следующему» only if it did
                holder = await rows.holder(conn, reg.user_id)
                await enqueue(conn, kind="notice", chat_id=reg.user_id,
                              payload=self.notes.lapsed(holder, event, seat.name,
                                                        promoted[event.id]),
                              due_at=after_quiet(now, holder.prefs.quiet, self.zone),
                              dedupe_key=f"ev:{event.id}:lapsed:{seat.id}",
                              family_id=reg.family_id, expires_at=event.starts_at)
            return len(lapsed)

    async def consent(self, user_id: int, registration_id: int, agree: bool,
                      now: datetime | None = None) -> Changed:
        """A parent's answer for a young pupil's own registration: agreed (and recorded), the
        children take the seats left after the waitlist (the rest join its end); refused, the
        registration is withdrawn."""
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
            await self._record(conn, reg.id, waiting, user_id, now)
            await self._fill(conn, event.id, now)
            event = await event_in(conn, event.id) or event
            free = None if event.seats == 0 else max(event.seats - event.taken, 0)
            for n, seat in enumerate(waiting):
                if free is None or n < free:
                    await rows.set_status(conn, seat.id, "seat")
                else:
                    await rows.requeue(conn, seat.id, now)
            await rows.cancel_outbox(conn, f"ev:{event.id}:consent:{reg.id}:")
            seats = await rows.seats_of(conn, reg.id)
            seated = any(s.status == "seat" for s in seats)
            if seated:
                await self._ticket(conn, event, reg, seats)
                await self._plan(conn, event, reg, seats, now)
            holder = await rows.holder(conn, reg.user_id)
            await enqueue(conn, kind="notice", chat_id=reg.user_id,
                          payload=self.notes.consent_given(holder, event, seated),
                          dedupe_key=f"ev:{event.id}:consented:{reg.id}",
                          family_id=reg.family_id, expires_at=event.starts_at)
            return Changed("agreed")

    async def _record(self, conn: aiosqlite.Connection, reg_id: int, seats: list[rows.Seat],
                      parent: int, now: datetime) -> None:
        """A parent's consent, as the sign-up records it: a `consents` row for a known child
        (no photos: not asked here), the registration's own record for a new one."""
        version = consent_texts.version_for("parent")
        for seat in seats:
            if seat.child_id is not None:
                await consents.record(conn, child_id=seat.child_id, given_by=parent,
                                      given_as="parent", photo=False, stamp=to_db(now),
                                      version=version)
        if any(seat.child_id is None for seat in seats):
            await rows.record_consent(conn, reg_id, version=version, given_by=parent, now=now)
