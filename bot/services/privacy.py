"""/mydata and /forget: what is stored about a person and their family, and erasing it.

/forget by a member: a parent (or a pupil in a family no parent has joined) erases the whole
family in one transaction: consent is withdrawn, the children and their applications are
deleted, so are the members' registrations for events with their seats, check-ins and
feedback (the seats at groups and events go to the waitlist in the same transaction; the
tickets, reminders and offers still queued are cancelled), every outbox message about the
family is blanked (sent or not, staff notices too), every member's conversation state, quiz
results and questions to staff are deleted, and the other members are told. A child's own
account in a family with a parent only leaves it: its link, conversations, quiz results,
questions and the registrations for events it made itself go, the children's records stay
with the parents, who are told. Someone with no family takes their own data (questions, quiz
results, subscriptions, reminder settings, forms, registrations for events).

What stays is the record that consent was given and when it was withdrawn, without the
person. Deleted bytes are overwritten (secure_delete) and the WAL is checkpointed, so no copy
of a name or a phone stays in the files.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import time
from typing import Any, Literal

import aiosqlite
from aiogram import html

from bot.services.enrolment import Enrolments
from bot.services.event_booking import EventBooking
from storage import enrolments as enrolment_rows
from storage import event_privacy, family_data, journal, members, personal, questions
from storage import families as family_rows
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.enrolments import Recipient
from storage.erasure import erase_family
from storage.event_privacy import Erased
from storage.families import FamilyRepo, Forgotten
from storage.outbox import blank_outbox, enqueue
from storage.users import UserRepo, forget_accounts

log = logging.getLogger(__name__)


def seat_offers(db: Database, enrolment: Enrolments) -> EventBooking:
    """The booking service that offers a forgotten family's seats at events to the waitlist.
    Only a seat given at once near the start plans reminders then, when the evening before
    is past: the evening's hour does not matter to it."""
    notices = enrolment.notices
    return EventBooking(db, notices.texts, notices.zone, time(19, 0))


