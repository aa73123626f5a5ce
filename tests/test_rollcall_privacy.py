"""The register after /forget: a forgotten child's marks stay for the journal as «выбыл», on a
number of their own that no child can have, so a new child given the same id (SQLite hands
out the newest deleted id again) starts with a clean register and its family is told of its
absences; and no outbox key ties the marks to the family's chat any more."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine

from storage.db import Database, latest_version
from tests.helpers import raw_bytes, start_as
from tests.helpers.harness import App
from tests.helpers.rollcall import START, a_class, open_roll, row_labels
from tests.helpers.schedule import enrol

Clock = time_machine.Traveller
DECEMBER = date(2026, 12, 1)


@pytest.fixture
def at_start() -> Iterator[Clock]:
    with time_machine.travel(START + timedelta(minutes=5), tick=False) as traveller:
        yield traveller


async def test_a_new_child_with_a_forgotten_childs_id_starts_clean(app: App, at_start: Clock
                                                                   ) -> None:
    c = await a_class(app, ["Иванова Мария"])
    old = int(await app.db.fetchval("SELECT id FROM children"))
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")
    await c.teacher.press("✅ Иванова Мария")  # absent: a correction kept too
    await c.teacher.press("✔️ Готово")
    await app.deliver()
    key = f"attendance:{c.lesson}:{old}:"
    assert await app.db.fetchval("SELECT count(*) FROM outbox WHERE dedupe_key LIKE ?",
                                 (key + "%",)) == 1

    assert await app.services.privacy.forget(c.parents[0].user_id) is not None
    rows = list(await app.db.fetchall(
        "SELECT pupil, child_id, told_at IS NOT NULL FROM attendance"))
    assert [(r[0] < 0, r[1], bool(r[2])) for r in rows] == [(True, None, True)]
    gone = rows[0][0]
    changes = await app.db.fetchall("SELECT pupil, child_id FROM attendance_changes")
    assert [tuple(r) for r in changes] == [(gone, None)]
    # no key spells the child beside the parent's chat, in the table or in the file
    assert await app.db.fetchval("SELECT count(*) FROM outbox WHERE dedupe_key LIKE ?",
                                 (key + "%",)) == 0
    assert key.encode() not in raw_bytes(app)

    # another family signs the next child up for the same group: it gets the same id
    newcomer = app.chat(user_id=1700)
    await start_as(newcomer, "parent")
    await enrol(app, 1700, c.group, "Сидорова Аня")
    assert int(await app.db.fetchval("SELECT id FROM children")) == old
    await open_roll(c.teacher, c.lesson)
    assert row_labels(c.teacher)[0] == ["▫️ Сидорова Аня"]  # not the forgotten child's ❌
    assert "не отмечено 1" in c.teacher.last_text()
    await c.teacher.press("▫️ Сидорова Аня")
    await c.teacher.press("✅ Сидорова Аня")  # absent: her family is told
    await c.teacher.press("✔️ Готово")
    await app.deliver()
    assert any(text.startswith("Отметка педагога: Аня — нет на занятии")
               for text in newcomer.texts())
    marks = await app.db.fetchall("SELECT pupil, child_id, mark FROM attendance ORDER BY pupil")
    assert [tuple(r) for r in marks] == [(gone, None, "absent"), (old, old, "absent")]
    # the journal keeps the two apart: the forgotten one without a name
    found = await app.services.journal.journal(None, DECEMBER, "csv", "ru")
    text = found.data.decode("utf-8-sig")
    assert "выбыл 1;01.12.2026;absent" in text and "Сидорова Аня;01.12.2026;absent" in text


async def test_marks_left_before_are_moved_off_the_ids_by_the_migration(tmp_path: Path
                                                                         ) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrate_to=20)
    await old.close()
    with sqlite3.connect(path) as conn:  # foreign keys off: marks alone are enough here
        conn.executemany(
            "INSERT INTO attendance (lesson_id, pupil, child_id, mark, marked_by, marked_at)"
            " VALUES (?, ?, ?, ?, 1, '2026-11-03T12:00:00+00:00')",
            [(1, 7, None, "absent"), (2, 7, None, "present"), (1, 9, None, "late"),
             (1, 8, 8, "absent")])
        conn.execute(
            "INSERT INTO attendance_changes (lesson_id, pupil, child_id, mark_was, mark,"
            " changed_by, changed_at) VALUES (1, 9, NULL, 'absent', 'late', 1, 'x')")
    db = await Database.open(path)
    assert await db.user_version() == latest_version()
    rows = {(r[0], r[1]): (r[2], r[3]) for r in await db.fetchall(
        "SELECT lesson_id, pupil, child_id, told_at IS NOT NULL FROM attendance")}
    assert rows == {(1, -1): (None, True), (2, -1): (None, False), (1, -2): (None, False),
                    (1, 8): (8, False)}
    assert [tuple(r) for r in await db.fetchall(
        "SELECT pupil FROM attendance_changes")] == [(-2,)]
    async with db.transaction() as conn:  # the counter goes on past them
        cursor = await conn.execute("INSERT INTO forgotten_pupils DEFAULT VALUES")
        assert cursor.lastrowid == 3
    await db.close()
