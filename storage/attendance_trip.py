"""The register's queries for a write made in one trip to the database's thread
(`Database.in_one_trip`): the same queries as storage.attendance's, on the plain sqlite3
connection, inside the caller's transaction. A tap reads the lesson and its children, writes
the mark (and the correction kept) and hands the register back without another trip."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from storage.attendance import (
    ADD_CHANGE,
    ROSTER,
    SET_MARK,
    TOLD_AT,
    Mark,
    Pupil,
    change_params,
    pupil_of_row,
)
from storage.clock import to_db
from storage.lesson_rows import LESSON_SELECT, Lesson, lesson_of_row

LESSON_BY_ID = LESSON_SELECT + " WHERE l.id = ?"


def lesson(conn: sqlite3.Connection, lesson_id: int) -> Lesson | None:
    row = conn.execute(LESSON_BY_ID, (lesson_id,)).fetchone()
    return None if row is None else lesson_of_row(row)


def roster(conn: sqlite3.Connection, lesson: Lesson) -> list[Pupil]:
    rows = conn.execute(ROSTER, {"lesson": lesson.id, "group": lesson.group_id}).fetchall()
    return [pupil_of_row(row) for row in rows]


def told(conn: sqlite3.Connection, lesson_id: int, child_id: int) -> bool:
    """Has the family been told this child is absent (a notice queued or read)?"""
    row = conn.execute(TOLD_AT, (lesson_id, child_id)).fetchone()
    return row is not None and row[0] is not None


def set_mark(conn: sqlite3.Connection, lesson_id: int, child_id: int, mark: Mark, *, by: int,
             at: datetime) -> None:
    conn.execute(SET_MARK, (lesson_id, child_id, child_id, mark, by, to_db(at)))


def add_change(conn: sqlite3.Connection, lesson_id: int, child_id: int, mark: Mark, *, by: int,
               at: datetime) -> None:
    """Keep the mark about to be replaced by `mark` (before `set_mark`)."""
    conn.execute(ADD_CHANGE, change_params(lesson_id, child_id, mark, by, at))
