"""What the sign-up form reads of a person's family, in one query: the family, the phone it
gave at a sign-up before, its children. The form's steps ask for these together (the phone
not to ask again, the children to pick from), and one trip to the database costs more than
the query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage.db import Database
from storage.families import Child


@dataclass(frozen=True, slots=True)
class FamilyOnFile:
    id: int
    phone: str | None
    children: list[Child]  # by id, the order they were signed up in


# a family with no child yet still has its row (the LEFT JOIN's NULLs)
FAMILY_OF_USER = (
    "SELECT m.family_id AS member_of, f.phone AS family_phone, c.*"
    " FROM family_members m LEFT JOIN families f ON f.id = m.family_id"
    " LEFT JOIN children c ON c.family_id = m.family_id"
    " WHERE m.user_id = ? ORDER BY c.id"
)


async def family_of_user(db: Database, user_id: int) -> FamilyOnFile | None:
    """The family the person is a member of, if any."""
    rows = list(await db.fetchall(FAMILY_OF_USER, (user_id,)))
    if not rows:
        return None
    first = rows[0]
    phone = first["family_phone"]
    return FamilyOnFile(
        id=int(first["member_of"]), phone=None if phone is None else str(phone),
        children=[_child(row) for row in rows if row["id"] is not None],
    )


def _child(row: aiosqlite.Row) -> Child:
    return Child(
        id=row["id"], family_id=row["family_id"], name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), school=row["school"],
        grade=row["grade"], user_id=row["user_id"],
    )
