"""Class reminders in storage: what each person chose, the planner's reads and writes, and the
absences families report («Не придём»).

Reminders are outbox rows (kind "reminder", priority over everything else), one per lesson,
person, lead time and lesson start (`remind:{lesson}:{user}:{lead}:{start}`), each expiring at
the lesson's start. The planner (bot.services.reminders) decides which rows should exist;
`apply` makes the outbox agree: missing rows are added, changed ones updated, unwanted ones
still pending cancelled. A row once sent is never sent again: its key stays taken.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.outbox import PRIORITY

# lead times, in the order the settings screen lists them
LEADS = ("evening", "3h", "2h", "1h", "30m")
PARENT_LEADS = ("evening", "2h")
PUPIL_LEADS = ("2h",)
QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(8, 0)


def parse_leads(value: str) -> tuple[str, ...]:
    """Stored lead codes in the screen's order; unknown codes are dropped."""
    chosen = set(value.split())
    return tuple(lead for lead in LEADS if lead in chosen)


@dataclass(frozen=True, slots=True)
class Quiet:
    """Quiet hours in the technopark's zone; `start` after `end` wraps midnight."""

    on: bool = True
    start: time = QUIET_FROM
    end: time = QUIET_UNTIL


@dataclass(frozen=True, slots=True)
class Prefs:
    """A person's reminder settings; `leads` holds only the children they chose for."""

    enabled: bool = True
    quiet: Quiet = field(default_factory=Quiet)
    leads: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def for_child(self, child_id: int, pupil: bool) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        if child_id in self.leads:
            return self.leads[child_id]
        return PUPIL_LEADS if pupil else PARENT_LEADS


@dataclass(frozen=True, slots=True)
class RemindedChild:
    """A child whose lessons a person is reminded of; `pupil`: the person is the child."""

    id: int
    name: str
    pupil: bool


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


def _quiet(row: aiosqlite.Row | None) -> Quiet:
    if row is None or row["quiet"] is None:
        return Quiet()
    return Quiet(bool(row["quiet"]), time.fromisoformat(row["quiet_from"]),
                 time.fromisoformat(row["quiet_until"]))


