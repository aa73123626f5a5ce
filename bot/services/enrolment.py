"""Enrolment: a child's applications to groups, the waitlist and seat offers, and the messages
each change causes.

Seats: a group's seats are held by applications that are applied, waiting in Навигатор,
confirmed, or offered from the waitlist. An under-14 pupil's own application holds nothing
until a parent consents; then it takes a free seat or joins the waitlist. A newcomer takes a
seat only when there are more free seats than families waiting. Every change that frees a seat
offers it to the first on the waitlist, in the same transaction.

The use cases (`decide`, `cancel`, `answer_offer`, `expire_offers`, `offer_seats`) open their
own transaction; the steps that take a connection (`apply`, `place_consented`,
`offer_free_seats`, `tell_staff`, `tell_family`) work inside one the caller holds, so a
sign-up or /forget can compose them with its own. Every notice is an outbox row written in
the transaction of the change that causes it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Literal

import aiosqlite

from bot.services import consent_texts, consents
from bot.services.notices import TextNotices
from storage import applications
from storage import consents as consent_rows
from storage import enrolments as rows
from storage.applications import Application, Submitted
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.enrolments import ACTIVE, EnrolmentRepo, EnrolmentView
from storage.form_family import FamilyOnFile, family_of_user
from storage.outbox import enqueue


class Enrolments:
    def __init__(self, db: Database, notices: TextNotices, offer_hours: float = 24.0) -> None:
        self.db = db
        self.notices = notices  # renders the messages changes cause; pure, as in transactions
        self.offer_hours = offer_hours
        self.reads = EnrolmentRepo(db)

    # ---- reads -------------------------------------------------------------------------

    async def view(self, enrolment_id: int) -> EnrolmentView | None:
        return await self.reads.view(enrolment_id)

    async def family_enrolments(self, family_id: int) -> list[EnrolmentView]:
        return await self.reads.family_enrolments(family_id)

    async def pending(
        self, *, quantum: str | None = None, group_id: int | None = None, limit: int = 50
    ) -> list[EnrolmentView]:
        """Applications staff have to decide on, oldest first."""
        return await self.reads.pending(quantum=quantum, group_id=group_id, limit=limit)

    async def waiting_for_consent(self, family_id: int) -> list[EnrolmentView]:
        return await self.reads.waiting_for_consent(family_id)

    async def family_on_file(self, user_id: int) -> FamilyOnFile | None:
        """The person's family as a sign-up form reads it: the phone it gave before and its
        children, in one query."""
        return await family_of_user(self.db, user_id)

    # ---- use cases ---------------------------------------------------------------------

    async def decide(
        self, enrolment_id: int, status: Literal["confirmed", "rejected", "navigator"],
        reason: str | None = None,
    ) -> EnrolmentView | None:
        """Staff's decision on an application still waiting for one; None if it was not."""
        async with self.db.transaction() as conn:
            if not await rows.set_decision(conn, enrolment_id, status, reason):
                return None
            view = await rows.view_in(conn, enrolment_id)
            await self.tell_family(conn, view)
            if status == "rejected":
                await self.offer_free_seats(conn, view.group_id)
        return view

    async def cancel(
        self, enrolment_id: int, family_id: int, statuses: Collection[str] = ACTIVE
    ) -> EnrolmentView | None:
        """The family withdraws an application of theirs, while its status is one of
        `statuses` (those the person may withdraw)."""
        wanted = [s for s in ACTIVE if s in statuses]
        async with self.db.transaction() as conn:
            status = await rows.family_status(conn, enrolment_id, family_id, wanted)
            if status is None:
                return None
            new = "withdrawn" if status == "confirmed" else "cancelled"
            await rows.set_status(conn, enrolment_id, new, to_db(utcnow()))
            view = await rows.view_in(conn, enrolment_id)
            await self.offer_free_seats(conn, view.group_id)
        return view

    async def answer_offer(
        self, enrolment_id: int, family_id: int, accept: bool
    ) -> EnrolmentView | None:
        async with self.db.transaction() as conn:
            now = to_db(utcnow())
            if not await rows.standing_offer(conn, enrolment_id, family_id, now):
                return None
            await rows.set_status(conn, enrolment_id, "applied" if accept else "cancelled",
                                  now, clear_offer=True)
            view = await rows.view_in(conn, enrolment_id)
            if accept:
                await self.tell_staff(conn, view)
            else:
                await self.offer_free_seats(conn, view.group_id)
        return view

    async def expire_offers(self) -> int:
        """Offers whose time ran out pass to the next on the waitlist (the scheduler's job;
        it reads everything from the database, so a restart loses nothing)."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            expired = await rows.expired_offers(conn, now)
            for enrolment_id, _ in expired:
                await rows.set_status(conn, enrolment_id, "cancelled", now,
                                      reason="offer expired")
                await self.tell_family(conn, await rows.view_in(conn, enrolment_id))
            for group_id in {group for _, group in expired}:
                await self.offer_free_seats(conn, group_id)
        return len(expired)

    async def offer_seats(self, group_ids: list[int]) -> None:
        """Offer the free seats of these groups to their waitlists, in order (after an import
        raised a capacity, say)."""
        async with self.db.transaction() as conn:
            for group_id in group_ids:
                await self.offer_free_seats(conn, group_id)

    async def submit(self, app: Application) -> Submitted:
        """Child, family link, consent, enrolment and the staff's notices, in one transaction
        (the sign-up itself, with the parents asked for consent, is
        bot.services.enrolment_rules.submit)."""
        async with self.db.transaction() as conn:
            return await self.write(conn, app)

    # ---- steps inside the caller's transaction -----------------------------------------

    async def write(self, conn: aiosqlite.Connection, app: Application) -> Submitted:
        """A completed sign-up form: the family (a new one for a newcomer), the child, the
        consent if the person filling it may give it, and the application (or the one the
        child already has, now with the consent it waited for)."""
        now = utcnow()
        stamp = to_db(now)
        family_id, relation = await applications.family_for(conn, app.user_id, app.relation,
                                                            stamp)
        child_id = await applications.child_for(conn, family_id, app, stamp)
        await applications.set_phone(conn, family_id, app.phone)
        if app.relation == "child":
            await applications.tie(conn, app.user_id, child_id)
        existing = await applications.existing(conn, child_id, app.group_id)
        invite = await applications.invite_code(conn, family_id)
        capacity = consents.capacity(
            consented=app.consent, filled_as=app.relation, member=relation,
            born=app.birth_date, today=app.today or now.date(),
        )
        waited = existing is not None and existing[1] == "awaiting_consent"
        if capacity is not None and (existing is None or waited):
            await consent_rows.record(
                conn, child_id=child_id, given_by=app.user_id, given_as=capacity,
                photo=app.photo_consent, stamp=stamp,
                version=app.text_version or consent_texts.version_for(capacity))
        if existing is not None:
            if waited and capacity is not None:
                # the same application, now with the consent it waited for
                placed = await self.place_consented(conn, child_id, stamp)
                view = next(v for v in placed if v.id == existing[0])
                return Submitted(view.id, view.status, view.position, invite, False,
                                 family_id, child_id)
            return Submitted(existing[0], existing[1], None, invite, True, family_id,
                             child_id)
        view = await self.apply(conn, child_id, app.group_id, app.user_id,
                                consented=capacity is not None, stamp=stamp)
        return Submitted(view.id, view.status, view.position, invite, False, family_id,
                         child_id)

    async def apply(
        self, conn: aiosqlite.Connection, child_id: int, group_id: int, user_id: int, *,
        consented: bool, stamp: str,
    ) -> EnrolmentView:
        """A new application: a seat if one is free and nobody waits for it, else the
        waitlist; without consent it holds nothing until a parent gives it. Staff hear of
        it once it counts."""
        if not consented:
            status = "awaiting_consent"
        elif await self.seat_for_newcomer(conn, group_id):
            status = "applied"
        else:
            status = "waitlisted"
        enrolment_id = await rows.insert(conn, child_id, group_id, user_id, status, stamp)
        view = await rows.view_in(conn, enrolment_id)
        if status != "awaiting_consent":
            await self.tell_staff(conn, view)
        return view

    async def place_consented(
        self, conn: aiosqlite.Connection, child_id: int, stamp: str
    ) -> list[EnrolmentView]:
        """A parent consented: the child's waiting applications take a seat or join the
        waitlist, from now; staff and the family are told."""
        placed = []
        for enrolment_id, group_id in await rows.awaiting_consent(conn, child_id):
            seat = await self.seat_for_newcomer(conn, group_id)
            await rows.set_status(conn, enrolment_id, "applied" if seat else "waitlisted",
                                  stamp, queued_at=stamp)
            view = await rows.view_in(conn, enrolment_id)
            await self.tell_staff(conn, view)
            await self.tell_family(conn, view)
            placed.append(view)
        return placed

    @staticmethod
    async def seat_for_newcomer(conn: aiosqlite.Connection, group_id: int) -> bool:
        """A free seat nobody on the waitlist is owed: the queue goes first, even in the moment
        between seats appearing (a raised capacity) and their offers going out."""
        return await rows.free(conn, group_id) > await rows.waitlisted(conn, group_id)

    async def tell_staff(self, conn: aiosqlite.Connection, view: EnrolmentView) -> None:
        for person in await rows.staff(conn):
            await enqueue(
                conn, kind="notice", chat_id=person.user_id,
                payload=self.notices.for_staff(view, person),
                dedupe_key=f"app-new:{view.id}:{view.status}:{person.user_id}",
                family_id=view.family_id, staff_only=True,
            )

    async def tell_family(
        self, conn: aiosqlite.Connection, view: EnrolmentView, kind: str = "notice"
    ) -> None:
        for member in await rows.family_of_child(conn, view.family_id, view.child_id):
            await enqueue(
                conn, kind=kind, chat_id=member.user_id,
                payload=self.notices.for_family(view, member),
                dedupe_key=f"app:{view.id}:{view.status}:{to_db(utcnow())}:{member.user_id}",
                family_id=view.family_id,
                # an offer is worth delivering only while it stands
                expires_at=view.offer_until if kind == "offer" else None,
            )

    async def offer_free_seats(self, conn: aiosqlite.Connection, group_id: int) -> None:
        free = await rows.free(conn, group_id)
        if free <= 0:
            return
        until = utcnow() + timedelta(hours=self.offer_hours)
        for enrolment_id in await rows.first_waiting(conn, group_id, free):
            await rows.offer(conn, enrolment_id, until)
            await self.tell_family(conn, await rows.view_in(conn, enrolment_id), kind="offer")
