"""The rows a completed sign-up form writes, inside the caller's transaction: the family (a new
one for a newcomer), the child (the record the form chose, the same name and birth date, or a
new one); and a parent's refusal of an application that waits for consent. Which consent
counts and where the application goes is bot/services/enrolment_rules.py's."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Literal

import aiosqlite

from storage import family_data
from storage.clock import to_db, utcnow
from storage.db import fetch_all, fetch_one
from storage.enrolments import ACTIVE_SQL

REFUSED = "consent refused"  # the reason of an application a parent did not consent to


@dataclass(frozen=True)
class Application:
    """A completed sign-up form."""

    user_id: int
    relation: Literal["parent", "child"]  # who fills it: a parent, or the pupil themself
    child_name: str
    birth_date: date
    school: str
    grade: int
    phone: str
    group_id: int
    consent: bool  # given now (False: waits for a parent)
    photo_consent: bool
    today: date | None = None  # in the technopark's zone, for the age of consent (else UTC)
    child_id: int | None = None  # a record of the family the form chose (the pupil's own)
    # the version of the consent text the form showed; None: the current one of the wording
    # for the capacity the consent is given in
    text_version: str | None = None


@dataclass(frozen=True, slots=True)
class Submitted:
    enrolment_id: int
    status: str
    position: int | None
    invite_code: str
    duplicate: bool = False
    family_id: int = 0
    child_id: int = 0


async def existing(
    conn: aiosqlite.Connection, child_id: int, group_id: int
) -> tuple[int, str] | None:
    """(id, status) of the child's active application to the group, if there is one."""
    row = await fetch_one(
        conn,
        f"SELECT id, status FROM enrolments WHERE child_id = ? AND group_id = ?"  # noqa: S608
        f" AND status IN ({ACTIVE_SQL})",
        (child_id, group_id),
    )
    return None if row is None else (int(row["id"]), str(row["status"]))


async def invite_code(conn: aiosqlite.Connection, family_id: int) -> str:
    row = await fetch_one(conn, "SELECT invite_code FROM families WHERE id = ?", (family_id,))
    assert row is not None
    return str(row[0])


async def set_phone(conn: aiosqlite.Connection, family_id: int, phone: str) -> None:
    await conn.execute("UPDATE families SET phone = ? WHERE id = ?", (phone, family_id))


async def family_for(
    conn: aiosqlite.Connection, user_id: int, relation: str, stamp: str
) -> tuple[int, str]:
    """The user's family and their relation in it, a new family if they have none."""
    row = await fetch_one(
        conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?", (user_id,)
    )
    if row is not None:
        return int(row[0]), str(row[1])
    cursor = await conn.execute(
        "INSERT INTO families (invite_code, created_at) VALUES (?, ?)",
        (secrets.token_urlsafe(9), stamp),
    )
    family_id = int(cursor.lastrowid or 0)
    await conn.execute(
        "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
        " VALUES (?, ?, ?, ?)",
        (family_id, user_id, relation, stamp),
    )
    return family_id, relation


async def child_for(
    conn: aiosqlite.Connection, family_id: int, app: Application, stamp: str
) -> int:
    row = None
    if app.child_id is not None:
        # the record the form chose, if it is still this family's
        row = await fetch_one(conn, "SELECT id FROM children WHERE id = ? AND family_id = ?",
                              (app.child_id, family_id))
    if row is None:
        # the same child typed in another case is the same child (SQLite's lower() is ASCII
        # only)
        rows = await fetch_all(
            conn, "SELECT id, name FROM children WHERE family_id = ? AND birth_date = ?",
            (family_id, app.birth_date.isoformat()),
        )
        row = next((r for r in rows if r["name"].casefold() == app.child_name.casefold()),
                   None)
    if row is not None:
        await conn.execute(
            "UPDATE children SET school = ?, grade = ? WHERE id = ?",
            (app.school, app.grade, row[0]),
        )
        return int(row[0])
    cursor = await conn.execute(
        "INSERT INTO children (family_id, name, birth_date, school, grade, user_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (family_id, app.child_name, app.birth_date.isoformat(), app.school, app.grade,
         app.user_id if app.relation == "child" else None, stamp),
    )
    return int(cursor.lastrowid or 0)


async def tie(conn: aiosqlite.Connection, user_id: int, child_id: int) -> None:
    """A pupil signed up as this child: the account is theirs, unless the record is already
    another account's (a sibling's own record stays the sibling's)."""
    row = await fetch_one(conn, "SELECT user_id FROM children WHERE id = ?", (child_id,))
    if row is not None and row[0] in (None, user_id):
        await family_data.link(conn, user_id, child_id)


async def refuse(conn: aiosqlite.Connection, enrolment_id: int) -> bool:
    """A parent did not consent: the application waiting for it is cancelled (it held no
    seat). False if it no longer waited."""
    cursor = await conn.execute(
        "UPDATE enrolments SET status = 'cancelled', reason = ?, updated_at = ?"
        " WHERE id = ? AND status = 'awaiting_consent'",
        (REFUSED, to_db(utcnow()), enrolment_id),
    )
    return cursor.rowcount == 1


async def state_of(
    conn: aiosqlite.Connection, enrolment_id: int
) -> tuple[int, str, str | None] | None:
    """Inside a transaction: the application's child, status and reason."""
    row = await fetch_one(
        conn, "SELECT child_id, status, reason FROM enrolments WHERE id = ?", (enrolment_id,)
    )
    return None if row is None else (int(row[0]), str(row[1]), row[2])
