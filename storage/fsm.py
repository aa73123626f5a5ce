"""Conversation state rows (the FSM storage's persistence)."""

from __future__ import annotations

import json
from typing import Any

from storage.clock import to_db, utcnow
from storage.db import Database


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
        """Several conversations' states in one transaction."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            for key, (state, data) in entries.items():
                if state is None and not data:
                    await conn.execute("DELETE FROM fsm_states WHERE key = ?", (key,))
                else:
                    await conn.execute(
                        "INSERT INTO fsm_states (key, state, data, updated_at)"
                        " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                        " state = excluded.state, data = excluded.data,"
                        " updated_at = excluded.updated_at",
                        (key, state, json.dumps(data, ensure_ascii=False), now),
                    )
