"""The reminder planner's reads and writes (bot.services.reminders decides what is wanted).

Reminders are outbox rows (kind "reminder", priority over everything else), one per lesson,
person, lead time and lesson start (`remind:{lesson}:{user}:{lead}:{start}`), each expiring at
the lesson's start. `apply` makes the outbox agree with what the planner wants: missing rows
are added, changed ones updated, unwanted ones still pending cancelled. A row once sent is
never sent again: its key stays taken. The planner's own state is the horizon planned so far
(`planner.until`) and the groups the triggers marked for planning again (`replan`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all
from storage.outbox import PRIORITY
from storage.reminders import Prefs, RemindedChild, parse_leads, prefs_of


@dataclass(frozen=True, slots=True)
class Wanted:
    """One reminder row as the planner wants it."""

    key: str
    lesson_id: int
    chat_id: int
    family_id: int | None
    due_at: datetime
    expires_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Existing:
    id: int
    key: str
    status: str
    due_at: datetime
    payload: str


@dataclass
class Applied:
    added: int = 0
    updated: int = 0
    cancelled: int = 0


# The people reminded of each lesson and of which of their children: the parents of a family
# with a child confirmed in the lesson's group and the child's own account, skipping children
# reported absent and people who blocked the bot. One row per lesson, person and child.
AUDIENCE = """
    WITH kids AS (
        SELECT l.id AS lesson_id, c.id AS child_id, c.name AS child_name, c.family_id,
            c.user_id AS child_user
        FROM lessons l
        JOIN enrolments e ON e.group_id = l.group_id AND e.status = 'confirmed'
        JOIN children c ON c.id = e.child_id
        WHERE l.id IN ({ids})
            AND NOT EXISTS (SELECT 1 FROM absences a
                            WHERE a.lesson_id = l.id AND a.child_id = c.id)
    ), pairs AS (
        SELECT k.lesson_id, k.child_id, k.child_name, m.user_id, k.family_id,
            (m.user_id = k.child_user OR m.child_id = k.child_id) AS pupil
        FROM kids k JOIN family_members m ON m.family_id = k.family_id
        WHERE m.relation = 'parent' OR m.child_id = k.child_id OR m.user_id = k.child_user
        UNION
        SELECT k.lesson_id, k.child_id, k.child_name, k.child_user, k.family_id, 1
        FROM kids k WHERE k.child_user IS NOT NULL
    )
    SELECT p.lesson_id, p.child_id, p.child_name, p.user_id, p.family_id, p.pupil,
        u.language, u.family_role, s.enabled, s.quiet, s.quiet_from, s.quiet_until, rl.leads
    FROM pairs p JOIN users u ON u.id = p.user_id AND u.blocked = 0
    LEFT JOIN reminder_settings s ON s.user_id = p.user_id
    LEFT JOIN reminder_leads rl ON rl.user_id = p.user_id AND rl.child_id = p.child_id
    ORDER BY p.lesson_id, p.user_id, p.child_id
