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
# the confirmed children's own accounts (a sibling's account is not); with the children each
# hears of (`kids`: [id, name, own] each, own when it is the person's own account)
RECIPIENTS = """
    WITH kids AS (
        SELECT c.id, c.family_id, c.user_id, c.name FROM enrolments e
        JOIN children c ON c.id = e.child_id
        WHERE e.group_id = :group AND e.status = 'confirmed'
          AND (:joined_by IS NULL OR e.created_at <= :joined_by)
    ), people AS (
        SELECT m.user_id AS uid, m.family_id, k.id AS kid, k.name,
            m.relation != 'parent' AS own
        FROM family_members m JOIN kids k ON k.family_id = m.family_id
        WHERE m.relation = 'parent' OR m.child_id = k.id OR m.user_id = k.user_id
        UNION SELECT user_id, family_id, id, name, 1 FROM kids WHERE user_id IS NOT NULL
    )
    SELECT u.id, u.language, u.family_role, min(people.family_id) AS family_id,
        json_group_array(json_array(people.kid, people.name, people.own)) AS kids
    FROM people JOIN users u ON u.id = people.uid
    WHERE u.blocked = 0 GROUP BY u.id ORDER BY u.id
"""
LAST_TOLD = ("SELECT chat_id, payload FROM outbox WHERE lesson_id = ? AND kind = 'lesson'"
             " AND status IN ('sent', 'sending') ORDER BY id")


def children_of(row: aiosqlite.Row) -> list[str]:
    """The names of the children a recipient hears of, but their own account's, in the order
    they were added."""
    own = set()
    names: dict[int, str] = {}
    for kid, name, is_own in json.loads(row["kids"]):
        names[kid] = name
        if is_own:
            own.add(kid)
    return [names[kid] for kid in sorted(names) if kid not in own]


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


async def recipients(conn: aiosqlite.Connection, group_id: int,
                     joined_by: datetime | None = None) -> list[aiosqlite.Row]:
    """Who a change to the group's lesson is told to: id, language, family_role, family_id
    (with `joined_by`: only for children whose application was made by then)."""
    return list(await fetch_all(conn, RECIPIENTS, {
        "group": group_id, "joined_by": None if joined_by is None else to_db(joined_by)}))


async def write_change(
    conn: aiosqlite.Connection, lesson_id: int, action: Action, *, by: int, at: datetime,
    reason: str | None = None, starts_at: datetime | None = None,
    ends_at: datetime | None = None, day: date | None = None, room: str | None = None,
) -> None:
    """Cancel, move (to starts_at..ends_at on local `day`, in `room`; None keeps the lesson's
    own room, '' the group's) or restore the lesson, and count the change (its version, the
    schedule's)."""
    # the version is counted in the same statement: a change of time or closure made any
    # other way is counted by the database's triggers instead (a calendar's SEQUENCE)
    counted = "version = version + 1, changed_by = :by, updated_at = :at"
    params: dict[str, object] = {"id": lesson_id, "reason": reason, "by": by, "at": to_db(at)}
    if action == "cancel":
        await conn.execute(
            "UPDATE lessons SET status = 'cancelled', reason = :reason, manual = 1,"
            f" {counted} WHERE id = :id", params,
        )
    elif action == "move":
        if starts_at is None or ends_at is None or day is None:
            raise ValueError("a move needs the new start, end and day")
        await conn.execute(
            "UPDATE lessons SET status = 'moved', reason = :reason, manual = 1,"
            " starts_at = :starts, ends_at = :ends, day = :day, room = coalesce(:room, room),"
            f" {counted} WHERE id = :id",
            {**params, "starts": to_db(starts_at), "ends": to_db(ends_at),
             "day": day.isoformat(), "room": room},
        )
    else:
        # back to what the pattern gives; inside a closure it then takes place anyway
        await conn.execute(
            "UPDATE lessons SET status = 'planned', reason = :reason, starts_at ="
            " planned_start, ends_at = planned_end, room = planned_room, day ="
            " substr(origin, 1, 10), manual = (closure_id IS NOT NULL),"
            f" {counted} WHERE id = :id", params,
        )
    await schedule_changed(conn)


async def supersede_queued(conn: aiosqlite.Connection, lesson_id: int) -> None:
    """The lesson's change notices still queued are cancelled: a newer one replaces them."""
    await conn.execute(
        "UPDATE outbox SET status = 'cancelled', last_error = 'superseded',"
        " lease_until = NULL WHERE lesson_id = ? AND kind = 'lesson' AND status = 'pending'",
        (lesson_id,),
    )
