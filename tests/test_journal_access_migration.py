"""The record of staff access learning the journal's kind: a populated database of the version
before it, migrated, keeps every look and the families each showed, and a family's /forget
still takes its rows with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import audit
from storage.db import Database, latest_version

BEFORE = 19  # the last version without the journal's kind
AT = "2026-11-02T10:00:00+00:00"


async def test_looks_and_their_families_survive_and_journal_is_a_kind(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrate_to=BEFORE)
    async with old.transaction() as conn:
        await conn.executemany(
            "INSERT INTO families (id, invite_code, phone, created_at) VALUES (?, ?, '', ?)",
            [(1, "inv1", AT), (2, "inv2", AT)])
        roster = await audit.record(conn, 7, "roster", AT, group_id=3, found=2, families=[1, 2])
        await audit.record(conn, 7, "search_name", AT, found=1, families=[2])
        with pytest.raises(sqlite3.IntegrityError):
            await audit.record(conn, 7, "journal", AT, found=15)
    await old.close()

    db = await Database.open(path)
    assert await db.user_version() == latest_version()
    kept = [tuple(r) for r in await db.fetchall(
        "SELECT id, staff_id, kind, group_id, found FROM staff_access ORDER BY id")]
    assert kept == [(roster, 7, "roster", 3, 2), (roster + 1, 7, "search_name", None, 1)]
    shown = [tuple(r) for r in await db.fetchall(
        "SELECT access_id, family_id FROM staff_access_families ORDER BY 1, 2")]
    assert shown == [(roster, 1), (roster, 2), (roster + 1, 2)]
    async with db.transaction() as conn:
        await audit.record(conn, 7, "journal", AT, found=15)
        # a family forgotten: the looks stay, the families they showed go
        await conn.execute("DELETE FROM families WHERE id = 2")
    assert [tuple(r) for r in await db.fetchall(
        "SELECT access_id, family_id FROM staff_access_families")] == [(roster, 1)]
    assert await db.fetchval("SELECT count(*) FROM staff_access WHERE kind = 'journal'") == 1
    await db.close()
