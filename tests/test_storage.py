"""The database: pragmas, migrations from every version, serialized transactions, FSM
persistence, idempotent catalogue loading."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.fsm_storage import SQLiteStorage
from bot.services.catalogue import Catalogue
from storage.db import Database, latest_version, migrations
from storage.fsm import FsmRepo
from storage.quanta import QuantaRepo
from storage.users import UserRepo


async def test_connection_settings(db: Database) -> None:
    for conn in (db.writer, db.reader):
        async with conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
        async with conn.execute("PRAGMA synchronous") as cur:
            assert (await cur.fetchone())[0] == 2  # type: ignore[index]  # FULL
        async with conn.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1  # type: ignore[index]
        async with conn.execute("PRAGMA busy_timeout") as cur:
            assert (await cur.fetchone())[0] >= 1000  # type: ignore[index]


async def test_migrations_are_numbered_and_latest_applied(db: Database) -> None:
    assert [v for v, _, _ in migrations()] == list(range(1, latest_version() + 1))
    assert await db.user_version() == latest_version()


# Rows written at each schema version, checked after upgrading to the latest.
SEED = {
    1: [
        "INSERT INTO users (id, language, role, first_name, first_seen, last_seen)"
        " VALUES (7, 'ru', 'parent', 'Ольга', '2026-01-01T00:00:00+00:00',"
        " '2026-01-02T00:00:00+00:00')",
        "INSERT INTO fsm_states (key, state, data, updated_at)"
        " VALUES ('k', 'QuizStates:answering', '{\"answers\": [1]}', '2026-01-01T00:00:00+00:00')",
    ],
    2: [
        "INSERT INTO quanta (code, position, emoji, age_min, age_max, tags, content, updated_at)"
        " VALUES ('robo', 0, '🤖', 7, 17, '[]', '{}', '2026-01-01T00:00:00+00:00')",
        "INSERT INTO quiz_results (user_id, answers, taken_at)"
        " VALUES (7, '[0,0,0,0,0,-1]', '2026-01-03T00:00:00+00:00')",
        "INSERT INTO quiz_result_quanta VALUES (7, 1, 'robo', 'build')",
    ],
    4: [
        "INSERT INTO programmes (id, code, quantum_code, level, title_ru, title_en, age_min,"
        " age_max, admission, updated_at) VALUES (1, 'p', 'robo', 'intro', 'П', 'P', 7, 17,"
        " 'open', '2026-01-01T00:00:00+00:00')",
        "INSERT INTO groups (id, code, programme_id, name, capacity, starts_on, ends_on,"
        " updated_at) VALUES (1, 'g', 1, 'G', 12, '2026-09-01', '2027-05-31',"
        " '2026-01-01T00:00:00+00:00')",
        "INSERT INTO families (id, invite_code, created_at) VALUES (5, 'x',"
        " '2026-01-01T00:00:00+00:00')",
        "INSERT INTO children (id, family_id, name, birth_date, school, grade, created_at)"
        " VALUES (1, 5, 'Петров Пётр', '2015-05-12', 'Школа', 5, '2026-01-01T00:00:00+00:00')",
        "INSERT INTO enrolments (id, child_id, group_id, status, queued_at, created_at,"
        " updated_at) VALUES (3, 1, 1, 'applied', '2026-01-01T00:00:00+00:00',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, created_at)"
        " VALUES ('notice', 7, '{\"text\": \"Петров Пётр\"}', 'app-new:3:applied:7',"
        " '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        # a mother who teaches here, and an admin who is nobody's parent: one role each then
        "INSERT INTO users (id, language, role, first_name, first_seen, last_seen)"
        " VALUES (8, 'ru', 'staff', 'Мария', '2026-01-01T00:00:00+00:00',"
        " '2026-01-01T00:00:00+00:00')",
        "INSERT INTO users (id, language, role, first_name, first_seen, last_seen)"
        " VALUES (9, 'ru', 'admin', 'Админ', '2026-01-01T00:00:00+00:00',"
        " '2026-01-01T00:00:00+00:00')",
        "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
        " VALUES (5, 8, 'parent', '2026-01-01T00:00:00+00:00')",
    ],
}


@pytest.mark.parametrize("start", range(latest_version() + 1))
async def test_upgrade_from_every_earlier_version_keeps_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "old.sqlite3"
    for version in range(start + 1):
        # each version's rows are written while the schema is that version's
        old = await Database.open(path, migrate_to=version)
        assert await old.user_version() == version
        async with old.transaction() as conn:
            for statement in SEED.get(version, []):
                await conn.execute(statement)
        await old.close()

    db = await Database.open(path)
    assert await db.user_version() == latest_version()
    if start >= 1:
        user = await UserRepo(db).get(7)
        assert user is not None and user.first_name == "Ольга" and user.family_role == "parent"
        assert await FsmRepo(db).load("k") == ("QuizStates:answering", {"answers": [1]})
    if start >= 2:
        assert await db.fetchval("SELECT quantum_code FROM quiz_result_quanta") == "robo"
    if start == 4:
        # a staff notice queued before migration 5 is known as staff-only and as the family's
        row = await db.fetchone("SELECT staff_only, family_id FROM outbox")
        assert row is not None and tuple(row) == (1, 5)
    if 4 <= start < 10:
        # one role became two capacities: staff kept, the family's place kept
        mother, admin = await UserRepo(db).get(8), await UserRepo(db).get(9)
        assert mother is not None and admin is not None
        assert (mother.family_role, mother.staff_role) == ("parent", "staff")
        assert (admin.family_role, admin.staff_role) == (None, "admin")
    await db.close()


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(RuntimeError, match="newer version"):
        await Database.open(path)


async def test_concurrent_transactions_never_mix(db: Database) -> None:
    """One task's failure rolls back only its own work, even while another task writes."""
    started = asyncio.Event()

    async def failing() -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm_states (key, data, updated_at) VALUES ('bad', '{}', 'x')"
            )
            started.set()
            await asyncio.sleep(0.01)
            raise RuntimeError("boom")

    async def succeeding() -> None:
        await started.wait()
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm_states (key, data, updated_at) VALUES ('good', '{}', 'x')"
            )

    results = await asyncio.gather(failing(), succeeding(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    keys = [row["key"] for row in await db.fetchall("SELECT key FROM fsm_states")]
    assert keys == ["good"]


async def test_reads_never_see_uncommitted_writes(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO fsm_states (key, data, updated_at) VALUES ('half', '{}', 'x')"
        )
        assert await db.fetchval("SELECT count(*) FROM fsm_states") == 0
    assert await db.fetchval("SELECT count(*) FROM fsm_states") == 1


async def test_fsm_state_survives_a_restart(db: Database) -> None:
    key = StorageKey(bot_id=1, chat_id=5, user_id=5)
    storage = SQLiteStorage(FsmRepo(db))
    await storage.set_state(key, "Signup:birth_date")
    await storage.set_data(key, {"name": "Маша", "emoji": "🚀"})
    fresh = SQLiteStorage(FsmRepo(db))  # a new process: empty cache
    assert await fresh.get_state(key) == "Signup:birth_date"
    assert await fresh.get_data(key) == {"name": "Маша", "emoji": "🚀"}
    await fresh.set_state(key, None)
    await fresh.set_data(key, {})
    assert await db.fetchval("SELECT count(*) FROM fsm_states") == 0


async def test_fsm_data_returned_is_a_copy(db: Database) -> None:
    key = StorageKey(bot_id=1, chat_id=6, user_id=6)
    storage = SQLiteStorage(FsmRepo(db))
    await storage.set_data(key, {"answers": [1]})
    data = await storage.get_data(key)
    data["answers"].append(2)
    assert await storage.get_data(key) == {"answers": [1]}


async def test_catalogue_loading_is_idempotent(db: Database, catalogue: Catalogue) -> None:
    before = [tuple(r) for r in await db.fetchall("SELECT * FROM quanta ORDER BY code")]
    await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
    after = [tuple(r) for r in await db.fetchall("SELECT * FROM quanta ORDER BY code")]
    assert before == after
    assert len(after) == 13


async def test_a_quantum_dropped_from_the_file_is_kept_inactive(
    db: Database, catalogue: Catalogue
) -> None:
    repo = QuantaRepo(db)
    await repo.sync(q.model_dump() for q in catalogue.quanta if q.code != "nano")
    codes = await repo.active_codes()
    assert "nano" not in codes and len(codes) == 12
    assert await db.fetchval("SELECT active FROM quanta WHERE code = 'nano'") == 0
    await repo.sync(q.model_dump() for q in catalogue.quanta)
    assert "nano" in await repo.active_codes()


async def test_last_seen_is_written_in_batches(db: Database) -> None:
    users = UserRepo(db)
    user = await users.create(11, language="ru", first_name="Ира", username=None)
    first = await db.fetchval("SELECT last_seen FROM users WHERE id = 11")
    await asyncio.sleep(1.1)
    users.seen(user)
    assert await db.fetchval("SELECT last_seen FROM users WHERE id = 11") == first
    assert await users.flush_seen() == 1
    assert await db.fetchval("SELECT last_seen FROM users WHERE id = 11") > first


async def test_backup_is_a_complete_copy(db: Database, tmp_path: Path) -> None:
    await UserRepo(db).create(12, language="en", first_name="Tom", username="tom")
    target = tmp_path / "backup.sqlite3"
    await db.backup(target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT first_name FROM users WHERE id = 12").fetchone() == ("Tom",)


async def test_shutdown_waits_for_running_handlers_within_a_bound() -> None:
    from aiogram.types import Update

    from bot.middlewares import InFlight

    inflight = InFlight()
    finished: list[str] = []

    async def handler(seconds: float, name: str) -> None:
        await asyncio.sleep(seconds)
        finished.append(name)

    async def slow(event: object, data: object) -> None:
        await handler(0.2, "slow")

    async def stuck(event: object, data: object) -> None:
        await handler(30, "stuck")

    task = asyncio.create_task(inflight(slow, Update(update_id=1), {}))
    await asyncio.sleep(0)
    assert inflight.running == 1
    assert await inflight.wait_idle(5)
    assert finished == ["slow"]
    await task
    hung = asyncio.create_task(inflight(stuck, Update(update_id=2), {}))
    await asyncio.sleep(0)
    assert not await inflight.wait_idle(0.05)  # the wait is bounded
    hung.cancel()


async def test_an_update_writes_its_state_once_when_done(db: Database) -> None:
    key = StorageKey(bot_id=1, chat_id=7, user_id=7)
    storage = SQLiteStorage(FsmRepo(db))
    async with storage.collecting():
        await storage.set_state(key, "Signup:name")
        await storage.set_data(key, {"group": 5})
        await storage.update_data(key, {"name": "Маша"})
        # seen by this process at once, written to disk only at the end of the update
        assert await storage.get_data(key) == {"group": 5, "name": "Маша"}
        assert await db.fetchval("SELECT count(*) FROM fsm_states") == 0
    fresh = SQLiteStorage(FsmRepo(db))
    assert await fresh.get_state(key) == "Signup:name"
    assert await fresh.get_data(key) == {"group": 5, "name": "Маша"}


async def test_a_failed_commit_leaves_nothing_half_done_and_the_writer_usable(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_full() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db.writer, "commit", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO kv (name, value) VALUES ('lost', '1')")
    monkeypatch.undo()
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO kv (name, value) VALUES ('kept', '2')")
    assert [tuple(r) for r in await db.fetchall("SELECT name FROM kv")] == [("kept",)]
