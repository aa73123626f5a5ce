"""The reminder settings' queries for a change made in one trip to the database's thread
(`Database.in_one_trip`): the same queries as storage.reminders' (and the lessons ahead as
storage.family_lessons reads them), on the plain sqlite3 connection, inside the caller's
transaction. A lead time ticked reads the person's children and settings, writes the choice
and reads what the screen then shows (the lessons ahead only when the schedule data changed
since they were last read: `schedule_version`), without another trip."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from storage.attendance import QUIET
from storage.clock import to_db
from storage.family_lessons import CHILD_LESSONS
from storage.lesson_rows import ChildLesson, child_lesson_of_row
from storage.reminders import (
    CHILDREN,
    LEADS_OF,
    SETTINGS,
    WRITE_LEADS,
    Prefs,
    RemindedChild,
    children_of_rows,
    prefs_of_rows,
    stored_leads,
)

LESSONS_AHEAD = (CHILD_LESSONS + " AND l.starts_at >= :since AND l.starts_at < :until"
                 " ORDER BY l.starts_at, c.id")
SCHEDULE_VERSION = "SELECT n FROM versions WHERE name = 'schedule'"


def children(conn: sqlite3.Connection, user_id: int) -> list[RemindedChild]:
    return children_of_rows(conn.execute(CHILDREN, (user_id,)).fetchall())


def prefs(conn: sqlite3.Connection, user_id: int) -> Prefs:
    row = conn.execute(SETTINGS, (user_id,)).fetchone()
    return prefs_of_rows(row, conn.execute(LEADS_OF, (user_id,)).fetchall())


def write_leads(conn: sqlite3.Connection, user_id: int, child_id: int,
                leads: Sequence[str]) -> None:
    conn.execute(WRITE_LEADS, (user_id, child_id, stored_leads(leads)))


def quiet(conn: sqlite3.Connection, user_id: int) -> set[int]:
    """The children whose «не пришёл» notices this person turned off."""
    return {int(row[0]) for row in conn.execute(QUIET, (user_id,))}


def lessons_ahead(conn: sqlite3.Connection, user_id: int, since: datetime, until: datetime
                  ) -> list[ChildLesson]:
    """`FamilyLessons.for_user`: the lessons of the children the person sees starting in
    [since, until), in order."""
    rows = conn.execute(LESSONS_AHEAD, {"user": user_id, "since": to_db(since),
                                        "until": to_db(until), "lang": None}).fetchall()
    return [child_lesson_of_row(row) for row in rows]


def schedule_version(conn: sqlite3.Connection) -> int:
    """The schedule data's change counter (`FamilyLessons.version`)."""
    row = conn.execute(SCHEDULE_VERSION).fetchone()
    return int(row[0]) if row else 0
