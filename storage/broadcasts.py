"""Broadcasts: the announcement, its audience, and the state of its deliveries, as queries.
Creating one with its outbox rows, finishing and stopping one with the author's report are
use cases of bot.services.broadcast_compose and bot.services.broadcasting, which open the
transaction and call the functions here that take its connection."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.audience import Audience
from storage.clock import from_db, to_db
from storage.db import Database, fetch_one
from storage.outbox import PRIORITY


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0
    left: int = 0  # pending or in flight
    # families of its audience it could not be sent to at all (not people: not in `total`)
    unreached: int = 0

    @property
    def done(self) -> bool:
        return self.left == 0


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
    stats: Stats  # its deliveries' figures when it was read

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "photo": self.photo}


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(
        id=row["id"], author_id=row["author_id"], text=row["text"], photo=row["photo"],
        audience=Audience.from_json(row["audience"]), status=row["status"],
        total=row["total"], progress_message_id=row["progress_message_id"],
        created_at=from_db(row["created_at"]),
        finished_at=from_db(row["finished_at"]) if row["finished_at"] else None,
        stats=_stats(row),
    )


def _stats(row: aiosqlite.Row) -> Stats:
    """The figures kept on the broadcast's row (migration 024: the outcomes of its
    deliveries move them in the transaction that writes them); left is the rest; the
    families it could not reach at all (migration 025)."""
    done = row["sent"] + row["blocked"] + row["failed"] + row["cancelled"]
    return Stats(total=row["total"], sent=row["sent"], blocked=row["blocked"],
                 failed=row["failed"], cancelled=row["cancelled"],
                 left=max(0, row["total"] - done), unreached=row["unreached"])


async def insert(conn: aiosqlite.Connection, author_id: int, text: str, photo: str | None,
                 audience: Audience, at: datetime) -> int:
    """A new broadcast (its total counted by `queue_deliveries`); its id."""
    cursor = await conn.execute(
        "INSERT INTO broadcasts (author_id, text, photo, audience, total, created_at)"
        " VALUES (?, ?, ?, ?, 0, ?)",
        (author_id, text, photo, audience.to_json(), to_db(at)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def queue_deliveries(conn: aiosqlite.Connection, broadcast: int, audience: Audience,
                           payload: dict[str, Any], at: datetime,
                           payload_en: dict[str, Any] | None = None) -> int:
    """One outbox row per person in the audience (`payload_en`, when given, to those who
    read English), and the broadcast's total; how many. The families of the audience it
    cannot be sent to at all are written beside them (`unreached`)."""
    now = to_db(at)
    where, params = audience.where()
    ru = json.dumps(payload, ensure_ascii=False)
    en = json.dumps(payload_en, ensure_ascii=False) if payload_en is not None else ru
    cursor = await conn.execute(
        "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"  # noqa: S608
        " broadcast_id, created_at)"
        " SELECT 'broadcast', u.id, CASE u.language WHEN 'en' THEN ? ELSE ? END,"
        f" 'bc:' || ? || ':' || u.id, ?, ?, ?, ?"
        f" FROM users u WHERE {where} ORDER BY u.id",
        (en, ru, broadcast, now, PRIORITY["broadcast"], broadcast, now, *params),
    )
    total = cursor.rowcount
    await conn.execute(
        "UPDATE broadcasts SET total = ?, unreached = ? WHERE id = ?",
        (total, await unreached(conn, broadcast, audience), broadcast),
    )
    return total


async def unreached(conn: aiosqlite.Connection, broadcast: int, audience: Audience) -> int:
    """Once its deliveries are queued: the families of the audience no one of which got one,
    each as `blocked` (those of them the audience names have all blocked the bot) or `never`
    (spoken to by its children's enrolments, it has no one who started the bot); how many."""
    anyone, params = audience.where(reachable=False)
    families = audience.families()
    memberless = (
        f" OR (NOT EXISTS (SELECT 1 FROM family_members x WHERE x.family_id = f.id)"
        f" AND {families[0]})" if families else ""
    )
    cursor = await conn.execute(
        "INSERT INTO broadcast_unreached (broadcast_id, family_id, why)"  # noqa: S608
        " SELECT ?, f.id, CASE WHEN EXISTS (SELECT 1 FROM family_members x"
        " WHERE x.family_id = f.id) THEN 'blocked' ELSE 'never' END FROM families f"
        " WHERE (f.id IN (SELECT fm.family_id FROM family_members fm JOIN users u"
        f" ON u.id = fm.user_id WHERE {anyone}){memberless})"
        " AND NOT EXISTS (SELECT 1 FROM family_members x JOIN outbox o"
        " ON o.dedupe_key = 'bc:' || ? || ':' || x.user_id WHERE x.family_id = f.id)",
        (broadcast, *params, *(families[1] if families else ()), broadcast),
    )
    return cursor.rowcount


async def broadcast_by_id(conn: aiosqlite.Connection, broadcast_id: int) -> Broadcast | None:
    """One broadcast as it stands, inside a transaction."""
    row = await fetch_one(conn, "SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
    return None if row is None else _broadcast(row)


async def finish(conn: aiosqlite.Connection, broadcast_id: int, status: str, at: datetime
                 ) -> bool:
    """Mark a running broadcast `status` (done, cancelled); False if it was not running."""
    cursor = await conn.execute(
        "UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ? AND status = 'sending'",
        (status, to_db(at), broadcast_id),
    )
    return cursor.rowcount > 0


async def cancel_pending(conn: aiosqlite.Connection, broadcast_id: int) -> None:
    """The broadcast's deliveries not sent yet are cancelled."""
    await conn.execute(
        "UPDATE outbox SET status = 'cancelled' WHERE broadcast_id = ? AND status = 'pending'",
        (broadcast_id,),
    )


class BroadcastRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(self, audience: Audience) -> int:
        where, params = audience.where()
        query = f"SELECT count(*) FROM users u WHERE {where}"  # noqa: S608 - fixed fragments
        return int(await self.db.fetchval(query, params))

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
        """Its deliveries' figures now: one read of its row by primary key."""
        row = await self.db.fetchone(
            "SELECT total, sent, blocked, failed, cancelled, unreached FROM broadcasts"
            " WHERE id = ?",
            (broadcast.id,),
        )
        return broadcast.stats if row is None else _stats(row)
