"""A conversation's state as it is written: each step of a form is on disk when the step is
answered, committed without an fsync of its own (`synchronous=NORMAL` on the WAL database,
conversation state only), while every other write keeps its full sync; and the copies of a
conversation's data the FSM storage hands out."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.fsm_storage import copied
from bot.services.enrolment import Enrolments
from storage import fsm
from storage.applications import Application, Submitted
from storage.db import Database, fetch_one
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.signup import born, load_groups, open_form, sign_up

FULL, NORMAL = 2, 1


async def synchronous(db: Database) -> int:
    async with db.writer.execute("PRAGMA synchronous") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


def stored_form(app: App, user_id: int) -> tuple[str, dict[str, Any]] | None:
    """The person's conversation state as another process would read it from the file."""
    with closing(sqlite3.connect(app.db.path)) as fresh:
        row = fresh.execute("SELECT state, data FROM fsm_states WHERE key GLOB ?",
                            (f"*:{user_id}:{user_id}:*",)).fetchone()
    return None if row is None else (row[0], json.loads(row[1]))


async def test_each_step_of_a_form_is_on_disk_when_it_is_answered(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    assert chat.last_text().startswith("Фамилия и имя ребёнка?")
    state = stored_form(app, chat.user_id)
    assert state is not None and state[0] == "Signup:name"
    await chat.send("Иванова Мария")
    assert chat.last_text().startswith("Дата рождения ребёнка?")
    state = stored_form(app, chat.user_id)
    assert state is not None and state[0] == "Signup:birth"
    assert state[1]["name"] == "Иванова Мария"
    await chat.send(born(10))
    state = stored_form(app, chat.user_id)
    assert state is not None and state[0] == "Signup:school"
    await chat.send("/cancel")
    assert stored_form(app, chat.user_id) is None


async def test_only_conversation_state_is_committed_without_a_full_sync(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int]] = []
    write_state = fsm._write

    def state_written(gone: list[tuple[str]], kept: list[tuple[str, str | None, str, str]],
                      conn: sqlite3.Connection) -> None:
        seen.append(("state", conn.execute("PRAGMA synchronous").fetchone()[0]))
        write_state(gone, kept, conn)

    write_application = Enrolments.write

    async def application_written(self: Enrolments, conn: Any, application: Application
                                  ) -> Submitted:
        row = await fetch_one(conn, "PRAGMA synchronous")
        assert row is not None
        seen.append(("sign-up", int(row[0])))
        return await write_application(self, conn, application)

    monkeypatch.setattr(fsm, "_write", state_written)
    monkeypatch.setattr(Enrolments, "write", application_written)
    await load_groups(app)
    chat = app.chat()
    await sign_up(chat)
    assert chat.last_text().startswith("🎉 Заявка отправлена!")
    assert ("sign-up", FULL) in seen
    assert ("state", NORMAL) in seen
    assert set(seen) == {("state", NORMAL), ("sign-up", FULL)}
    # the form is gone with the sign-up, and the writer is back to a full sync for the rest
    assert stored_form(app, chat.user_id) is None
    assert await synchronous(app.db) == FULL
    async with app.db.transaction() as conn:
        row = await fetch_one(conn, "PRAGMA synchronous")
    assert row is not None and row[0] == FULL


def fail(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO kv (name, value) VALUES ('half', '1')")
    raise sqlite3.OperationalError("database or disk is full")


async def test_a_conversation_write_that_fails_leaves_nothing_and_a_full_sync(
    db: Database
) -> None:
    with pytest.raises(sqlite3.OperationalError):
        await db.in_one_trip(fail, conversation_only=True)
    assert await db.fetchval("SELECT count(*) FROM kv WHERE name = 'half'") == 0
    assert await synchronous(db) == FULL
    await db.in_one_trip(partial(fsm._write, [], [("k", "Signup:name", "{}", "now")]),
                         conversation_only=True)
    assert await synchronous(db) == FULL
    assert await db.fetchval("SELECT state FROM fsm_states WHERE key = 'k'") == "Signup:name"


async def test_a_form_step_on_a_full_disk_is_kept_and_the_sync_stays_full(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await app.db.writer.execute("PRAGMA query_only = 1")  # as a full or read-only disk
    await chat.send("Иванова Мария")
    assert chat.last_text().startswith("⚠️ Не получилось сохранить")
    await app.db.writer.execute("PRAGMA query_only = 0")
    assert await synchronous(app.db) == FULL
    state = stored_form(app, chat.user_id)
    assert state is not None and state[0] == "Signup:name"  # the question is still open
    await chat.send("Иванова Мария")
    assert chat.last_text().startswith("Дата рождения ребёнка?")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def containers(value: Any) -> list[int]:
    """The ids of every dict and list in `value`."""
    if isinstance(value, dict):
        return [id(value), *(i for item in value.values() for i in containers(item))]
    if isinstance(value, list):
        return [id(value), *(i for item in value for i in containers(item))]
    return []


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_a_copy_of_a_conversations_data_is_equal_and_shares_nothing(data: dict[str, Any]
                                                                     ) -> None:
    copy = copied(data)
    assert copy == data
    assert not set(containers(copy)) & set(containers(data))
