"""Consent to the processing of a child's data (152-FZ): who gave it, for whom, in what
capacity, which text version, photos or not, and when it was withdrawn; and the new versions
put to a family (asked once, answered or not).

Who may consent (a parent for a child under 14, a pupil from 14) is bot/services/consents.py's.
A withdrawn consent stays as a record without the person. Which text a version
is, and what it covers, is bot/services/consent_texts.py's: here versions are plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import aiosqlite

from storage.clock import from_db
from storage.db import Database, fetch_one

Capacity = Literal["parent", "pupil"]  # as what a consent is given


async def record(
    conn: aiosqlite.Connection, *, child_id: int, given_by: int, given_as: Capacity,
    photo: bool, stamp: str, version: str,
) -> None:
    """A consent for the child to the text `version`, inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO consents (family_id, child_id, given_by, given_as, text_version, photo,"
        " given_at) SELECT family_id, id, ?, ?, ?, ?, ? FROM children WHERE id = ?",
        (given_by, given_as, version, int(photo), stamp, child_id),
    )


async def withdraw(conn: aiosqlite.Connection, family_id: int, stamp: str) -> None:
    """Every consent of the family withdrawn, and who gave it forgotten."""
    await conn.execute(
        "UPDATE consents SET withdrawn_at = coalesce(withdrawn_at, ?) WHERE family_id = ?",
        (stamp, family_id),
    )
    await detach(conn, family_id)


async def detach(conn: aiosqlite.Connection, family_id: int) -> None:
    """Inside a transaction, before the family's children are deleted: its consents and the
    versions put to it keep their facts (versions, capacities, photos, dates, answers) but no
    longer say who (the deletion empties the family and the child)."""
    await conn.execute("UPDATE consents SET given_by = NULL WHERE family_id = ?", (family_id,))
    await conn.execute(
        "UPDATE consent_requests SET asked_user = NULL, answered_by = NULL"
        " WHERE child_id IN (SELECT id FROM children WHERE family_id = ?)", (family_id,),
    )


async def forget_leavers(conn: aiosqlite.Connection, family_id: int, before: str) -> int:
    """Inside a transaction: consents and answers older than `before` no longer name people
    who have left the family since. Returns how many rows changed."""
    members = "SELECT user_id FROM family_members WHERE family_id = :family"
    cursor = await conn.execute(
        f"UPDATE consents SET given_by = NULL WHERE family_id = :family"  # noqa: S608
        f" AND given_by IS NOT NULL AND given_by NOT IN ({members}) AND given_at < :before",
        {"family": family_id, "before": before},
    )
    changed = cursor.rowcount
    for column, stamp in (("asked_user", "asked_at"), ("answered_by", "answered_at")):
        cursor = await conn.execute(
            f"UPDATE consent_requests SET {column} = NULL"  # noqa: S608
            f" WHERE child_id IN (SELECT id FROM children WHERE family_id = :family)"
            f" AND {column} IS NOT NULL AND {column} NOT IN ({members}) AND {stamp} < :before",
            {"family": family_id, "before": before},
        )
        changed += cursor.rowcount
    return changed


# ---- the standing consent of each child, and new versions put to the family -------------


@dataclass(frozen=True, slots=True)
class Standing:
    """A child's latest consent that is not withdrawn, as one member of the family sees it."""

    child_id: int
    child_name: str
    birth_date: date
    given_as: str | None  # 'parent', 'pupil', or None on records older than that column
    text_version: str
    photo: bool
    given_at: datetime
    own: bool  # the member is this child's own account
    parent: bool  # the member joined the family as a parent


STANDING_SELECT = """
    SELECT c.id AS child_id, c.name, c.birth_date, k.given_as, k.text_version, k.photo,
        k.given_at, (c.user_id IS m.user_id OR m.child_id IS c.id) AS own,
        m.relation = 'parent' AS parent
    FROM family_members m
    JOIN children c ON c.family_id = m.family_id
    JOIN consents k ON k.id = (SELECT max(id) FROM consents
                               WHERE child_id = c.id AND withdrawn_at IS NULL)
    WHERE m.user_id = ?
"""


def _standing(row: aiosqlite.Row) -> Standing:
    return Standing(
        child_id=row["child_id"], child_name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), given_as=row["given_as"],
        text_version=row["text_version"], photo=bool(row["photo"]),
        given_at=from_db(row["given_at"]), own=bool(row["own"]), parent=bool(row["parent"]),
    )


