"""Consent to the processing of a child's data (152-FZ): who gave it, for whom, in what
capacity, which text version, photos or not, and when it was withdrawn.

For a child under 14 only a parent member of the family consents; from 14 a pupil consents
for themself. A withdrawn consent stays as a record without the person.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import aiosqlite

from storage.clock import age_on
from storage.db import Database

CONSENT_VERSION = "2025-09-01"
CONSENT_AGE = 14  # from this age a pupil consents for themself; below it only a parent does

Capacity = Literal["parent", "pupil"]


def may_consent_alone(born: date, day: date) -> bool:
    return age_on(born, day) >= CONSENT_AGE


def capacity(
    *, consented: bool, filled_as: str, member: str, born: date, today: date
) -> Capacity | None:
    """As what the person filling a sign-up form consents, or None if they may not: a parent
    member for their child; a pupil for themself from 14 (`today` in the technopark's zone).
    A member who joined the family as a child stays one whatever role they pick: their
    application waits for a parent."""
    if not consented:
        return None
    if filled_as == "child":
        return "pupil" if may_consent_alone(born, today) else None
    return "parent" if member == "parent" else None


async def record(
    conn: aiosqlite.Connection, *, child_id: int, given_by: int, given_as: Capacity,
    photo: bool, stamp: str,
) -> None:
    """A consent for the child, inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO consents (family_id, child_id, given_by, given_as, text_version, photo,"
        " given_at) SELECT family_id, id, ?, ?, ?, ?, ? FROM children WHERE id = ?",
        (given_by, given_as, CONSENT_VERSION, int(photo), stamp, child_id),
    )


async def withdraw(conn: aiosqlite.Connection, family_id: int, stamp: str) -> None:
    """Every consent of the family withdrawn, and who gave it forgotten."""
    await conn.execute(
        "UPDATE consents SET withdrawn_at = coalesce(withdrawn_at, ?), given_by = NULL"
        " WHERE family_id = ?", (stamp, family_id),
    )


async def of_family(db: Database, family_id: int) -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT child_id, given_by, given_as, text_version, photo, given_at, withdrawn_at"
        " FROM consents WHERE family_id = ? ORDER BY id", (family_id,),
    )
    return [dict(row) for row in rows]
