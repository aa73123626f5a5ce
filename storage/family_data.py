"""A family's data as /mydata gives it, and the tie between a child's own account and the
child's record."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import asdict
from typing import Any

import aiosqlite

from storage import consents, event_privacy, journal, personal, questions
from storage.db import Database, fetch_all, fetch_one


async def export(
    db: Database, family_id: int, children: Sequence[Any], forms: Collection[str] = ()
) -> dict[str, Any]:
    """Everything stored about a family (its `children` as the families module reads them)
    and about each of its members, for /mydata: their half-filled forms of the `forms` groups
    (the family side's, see personal.of_people)."""
    family = await db.fetchone("SELECT * FROM families WHERE id = ?", (family_id,))
    members = await db.fetchall(
        f"SELECT m.user_id, m.relation, m.child_id, m.joined_at, {personal.ACCOUNT}"  # noqa: S608
        " FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = ?"
        " ORDER BY m.joined_at, m.user_id", (family_id,),
    )
    people = [int(row["user_id"]) for row in members]
    applications = await db.fetchall(
        "SELECT e.id, e.child_id, c.name AS child, g.name AS \"group\", p.title_ru AS programme,"
        " e.status, e.reason, e.created_by, e.created_at, e.updated_at, e.offer_until"
        " FROM enrolments e JOIN children c ON c.id = e.child_id"
        " JOIN groups g ON g.id = e.group_id JOIN programmes p ON p.id = g.programme_id"
        " WHERE c.family_id = ? ORDER BY c.id, e.id", (family_id,),
    )
    absences = await db.fetchall(
        "SELECT a.child_id, c.name AS child, p.title_ru AS programme, g.name AS \"group\","
        " l.day, l.starts_at, l.ends_at, a.reported_by, a.reported_at"
        " FROM absences a JOIN children c ON c.id = a.child_id"
        " JOIN lessons l ON l.id = a.lesson_id JOIN groups g ON g.id = l.group_id"
        " JOIN programmes p ON p.id = g.programme_id"
        " WHERE c.family_id = ? ORDER BY l.starts_at, c.id", (family_id,),
    )
    leads = await db.fetchall(
        "SELECT r.user_id, r.child_id, c.name AS child, r.leads FROM reminder_leads r"
        " JOIN children c ON c.id = r.child_id JOIN family_members m ON m.user_id = r.user_id"
        " WHERE m.family_id = ? ORDER BY r.user_id, c.id", (family_id,),
    )
    return {
        "family": {"id": family_id, "phone": family["phone"] if family else None,
                   "created_at": family["created_at"] if family else None},
        "members": [{**dict(row), "blocked": bool(row["blocked"])} for row in members],
        "children": [
            {**asdict(c), "birth_date": c.birth_date.isoformat()} for c in children
        ],
        "consents": await consents.of_family(db, family_id),
        # new versions of the consent text put to the family, and the answers
        "consent_requests": await consents.requests_of_family(db, family_id),
        # times in UTC
        "applications": [dict(row) for row in applications],
        # «Не придём»: the lessons a child was reported absent from (times in UTC, the day
        # the technopark's)
        "absences": [dict(row) for row in absences],
        # questions the members asked the technopark, and the answers (times in UTC)
        "questions": await questions.export(db, people, family_id),
        "reminders": {
            "settings": await personal.reminder_settings(db, people),
            "lead_times": [{**dict(row), "leads": row["leads"].split()} for row in leads],
        },
        # registrations for events (the family's, and any a member made alone): the adults
        # coming along, the phone, the check-in; each child's seat (its place in the queue,
        # or how long a seat is held); the feedback (times in UTC)
        "events": await event_privacy.export(db, family_id, people),
        # the children's marks in the journal, their corrections, and the «не пришёл» notices
        # members turned off (times in UTC, the day the technopark's)
        **await journal.of_family(db, family_id),
        # each member's own: quiz results, news subscriptions, half-filled forms
        **await personal.of_people(db, people, forms),
    }


def dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


async def untied_family(conn: aiosqlite.Connection, user_id: int) -> int | None:
    """Inside a transaction: the family of a child's account not yet tied to any child (one
    that signed itself up is tied already); None otherwise."""
    row = await fetch_one(
        conn, "SELECT m.family_id FROM family_members m WHERE m.user_id = ?"
        " AND m.relation = 'child' AND m.child_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM children c WHERE c.user_id = m.user_id)", (user_id,),
    )
    return None if row is None else int(row[0])


async def unlinked_children(conn: aiosqlite.Connection, family_id: int) -> list[int]:
    """Inside a transaction: the family's children no account is tied to yet."""
    rows = await fetch_all(
        conn, "SELECT c.id FROM children c WHERE c.family_id = ? AND c.user_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM family_members m WHERE m.child_id = c.id)"
        " ORDER BY c.id", (family_id,),
    )
    return [int(row[0]) for row in rows]


async def link(conn: aiosqlite.Connection, user_id: int, child_id: int) -> None:
    """Inside a transaction: this account is that child's own (told of their lessons; never
    consents for them)."""
    await conn.execute("UPDATE family_members SET child_id = ? WHERE user_id = ?",
                       (child_id, user_id))
    await conn.execute("UPDATE children SET user_id = ? WHERE id = ?", (user_id, child_id))