class Privacy:
    def __init__(
        self, enrolment: Enrolments, users: UserRepo, forms: Collection[str] = (),
        booking: EventBooking | None = None,
    ) -> None:
        self.db = enrolment.db
        self.enrolment = enrolment
        self.booking = booking or seat_offers(enrolment.db, enrolment)
        self.users = users  # its memory of names forgets them too
        self.families = FamilyRepo(enrolment.db)
        self.forms = forms  # the family side's form groups (see personal.of_people)

    async def export(self, family_id: int, forms: Collection[str] = ()) -> dict[str, Any]:
        """Everything stored about a family and its members (their half-filled forms of the
        `forms` groups)."""
        return await family_data.export(self.db, family_id,
                                        await self.families.children(family_id), forms)

    async def mydata(self, user_id: int) -> tuple[bytes, bool] | None:
        """/mydata as a JSON file: the family's data (True), or the person's own if they have
        no family (False); None if nothing is stored about them."""
        family_id = await self.families.family_id(user_id)
        if family_id is not None:
            return family_data.dumps(await self.export(family_id, self.forms)), True
        own = await personal.export_own(self.db, user_id, self.forms)
        return None if own is None else (family_data.dumps(own), False)

    async def forget_scope(self, user_id: int) -> Literal["family", "left", "own"] | None:
        """What /forget would do for this user (see `forget`); None: nothing to forget."""
        member = await members.of_user(self.db, user_id)
        if member is None:
            return "own" if await personal.has_own(self.db, user_id, self.forms) else None
        return "left" if member.relation == "child" and member.parented else "family"

    async def forget(self, user_id: int) -> Forgotten | None:
        """/forget by anyone (see the module); None if nothing is stored about them."""
        done = await self.forget_member(user_id)
        if done is None and await personal.has_own(self.db, user_id, self.forms):
            await self.forget_own(user_id)
            done = Forgotten("own", [user_id])
        for member in done.members if done else []:
            self.users.forget(member)
        return done

    async def forget_member(self, user_id: int) -> Forgotten | None:
        """/forget by a member of a family; None if the user has no family."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            membership = await family_rows.membership(conn, user_id)
            if membership is None:
                return None
            family_id, relation = membership
            people = await enrolment_rows.everyone(conn, family_id)
            parents = await family_rows.parent_ids(conn, family_id)
            if relation == "child" and parents:
                await self._leave(conn, family_id, user_id, people, parents)
                result = Forgotten("left", [user_id])
            else:
                await self.erase(conn, family_id, [p.user_id for p in people], now,
                                 withdrawn=True)
                for person in people:
                    if person.user_id != user_id:
                        await enqueue(
                            conn, kind="notice", chat_id=person.user_id,
                            payload=self.enrolment.notices.family_forgotten(person),
                            dedupe_key=f"forgotten:{family_id}:{person.user_id}:{now}",
                        )
                result = Forgotten("family", [p.user_id for p in people])
        if not await self.db.checkpoint():
            # readers held the WAL; SQLite's own checkpoints will overwrite it later
            log.warning("forget: the WAL could not be truncated at once")
        return result

    async def forget_own(self, user_id: int) -> None:
        """/forget from someone with no family, in one transaction: their questions (and the
        messages they caused), quiz results, subscriptions, reminder settings, half-filled
        forms, registrations for events (the seats they held offered to the waitlist), the
        Telegram name kept with the account, and every message to them blanked. The WAL is
        checkpointed, so no copy stays in the files."""
        async with self.db.transaction() as conn:
            erased = await event_privacy.erase(conn, None, [user_id])
            await questions.forget(conn, user_ids=[user_id])
            await forget_accounts(conn, [user_id])
            await blank_outbox(conn, chats=[user_id], needles=self._needles(erased))
            await self._offer(conn, erased.events)
        if not await self.db.checkpoint():
            log.warning("forget: the WAL could not be truncated at once")

    async def erase(
        self, conn: aiosqlite.Connection, family_id: int, members: list[int], now: str, *,
        withdrawn: bool,
    ) -> None:
        """Inside the caller's transaction: the family erased (storage.erasure), a message's
        quoting of a name in its HTML found too, and the seats it held (in groups and at
        events) offered to the waitlist."""
        freed = await erase_family(conn, family_id, members, now, withdrawn=withdrawn,
                                   quote=html.quote)
        for group_id in freed.groups:
            await self.enrolment.offer_free_seats(conn, group_id)
        await self._offer(conn, freed.events)

    async def _offer(self, conn: aiosqlite.Connection, events: list[int]) -> None:
        for event_id in events:
            await self.booking.offer_free_seats(conn, event_id)

    @staticmethod
    def _needles(erased: Erased) -> set[str]:
        """What a message about erased registrations may quote, as it is or in HTML."""
        return erased.words | erased.names | {html.quote(name) for name in erased.names}

    async def _leave(
        self, conn: aiosqlite.Connection, family_id: int, user_id: int,
        people: list[Recipient], parents: set[int],
    ) -> None:
        name = await family_rows.first_name(conn, user_id)
        # the registrations the pupil made: the parents' own stay with the family
        erased = await event_privacy.erase(conn, None, [user_id])
        await self._offer(conn, erased.events)
        await family_rows.leave(conn, user_id)
        await forget_accounts(conn, [user_id])
        await blank_outbox(conn, chats=[user_id])
        await questions.forget(conn, user_ids=[user_id])
        await journal.forget_quiet(conn, [user_id])
        for person in people:
            if person.user_id in parents:
                await enqueue(
                    conn, kind="notice", chat_id=person.user_id,
                    payload=self.enrolment.notices.child_left(person, name),
                    dedupe_key=f"left:{family_id}:{user_id}:{person.user_id}:{to_db(utcnow())}",
                )
