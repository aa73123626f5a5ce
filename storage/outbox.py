"""The outbox: every message the bot sends on its own initiative, as a row first.

Rows are added with `enqueue(conn, ...)` inside the caller's own transaction, so the message
exists exactly when the change that causes it does. The sender claims due rows (one per chat at
a time, so a chat's messages keep their order and a crash can repeat at most one per chat),
then records the outcomes as they arrive, a group commit every ~100 ms.

Every row has a use-by time: its own `expires_at` (a seat offer's deadline, a lesson's start)
or, without one, `DEFAULT_EXPIRY` after it was queued. Transient failures are retried until
then, and a row still unsent at that point is marked expired rather than sent late.

A `staff_only` row (a notice about an application, with a child's name in it) goes only to a
current member of staff: a revocation cancels and blanks such rows, and so does `claim` for any
whose recipient is no longer staff when their turn comes.

A claimed row may still be cancelled (a /forget blanks it) while it waits for its sending slot:
the sender asks `still_ours` just before the request, and every outcome is written only to a
row still `sending`, so a cancelled row stays cancelled and blank.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.outbox_blanking import blank_outbox, unkey_outbox

# blank_outbox and unkey_outbox (what /forget does to the outbox) are found here too
__all__ = [
    "DEFAULT_EXPIRY", "PRIORITY", "OutboxRepo", "OutboxRow", "Outcome", "Status", "Verdict",
    "blank_outbox", "cancel_staff_rows", "enqueue", "unkey_outbox",
]

# how long a row without its own expiry stays worth sending (and retrying)
DEFAULT_EXPIRY = timedelta(hours=24)

PRIORITY = {
    "alert": 0, "ops": 0, "reminder": 10, "lesson": 15, "offer": 20, "absence": 25, "reply": 30,
    "question": 50, "notice": 50, "report": 50, "post": 90, "broadcast": 100, "closure": 15,
    # an event's ticket as urgent as a seat's offer; «Как вам?» and the open day's follow-up
    # as any notice
    "ticket": 20, "feedback": 50, "followup": 50,
}

Status = Literal["pending", "sending", "sent", "failed", "cancelled", "expired"]
# just before its request, a claimed row is: still this claim's to send; blanked (cancel it);
# or gone (cancelled, settled or claimed again meanwhile: not to be sent, nothing to record)
Verdict = Literal["ours", "blank", "gone"]


ENQUEUE = (
    "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"
    " broadcast_id, expires_at, created_at, family_id, staff_only, lesson_id, topic)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"
)


def _enqueued(*, kind: str, chat_id: int, payload: dict[str, Any], dedupe_key: str,
              due_at: datetime | None = None, priority: int | None = None,
              broadcast_id: int | None = None, expires_at: datetime | None = None,
              family_id: int | None = None, staff_only: bool = False,
              lesson_id: int | None = None, topic: str | None = None) -> tuple[Any, ...]:
    now = utcnow()
    return (
        kind, chat_id, json.dumps(payload, ensure_ascii=False), dedupe_key,
        to_db(due_at or now), PRIORITY.get(kind, 100) if priority is None else priority,
        broadcast_id, to_db(expires_at) if expires_at else None, to_db(now),
        family_id, int(staff_only), lesson_id, topic,
    )


async def enqueue(
    conn: aiosqlite.Connection,
    *,
    kind: str,
    chat_id: int,
    payload: dict[str, Any],
    dedupe_key: str,
    due_at: datetime | None = None,
    priority: int | None = None,
    broadcast_id: int | None = None,
    expires_at: datetime | None = None,
    family_id: int | None = None,
    staff_only: bool = False,
    lesson_id: int | None = None,
    topic: str | None = None,
) -> bool:
    """Add one message inside the caller's transaction; False if its key already exists.

    `family_id` names the family the message is about (so forgetting the family blanks it);
    `staff_only` rows are dropped at send time if the recipient is no longer staff;
    `lesson_id` names the lesson it is about, so a later change can supersede it;
    `topic` what it is part of ('closure:<id>'), so its delivery can be reported."""
    cursor = await conn.execute(ENQUEUE, _enqueued(
        kind=kind, chat_id=chat_id, payload=payload, dedupe_key=dedupe_key, due_at=due_at,
        priority=priority, broadcast_id=broadcast_id, expires_at=expires_at,
        family_id=family_id, staff_only=staff_only, lesson_id=lesson_id, topic=topic))
    return cursor.rowcount == 1


def enqueue_here(conn: sqlite3.Connection, **message: Any) -> bool:
    """`enqueue` on the plain sqlite3 connection, in a `Database.in_one_trip` write."""
    return conn.execute(ENQUEUE, _enqueued(**message)).rowcount == 1


async def cancel_staff_rows(conn: aiosqlite.Connection, chat_id: int) -> int:
    """Inside the caller's transaction (a revocation): cancel this person's staff notices not
    yet sent, and blank them, so no child's name stays queued for someone no longer staff."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'cancelled', payload = '{}', last_error = 'not staff',"
        " lease_until = NULL"
        " WHERE chat_id = ? AND staff_only = 1 AND status IN ('pending', 'sending')",
        (chat_id,),
    )
    return cursor.rowcount


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    kind: str
    chat_id: int
    payload: dict[str, Any]
    attempts: int
    broadcast_id: int | None
    expires_at: datetime | None
    created_at: datetime
    staff_only: bool = False
    priority: int = 100
    # the claim's lease as stored: with `attempts`, which claim this is
    lease_until: str | None = None

    @property
    def use_by(self) -> datetime:
        """Until when the row is worth sending (and retrying)."""
        return self.expires_at or self.created_at + DEFAULT_EXPIRY


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one claimed row."""

    row_id: int
    chat_id: int
    # released: claimed, then given back unsent (the sender stopped); dropped: cancelled and
    # blanked unsent (`error` says why); gone: no longer this claim's, nothing is recorded
    status: Literal[
        "sent", "failed", "retry", "blocked", "expired", "dropped", "released", "gone"
    ]
    message_id: int | None = None
    error: str | None = None
    retry_at: datetime | None = None


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def recover(self, *, everything: bool = False) -> int:
        """Rows left in `sending` past their lease (or all of them, at start: the process lock
        says no other sender exists) go back to pending."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            if everything:
                cursor = await conn.execute(
                    "UPDATE outbox SET status = 'pending', lease_until = NULL"
                    " WHERE status = 'sending'"
                )
            else:
                cursor = await conn.execute(
                    "UPDATE outbox SET status = 'pending', lease_until = NULL"
                    " WHERE status = 'sending' AND lease_until <= ?",
                    (now,),
                )
        return cursor.rowcount

    async def claim(self, limit: int, lease: timedelta) -> list[OutboxRow]:
        """Take up to `limit` due rows, at most one per chat and none for a chat that already
        has one in flight; expire rows past their use-by time, and cancel (blanking them)
        staff-only rows whose recipient is no longer staff."""
        now = utcnow()
        stamp = to_db(now)
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'expired', last_error = 'expired'"
                " WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?",
                (stamp,),
            )
            await conn.execute(
                "UPDATE outbox SET status = 'cancelled', payload = '{}', last_error = 'not staff'"
                " WHERE staff_only = 1 AND status = 'pending' AND NOT EXISTS ("
                "   SELECT 1 FROM users u WHERE u.id = outbox.chat_id"
                "   AND u.staff_role IS NOT NULL)"
            )
            async with conn.execute(
                "SELECT o.id, o.kind, o.chat_id, o.payload, o.attempts, o.broadcast_id,"
                " o.expires_at, o.created_at, o.staff_only, o.priority"
                " FROM outbox o"
                " WHERE o.status = 'pending' AND o.due_at <= :now"
                " AND o.id = (SELECT f.id FROM outbox f WHERE f.chat_id = o.chat_id"
                "   AND f.status = 'pending' AND f.due_at <= :now"
                "   ORDER BY f.priority, f.due_at, f.id LIMIT 1)"
                " AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.chat_id = o.chat_id"
                "   AND s.status = 'sending')"
                # a reminder waits while its group is being planned again
                " AND (o.kind != 'reminder' OR NOT EXISTS (SELECT 1 FROM replan r"
                "   WHERE r.group_id = (SELECT group_id FROM lessons WHERE id = o.lesson_id)))"
                " ORDER BY o.priority, o.due_at, o.id LIMIT :limit",
                {"now": stamp, "limit": limit},
            ) as cur:
                rows = await cur.fetchall()
            lease_until = to_db(now + lease)
            if rows:
                await conn.executemany(
                    "UPDATE outbox SET status = 'sending', attempts = attempts + 1,"
                    " lease_until = ? WHERE id = ?",
                    [(lease_until, row["id"]) for row in rows],
                )
        return [
            OutboxRow(
                id=row["id"], kind=row["kind"], chat_id=row["chat_id"],
                payload=json.loads(row["payload"]), attempts=row["attempts"] + 1,
                broadcast_id=row["broadcast_id"],
                expires_at=from_db(row["expires_at"]) if row["expires_at"] else None,
                created_at=from_db(row["created_at"]), staff_only=bool(row["staff_only"]),
                priority=row["priority"], lease_until=lease_until,
            )
            for row in rows
        ]

    async def renew(self, claims: list[OutboxRow], lease: timedelta) -> datetime:
        """Extend these claims' leases to `lease` from now (a flood-control pause outlasting
        them), each only while the row is still `sending` under that claim; the new lease."""
        stamp = to_db(utcnow() + lease)
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE outbox SET lease_until = max(lease_until, ?) WHERE id = ?"
                " AND status = 'sending' AND attempts = ? AND lease_until >= ?",
                [(stamp, claim.id, claim.attempts, claim.lease_until) for claim in claims],
            )
        return from_db(stamp)

    async def still_ours(self, rows: list[OutboxRow]) -> dict[int, Verdict]:
        """Just before their requests: is each claimed row still `sending` under its very claim
        (not cancelled by a /forget or a revocation, nor settled, nor claimed again after its
        lease ran out), and not blanked? One read by primary key for them all. A lease
        renewed since (`renew`) is the same claim's: a claim made since counts one more
        attempt, and only its holder gives a claim back (taking that attempt off)."""
        verdicts: dict[int, Verdict] = dict.fromkeys((row.id for row in rows), "gone")
        claims = {row.id: (row.attempts, row.lease_until or "") for row in rows}
        ids = list(claims)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for found in await self.db.fetchall(
                "SELECT id, attempts, lease_until, payload = '{}' AS blank FROM outbox"
                f" WHERE id IN ({','.join('?' * len(chunk))}) AND status = 'sending'",  # noqa: S608
                chunk,
            ):
                attempts, lease = claims[found["id"]]
                if found["attempts"] == attempts and (found["lease_until"] or "") >= lease:
                    verdicts[found["id"]] = "blank" if found["blank"] else "ours"
        return verdicts

    async def still_staff(self, user_id: int) -> bool:
        """Is the recipient of a staff-only row staff at this moment (just before sending)?"""
        return bool(await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = ? AND staff_role IS NOT NULL)",
            (user_id,),
        ))

    async def finish(self, outcomes: list[Outcome]) -> None:
        """Record outcomes in one transaction (the sender's group commit, every ~100 ms); a
        blocked chat's user is marked; a released row is pending again, its claim uncounted.
        Only rows still `sending` are written: one cancelled meanwhile (a /forget: blank)
        stays cancelled, even if its message went out before the cancellation."""
        if not outcomes:
            return
        now = to_db(utcnow())
        sent = [(o.message_id, now, o.row_id) for o in outcomes if o.status == "sent"]
        retry = [(to_db(o.retry_at), o.error, o.row_id) for o in outcomes
                 if o.status == "retry" and o.retry_at is not None]
        failed = [("blocked" if o.status == "blocked" else o.error, o.row_id) for o in outcomes
                  if o.status in ("failed", "blocked")
                  or (o.status == "retry" and o.retry_at is None)]
        expired = [(o.error, o.row_id) for o in outcomes if o.status == "expired"]
        dropped = [(o.error or "cancelled", o.row_id) for o in outcomes if o.status == "dropped"]
        released = [(o.row_id,) for o in outcomes if o.status == "released"]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?,"
                " lease_until = NULL, last_error = NULL WHERE id = ? AND status = 'sending'",
                sent,
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'pending', due_at = ?, last_error = ?,"
                " lease_until = NULL WHERE id = ? AND status = 'sending'",
                retry,
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'failed', last_error = ?,"
                " lease_until = NULL WHERE id = ? AND status = 'sending'",
                failed,
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'expired', last_error = ?,"
                " lease_until = NULL WHERE id = ? AND status = 'sending'",
                expired,
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'cancelled', payload = '{}', last_error = ?,"
                " lease_until = NULL WHERE id = ? AND status = 'sending'",
                dropped,
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'pending', attempts = max(attempts - 1, 0),"
                " lease_until = NULL WHERE id = ? AND status = 'sending'",
                released,
            )
            for o in outcomes:
                if o.status == "blocked":
                    await conn.execute(
                        "UPDATE users SET blocked = 1, blocked_at = ? WHERE id = ?",
                        (now, o.chat_id),
                    )
                    # nothing else will reach them either
                    await conn.execute(
                        "UPDATE outbox SET status = 'failed', last_error = 'blocked'"
                        " WHERE chat_id = ? AND status = 'pending'",
                        (o.chat_id,),
                    )

    async def pending_count(self) -> int:
        return int(await self.db.fetchval(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ))
