"""The record of staff looking at children's data (an export, a search, a roster, a page of
the families a message did not reach): rows in
and rows out. What was looked at is kinds and ids, never the text typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.clock import from_db
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Access:
    """One look, as /audit lists it."""

    id: int
    staff_id: int
    staff_name: str  # the Telegram name, '' if unknown
    staff_username: str | None
    kind: str  # export | search_name | search_phone | roster | undelivered | journal
    group_code: str | None  # a roster's group, if it still exists
    group_name: str | None
    found: int
    at: datetime
    group_name_en: str = ""

    def group_title(self, locale: str) -> str:
        return (self.group_name_en if locale == "en" and self.group_name_en
                else self.group_name or "")


async def record(
    conn: aiosqlite.Connection, staff_id: int, kind: str, at: str, *, group_id: int | None = None,
    found: int = 0, families: Iterable[int] = (),
) -> int:
    """Inside the caller's transaction: one look, and the families it showed."""
    cursor = await conn.execute(
        "INSERT INTO staff_access (staff_id, kind, group_id, found, at) VALUES (?, ?, ?, ?, ?)",
        (staff_id, kind, group_id, found, at),
    )
    access_id = int(cursor.lastrowid or 0)
    await conn.executemany(
        "INSERT OR IGNORE INTO staff_access_families (access_id, family_id) VALUES (?, ?)",
        [(access_id, family_id) for family_id in families],
    )
    return access_id


async def count(db: Database) -> int:
    return int(await db.fetchval("SELECT count(*) FROM staff_access"))


async def page(db: Database, limit: int, offset: int) -> list[Access]:
    """Newest first."""
    rows = await db.fetchall(
        "SELECT a.id, a.staff_id, coalesce(u.first_name, '') AS name, u.username, a.kind,"
        " g.code, g.name AS group_name, coalesce(g.name_en, '') AS group_name_en, a.found,"
        " a.at FROM staff_access a"
        " LEFT JOIN users u ON u.id = a.staff_id LEFT JOIN groups g ON g.id = a.group_id"
        " ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?", (limit, offset),
    )
    return [Access(
        id=r["id"], staff_id=r["staff_id"], staff_name=r["name"], staff_username=r["username"],
        kind=r["kind"], group_code=r["code"], group_name=r["group_name"],
        group_name_en=r["group_name_en"], found=r["found"],
        at=from_db(r["at"]),
    ) for r in rows]


async def delete_older(conn: aiosqlite.Connection, before: str) -> int:
    """Inside the caller's transaction: the looks older than `before` (their families go
    with them)."""
    cursor = await conn.execute("DELETE FROM staff_access WHERE at < ?", (before,))
    return cursor.rowcount
