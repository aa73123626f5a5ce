"""Broadcasts: the announcement, its audience, and the state of its deliveries."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.audience import Audience
from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.outbox import PRIORITY, enqueue


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    author_id: int
    text: str
    photo: str | None
    audience: Audience
    status: str
    total: int
    progress_message_id: int | None
    created_at: datetime
    finished_at: datetime | None

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "photo": self.photo}


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0
    left: int = 0  # pending or in flight

    @property
    def done(self) -> bool:
        return self.left == 0


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(
        id=row["id"], author_id=row["author_id"], text=row["text"], photo=row["photo"],
        audience=Audience.from_json(row["audience"]), status=row["status"],
        total=row["total"], progress_message_id=row["progress_message_id"],
        created_at=from_db(row["created_at"]),
        finished_at=from_db(row["finished_at"]) if row["finished_at"] else None,
    )


ReportRenderer = Callable[[Broadcast, Stats], dict[str, Any]]


class BroadcastRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(self, audience: Audience) -> int:
        where, params = audience.where()
        query = f"SELECT count(*) FROM users u WHERE {where}"  # noqa: S608 - fixed fragments
        return int(await self.db.fetchval(query, params))

    async def create(
        self, author_id: int, text: str, photo: str | None, audience: Audience
    ) -> Broadcast:
        """The broadcast and one outbox row per recipient, in one transaction."""
        now = to_db(utcnow())
        where, params = audience.where()
        payload = json.dumps({"text": text, "photo": photo}, ensure_ascii=False)
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO broadcasts (author_id, text, photo, audience, total, created_at)"
                " VALUES (?, ?, ?, ?, 0, ?)",
                (author_id, text, photo, audience.to_json(), now),
            )
            broadcast_id = cursor.lastrowid
            cursor = await conn.execute(
                "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"  # noqa: S608
                " broadcast_id, created_at)"
                f" SELECT 'broadcast', u.id, ?, 'bc:' || ? || ':' || u.id, ?, ?, ?, ?"
                f" FROM users u WHERE {where} ORDER BY u.id",
                (payload, broadcast_id, now, PRIORITY["broadcast"], broadcast_id, now, *params),
            )
            await conn.execute(
                "UPDATE broadcasts SET total = ? WHERE id = ?", (cursor.rowcount, broadcast_id)
            )
            async with conn.execute(
                "SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,)
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _broadcast(row)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE broadcasts SET progress_message_id = ? WHERE id = ?",
                (message_id, broadcast_id),
            )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return None if row is None else _broadcast(row)

    async def recent(self, limit: int = 10) -> list[Broadcast]:
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [_broadcast(row) for row in rows]

    async def active(self) -> list[Broadcast]:
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'sending' ORDER BY id"
        )
        return [_broadcast(row) for row in rows]

    async def stats(self, broadcast: Broadcast) -> Stats:
        rows = await self.db.fetchall(
            "SELECT status, last_error = 'blocked' AS blocked, count(*) AS n FROM outbox"
            " WHERE broadcast_id = ? GROUP BY status, last_error = 'blocked'",
            (broadcast.id,),
        )
        counts = {"sent": 0, "blocked": 0, "failed": 0, "cancelled": 0, "left": 0}
        for row in rows:
            status, n = row["status"], row["n"]
            if status == "sent":
                counts["sent"] += n
            elif status in ("pending", "sending"):
                counts["left"] += n
            elif status == "failed" and row["blocked"]:
                counts["blocked"] += n
            elif status in ("failed", "expired"):
                counts["failed"] += n
            else:
                counts["cancelled"] += n
        return Stats(total=broadcast.total, **counts)

    async def complete(self, broadcast: Broadcast, render: ReportRenderer) -> Broadcast | None:
        """If nothing is left to send, mark it done and queue the author's report, together.
        Returns the finished broadcast, or None if it is still running."""
        stats = await self.stats(broadcast)
        if not stats.done:
            return None
        return await self._close(broadcast, "done", render, stats)

    async def cancel(self, broadcast: Broadcast, render: ReportRenderer) -> Broadcast | None:
        """Stop a running broadcast: what was not sent yet is cancelled; the report is queued.
        Returns None if it had already finished."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET status = 'cancelled', finished_at = ?"
                " WHERE id = ? AND status = 'sending'",
                (to_db(utcnow()), broadcast.id),
            )
            if cursor.rowcount == 0:
                return None
            await conn.execute(
                "UPDATE outbox SET status = 'cancelled'"
                " WHERE broadcast_id = ? AND status = 'pending'",
                (broadcast.id,),
            )
        cancelled = await self.get(broadcast.id)
        assert cancelled is not None
        stats = await self.stats(cancelled)
        async with self.db.transaction() as conn:
            await self._report(conn, cancelled, render, stats)
        return cancelled

    async def _close(
        self, broadcast: Broadcast, status: str, render: ReportRenderer, stats: Stats
    ) -> Broadcast | None:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET status = ?, finished_at = ?"
                " WHERE id = ? AND status = 'sending'",
                (status, to_db(utcnow()), broadcast.id),
            )
            if cursor.rowcount == 0:
                return None
            await self._report(conn, broadcast, render, stats)
        return await self.get(broadcast.id)

    @staticmethod
    async def _report(
        conn: aiosqlite.Connection, broadcast: Broadcast, render: ReportRenderer, stats: Stats
    ) -> None:
        await enqueue(
            conn, kind="report", chat_id=broadcast.author_id,
            payload=render(broadcast, stats), dedupe_key=f"bc-report:{broadcast.id}",
        )
