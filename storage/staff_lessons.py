"""What staff's lesson screens read, each screen in one trip to the reader's thread
(storage.reading): a page of a group's lessons not over yet with the group and its programme,
and a lesson's card — the lesson, how many people a change to it would tell, the reminders
delivered, the children reported absent, whether staff changed it, and its place in the
group's list. Queries only."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import reading
from storage.clock import from_db, to_db
from storage.lesson_changes import RECIPIENTS
from storage.lesson_rows import LESSON_SELECT, Lesson, lesson_of_row
from storage.programmes import GROUP_SELECT, Group, Programme, _group, _programme

# no lesson is longer than a day: a lesson that ends after a moment began less than a day
# before it, so the index on (group, start) finds a group's lessons not over yet
LONGEST = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class GroupLessons:
    """A page of a group's lessons not over yet: those shown, how many in all, which page
    (one that exists)."""

    group: Group
    programme: Programme | None
    lessons: list[Lesson]
    total: int
    number: int
    until: datetime | None  # when the first of them ends (and the list moves on)


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What a lesson's card says beside the lesson: how many people a change would tell,
    the reminders delivered, the children reported absent (by name), whether staff changed
    it (or it has change notices), and how many of the group's lessons not over yet come
    before it in the group's list (0 when it is over)."""

    audience: int
    reminded: int
    absent: tuple[str, ...]
    changed: bool
    before: int
    until: datetime | None  # when the group's first lesson not over yet ends


def not_over_here(conn: sqlite3.Connection, group_id: int, since: datetime
                  ) -> tuple[int, datetime | None]:
    """How many of the group's lessons end after `since`, and when the first of them ends."""
    found = reading.row(
        conn, "SELECT count(*), min(ends_at) FROM lessons WHERE group_id = ? AND ends_at > ?",
        (group_id, to_db(since)))
    assert found is not None  # an aggregate has a row
    return int(found[0]), None if found[1] is None else from_db(found[1])


def group_lessons_here(conn: sqlite3.Connection, group_id: int, since: datetime, size: int,
                       page: int) -> GroupLessons | None:
    """Page `page` (the nearest that exists) of the group's lessons that end after `since`,
    in order; None if there is no such group."""
    found = reading.row(conn, GROUP_SELECT + " WHERE g.id = ?", (group_id,))
    if found is None:
        return None
    group = _group(found)
    programme = reading.row(conn, "SELECT * FROM programmes WHERE id = ?",
                            (group.programme_id,))
    total, until = not_over_here(conn, group_id, since)
    number = min(max(page, 0), max(0, -(-total // size) - 1))
    lessons = reading.rows(
        conn, LESSON_SELECT + " WHERE l.group_id = ? AND l.starts_at > ? AND l.ends_at > ?"
        " ORDER BY l.starts_at, l.id LIMIT ? OFFSET ?",
        (group_id, to_db(since - LONGEST), to_db(since), size, number * size))
    return GroupLessons(group, None if programme is None else _programme(programme),
                        [lesson_of_row(r) for r in lessons], total, number, until)


def facts_here(conn: sqlite3.Connection, lesson: Lesson, now: datetime) -> CardFacts:
    """The card's facts of a lesson as it stands at `now`."""
    audience = len(reading.rows(conn, RECIPIENTS, {"group": lesson.group_id,
                                                   "joined_by": None}))
    reminded = int(reading.value(
        conn, "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND lesson_id = ?"
        " AND status = 'sent'", (lesson.id,)))
    absent = tuple(r[0] for r in reading.rows(
        conn, "SELECT c.name FROM absences a JOIN children c ON c.id = a.child_id"
        " WHERE a.lesson_id = ? ORDER BY c.name, c.id", (lesson.id,)))
    changed = bool(reading.value(
        conn, "SELECT changed_by IS NOT NULL OR EXISTS (SELECT 1 FROM outbox"
        " WHERE outbox.lesson_id = lessons.id AND kind = 'lesson') FROM lessons WHERE id = ?",
        (lesson.id,)))
    total, until = not_over_here(conn, lesson.group_id, now)
    before = 0
    if lesson.ends_at > now:
        later, _ = not_over_here(conn, lesson.group_id, lesson.ends_at)
        before = max(0, total - later - 1)
    return CardFacts(audience, reminded, absent, changed, before, until)


def card_here(conn: sqlite3.Connection, lesson_id: int, now: datetime
              ) -> tuple[Lesson, CardFacts] | None:
    """The lesson and its card's facts; None if there is no such lesson."""
    found = reading.row(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
    if found is None:
        return None
    lesson = lesson_of_row(found)
    return lesson, facts_here(conn, lesson, now)
