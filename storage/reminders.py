"""Class reminders in storage: what each person chose (lead times per child, quiet hours, on
or off), and what was queued or sent for them. The planner's own reads and writes are in
storage.reminder_plans, the absences families report in storage.absences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_one

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
        return self.chosen(child_id, pupil) if self.enabled else ()

    def chosen(self, child_id: int, pupil: bool) -> tuple[str, ...]:
        """The lead times chosen for a child (or the defaults), reminders on or off."""
        found = self.leads.get(child_id)
        if found is not None:
            return found
        return PUPIL_LEADS if pupil else PARENT_LEADS


@dataclass(frozen=True, slots=True)
class RemindedChild:
    """A child whose lessons a person is reminded of; `pupil`: the person is the child."""

    id: int
    name: str
    pupil: bool


# a person's settings row, and the lead times they chose per child
SETTINGS = "SELECT * FROM reminder_settings WHERE user_id = ?"
LEADS_OF = "SELECT child_id, leads FROM reminder_leads WHERE user_id = ?"
# the children whose lessons a person hears of: a parent's family's children; a pupil's own
# account: themself
CHILDREN = (
    "SELECT c.id, c.name, (c.user_id = m.user_id OR c.id = m.child_id) AS pupil"
    " FROM family_members m JOIN children c ON c.family_id = m.family_id"
    " WHERE m.user_id = ? AND (m.relation = 'parent' OR c.id = m.child_id"
    "   OR c.user_id = m.user_id)"
    " ORDER BY c.id"
)
WRITE_LEADS = (
    "INSERT INTO reminder_leads (user_id, child_id, leads) VALUES (?, ?, ?)"
    " ON CONFLICT (user_id, child_id) DO UPDATE SET leads = excluded.leads"
)


def _quiet(row: aiosqlite.Row | None) -> Quiet:
    if row is None or row["quiet"] is None:
        return Quiet()
    return Quiet(bool(row["quiet"]), time.fromisoformat(row["quiet_from"]),
                 time.fromisoformat(row["quiet_until"]))


def prefs_of(row: aiosqlite.Row | None, leads: dict[int, tuple[str, ...]]) -> Prefs:
    enabled = True if row is None or row["enabled"] is None else bool(row["enabled"])
    return Prefs(enabled=enabled, quiet=_quiet(row), leads=leads)


def prefs_of_rows(row: aiosqlite.Row | None, leads: Iterable[aiosqlite.Row]) -> Prefs:
    """The settings from `SETTINGS`' row and `LEADS_OF`' rows."""
    return prefs_of(row, {r["child_id"]: parse_leads(r["leads"]) for r in leads})


def children_of_rows(rows: Iterable[aiosqlite.Row]) -> list[RemindedChild]:
    """The children from `CHILDREN`' rows."""
    return [RemindedChild(r["id"], r["name"], bool(r["pupil"])) for r in rows]


def stored_leads(leads: Iterable[str]) -> str:
    """Lead codes as stored: the known ones, in the screen's order."""
    chosen = set(leads)
    return " ".join(lead for lead in LEADS if lead in chosen)


async def hears_of(conn: aiosqlite.Connection, user_id: int, child_id: int) -> bool:
    """Whether the child is one whose lessons this person hears of (see `children`)."""
    row = await fetch_one(
        conn,
        "SELECT 1 FROM family_members m JOIN children c ON c.family_id = m.family_id"
        " WHERE m.user_id = ? AND c.id = ? AND (m.relation = 'parent'"
        "   OR c.id = m.child_id OR c.user_id = m.user_id)",
        (user_id, child_id),
    )
    return row is not None


async def write_leads(conn: aiosqlite.Connection, user_id: int, child_id: int,
                      leads: Sequence[str]) -> None:
    """The lead times this person chose for the child (known codes, in the screen's order)."""
    await conn.execute(WRITE_LEADS, (user_id, child_id, stored_leads(leads)))


class ReminderRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- a person's settings ------------------------------------------------------------

    async def prefs(self, user_id: int) -> Prefs:
        row = await self.db.fetchone(SETTINGS, (user_id,))
        return prefs_of_rows(row, await self.db.fetchall(LEADS_OF, (user_id,)))

    async def children(self, user_id: int) -> list[RemindedChild]:
        """The children whose lessons this person hears of: a parent's family's children;
        a pupil's own account: themself."""
        return children_of_rows(await self.db.fetchall(CHILDREN, (user_id,)))

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

    async def next_pending(self, user_id: int) -> tuple[datetime, int] | None:
        """The next reminder queued for this person: when, and for which lesson."""
        row = await self.db.fetchone(
            "SELECT due_at, lesson_id FROM outbox WHERE chat_id = ? AND kind = 'reminder'"
            " AND status = 'pending' ORDER BY due_at LIMIT 1",
            (user_id,),
        )
        return None if row is None else (from_db(row["due_at"]), row["lesson_id"])

    # ---- what was queued and sent ------------------------------------------------------

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
