"""Dated lessons as rows: what a lesson is (`Lesson`), what a family is told of one (`State`),
a child's lesson (`ChildLesson`), the select they are read with, and reading lessons by id
inside a transaction. storage.lessons reads them for staff, storage.lesson_changes writes
staff's changes, storage.family_lessons reads a family's for the schedule and the
reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import fetch_all, fetch_one

# an application still being decided shows its group's lessons, marked as such
PENDING = ("awaiting_consent", "applied", "navigator", "offered")
PENDING_SQL = ",".join(f"'{s}'" for s in PENDING)

LESSON_SELECT = """
    SELECT l.*, g.code AS group_code, g.name AS group_name, g.teacher, g.teacher_id, g.note,
        g.room AS group_room, p.quantum_code, p.title_ru, p.title_en, c.reason AS closure_reason,
        c.reason_en AS closure_reason_en, g.name_en AS group_name_en, g.room_en AS group_room_en,
        g.note_en
    FROM lessons l JOIN groups g ON g.id = l.group_id
    JOIN programmes p ON p.id = g.programme_id
    LEFT JOIN closures c ON c.id = l.closure_id
"""
# what "off" means in SQL, for the lessons table as `l`
OFF_SQL = "(l.status = 'cancelled' OR (l.closure_id IS NOT NULL AND l.manual = 0))"


@dataclass(frozen=True, slots=True)
class State:
    """What a family is told of a lesson: when, where, and whether it takes place."""

    starts_at: datetime
    ends_at: datetime
    room: str
    off: bool

    def dump(self) -> dict[str, Any]:
        return {"start": to_db(self.starts_at), "end": to_db(self.ends_at), "room": self.room,
                "off": self.off}

    @classmethod
    def load(cls, data: dict[str, Any]) -> State:
        return cls(from_db(data["start"]), from_db(data["end"]), str(data["room"]),
                   bool(data["off"]))


@dataclass(frozen=True, slots=True)
class Lesson:
    id: int
    group_id: int
    group_code: str
    group_name: str
    quantum_code: str
    title_ru: str
    title_en: str
    teacher: str
    day: date  # the local date it now falls on
    starts_at: datetime  # UTC
    ends_at: datetime
    room: str  # where it is now (the group's room unless the lesson has its own)
    status: str  # planned | cancelled | moved, as it stands, closures counted
    reason: str | None  # why cancelled or moved (a closure's reason)
    closure: bool  # off because of a closure
    in_closure: bool  # its planned day is in a closure (even if staff restored it)
    planned_start: datetime
    planned_end: datetime
    planned_room: str
    manual: bool
    version: int
    note: str = ""  # what to bring, the group's
    teacher_id: int | None = None  # the teacher's own Telegram account
    group_name_en: str = ""  # the group's name and room in English; empty: the Russian shows
    room_en: str = ""  # the group's room in English when the lesson is in the group's room
    group_room: str = ""  # the group's own room, and its English name ('' when none)
    group_room_en: str = ""
    reason_en: str = ""  # a closure's reason in English ('': the Russian one for everyone)
    note_en: str = ""  # what to bring, in English ('': the Russian note for everyone)

    @property
    def off(self) -> bool:
        return self.status == "cancelled"

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_ru

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name

    def reason_in(self, locale: str) -> str | None:
        """Why it is cancelled or moved, in the reader's language when its closure has an
        English reason (a reason staff typed for this lesson alone is shown as typed)."""
        return self.reason_en if locale == "en" and self.reason_en else self.reason

    def bring(self, locale: str) -> str:
        """What to bring, in the reader's language ('' when the group asks for nothing)."""
        return self.note_en if locale == "en" and self.note_en and self.note else self.note

    def place(self, locale: str) -> str:
        """Where it is, in the reader's language (a room of its own is shown as typed)."""
        return self.room_en if locale == "en" and self.room_en and self.room else self.room

    def room_in(self, room: str, locale: str) -> str:
        """A room of this lesson's (now or before a change) in the reader's language: the
        group's own room in English when it has an English name, any other as typed."""
        english = locale == "en" and self.group_room_en and room == self.group_room
        return self.group_room_en if english else room

    def state(self) -> State:
        return State(self.starts_at, self.ends_at, self.room, self.off)

    def planned_state(self) -> State:
        """What the pattern gave it: what families know without being told otherwise."""
        return State(self.planned_start, self.planned_end, self.planned_room, self.in_closure)


@dataclass(frozen=True, slots=True)
class ChildLesson:
    """A lesson of one child: `enrolment` is "confirmed", "pending" (being decided) or, in a
    calendar file only, "ended" (the application is over: rejected, withdrawn, on the
    waitlist); `application` the application's own status, with its offer's deadline and when
    it was made; `absent` whether the family said the child will miss it; `sequence` the
    calendar event's SEQUENCE (the newest stamp of the rows it is made of)."""

    lesson: Lesson
    child_id: int
    child_name: str
    enrolment: str
    application: str = ""
    offer_until: datetime | None = None
    applied_at: datetime | None = None
    absent: bool = False
    sequence: int = 0


def lesson_of_row(row: aiosqlite.Row) -> Lesson:
    manual = bool(row["manual"])
    status, reason = row["status"], row["reason"]
    in_closure = row["closure_id"] is not None
    closure = status != "cancelled" and in_closure and not manual
    reason_en = ""
    if closure:
        status, reason = "cancelled", row["closure_reason"]
        reason_en = row["closure_reason_en"]
    return Lesson(
        id=row["id"], group_id=row["group_id"], group_code=row["group_code"],
        group_name=row["group_name"], quantum_code=row["quantum_code"],
        title_ru=row["title_ru"], title_en=row["title_en"], teacher=row["teacher"],
        day=date.fromisoformat(row["day"]), starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]), room=row["room"] or row["group_room"],
        status=status, reason=reason, closure=closure, in_closure=in_closure,
        planned_start=from_db(row["planned_start"]), planned_end=from_db(row["planned_end"]),
        planned_room=row["planned_room"] or row["group_room"], manual=manual,
        version=row["version"], note=row["note"], teacher_id=row["teacher_id"],
        group_name_en=row["group_name_en"],
        room_en=row["group_room_en"] if row["room"] in ("", None, row["group_room"]) else "",
        group_room=row["group_room"] or "", group_room_en=row["group_room_en"] or "",
        reason_en=reason_en or "", note_en=row["note_en"] or "",
    )


def child_lesson_of_row(row: aiosqlite.Row) -> ChildLesson:
    """A row of storage.family_lessons' select."""
    offer_until = row["offer_until"]
    return ChildLesson(
        lesson_of_row(row), row["child_id"], row["child_name"], row["enrolment"],
        application=row["application"],
        offer_until=from_db(offer_until) if offer_until else None,
        applied_at=from_db(row["applied_at"]), absent=bool(row["absent"]),
        sequence=row["sequence"],
    )


async def lesson_by_id(conn: aiosqlite.Connection, lesson_id: int) -> Lesson | None:
    """One lesson as it stands, inside a transaction."""
    row = await fetch_one(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
    return None if row is None else lesson_of_row(row)


async def lessons_by_ids(conn: aiosqlite.Connection, lesson_ids: Sequence[int]
                         ) -> list[Lesson]:
    """These lessons as they stand (any order), inside a transaction."""
    marks = ",".join("?" * len(lesson_ids))
    rows = await fetch_all(conn, LESSON_SELECT + f" WHERE l.id IN ({marks})",
                           tuple(lesson_ids))
    return [lesson_of_row(row) for row in rows]
