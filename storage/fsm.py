"""Conversation state rows (the FSM storage's persistence)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from functools import partial
from typing import Any

import aiosqlite

from storage.clock import to_db, utcnow
from storage.db import Database

UPSERT = ("INSERT INTO fsm_states (key, state, data, updated_at) VALUES (?, ?, ?, ?)"
          " ON CONFLICT (key) DO UPDATE SET state = excluded.state, data = excluded.data,"
          " updated_at = excluded.updated_at")


class FsmRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        row = await self.db.fetchone("SELECT state, data FROM fsm_states WHERE key = ?", (key,))
        if row is None:
            return None, {}
        return row["state"], json.loads(row["data"])

    async def save(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        await self.save_many({key: (state, data)})

    async def save_many(self, entries: dict[str, tuple[str | None, dict[str, Any]]]) -> None:
        """Several conversations' states in one transaction, in one trip to the writer's
        thread, committed without an fsync of its own: conversation state only (see
        `Database.in_one_trip`)."""
        now = to_db(utcnow())
        gone = [(key,) for key, (state, data) in entries.items() if state is None and not data]
        kept = [(key, state, json.dumps(data, ensure_ascii=False), now)
                for key, (state, data) in entries.items() if state is not None or data]
        await self.db.in_one_trip(partial(_write, gone, kept), conversation_only=True)


def _write(gone: list[tuple[str]], kept: list[tuple[str, str | None, str, str]],
           conn: sqlite3.Connection) -> None:
    """`FsmRepo.save_many` on the writer's thread."""
    if gone:
        conn.executemany("DELETE FROM fsm_states WHERE key = ?", gone)
    if kept:
        conn.executemany(UPSERT, kept)


async def clear_forms(conn: aiosqlite.Connection, user_id: int, keep: Collection[str]) -> int:
    """Delete a person's conversation state in their private chat unless its form is one of
    `keep` (state group names such as ``Signup``): what a member of staff half-typed goes with
    the capacity it was typed in."""
    marks = ",".join("?" * len(keep)) or "''"
    cursor = await conn.execute(
        "DELETE FROM fsm_states WHERE key GLOB ? AND (state IS NULL"
        f" OR substr(state, 1, instr(state, ':') - 1) NOT IN ({marks}))",  # noqa: S608
        (f"*:{user_id}:{user_id}:*", *keep),
    )
    return cursor.rowcount
