"""Families and children as rows: the accounts that belong to a family, its children, its
invite code. Joining, consent, /mydata and /forget are use cases of bot/services (families,
privacy); a sign-up's writes are in the applications module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import aiosqlite

from storage.clock import to_db, utcnow
from storage.db import Database, fetch_all, fetch_one


@dataclass(frozen=True, slots=True)
class Child:
    id: int
    family_id: int
    name: str
    birth_date: date
    school: str
    grade: int
    user_id: int | None


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What /forget did: erased the `family`, a child's account `left` it, or took `own` data."""

    outcome: Literal["family", "left", "own"]
    members: list[int]  # accounts whose conversations and data are gone


def _child(row: aiosqlite.Row) -> Child:
    return Child(
        id=row["id"], family_id=row["family_id"], name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), school=row["school"],
        grade=row["grade"], user_id=row["user_id"],
    )


class FamilyRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def family_id(self, user_id: int) -> int | None:
        value = await self.db.fetchval(
            "SELECT family_id FROM family_members WHERE user_id = ?", (user_id,)
        )
        return None if value is None else int(value)

    async def member(self, user_id: int) -> tuple[int, str] | None:
        """(family id, relation) of the user's membership: relation is 'parent' or 'child' as
        recorded when they joined, whatever role they pick for themselves later."""
        row = await self.db.fetchone(
            "SELECT family_id, relation FROM family_members WHERE user_id = ?", (user_id,)
        )
        return None if row is None else (int(row[0]), str(row[1]))

    async def children(self, family_id: int) -> list[Child]:
        rows = await self.db.fetchall(
            "SELECT * FROM children WHERE family_id = ? ORDER BY id", (family_id,)
        )
        return [_child(row) for row in rows]

    async def family_of_invite(self, code: str) -> int | None:
        value = await self.db.fetchval("SELECT id FROM families WHERE invite_code = ?", (code,))
        return None if value is None else int(value)

    async def invite_code(self, family_id: int) -> str:
        return str(await self.db.fetchval(
            "SELECT invite_code FROM families WHERE id = ?", (family_id,)
        ))

    async def is_own_child(self, user_id: int, child_id: int) -> bool:
        """Is this child record the user's own (they signed up as that pupil)?"""
        return bool(await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM children c WHERE c.id = ? AND (c.user_id = ?"
            " OR EXISTS (SELECT 1 FROM family_members m WHERE m.user_id = ?"
            " AND m.child_id = c.id)))", (child_id, user_id, user_id),
        ))


# ---- inside the caller's transaction --------------------------------------------------


async def of_invite(conn: aiosqlite.Connection, code: str) -> int | None:
    row = await fetch_one(conn, "SELECT id FROM families WHERE invite_code = ?", (code,))
    return None if row is None else int(row[0])


async def membership(conn: aiosqlite.Connection, user_id: int) -> tuple[int, str] | None:
    """(family id, relation) of the user's membership."""
    row = await fetch_one(
        conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?", (user_id,),
    )
    return None if row is None else (int(row[0]), str(row[1]))


async def add_member(
    conn: aiosqlite.Connection, family_id: int, user_id: int, relation: str
) -> None:
    await conn.execute(
        "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
        " VALUES (?, ?, ?, ?)", (family_id, user_id, relation, to_db(utcnow())),
    )


async def parent_ids(conn: aiosqlite.Connection, family_id: int) -> set[int]:
    return {int(r[0]) for r in await fetch_all(
        conn, "SELECT user_id FROM family_members WHERE family_id = ?"
        " AND relation = 'parent'", (family_id,),
    )}


async def first_name(conn: aiosqlite.Connection, user_id: int) -> str:
    row = await fetch_one(conn, "SELECT first_name FROM users WHERE id = ?", (user_id,))
    return str(row[0]) if row else ""


async def leave(conn: aiosqlite.Connection, user_id: int) -> None:
    """The account is no longer a member, nor any child's own account."""
    await conn.execute("UPDATE children SET user_id = NULL WHERE user_id = ?", (user_id,))
    await conn.execute("DELETE FROM family_members WHERE user_id = ?", (user_id,))
