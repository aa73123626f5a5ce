"""Questions to staff, as rows: asked, taken, answered; the children of the asker's family
beside them; /mydata and /forget.

The rules (how many questions a person may ask, how long «answering now» stands) and the
messages a question and an answer cause are the service's (bot/services/questions.py), which
calls the functions here that take a connection inside its transaction. `QuestionRepo` reads
outside of one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import ACTIVE_SQL, Recipient

QUESTION_SELECT = """
    SELECT q.id, q.user_id, q.family_id, q.message_id, q.text, q.photo, q.status, q.taken_by,
        q.taken_at, q.answered_by, q.answer, q.answered_at, q.created_at,
        a.first_name AS asker_name, a.username AS asker_username, a.family_role AS asker_role,
        a.language AS asker_language, t.first_name AS taker_name, s.first_name AS answerer_name
    FROM questions q
    LEFT JOIN users a ON a.id = q.user_id
    LEFT JOIN users t ON t.id = q.taken_by
    LEFT JOIN users s ON s.id = q.answered_by
"""


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    user_id: int
    family_id: int | None
    message_id: int | None
    text: str
    photo: str | None
    status: Literal["open", "answered"]
    taken_by: int | None
    taken_at: datetime | None
    answered_by: int | None
    answer: str | None
    answered_at: datetime | None
    created_at: datetime
    asker_name: str = ""
    asker_username: str | None = None
    asker_role: str | None = None
    asker_language: str = "ru"
    taker_name: str = ""
    answerer_name: str = ""


@dataclass(frozen=True, slots=True)
class ChildPlace:
    """A child of the asker's family and one of the groups it applied to (none: no group)."""

    name: str
    programme_ru: str | None
    programme_en: str | None
    group: str | None
    status: str | None

    def programme(self, locale: str) -> str:
        return (self.programme_en if locale == "en" else self.programme_ru) or ""


def _question(row: aiosqlite.Row) -> Question:
    def moment(key: str) -> datetime | None:
        return from_db(row[key]) if row[key] else None

    return Question(
        id=row["id"], user_id=row["user_id"], family_id=row["family_id"],
        message_id=row["message_id"], text=row["text"], photo=row["photo"],
        status=row["status"], taken_by=row["taken_by"], taken_at=moment("taken_at"),
        answered_by=row["answered_by"], answer=row["answer"],
        answered_at=moment("answered_at"), created_at=from_db(row["created_at"]),
        asker_name=row["asker_name"] or "", asker_username=row["asker_username"],
        asker_role=row["asker_role"], asker_language=row["asker_language"] or "ru",
        taker_name=row["taker_name"] or "", answerer_name=row["answerer_name"] or "",
    )


async def asked_since(conn: aiosqlite.Connection, user_id: int, since: datetime, limit: int
                      ) -> list[datetime]:
    """When this person asked their questions after `since`, latest first, at most `limit`."""
    rows = await fetch_all(
        conn, "SELECT created_at FROM questions WHERE user_id = ? AND created_at > ?"
        " ORDER BY created_at DESC LIMIT ?", (user_id, to_db(since), limit),
    )
    return [from_db(row["created_at"]) for row in rows]


async def family_of(conn: aiosqlite.Connection, user_id: int) -> int | None:
    family = await fetch_one(
        conn, "SELECT family_id FROM family_members WHERE user_id = ?", (user_id,)
    )
    return int(family[0]) if family else None


async def insert(
    conn: aiosqlite.Connection, user_id: int, family_id: int | None, *,
    message_id: int | None, text: str, photo: str | None, now: datetime,
) -> Question:
    cursor = await conn.execute(
        "INSERT INTO questions (user_id, family_id, message_id, text, photo,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (user_id, family_id, message_id, text, photo, to_db(now)),
    )
    question = await get_in(conn, int(cursor.lastrowid or 0))
    assert question is not None
    return question


async def get_in(conn: aiosqlite.Connection, question_id: int) -> Question | None:
    row = await fetch_one(conn, QUESTION_SELECT + " WHERE q.id = ?", (question_id,))
    return None if row is None else _question(row)


async def children_in(conn: aiosqlite.Connection, family_id: int | None) -> list[ChildPlace]:
    if family_id is None:
        return []
    return _places(await fetch_all(conn, CHILDREN_SQL, (family_id,)))


async def staff_except(conn: aiosqlite.Connection, user_id: int) -> list[Recipient]:
    """Every current member of staff who can be written to, but this person."""
    rows = await fetch_all(
        conn, "SELECT id, language, family_role FROM users WHERE staff_role IS NOT NULL"
        " AND blocked = 0 AND id != ? ORDER BY id", (user_id,),
    )
    return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]


async def mark_taken(conn: aiosqlite.Connection, question_id: int, staff_id: int,
                     now: datetime) -> None:
    """«Ответить» pressed on an open question: who and when."""
    await conn.execute(
        "UPDATE questions SET taken_by = ?, taken_at = ? WHERE id = ? AND status = 'open'",
        (staff_id, to_db(now), question_id),
    )


