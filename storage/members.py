"""Who someone is in their family: a parent, or a child's own account tied to a record; the
family's parents who may consent for a child; the accounts that are a child's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.clock import from_db
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient

# the child record that is an account's own: tied from either side
OWN_CHILD_SQL = (
    "coalesce(m.child_id, (SELECT c.id FROM children c WHERE c.user_id = m.user_id"
    " AND c.family_id = m.family_id ORDER BY c.id LIMIT 1))"
)


@dataclass(frozen=True, slots=True)
class Membership:
    family_id: int
    relation: str  # 'parent' | 'child', as recorded when they joined
    own_child: int | None  # the record that is this account's own (a child's account)
    parented: bool  # a parent is a member of the family


async def of_user(db: Database, user_id: int) -> Membership | None:
    row = await db.fetchone(
        f"SELECT m.family_id, m.relation, {OWN_CHILD_SQL} AS own,"  # noqa: S608 - constants
        " EXISTS (SELECT 1 FROM family_members p WHERE p.family_id = m.family_id"
        " AND p.relation = 'parent') AS parented"
        " FROM family_members m WHERE m.user_id = ?", (user_id,),
    )
    if row is None:
        return None
    return Membership(int(row["family_id"]), str(row["relation"]),
                      None if row["own"] is None else int(row["own"]), bool(row["parented"]))


async def family_phone(db: Database, family_id: int) -> str | None:
    value = await db.fetchval("SELECT phone FROM families WHERE id = ?", (family_id,))
    return None if value is None else str(value)


async def grade_given_at(db: Database, child_id: int) -> datetime | None:
    """When the child's grade was last written: the record, or the latest sign-up for it."""
    value = await db.fetchval(
        "SELECT max(c.created_at, coalesce((SELECT max(e.created_at) FROM enrolments e"
        " WHERE e.child_id = c.id), '')) FROM children c WHERE c.id = ?", (child_id,),
    )
    return None if value is None else from_db(str(value))


async def parents(conn: aiosqlite.Connection, child_id: int) -> list[Recipient]:
    """Inside a transaction: the parent members of the child's family who may consent for it
    (never the child's own account), and have not blocked the bot."""
    rows = await fetch_all(
        conn, "SELECT u.id, u.language, u.family_role FROM children c"
        " JOIN family_members m ON m.family_id = c.family_id JOIN users u ON u.id = m.user_id"
        " WHERE c.id = ? AND m.relation = 'parent' AND u.blocked = 0"
        " AND c.user_id IS NOT m.user_id AND m.child_id IS NOT c.id ORDER BY m.joined_at",
        (child_id,),
    )
    return [Recipient(int(r["id"]), str(r["language"]), r["family_role"]) for r in rows]


async def may_consent(conn: aiosqlite.Connection, user_id: int, child_id: int) -> bool:
    """Inside a transaction: is the user a parent member of the child's family who is not
    the child's own account?"""
    row = await fetch_one(
        conn, "SELECT 1 FROM children c JOIN family_members m"
        " ON m.family_id = c.family_id AND m.user_id = ?"
        " WHERE c.id = ? AND m.relation = 'parent'"
        " AND c.user_id IS NOT ? AND m.child_id IS NOT c.id",
        (user_id, child_id, user_id),
    )
    return row is not None


async def own_accounts(conn: aiosqlite.Connection, child_id: int) -> list[Recipient]:
    """Inside a transaction: the child's own accounts (who signed up as them), not blocked."""
    rows = await fetch_all(
        conn, "SELECT u.id, u.language, u.family_role FROM users u WHERE u.blocked = 0"
        " AND (u.id = (SELECT user_id FROM children WHERE id = ?)"
        " OR u.id IN (SELECT user_id FROM family_members WHERE child_id = ?)) ORDER BY u.id",
        (child_id, child_id),
    )
    return [Recipient(int(r["id"]), str(r["language"]), r["family_role"]) for r in rows]
