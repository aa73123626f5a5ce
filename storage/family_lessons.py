"""A family's lessons as the schedule and the reminder settings read them: the lessons of the
children a user sees (a parent: all of the family's, a pupil: their own) in the groups they
are enrolled in or applying to (from the moment of the application on), a calendar file's
(with the lessons of applications over, to be cancelled), and the counter every change to the
schedule's data bumps (triggers, so an import run from another process counts too)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from storage.clock import to_db
from storage.db import Database
from storage.lesson_rows import OFF_SQL, PENDING_SQL, ChildLesson, child_lesson_of_row

SHOWN_SQL = f"'confirmed', {PENDING_SQL}"
# an application over whose lessons a calendar file lists as cancelled: rejected, cancelled
# or on the waitlist after they were shown; withdrawn after the child was confirmed, from the
# moment it was (the lessons before took place)
ENDED_SQL = """e.shown AND (e.status IN ('rejected', 'cancelled', 'waitlisted')
    OR (e.status = 'withdrawn' AND l.starts_at >= e.updated_at))"""

# CROSS JOIN keeps SQLite's join order: from the user's few children to their groups'
# lessons, never from all lessons in a range. A child's lessons start at the moment the
# application was made (lessons exist from the group's start): not the day's earlier ones.
FAMILY_LESSONS = f"""
    SELECT l.*, g.code AS group_code, g.name AS group_name, g.teacher, g.teacher_id, g.note,
        g.room AS group_room, p.quantum_code, p.title_ru, p.title_en,
        -- a closure's reason in the reader's language (:lang, else the one they chose;
        -- English when it has one)
        CASE WHEN cl.reason_en != ''
                AND coalesce(:lang, (SELECT language FROM users WHERE id = :user)) = 'en'
            THEN cl.reason_en ELSE cl.reason END AS closure_reason, '' AS closure_reason_en,
        g.name_en AS group_name_en, g.room_en AS group_room_en, g.note_en,
        c.id AS child_id, c.name AS child_name,
        CASE WHEN e.status = 'confirmed' THEN 'confirmed'
            WHEN e.status IN ({PENDING_SQL}) THEN 'pending' ELSE 'ended' END AS enrolment,
        e.status AS application, e.offer_until, e.created_at AS applied_at,
        EXISTS (SELECT 1 FROM absences a WHERE a.lesson_id = l.id AND a.child_id = c.id)
            AS absent,
        -- the calendar event's SEQUENCE: the newest stamp of the rows it is made of (a
        -- closure's only while it keeps the lesson off; migration 025)
        max(l.calendar_stamp, g.calendar_stamp, p.calendar_stamp, c.calendar_stamp,
            e.calendar_stamp, iif(l.manual = 0, coalesce(cl.calendar_stamp, 0), 0))
            AS sequence
    FROM family_members m
    CROSS JOIN children c ON c.family_id = m.family_id
    CROSS JOIN enrolments e ON e.child_id = c.id
    CROSS JOIN lessons l ON l.group_id = e.group_id
    JOIN groups g ON g.id = e.group_id JOIN programmes p ON p.id = g.programme_id
    LEFT JOIN closures cl ON cl.id = l.closure_id
    WHERE m.user_id = :user
        AND (m.relation = 'parent' OR c.id = m.child_id OR c.user_id = :user)
        AND l.starts_at >= e.created_at
"""  # noqa: S608 - constants only
# the lessons of the applications confirmed or being decided (one at most per child and group)
CHILD_LESSONS = FAMILY_LESSONS + f" AND e.status IN ({SHOWN_SQL})"
# a calendar file's: those, and the lessons of applications over that a calendar may have; a
# lesson is the latest application's made before it (one applied again after a rejection: the
# new one's)
CALENDAR_LESSONS = FAMILY_LESSONS + f"""
        AND (e.status IN ({SHOWN_SQL}) OR ({ENDED_SQL}))
        AND NOT EXISTS (SELECT 1 FROM enrolments later WHERE later.child_id = e.child_id
            AND later.group_id = e.group_id AND later.id > e.id
            AND later.created_at <= l.starts_at)