async def set_answered(conn: aiosqlite.Connection, question_id: int, staff_id: int,
                       answer: str, now: datetime) -> bool:
    """The answer, only if the question is still open; False if it was not."""
    cursor = await conn.execute(
        "UPDATE questions SET status = 'answered', answered_by = ?, answer = ?,"
        " answered_at = ? WHERE id = ? AND status = 'open'",
        (staff_id, answer, to_db(now), question_id),
    )
    return cursor.rowcount == 1


class QuestionRepo:
    """Reading questions outside of a transaction: the staff's list and cards."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, question_id: int) -> Question | None:
        row = await self.db.fetchone(QUESTION_SELECT + " WHERE q.id = ?", (question_id,))
        return None if row is None else _question(row)

    async def open_page(self, page: int, size: int) -> tuple[list[Question], int]:
        """A page of the unanswered questions, oldest first, and how many there are."""
        total = await self.open_count()
        rows = await self.db.fetchall(
            QUESTION_SELECT + " WHERE q.status = 'open' ORDER BY q.created_at, q.id"
            " LIMIT ? OFFSET ?", (size, max(page, 0) * size),
        )
        return [_question(row) for row in rows], total

    async def open_count(self) -> int:
        return int(await self.db.fetchval(
            "SELECT count(*) FROM questions WHERE status = 'open'"
        ) or 0)

    async def children(self, family_id: int | None) -> list[ChildPlace]:
        if family_id is None:
            return []
        return _places(await self.db.fetchall(CHILDREN_SQL, (family_id,)))


CHILDREN_SQL = f"""
    SELECT c.name, p.title_ru, p.title_en, g.name AS group_name, e.status
    FROM children c
    LEFT JOIN enrolments e ON e.child_id = c.id AND e.status IN ({ACTIVE_SQL})
    LEFT JOIN groups g ON g.id = e.group_id
    LEFT JOIN programmes p ON p.id = g.programme_id
    WHERE c.family_id = ?
    ORDER BY c.id, e.id
"""  # noqa: S608 - constants only


def _places(rows: Iterable[aiosqlite.Row]) -> list[ChildPlace]:
    return [
        ChildPlace(name=row["name"], programme_ru=row["title_ru"], programme_en=row["title_en"],
                   group=row["group_name"], status=row["status"])
        for row in rows
    ]


# ---- /mydata and /forget ---------------------------------------------------------------------


def _whose(user_ids: list[int], family_id: int | None) -> tuple[str, list[Any]]:
    """The WHERE clause for the questions of these people or of this family."""
    clauses = [f"user_id IN ({','.join('?' * len(user_ids)) or 'NULL'})"]
    params: list[Any] = list(user_ids)
    if family_id is not None:
        clauses.append("family_id = ?")
        params.append(family_id)
    return " OR ".join(clauses), params


async def export(db: Database, user_ids: list[int], family_id: int | None) -> list[dict[str, Any]]:
    """The questions these people (or anyone of this family) asked and their answers, for
    /mydata (times in UTC)."""
    where, params = _whose(user_ids, family_id)
    rows = await db.fetchall(
        "SELECT id, user_id, text, photo IS NOT NULL AS photo, status, created_at, answer,"
        f" answered_at FROM questions WHERE {where} ORDER BY created_at, id",  # noqa: S608
        params,
    )
    return [
        {"id": row["id"], "asked_by": row["user_id"], "text": row["text"],
         "with_photo": bool(row["photo"]), "asked_at": row["created_at"],
         "status": row["status"], "answer": row["answer"], "answered_at": row["answered_at"]}
        for row in rows
    ]


async def forget(
    conn: aiosqlite.Connection, *, user_ids: list[int], family_id: int | None = None
) -> int:
    """Inside the caller's transaction (/forget): delete the questions of these people and of
    this family, and blank every message they caused — the notices to staff and the replies,
    sent or not (those not yet sent are cancelled) — whatever family they were asked in."""
    where, params = _whose(user_ids, family_id)
    ids = [int(row[0]) for row in await fetch_all(
        conn, f"SELECT id FROM questions WHERE {where}", params,  # noqa: S608
    )]
    for question_id in ids:
        await conn.execute(
            "UPDATE outbox SET payload = '{}', status = CASE WHEN status IN"
            " ('pending', 'sending') THEN 'cancelled' ELSE status END"
            " WHERE payload != '{}' AND (dedupe_key GLOB ? OR dedupe_key = ?)",
            (f"question:{question_id}:*", f"reply:{question_id}"),
        )
    await conn.executemany("DELETE FROM questions WHERE id = ?", [(i,) for i in ids])
    return len(ids)


async def release_taken(conn: aiosqlite.Connection, staff_id: int) -> int:
    """Take a person's «answering now» mark off the open questions (they left the staff)."""
    cursor = await conn.execute(
        "UPDATE questions SET taken_by = NULL, taken_at = NULL"
        " WHERE taken_by = ? AND status = 'open'", (staff_id,),
    )
    return cursor.rowcount