async def standing(db: Database, user_id: int, versions: Iterable[str] = ()) -> list[Standing]:
    """The standing consent of every child in the user's family (only those to one of
    `versions`, if given), in the order the children were added."""
    wanted = sorted(set(versions))
    sql = STANDING_SELECT
    if wanted:
        sql += f" AND k.text_version IN ({','.join('?' * len(wanted))})"
    rows = await db.fetchall(sql + " ORDER BY c.id", (user_id, *wanted))
    return [_standing(row) for row in rows]


async def standing_in(conn: aiosqlite.Connection, user_id: int, child_id: int) -> Standing | None:
    """Inside a transaction: the child's standing consent, if the child is in the user's
    family and has one."""
    row = await fetch_one(conn, STANDING_SELECT + " AND c.id = ?", (user_id, child_id))
    return None if row is None else _standing(row)


async def _requests(
    db: Database, pairs: Iterable[tuple[int, str]], refused: bool = False
) -> set[tuple[int, str]]:
    """Which of these (child, version) pairs were put to the family (and refused)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return set()
    clause = " OR ".join("(child_id = ? AND text_version = ?)" for _ in wanted)
    answer = " AND answer = 'refused'" if refused else ""
    rows = await db.fetchall(
        f"SELECT child_id, text_version FROM consent_requests"  # noqa: S608
        f" WHERE ({clause}){answer}", [value for pair in wanted for value in pair],
    )
    return {(int(row[0]), str(row[1])) for row in rows}


async def asked(db: Database, pairs: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (child, version) pairs have been put to the family already."""
    return await _requests(db, pairs)


async def refused(db: Database, pairs: Iterable[tuple[int, str]]) -> set[int]:
    """The children whose family refused the version put to them, of these pairs."""
    return {child for child, _ in await _requests(db, pairs, refused=True)}


async def mark_asked(
    conn: aiosqlite.Connection, child_id: int, version: str, user_id: int, stamp: str
) -> bool:
    """Inside a transaction: the version is put to the child's family now; False if it was
    before (by this member or another)."""
    cursor = await conn.execute(
        "INSERT OR IGNORE INTO consent_requests (child_id, text_version, asked_at, asked_user)"
        " VALUES (?, ?, ?, ?)", (child_id, version, stamp, user_id),
    )
    return cursor.rowcount > 0


async def unmark_asked(conn: aiosqlite.Connection, child_id: int, version: str) -> None:
    """Inside a transaction: the question never reached them (it is put again next time)."""
    await conn.execute(
        "DELETE FROM consent_requests WHERE child_id = ? AND text_version = ?"
        " AND answer IS NULL", (child_id, version),
    )


async def record_answer(
    conn: aiosqlite.Connection, child_id: int, version: str, user_id: int,
    answer: Literal["accepted", "refused"], stamp: str,
) -> None:
    """Inside a transaction: the family's answer to a version put to them (asked now, if it
    was opened from «Мои дети» before being put to them)."""
    await conn.execute(
        "INSERT INTO consent_requests (child_id, text_version, asked_at, asked_user, answer,"
        " answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (child_id, text_version) DO UPDATE SET answer = excluded.answer,"
        " answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        (child_id, version, stamp, user_id, answer, user_id, stamp),
    )


async def latest(db: Database, child_id: int) -> tuple[str | None, str, bool] | None:
    """The child's standing consent (not withdrawn) as (given_as, text version, photo)."""
    row = await db.fetchone(
        "SELECT given_as, text_version, photo FROM consents WHERE child_id = ?"
        " AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1", (child_id,),
    )
    return None if row is None else (row[0], str(row[1]), bool(row[2]))


async def of_family(db: Database, family_id: int) -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT child_id, given_by, given_as, text_version, photo, given_at, withdrawn_at"
        " FROM consents WHERE family_id = ? ORDER BY id", (family_id,),
    )
    return [dict(row) for row in rows]


async def requests_of_family(db: Database, family_id: int) -> list[dict[str, Any]]:
    """The new versions put to the family and the answers, for /mydata."""
    rows = await db.fetchall(
        "SELECT r.child_id, r.text_version, r.asked_at, r.asked_user, r.answer, r.answered_by,"
        " r.answered_at FROM consent_requests r JOIN children c ON c.id = r.child_id"
        " WHERE c.family_id = ? ORDER BY r.id", (family_id,),
    )
    return [dict(row) for row in rows]