"""  # noqa: S608 - constants only


class FamilyLessons:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def version(self) -> int:
        """The schedule data's change counter."""
        return int(await self.db.fetchval(
            "SELECT n FROM versions WHERE name = 'schedule'"
        ) or 0)

    async def in_family(self, user_id: int) -> bool:
        """Is the user a member of a family (a parent, or a pupil's own account)?"""
        return await self.db.fetchval(
            "SELECT 1 FROM family_members WHERE user_id = ? LIMIT 1", (user_id,)
        ) is not None

    async def awaiting(self, user_id: int, today: date) -> int:
        """How many of the children a user sees have an application still being decided in
        a group not over by `today`."""
        return int(await self.db.fetchval(
            f"""SELECT count(DISTINCT c.id) FROM family_members m
            CROSS JOIN children c ON c.family_id = m.family_id
            CROSS JOIN enrolments e ON e.child_id = c.id
            JOIN groups g ON g.id = e.group_id
            WHERE m.user_id = :user
                AND (m.relation = 'parent' OR c.id = m.child_id OR c.user_id = :user)
                AND e.status IN ({PENDING_SQL}) AND g.ends_on >= :today""",  # noqa: S608
            {"user": user_id, "today": today.isoformat()},
        ) or 0)

    async def for_user(self, user_id: int, since: datetime, until: datetime,
                       language: str | None = None) -> list[ChildLesson]:
        """The lessons of the children a user sees (a parent: the family's; a pupil: their
        own) starting in [since, until), in order; closures' reasons in `language`."""
        rows = await self.db.fetchall(
            CHILD_LESSONS + " AND l.starts_at >= :since AND l.starts_at < :until"
            " ORDER BY l.starts_at, c.id",
            {"user": user_id, "since": to_db(since), "until": to_db(until), "lang": language},
        )
        return [child_lesson_of_row(row) for row in rows]

    async def next_for_user(self, user_id: int, now: datetime) -> list[ChildLesson]:
        """Each child's nearest lesson that is on and not over yet, soonest first."""
        rows = await self.db.fetchall(
            f"""
            SELECT * FROM ({CHILD_LESSONS} AND l.id = (
                SELECT l2.id FROM lessons l2 WHERE l2.group_id = e.group_id
                    AND l2.starts_at > :since AND l2.ends_at > :now
                    AND NOT {OFF_SQL.replace('l.', 'l2.')}
                ORDER BY l2.starts_at LIMIT 1))
            ORDER BY starts_at, child_id
            """,  # noqa: S608 - constants only
            # no lesson is longer than a day: the index finds the few that may be on now
            {"user": user_id, "now": to_db(now), "since": to_db(now - timedelta(days=1)),
             "lang": None},  # only lessons that are on: no closure's reason
        )
        nearest: dict[int, ChildLesson] = {}
        for row in rows:
            nearest.setdefault(row["child_id"], child_lesson_of_row(row))
        return sorted(nearest.values(), key=lambda c: (c.lesson.starts_at, c.child_id))

    async def any_since(self, user_id: int, since: date) -> bool:
        """Has any of the user's children a lesson (enrolled or applying) from `since` on?"""
        return await self.db.fetchval(
            CHILD_LESSONS + " AND l.day >= :since LIMIT 1",
            {"user": user_id, "since": since.isoformat(), "lang": None},
        ) is not None

    async def for_calendar(self, user_id: int, child_id: int | None = None
                           ) -> list[ChildLesson]:
        """A calendar file's lessons of the user's children (one child's, if given): those of
        the applications confirmed or being decided, and, with `enrolment` "ended", those of
        the applications over that the family's schedule showed."""
        sql = CALENDAR_LESSONS
        if child_id is not None:
            sql += " AND c.id = :child"
        rows = await self.db.fetchall(
            sql + " ORDER BY l.starts_at, c.id",
            {"user": user_id, "child": child_id, "lang": None},
        )
        return [child_lesson_of_row(row) for row in rows]

    async def ended_ahead(self, user_id: int, now: datetime) -> bool:
        """Has an application of the user's children ended whose lessons still to come a
        calendar file would list as cancelled?"""
        return await self.db.fetchval(
            CALENDAR_LESSONS + f" AND NOT (e.status IN ({SHOWN_SQL}))"
            " AND l.ends_at > :now LIMIT 1",
            {"user": user_id, "now": to_db(now), "lang": None},
        ) is not None


async def group_notes(db: Database, group_ids: list[int]) -> dict[int, tuple[str, str]]:
    """What to bring to each of these groups that asks for something (in Russian, and in
    English or '')."""
    found: dict[int, tuple[str, str]] = {}
    for chunk in range(0, len(group_ids), 500):
        part = group_ids[chunk:chunk + 500]
        rows = await db.fetchall(
            "SELECT id, note, note_en FROM groups WHERE note != ''"
            f" AND id IN ({','.join('?' * len(part))})",  # noqa: S608 - placeholders only
            part,
        )
        found.update((row["id"], (row["note"], row["note_en"])) for row in rows)
    return found
