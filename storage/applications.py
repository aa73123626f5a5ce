"""An application as a completed sign-up form writes it, inside the caller's transaction: the
family (a new one for a newcomer), the child (the record the form chose, the same name and
birth date, or a new one), the consent, the enrolment; and a parent's refusal of one that
waits for consent."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import aiosqlite

from storage import consents, family_data
from storage.clock import to_db, utcnow
from storage.db import fetch_all, fetch_one
from storage.enrolments import ACTIVE_SQL, EnrolmentRepo

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


async def write(conn: aiosqlite.Connection, repo: EnrolmentRepo, app: Application,
                current_version: Callable[[consents.Capacity], str]) -> Submitted:
    """Child, family link, consent, enrolment and the staff's notices."""
    now = utcnow()
    stamp = to_db(now)
    family_id, relation = await _family_for(conn, app.user_id, app.relation, stamp)
    child_id = await _child_for(conn, family_id, app, stamp)
    await conn.execute("UPDATE families SET phone = ? WHERE id = ?", (app.phone, family_id))
    if app.relation == "child":
        await _tie(conn, app.user_id, child_id)
    existing = await fetch_one(
        conn,
        f"SELECT id, status FROM enrolments WHERE child_id = ? AND group_id = ?"  # noqa: S608
        f" AND status IN ({ACTIVE_SQL})",
        (child_id, app.group_id),
    )
    invite = str((await fetch_one(
        conn, "SELECT invite_code FROM families WHERE id = ?", (family_id,)
    ))[0])  # type: ignore[index]
    capacity = consents.capacity(
        consented=app.consent, filled_as=app.relation, member=relation,
        born=app.birth_date, today=app.today or now.date(),
    )
    waited = existing is not None and existing["status"] == "awaiting_consent"
    if capacity is not None and (existing is None or waited):
        await consents.record(conn, child_id=child_id, given_by=app.user_id,
                              given_as=capacity, photo=app.photo_consent, stamp=stamp,
                              version=app.text_version or current_version(capacity))
    if existing is not None:
        if waited and capacity is not None:
            # the same application, now with the consent it waited for
            placed = await repo.place_consented(conn, child_id, stamp)
            view = next(v for v in placed if v.id == existing["id"])
            return Submitted(view.id, view.status, view.position, invite, False, family_id,
                             child_id)
        return Submitted(existing["id"], existing["status"], None, invite, True, family_id,
                         child_id)
    view = await repo.apply(conn, child_id, app.group_id, app.user_id,
                            consented=capacity is not None, stamp=stamp)
    return Submitted(view.id, view.status, view.position, invite, False, family_id, child_id)


async def _family_for(
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


async def _child_for(
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


async def _tie(conn: aiosqlite.Connection, user_id: int, child_id: int) -> None:
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