"""


@dataclass
class Person:
    """Someone reminded of one lesson: their language, voice, settings and children."""

    user_id: int
    family_id: int
    language: str
    family_role: str | None
    prefs: Prefs
    children: list[RemindedChild] = field(default_factory=list)


def _people(rows: Iterable[aiosqlite.Row]) -> dict[int, dict[int, Person]]:
    """The audience rows by lesson and person."""
    out: dict[int, dict[int, Person]] = {}
    for row in rows:
        people = out.setdefault(row["lesson_id"], {})
        person = people.get(row["user_id"])
        if person is None:
            person = people[row["user_id"]] = Person(
                row["user_id"], row["family_id"], row["language"], row["family_role"],
                prefs_of(row, {}),
            )
        if any(c.id == row["child_id"] for c in person.children):
            continue
        if row["leads"] is not None:
            person.prefs.leads[row["child_id"]] = parse_leads(row["leads"])
        person.children.append(RemindedChild(row["child_id"], row["child_name"],
                                             bool(row["pupil"])))
    return out


class PlanRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def planned_until(self) -> datetime | None:
        value = await self.db.fetchval("SELECT value FROM planner WHERE name = 'until'")
        return None if value is None else from_db(value)

    async def work(self, until: datetime) -> tuple[datetime | None, list[int], list[int]]:
        """The idle check, in one read: the horizon planned so far, the groups to plan again
        and the lessons that have entered the horizon since (by the start index)."""
        rows = list(await self.db.fetchall(
            "SELECT 'until' AS what, value FROM planner WHERE name = 'until'"
            " UNION ALL SELECT 'group', group_id FROM replan"
            " UNION ALL SELECT 'lesson', l.id FROM lessons l WHERE l.starts_at <= :until"
            "   AND l.starts_at > coalesce((SELECT value FROM planner WHERE name = 'until'),"
            "                              :now)",
            {"until": to_db(until), "now": to_db(utcnow())},
        ))
        planned = next((from_db(r["value"]) for r in rows if r["what"] == "until"), None)
        groups = [int(r["value"]) for r in rows if r["what"] == "group"]
        lessons = [int(r["value"]) for r in rows if r["what"] == "lesson"]
        return planned, groups, lessons

    @staticmethod
    async def lessons_of_groups(conn: aiosqlite.Connection, groups: Sequence[int],
                                since: datetime, until: datetime) -> list[int]:
        """The lessons of these groups (as they stand or as they stood: a lesson moved out
        of the horizon still has rows to cancel) starting inside the horizon."""
        marks = ",".join("?" * len(groups))
        rows = await fetch_all(
            conn,
            f"SELECT id FROM lessons WHERE group_id IN ({marks}) AND starts_at > ?"  # noqa: S608
            f" AND starts_at <= ? UNION SELECT DISTINCT o.lesson_id FROM outbox o"
            f" JOIN lessons l ON l.id = o.lesson_id WHERE l.group_id IN ({marks})"
            " AND o.kind = 'reminder' AND o.status = 'pending'",
            (*groups, to_db(since), to_db(until), *groups),
        )
        return [int(r[0]) for r in rows]

    @staticmethod
    async def audience(conn: aiosqlite.Connection, lesson_ids: Sequence[int]
                       ) -> dict[int, dict[int, Person]]:
        rows = await fetch_all(conn, AUDIENCE.format(ids=",".join("?" * len(lesson_ids))),
                               tuple(lesson_ids))
        return _people(rows)

    @staticmethod
    async def existing(conn: aiosqlite.Connection, lesson_ids: Sequence[int]
                       ) -> dict[str, Existing]:
        rows = await fetch_all(
            conn,
            "SELECT id, dedupe_key, status, due_at, payload FROM outbox"
            f" WHERE kind = 'reminder' AND lesson_id IN ({','.join('?' * len(lesson_ids))})",  # noqa: S608
            tuple(lesson_ids),
        )
        return {r["dedupe_key"]: Existing(r["id"], r["dedupe_key"], r["status"],
                                          from_db(r["due_at"]), r["payload"]) for r in rows}

    @staticmethod
    async def apply(conn: aiosqlite.Connection, wanted: Sequence[Wanted],
                    existing: dict[str, Existing], now: datetime, *,
                    add_overdue: bool = False) -> Applied:
        """Make the lessons' reminder rows agree with `wanted`: add the missing ones (not
        those already due, unless `add_overdue`), update pending or cancelled ones that
        changed, cancel pending ones no longer wanted; sent ones stay as they are. Each kind
        of write is one batch (one trip to the database's thread)."""
        stamp = to_db(now)
        keys = set()
        added, updated, revived = [], [], []
        for want in wanted:
            keys.add(want.key)
            payload = json.dumps(want.payload, ensure_ascii=False)
            old = existing.get(want.key)
            due = to_db(max(want.due_at, now))
            expires = to_db(want.expires_at)
            if old is None:
                if want.due_at >= now or add_overdue:
                    added.append((want.chat_id, payload, want.key, due, PRIORITY["reminder"],
                                  expires, stamp, want.family_id, want.lesson_id))
                # else: its time was over before anyone knew of it
            elif old.status == "pending" and (old.payload != payload
                                              or to_db(old.due_at) != due):
                updated.append((payload, due, expires, want.family_id, old.id))
            elif old.status == "cancelled" and want.due_at >= now:
                # wanted again (taken back «Не придём», reminders on again) and still ahead
                revived.append((payload, due, expires, want.family_id, old.id))
        stale = [(old.id,) for key, old in existing.items()
                 if key not in keys and old.status == "pending"]
        await conn.executemany(
            "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"
            " expires_at, created_at, family_id, lesson_id)"
            " VALUES ('reminder', ?, ?, ?, ?, ?, ?, ?, ?, ?)", added,
        )
        await conn.executemany(
            "UPDATE outbox SET payload = ?, due_at = ?, expires_at = ?, family_id = ?"
            " WHERE id = ? AND status = 'pending'", updated,
        )
        await conn.executemany(
            "UPDATE outbox SET status = 'pending', payload = ?, due_at = ?, expires_at = ?,"
            " family_id = ?, last_error = NULL, attempts = 0"
            " WHERE id = ? AND status = 'cancelled'", revived,
        )
        await conn.executemany(
            "UPDATE outbox SET status = 'cancelled', last_error = 'replanned'"
            " WHERE id = ? AND status = 'pending'", stale,
        )
        return Applied(len(added), len(updated) + len(revived), len(stale))

    @staticmethod
    async def planned(conn: aiosqlite.Connection, until: datetime,
                      groups: Sequence[int]) -> None:
        """The horizon is planned to `until`; these groups are planned again."""
        await conn.execute(
            "INSERT INTO planner (name, value) VALUES ('until', ?)"
            " ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
            (to_db(until),),
        )
        if groups:
            await conn.executemany("DELETE FROM replan WHERE group_id = ?",
                                   [(g,) for g in groups])

    async def overdue(self, now: datetime) -> list[aiosqlite.Row]:
        """Reminders whose time came while the bot was down, lesson not started yet."""
        return list(await self.db.fetchall(
            "SELECT id, lesson_id, chat_id, dedupe_key FROM outbox WHERE kind = 'reminder'"
            " AND status = 'pending' AND due_at <= ? AND expires_at > ?"
            " ORDER BY lesson_id, chat_id, due_at DESC",
            (to_db(now), to_db(now)),
        ))
