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
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from bot.services import dates
from bot.services.event_door_texts import DoorTexts, fitting
from bot.services.event_tickets import CODE_ALPHABET, CODE_LENGTH, normal_code, ticket_key
from bot.services.reminders import after_quiet
from storage import event_door as rows
from storage.clock import age_on, utcnow
from storage.db import Database
from storage.event_door import DoorRepo, Feedback, Registration
from storage.events import Event
from storage.outbox import enqueue
from storage.programmes import ProgrammeRepo
from storage.users import User

ASK_WITHIN = timedelta(days=2)  # an event over for longer is not asked about any more
ASK_EXPIRY = timedelta(days=3)  # «Как вам?» not sent by then is not sent
COMMENT_LIMIT = 1000
LATEST_COMMENTS = 5
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{8,64}")
ID_MAX = 2**63 - 1

DoorOutcome = Literal["check-in", "ticket", "not-found"]
CheckOutcome = Literal["done", "already", "not-staff", "not-found"]


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


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    """What staff see of an event's feedback: the average stars, how many, the latest
    comments."""

    average: float | None
    count: int
    comments: list[Feedback] = field(default_factory=list)


class EventDoor:
    def __init__(self, db: Database, texts: DoorTexts) -> None:
        self.db = db
        self.texts = texts
        self.repo = DoorRepo(db)
        self.programmes = ProgrammeRepo(db)

    # ---- the ticket --------------------------------------------------------------------

    async def _owns(self, user: User, registration: Registration) -> bool:
        """The registration's own person, or a parent of its family."""
        if registration.user_id == user.id:
            return True
        return registration.family_id is not None and await rows.parent_in_family(
            self.db.reader, user.id, registration.family_id)

    async def ticket_again(self, user: User, registration_id: int) -> bool:
        """«🎟 Мой билет»: the ticket queued again (the next of its numbers); False when this
        person has no such ticket."""
        if not 0 < registration_id <= ID_MAX:
            return False
        async with self.db.transaction() as conn:
            registration = await rows.by_id(conn, registration_id)
            if registration is None or not await self._owns(user, registration):
                return False
            event = await rows.event(conn, registration.event_id)
            if event is None:
                return False
            n = await rows.tickets_queued(conn, event.id, registration.id) + 1
            t = self.texts.bind(user.language, user.family_role)
            await enqueue(conn, kind="ticket", chat_id=user.id,
                          payload=self.texts.ticket(t, event, registration),
                          dedupe_key=ticket_key(event.id, registration.id, n),
                          family_id=registration.family_id)
        return True

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
        events = [(r, await rows.event(self.db.reader, r.event_id)) for r in found]
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
        event = event or await rows.event(self.db.reader, registration.event_id)
        if event is None:
            return Door("not-found")
        if user.is_staff:
            return Door("check-in", registration, event)
        if await self._owns(user, registration):
            return Door("ticket", registration, event)
        return Door("not-found")

    # ---- the check-in ------------------------------------------------------------------

    async def check_in(self, user: User, registration_id: int, now: datetime) -> CheckedIn:
        """«✅ Отметить приход»: one write; a second press finds it done."""
        if not user.is_staff:
            return CheckedIn("not-staff")
        if not 0 < registration_id <= ID_MAX:
            return CheckedIn("not-found")
        async with self.db.transaction() as conn:
            done = await rows.check_in(conn, registration_id, user.id, now)
            registration = await rows.by_id(conn, registration_id)
            event = await rows.event(conn, registration.event_id) if registration else None
        if registration is None or event is None:
            return CheckedIn("not-found")
        return CheckedIn("done" if done else "already", registration, event)

    # ---- after the event ---------------------------------------------------------------

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
                    t = self.texts.bind(guest.language, guest.family_role)
                    due = after_quiet(now, guest.quiet, self.texts.zone)
                    later = due if due > now else None
                    queued += await enqueue(
                        conn, kind="event", chat_id=guest.user_id,
                        payload=self.texts.ask(t, event, guest.registration_id),
                        dedupe_key=f"ev:{event.id}:feedback:{guest.registration_id}",
                        due_at=later, expires_at=due + ASK_EXPIRY, family_id=guest.family_id)
                    open_now = fitting(programmes, [age_on(b, today) for b in guest.born],
                                       today)
                    if event.kind == "open_day" and open_now:
                        queued += await enqueue(
                            conn, kind="event", chat_id=guest.user_id,
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
            return await rows.event(conn, registration.event_id)

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

    async def feedback(self, event_id: int) -> FeedbackSummary:
        """For the staff's event screen: the average stars, how many gave them, the latest
        comments (newest first)."""
        average, count = await self.repo.feedback_counts(event_id)
        comments = await self.repo.comments(event_id, LATEST_COMMENTS) if count else []
        return FeedbackSummary(average, count, comments)