def prefs_of(row: aiosqlite.Row | None, leads: dict[int, tuple[str, ...]]) -> Prefs:
    enabled = True if row is None or row["enabled"] is None else bool(row["enabled"])
    return Prefs(enabled=enabled, quiet=_quiet(row), leads=leads)


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
        u.language, u.role, s.enabled, s.quiet, s.quiet_from, s.quiet_until, rl.leads
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
    role: str | None
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
                row["user_id"], row["family_id"], row["language"], row["role"],
                prefs_of(row, {}),
            )
        if any(c.id == row["child_id"] for c in person.children):
            continue
        if row["leads"] is not None:
            person.prefs.leads[row["child_id"]] = parse_leads(row["leads"])
        person.children.append(RemindedChild(row["child_id"], row["child_name"],
                                             bool(row["pupil"])))
    return out


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- a person's settings ------------------------------------------------------------

    async def prefs(self, user_id: int) -> Prefs:
        row = await self.db.fetchone(
            "SELECT * FROM reminder_settings WHERE user_id = ?", (user_id,))
        leads = {
            r["child_id"]: parse_leads(r["leads"])
            for r in await self.db.fetchall(
                "SELECT child_id, leads FROM reminder_leads WHERE user_id = ?", (user_id,))
        }
        return prefs_of(row, leads)

    async def children(self, user_id: int) -> list[RemindedChild]:
        """The children whose lessons this person hears of: a parent's family's children;
        a pupil's own account: themself."""
        rows = await self.db.fetchall(
            "SELECT c.id, c.name, (c.user_id = m.user_id OR c.id = m.child_id) AS pupil"
            " FROM family_members m JOIN children c ON c.family_id = m.family_id"
            " WHERE m.user_id = ? AND (m.relation = 'parent' OR c.id = m.child_id"
            "   OR c.user_id = m.user_id)"
            " ORDER BY c.id",
            (user_id,),
        )
        return [RemindedChild(r["id"], r["name"], bool(r["pupil"])) for r in rows]

    async def _settings_row(self, conn: aiosqlite.Connection, user_id: int) -> None:
        await conn.execute(
            "INSERT INTO reminder_settings (user_id, updated_at) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO NOTHING", (user_id, to_db(utcnow())),
        )

    async def set_enabled(self, user_id: int, enabled: bool) -> None:
        async with self.db.transaction() as conn:
            await self._settings_row(conn, user_id)
            await conn.execute(
                "UPDATE reminder_settings SET enabled = ?, updated_at = ? WHERE user_id = ?",
                (int(enabled), to_db(utcnow()), user_id),
            )

    async def set_quiet(self, user_id: int, on: bool) -> None:
        async with self.db.transaction() as conn:
            await self._settings_row(conn, user_id)
            await conn.execute(
                "UPDATE reminder_settings SET quiet = ?, updated_at = ? WHERE user_id = ?",
                (int(on), to_db(utcnow()), user_id),
            )

    async def set_leads(self, user_id: int, child_id: int, leads: Sequence[str]) -> bool:
        """Choose the lead times for one of the person's children; False (nothing written)
        if the child is not one whose lessons they hear of."""
        if not set(leads) <= set(LEADS):
            raise ValueError(f"unknown lead time in {leads!r}")
        async with self.db.transaction() as conn:
            visible = await fetch_one(
                conn,
                "SELECT 1 FROM family_members m JOIN children c ON c.family_id = m.family_id"
                " WHERE m.user_id = ? AND c.id = ? AND (m.relation = 'parent'"
                "   OR c.id = m.child_id OR c.user_id = m.user_id)",
                (user_id, child_id),
            )
            if visible is None:
                return False
            await conn.execute(
                "INSERT INTO reminder_leads (user_id, child_id, leads) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id, child_id) DO UPDATE SET leads = excluded.leads",
                (user_id, child_id, " ".join(lead for lead in LEADS if lead in leads)),
            )
        return True

    async def next_pending(self, user_id: int) -> tuple[datetime, int] | None:
        """The next reminder queued for this person: when, and for which lesson."""
        row = await self.db.fetchone(
            "SELECT due_at, lesson_id FROM outbox WHERE chat_id = ? AND kind = 'reminder'"
            " AND status = 'pending' ORDER BY due_at LIMIT 1",
            (user_id,),
        )
        return None if row is None else (from_db(row["due_at"]), row["lesson_id"])

    # ---- the planner's reads and writes -------------------------------------------------

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
        changed, cancel pending ones no longer wanted; sent ones stay as they are."""
        done = Applied()
        stamp = to_db(now)
        keys = set()
        for want in wanted:
            keys.add(want.key)
            payload = json.dumps(want.payload, ensure_ascii=False)
            old = existing.get(want.key)
            due = max(want.due_at, now)
            if old is None:
                if want.due_at < now and not add_overdue:
                    continue  # its time was over before anyone knew of it
                await conn.execute(
                    "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"
                    " expires_at, created_at, family_id, lesson_id)"
                    " VALUES ('reminder', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (want.chat_id, payload, want.key, to_db(due), PRIORITY["reminder"],
                     to_db(want.expires_at), stamp, want.family_id, want.lesson_id),
                )
                done.added += 1
            elif old.status == "pending" and (old.payload != payload or old.due_at != due):
                await conn.execute(
                    "UPDATE outbox SET payload = ?, due_at = ?, expires_at = ?, family_id = ?"
                    " WHERE id = ? AND status = 'pending'",
                    (payload, to_db(due), to_db(want.expires_at), want.family_id, old.id),
                )
                done.updated += 1
            elif old.status == "cancelled" and want.due_at >= now:
                # wanted again (taken back «Не придём», reminders on again) and still ahead
                await conn.execute(
                    "UPDATE outbox SET status = 'pending', payload = ?, due_at = ?,"
                    " expires_at = ?, family_id = ?, last_error = NULL, attempts = 0"
                    " WHERE id = ? AND status = 'cancelled'",
                    (payload, to_db(due), to_db(want.expires_at), want.family_id, old.id),
                )
                done.updated += 1
        stale = [(old.id,) for key, old in existing.items()
                 if key not in keys and old.status == "pending"]
        if stale:
            await conn.executemany(
                "UPDATE outbox SET status = 'cancelled', last_error = 'replanned'"
                " WHERE id = ? AND status = 'pending'", stale,
            )
            done.cancelled += len(stale)
        return done

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

    @staticmethod
    async def overdue(conn: aiosqlite.Connection, now: datetime) -> list[aiosqlite.Row]:
        """Reminders whose time came while the bot was down, lesson not started yet."""
        return list(await fetch_all(
            conn,
            "SELECT id, lesson_id, chat_id, dedupe_key FROM outbox WHERE kind = 'reminder'"
            " AND status = 'pending' AND due_at <= ? AND expires_at > ?"
            " ORDER BY lesson_id, chat_id, due_at DESC",
            (to_db(now), to_db(now)),
        ))

    # ---- absences -----------------------------------------------------------------------

    async def sent_count(self, lesson_id: int) -> int:
        """Reminders delivered for a lesson (the staff's lesson screen)."""
        return int(await self.db.fetchval(
            "SELECT count(*) FROM outbox WHERE kind = 'reminder' AND lesson_id = ?"
            " AND status = 'sent'", (lesson_id,),
        ))

    async def due_now(self, user_id: int) -> int:
        """The offline demo's shortcut: this person's planned reminders are due at once."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET due_at = ? WHERE chat_id = ? AND kind = 'reminder'"
                " AND status = 'pending'", (to_db(utcnow()), user_id),
            )
        return cursor.rowcount
