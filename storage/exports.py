"""What staff export: every application (any status) with its child, family, group and
programme, in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.clock import from_db
from storage.db import Database

# the order a spreadsheet reads well in: who is in, who is waiting, who is out
STATUS_ORDER = ("confirmed", "navigator", "applied", "offered", "waitlisted",
                "awaiting_consent", "rejected", "cancelled", "withdrawn")
_STATUS_RANK = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STATUS_ORDER))


@dataclass(frozen=True, slots=True)
class EnrolmentRow:
    """One application as the export shows it."""

    id: int
    child_name: str
    birth_date: date
    school: str
    grade: int
    phone: str | None  # the family's parent phone, if one was given
    quantum_code: str
    programme_title_ru: str
    programme_title_en: str
    group_code: str
    group_name: str
    status: str
    reason: str | None  # why it was declined or closed, if recorded
    created_at: datetime
    updated_at: datetime
    parents: str = ""  # the parents' Telegram names, ", " between them

    def programme_title(self, locale: str) -> str:
        return self.programme_title_en if locale == "en" else self.programme_title_ru


EXPORT_SELECT = f"""
    SELECT e.id, c.name AS child_name, c.birth_date, c.school, c.grade, f.phone,
        p.quantum_code, p.title_ru, p.title_en, g.code AS group_code, g.name AS group_name,
        e.status, e.reason, e.created_at, e.updated_at,
        (SELECT group_concat(u.first_name, ', ') FROM family_members m
         JOIN users u ON u.id = m.user_id WHERE m.family_id = f.id AND m.relation = 'parent'
         AND u.first_name != '') AS parents
    FROM enrolments e
    JOIN children c ON c.id = e.child_id
    JOIN families f ON f.id = c.family_id
    JOIN groups g ON g.id = e.group_id
    JOIN programmes p ON p.id = g.programme_id
    ORDER BY g.code, CASE e.status {_STATUS_RANK} ELSE {len(STATUS_ORDER)} END, c.name, e.id
"""  # noqa: S608 - constants only


def _row(row: aiosqlite.Row) -> EnrolmentRow:
    return EnrolmentRow(
        id=row["id"], child_name=row["child_name"],
        birth_date=date.fromisoformat(row["birth_date"]), school=row["school"],
        grade=row["grade"], phone=row["phone"], quantum_code=row["quantum_code"],
        programme_title_ru=row["title_ru"], programme_title_en=row["title_en"],
        group_code=row["group_code"], group_name=row["group_name"], status=row["status"],
        reason=row["reason"], created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]), parents=row["parents"] or "",
    )


async def enrolment_rows(db: Database) -> list[EnrolmentRow]:
    """Every application, by group code, then status (confirmed first, closed last), then
    the child's name."""
    return [_row(row) for row in await db.fetchall(EXPORT_SELECT)]
