"""Staff's changes to one lesson, as queries: the change written, who is told of it, what
each was last told, and the queued notices a newer change supersedes. Which notices a change
queues, and the transaction, are bot.services.lesson_changes'."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

import aiosqlite

from storage.clock import to_db
from storage.db import fetch_all
from storage.lesson_rows import State
from storage.timetable import schedule_changed

Action = Literal["cancel", "move", "restore"]

# who is told of a change: every parent of a family with a confirmed child in the group, and
# the confirmed children's own accounts (a sibling's account is not)
RECIPIENTS = """
    WITH kids AS (
        SELECT c.id, c.family_id, c.user_id FROM enrolments e
        JOIN children c ON c.id = e.child_id
        WHERE e.group_id = :group AND e.status = 'confirmed'
    ), people AS (
        SELECT m.user_id AS uid, m.family_id FROM family_members m
        WHERE m.family_id IN (SELECT family_id FROM kids)
            AND (m.relation = 'parent' OR m.child_id IN (SELECT id FROM kids)
                 OR m.user_id IN (SELECT user_id FROM kids WHERE user_id IS NOT NULL))
        UNION SELECT user_id, family_id FROM kids WHERE user_id IS NOT NULL
    )
    SELECT u.id, u.language, u.family_role, min(people.family_id) AS family_id
    FROM people JOIN users u ON u.id = people.uid
    WHERE u.blocked = 0 GROUP BY u.id ORDER BY u.id
"""
LAST_TOLD = ("SELECT chat_id, payload FROM outbox WHERE lesson_id = ? AND kind = 'lesson'"
             " AND status IN ('sent', 'sending') ORDER BY id")


def last_told_of(rows: Iterable[aiosqlite.Row]) -> dict[int, State]:
    """What each person was last told of the lesson (a notice sent or being sent)."""
    last_told: dict[int, State] = {}
    for row in rows:
        state = json.loads(row["payload"]).get("state")
        if state:
            last_told[row["chat_id"]] = State.load(state)
    return last_told


async def last_told(conn: aiosqlite.Connection, lesson_id: int) -> dict[int, State]:
    return last_told_of(await fetch_all(conn, LAST_TOLD, (lesson_id,)))


async def recipients(conn: aiosqlite.Connection, group_id: int) -> list[aiosqlite.Row]:
    """Who a change to the group's lesson is told to: id, language, family_role, family_id."""
    return list(await fetch_all(conn, RECIPIENTS, {"group": group_id}))


async def write_change(
    conn: aiosqlite.Connection, lesson_id: int, action: Action, *, by: int, at: datetime,
    reason: str | None = None, starts_at: datetime | None = None,
    ends_at: datetime | None = None, day: date | None = None, room: str | None = None,
) -> None:
    """Cancel, move (to starts_at..ends_at on local `day`, in `room`; None keeps the lesson's
    own room, '' the group's) or restore the lesson, and count the change (its version, the
    schedule's)."""
    if action == "cancel":
        await conn.execute(
            "UPDATE lessons SET status = 'cancelled', reason = ?, manual = 1 WHERE id = ?",
            (reason, lesson_id),
        )
    elif action == "move":
        if starts_at is None or ends_at is None or day is None:
            raise ValueError("a move needs the new start, end and day")
        await conn.execute(
            "UPDATE lessons SET status = 'moved', reason = ?, manual = 1, starts_at = ?,"
            " ends_at = ?, day = ?, room = coalesce(?, room) WHERE id = ?",
            (reason, to_db(starts_at), to_db(ends_at), day.isoformat(), room, lesson_id),
        )
    else:
        # back to what the pattern gives; inside a closure it then takes place anyway
        await conn.execute(
            "UPDATE lessons SET status = 'planned', reason = ?, starts_at ="
            " planned_start, ends_at = planned_end, room = planned_room, day ="
            " substr(origin, 1, 10), manual = (closure_id IS NOT NULL) WHERE id = ?",
            (reason, lesson_id),
        )
    await conn.execute(
        "UPDATE lessons SET version = version + 1, changed_by = ?, updated_at = ?"
        " WHERE id = ?", (by, to_db(at), lesson_id),
    )
    await schedule_changed(conn)


async def supersede_queued(conn: aiosqlite.Connection, lesson_id: int) -> None:
    """The lesson's change notices still queued are cancelled: a newer one replaces them."""
    await conn.execute(
        "UPDATE outbox SET status = 'cancelled', last_error = 'superseded',"
        " lease_until = NULL WHERE lesson_id = ? AND kind = 'lesson' AND status = 'pending'",
        (lesson_id,),
    )
