"""Programmes (quantum × level) and their groups, with seat counts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiosqlite

from storage import reading
from storage.db import Database, fetch_all, fetch_one

LEVELS = ("intro", "advanced", "project")
# statuses that hold a seat in a group (an application awaiting a parent's consent does not)
SEAT_STATUSES = ("applied", "navigator", "confirmed", "offered")
SEAT_SQL = ",".join(f"'{s}'" for s in SEAT_STATUSES)


@dataclass(frozen=True, slots=True)
class Programme:
    id: int
    code: str
    quantum_code: str
    level: str
    title_ru: str
    title_en: str
    age_min: int
    age_max: int
    admission: str
    signup_from: date | None
    signup_until: date | None
    navigator_url: str | None

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_ru

    def open_on(self, day: date) -> bool:
        return (self.signup_from is None or self.signup_from <= day) and (
            self.signup_until is None or day <= self.signup_until
        )


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    code: str
    programme_id: int
    name: str
    capacity: int
    teacher: str
    room: str
    age_min: int
    age_max: int
    starts_on: date
    ends_on: date
    taken: int = 0
    waiting: int = 0
    name_en: str = ""  # empty: the Russian name is shown to everyone
    room_en: str = ""

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    def title(self, locale: str) -> str:
        """The group's name in the reader's language («Вт/Чт 15:00» / «Tue/Thu 3 pm»)."""
        return self.name_en if locale == "en" and self.name_en else self.name

    def place(self, locale: str) -> str:
        """The group's room in the reader's language; empty if it has none."""
        return self.room_en if locale == "en" and self.room_en and self.room else self.room


@dataclass(frozen=True, slots=True)
class GroupLine:
    """A group as the list of every group shows it: its code and name, its programme's
    title, and when it ends."""

    id: int
    code: str
    name: str
    name_en: str
    ends_on: date
    programme_ru: str
    programme_en: str

    def title(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def programme(self, locale: str) -> str:
        return self.programme_en if locale == "en" else self.programme_ru


@dataclass(frozen=True, slots=True)
class GroupPage:
    """One page of every group, those still running first, each part by code: the groups
    shown, how many there are in all, and which page it is (one that exists)."""

    groups: list[GroupLine]
    total: int
    number: int


# what a group read from a file without the teacher_id or note column gets (and keeps)
GROUP_DEFAULTS: dict[str, Any] = {
    "teacher_id": None, "note": "", "set_teacher_id": False, "set_note": False,
    "name_en": "", "room_en": "", "set_name_en": False, "set_room_en": False,
    "note_en": "", "set_note_en": False,
}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _programme(row: aiosqlite.Row) -> Programme:
    return Programme(
        id=row["id"], code=row["code"], quantum_code=row["quantum_code"], level=row["level"],
        title_ru=row["title_ru"], title_en=row["title_en"], age_min=row["age_min"],
        age_max=row["age_max"], admission=row["admission"],
        signup_from=_date(row["signup_from"]), signup_until=_date(row["signup_until"]),
        navigator_url=row["navigator_url"],
    )


SEATS_SELECT = f"""
    SELECT g.id, g.code, g.capacity,
        (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id
            AND e.status IN ({SEAT_SQL})) AS held,
        EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = g.id
            AND e.status = 'waitlisted') AS waiting
    FROM groups g
"""  # noqa: S608 - constants only

GROUP_SELECT = f"""
    SELECT g.*, p.age_min AS p_age_min, p.age_max AS p_age_max,
        (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id
            AND e.status IN ({SEAT_SQL})) AS taken,
        (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id
            AND e.status = 'waitlisted') AS waiting
    FROM groups g JOIN programmes p ON p.id = g.programme_id
"""  # noqa: S608 - constants only


def _group(row: aiosqlite.Row) -> Group:
    return Group(
        id=row["id"], code=row["code"], programme_id=row["programme_id"], name=row["name"],
        capacity=row["capacity"], teacher=row["teacher"], room=row["room"],
        age_min=row["age_min"] if row["age_min"] is not None else row["p_age_min"],
        age_max=row["age_max"] if row["age_max"] is not None else row["p_age_max"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        taken=row["taken"], waiting=row["waiting"], name_en=row["name_en"],
        room_en=row["room_en"],
    )


# One page of every group, those running on :today first, each part by code, read from the
# index on the code: the running ones from :offset, then the ones over from where the page
# reaches past the running ones. A page reads its own few rows, not every group.
GROUP_PAGE = """
    WITH running AS (SELECT count(*) AS n FROM groups WHERE ends_on >= :today),
    page AS (
        SELECT * FROM (SELECT 0 AS over, id FROM groups WHERE ends_on >= :today
                       ORDER BY code LIMIT :size OFFSET :offset)
        UNION ALL
        SELECT * FROM (SELECT 1 AS over, id FROM groups WHERE ends_on < :today
                       ORDER BY code LIMIT :size
                       OFFSET max(0, :offset - (SELECT n FROM running)))
        LIMIT :size
    )
    SELECT g.id, g.code, g.name, g.name_en, g.ends_on, p.title_ru, p.title_en
    FROM page JOIN groups g ON g.id = page.id JOIN programmes p ON p.id = g.programme_id
    ORDER BY page.over, g.code
