"""Small named values kept between restarts (the `kv` table): the generated webhook secret,
alert states. Values are text; whoever stores structure encodes it."""

from __future__ import annotations

import aiosqlite

from storage.db import Database, fetch_one


async def read_in(conn: aiosqlite.Connection, name: str) -> str | None:
    """The value, read inside the caller's transaction."""
    row = await fetch_one(conn, "SELECT value FROM kv WHERE name = ?", (name,))
    return None if row is None else str(row[0])


async def write_in(conn: aiosqlite.Connection, name: str, value: str | None) -> None:
    """Set (or, with None, remove) the value inside the caller's transaction."""
    if value is None:
        await conn.execute("DELETE FROM kv WHERE name = ?", (name,))
    else:
        await conn.execute(
            "INSERT INTO kv (name, value) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )


class KvRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, name: str) -> str | None:
        value = await self.db.fetchval("SELECT value FROM kv WHERE name = ?", (name,))
        return None if value is None else str(value)

    async def set(self, name: str, value: str | None) -> None:
        """Set the value; None removes it."""
        async with self.db.transaction() as conn:
            await write_in(conn, name, value)

    async def get_or_set(self, name: str, make: str) -> str:
        """The stored value, or `make` stored now and returned when there is none yet."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO kv (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (name, make),
            )
            value = await read_in(conn, name)
        if value is None:  # inserted or kept within this very transaction: never
            raise RuntimeError(f"kv {name!r} vanished")
        return value
