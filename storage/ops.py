"""What the operators watch: the outbox by status and kind, the backlog of due messages, the
users who blocked the bot; and the state of the stuck-sending alert.

Two cheap reads serve the metrics every 15 seconds: one GROUP BY over the outbox, and one over
the pending rows only (the partial index `outbox_due`) with the count of blocked users. The alert's
state lives in the `kv` table (storage.kv) and changes in the same transaction that queues the
admins' messages, so they are told once however often the watch runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage import kv
from storage.clock import from_db, to_db
from storage.db import Database
from storage.outbox import enqueue

ALERT_KIND = "alert"
ALERT_PRIORITY = 0  # ahead of everything in storage.outbox.PRIORITY (the first there is 10)
STUCK_SINCE = "outbox_stuck_since"  # kv: when the oldest due row of a stuck outbox was due


@dataclass(frozen=True, slots=True)
class OutboxCount:
    status: str
    kind: str
    rows: int


@dataclass(frozen=True, slots=True)
class Backlog:
    """The pending rows due now (the oldest one's due time), and the users marked blocked."""

    oldest_due: datetime | None
    due: int
    blocked_users: int

    def age(self, now: datetime) -> float:
        """Seconds the oldest due row has waited (0 when nothing is due)."""
        if self.oldest_due is None:
            return 0.0
        return max(0.0, (now - self.oldest_due).total_seconds())


@dataclass(frozen=True, slots=True)
class Admin:
    id: int
    language: str


@dataclass(frozen=True, slots=True)
class Alert:
    """A message to one admin."""

    chat_id: int
    text: str
    dedupe_key: str


class OpsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.kv = kv.KvRepo(db)

    async def outbox_counts(self) -> list[OutboxCount]:
        rows = await self.db.fetchall(
            "SELECT status, kind, count(*) AS n FROM outbox GROUP BY status, kind"
        )
        return [OutboxCount(row["status"], row["kind"], row["n"]) for row in rows]

    async def backlog(self, now: datetime) -> Backlog:
        row = await self.db.fetchone(
            "SELECT min(due_at) AS oldest, count(*) AS due,"
            " (SELECT count(*) FROM users WHERE blocked = 1) AS blocked"
            " FROM outbox WHERE status = 'pending' AND due_at <= ?",
            (to_db(now),),
        )
        assert row is not None  # an aggregate without GROUP BY always gives its one row
        oldest = from_db(row["oldest"]) if row["oldest"] else None
        return Backlog(oldest_due=oldest, due=row["due"], blocked_users=row["blocked"])

    async def admins(self) -> list[Admin]:
        """The administrators who can be written to, in a stable order."""
        rows = await self.db.fetchall(
            "SELECT id, language FROM users WHERE staff_role = 'admin' AND blocked = 0 ORDER BY id"
        )
        return [Admin(row["id"], row["language"]) for row in rows]

    async def state(self, name: str) -> str | None:
        return await self.kv.get(name)

    async def switch(
        self, name: str, expected: str | None, value: str | None, alerts: list[Alert]
    ) -> bool:
        """In one transaction: if `name` still holds `expected` (None: no row), set it to
        `value` (None: delete it) and queue the alerts, first in line; False, and nothing
        done, if it changed meanwhile."""
        async with self.db.transaction() as conn:
            if await kv.read_in(conn, name) != expected:
                return False
            await kv.write_in(conn, name, value)
            for alert in alerts:
                await enqueue(
                    conn, kind=ALERT_KIND, chat_id=alert.chat_id, payload={"text": alert.text},
                    dedupe_key=alert.dedupe_key, priority=ALERT_PRIORITY,
                )
        return True