"""


def group_page_here(conn: sqlite3.Connection, today: date, size: int, page: int
                    ) -> GroupPage:
    """On the reader's thread: page `page` of every group (the nearest one that exists)."""
    total = int(reading.value(conn, "SELECT count(*) FROM groups"))
    number = min(max(page, 0), max(0, -(-total // size) - 1))
    found = reading.rows(conn, GROUP_PAGE, {"today": today.isoformat(), "size": size,
                                            "offset": number * size})
    return GroupPage([GroupLine(
        id=r["id"], code=r["code"], name=r["name"], name_en=r["name_en"],
        ends_on=date.fromisoformat(r["ends_on"]), programme_ru=r["title_ru"],
        programme_en=r["title_en"]) for r in found], total, number)


class ProgrammeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def for_quantum(self, quantum_code: str) -> list[Programme]:
        rows = await self.db.fetchall(
            "SELECT * FROM programmes WHERE quantum_code = ? ORDER BY"
            " CASE level WHEN 'intro' THEN 0 WHEN 'advanced' THEN 1 ELSE 2 END, age_min, code",
            (quantum_code,),
        )
        return [_programme(row) for row in rows]

    async def get(self, programme_id: int) -> Programme | None:
        row = await self.db.fetchone("SELECT * FROM programmes WHERE id = ?", (programme_id,))
        return None if row is None else _programme(row)

    async def all(self) -> list[Programme]:
        rows = await self.db.fetchall("SELECT * FROM programmes ORDER BY quantum_code, code")
        return [_programme(row) for row in rows]

    async def groups(self, programme_id: int, running_on: date | None = None) -> list[Group]:
        """The programme's groups; with `running_on`, only those not yet over by then."""
        rows = await self.db.fetchall(
            GROUP_SELECT + " WHERE g.programme_id = ? AND g.ends_on >= ?"
            " ORDER BY g.starts_on, g.name",
            (programme_id, (running_on or date.min).isoformat()),
        )
        return [_group(row) for row in rows]

    async def group(self, group_id: int) -> Group | None:
        row = await self.db.fetchone(GROUP_SELECT + " WHERE g.id = ?", (group_id,))
        return None if row is None else _group(row)

    async def all_groups(self) -> list[Group]:
        rows = await self.db.fetchall(GROUP_SELECT + " ORDER BY g.code")
        return [_group(row) for row in rows]


# ---- an import's writes, inside the caller's transaction ------------------------------------

async def seats(conn: aiosqlite.Connection) -> list[aiosqlite.Row]:
    """Every group's id, code, capacity, seats held and whether it has a waitlist."""
    return await fetch_all(conn, SEATS_SELECT)


async def upsert_programme(conn: aiosqlite.Connection, programme: dict[str, Any], at: str
                           ) -> None:
    """Create or update a programme by code."""
    await conn.execute(
        "INSERT INTO programmes (code, quantum_code, level, title_ru, title_en,"
        " age_min, age_max, admission, signup_from, signup_until, navigator_url,"
        " updated_at) VALUES (:code, :quantum_code, :level, :title_ru, :title_en,"
        " :age_min, :age_max, :admission, :signup_from, :signup_until,"
        " :navigator_url, :now) ON CONFLICT (code) DO UPDATE SET"
        " quantum_code = excluded.quantum_code, level = excluded.level,"
        " title_ru = excluded.title_ru, title_en = excluded.title_en,"
        " age_min = excluded.age_min, age_max = excluded.age_max,"
        " admission = excluded.admission, signup_from = excluded.signup_from,"
        " signup_until = excluded.signup_until,"
        " navigator_url = excluded.navigator_url, updated_at = excluded.updated_at",
        {**programme, "now": at},
    )


async def upsert_group(conn: aiosqlite.Connection, group: dict[str, Any], at: str) -> int:
    """Create or update a group by code (its programme's by code); its id. Its `teacher_id`,
    `note`, `name_en`, `room_en` and `note_en` are written when their `set_…` flag says the
    file had the column; otherwise a new group has none and an existing one keeps its."""
    row = await fetch_one(
        conn,
        "INSERT INTO groups (code, programme_id, name, capacity, teacher, room,"
        " teacher_id, note, age_min, age_max, starts_on, ends_on, updated_at, name_en,"
        " room_en, note_en) VALUES (:code, (SELECT id FROM programmes WHERE code ="
        " :programme_code), :name, :capacity, :teacher, :room, :teacher_id, :note, :age_min,"
        " :age_max, :starts_on, :ends_on, :now, :name_en, :room_en, :note_en)"
        " ON CONFLICT (code) DO UPDATE SET"
        " programme_id = excluded.programme_id, name = excluded.name,"
        " capacity = excluded.capacity, teacher = excluded.teacher,"
        " room = excluded.room, age_min = excluded.age_min,"
        " age_max = excluded.age_max, starts_on = excluded.starts_on,"
        " ends_on = excluded.ends_on, updated_at = excluded.updated_at,"
        # a file without the column leaves the group's teacher account and note
        " teacher_id = CASE WHEN :set_teacher_id THEN excluded.teacher_id"
        "   ELSE groups.teacher_id END,"
        " note = CASE WHEN :set_note THEN excluded.note ELSE groups.note END,"
        " name_en = CASE WHEN :set_name_en THEN excluded.name_en ELSE groups.name_en END,"
        " room_en = CASE WHEN :set_room_en THEN excluded.room_en ELSE groups.room_en END,"
        " note_en = CASE WHEN :set_note_en THEN excluded.note_en ELSE groups.note_en END"
        " RETURNING id",
        {**GROUP_DEFAULTS, **group, "now": at},
    )
    assert row is not None
    return int(row[0])
