"""Questions to staff, the use cases: a family member asks, a member of staff takes one
(«✍️ Ответить») and answers it.

A question is written together with one outbox notice per current member of staff (rendered
in each one's language by a `QuestionNotices`); an answer is written together with the reply to
the asker, quoting their question. Two members of staff answering at once: the first answer
that commits wins, the other is told who answered and what. The rules live here: how many
questions a person may ask in a while, how long «answering now» stands, how long a reply is
worth delivering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import aiosqlite

from storage import questions as rows
from storage.clock import utcnow
from storage.db import Database
from storage.enrolments import Recipient
from storage.outbox import enqueue
from storage.questions import ChildPlace, Question, QuestionRepo

RATE_LIMIT = 3  # questions a person may ask ...
RATE_WINDOW = timedelta(minutes=15)  # ... in any window this long
TAKEN_FOR = timedelta(minutes=10)  # «Анна уже отвечает» this long after she pressed «Ответить»
REPLY_EXPIRY = timedelta(days=7)  # a reply is worth delivering this long (the sender down)


class QuestionNotices(Protocol):
    """Renders the messages questions cause, in each recipient's language. Pure: it is called
    inside transactions."""

    def for_staff(
        self, question: Question, children: list[ChildPlace], staff: Recipient
    ) -> dict[str, Any]: ...

    def reply(self, question: Question, asker: Recipient) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Asked:
    """A question written, or, past the rate limit, when the person may ask again."""

    question: Question | None
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Taken:
    """A question as it was when «Ответить» was pressed; `busy`: someone else pressed it
    less than TAKEN_FOR ago (`question.taker_name` says who)."""

    question: Question
    busy: bool


@dataclass(frozen=True, slots=True)
class Answered:
    """answered: the reply is queued; already: someone answered first (`question` says who
    and what); gone: no such question."""

    outcome: Literal["answered", "already", "gone"]
    question: Question | None


def taken_by_other(question: Question, staff_id: int, now: datetime) -> bool:
    """Someone else pressed «Ответить» less than TAKEN_FOR ago."""
    return (
        question.status == "open" and question.taken_by is not None
        and question.taken_by != staff_id
        and question.taken_at is not None and now - question.taken_at < TAKEN_FOR
    )


def being_answered(question: Question, now: datetime) -> bool:
    """Someone pressed «Ответить» less than TAKEN_FOR ago (the list's marker)."""
    return taken_by_other(question, 0, now)


async def _retry_at(conn: aiosqlite.Connection, user_id: int, now: datetime) -> datetime | None:
    """When this person may ask again, if they have asked RATE_LIMIT questions within the
    last RATE_WINDOW; None if they may ask now."""
    asked = await rows.asked_since(conn, user_id, now - RATE_WINDOW, RATE_LIMIT)
    if len(asked) < RATE_LIMIT:
        return None
    return asked[-1] + RATE_WINDOW


class Questions:
    def __init__(self, db: Database, notices: QuestionNotices) -> None:
        self.db = db
        self.notices = notices
        self.rows = QuestionRepo(db)

    # ---- reading (the staff's list and cards) --------------------------------------------

    async def get(self, question_id: int) -> Question | None:
        return await self.rows.get(question_id)

    async def open_page(self, page: int, size: int) -> tuple[list[Question], int]:
        return await self.rows.open_page(page, size)

    async def open_count(self) -> int:
        return await self.rows.open_count()

    async def children(self, family_id: int | None) -> list[ChildPlace]:
        return await self.rows.children(family_id)

    async def retry_at(self, user_id: int) -> datetime | None:
        """When this person may ask again; None if they may ask now."""
        return await _retry_at(self.db.reader, user_id, utcnow())

    # ---- the use cases -------------------------------------------------------------------

    async def ask(
        self, user_id: int, *, message_id: int | None, text: str, photo: str | None,
        to: int | None = None,
    ) -> Asked:
        """Write a question and, in the same transaction, a notice to every current member
        of staff (not the asker), or only to `to` (a teacher) while they are staff; refused
        past the rate limit."""
        async with self.db.transaction() as conn:
            return await self.ask_in(conn, user_id, message_id=message_id, text=text,
                                     photo=photo, now=utcnow(), to=to)

    async def ask_in(
        self, conn: aiosqlite.Connection, user_id: int, *, message_id: int | None, text: str,
        photo: str | None, now: datetime, to: int | None = None,
    ) -> Asked:
        """`ask` inside the caller's transaction (which may write more beside the question);
        past the rate limit it writes nothing."""
        retry_at = await _retry_at(conn, user_id, now)
        if retry_at is not None:
            return Asked(None, retry_at)
        family_id = await rows.family_of(conn, user_id)
        question = await rows.insert(conn, user_id, family_id, message_id=message_id,
                                     text=text, photo=photo, now=now)
        children = await rows.children_in(conn, family_id)
        staff = await rows.staff_except(conn, user_id)
        for person in [p for p in staff if p.user_id == to] or staff:
            await enqueue(
                conn, kind="question", chat_id=person.user_id,
                payload=self.notices.for_staff(question, children, person),
                dedupe_key=f"question:{question.id}:{person.user_id}",
                family_id=family_id, staff_only=True,
            )
        return Asked(question)

    async def take(self, question_id: int, staff_id: int) -> Taken | None:
        """«Ответить» pressed: note who and when (an answered question is left as it is);
        None if there is no such question."""
        now = utcnow()
        async with self.db.transaction() as conn:
            question = await rows.get_in(conn, question_id)
            if question is None:
                return None
            if question.status == "open":
                await rows.mark_taken(conn, question_id, staff_id, now)
        return Taken(question, taken_by_other(question, staff_id, now))

    async def answer(self, question_id: int, staff_id: int, answer: str) -> Answered:
        """The answer and, in the same transaction, the reply to the asker quoting their
        question; only if nobody answered first."""
        now = utcnow()
        async with self.db.transaction() as conn:
            changed = await rows.set_answered(conn, question_id, staff_id, answer, now)
            question = await rows.get_in(conn, question_id)
            if question is None:
                return Answered("gone", None)
            if not changed:
                return Answered("already", question)
            asker = Recipient(question.user_id, question.asker_language, question.asker_role)
            await enqueue(
                conn, kind="reply", chat_id=question.user_id,
                payload=self.notices.reply(question, asker),
                dedupe_key=f"reply:{question.id}",
                family_id=question.family_id, expires_at=now + REPLY_EXPIRY,
            )
        return Answered("answered", question)
