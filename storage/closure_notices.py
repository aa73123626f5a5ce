"""What telling families of a closure reads, inside the transaction that writes it: which
lessons are off because of which closure (before and after the write), and the confirmed
children of the groups whose lessons changed, with the accounts that are theirs. Who is told
(`recipients_in`) is storage.lesson_changes' `recipients`, the same people a change to one
lesson tells, for many groups in one query."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from storage.clock import to_db
from storage.db import Database, fetch_all, placeholders


@dataclass(frozen=True, slots=True)
class Kid:
    id: int
    family_id: int
    name: str
    user_id: int | None  # the child's own account
    group_id: int



CHUNK = 500  # ids in one IN (…): well under SQLite's limit on a query's parameters

# storage.lesson_changes' RECIPIENTS for many groups: by group, every parent of a family with
# a confirmed child in it, and the confirmed children's own accounts
RECIPIENTS_IN = """
    WITH kids AS (
        SELECT c.id, c.family_id, c.user_id, e.group_id FROM enrolments e
        JOIN children c ON c.id = e.child_id
        WHERE e.group_id IN ({marks}) AND e.status = 'confirmed'
    ), people AS (
        SELECT k.group_id, m.user_id AS uid, m.family_id
        FROM family_members m JOIN kids k ON k.family_id = m.family_id
        WHERE m.relation = 'parent' OR m.child_id = k.id OR m.user_id = k.user_id
        UNION SELECT group_id, user_id, family_id FROM kids WHERE user_id IS NOT NULL
    )
    SELECT people.group_id, u.id, u.language, u.family_role,
        min(people.family_id) AS family_id
    FROM people JOIN users u ON u.id = people.uid
    WHERE u.blocked = 0 GROUP BY people.group_id, u.id ORDER BY people.group_id, u.id
"""


def chunks(ids: Collection[int]) -> Iterator[Sequence[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


async def snapshot(conn: aiosqlite.Connection, first: date, last: date, after: datetime
                   ) -> dict[int, int | None]:
    """The lessons planned from `first` to `last` that start after `after` and that closures
    act on (not changed by hand), each with the closure that keeps it off (None: it is on)."""
    rows = await fetch_all(
        conn, "SELECT id, closure_id FROM lessons WHERE manual = 0 AND origin >= ?"
        " AND origin < ? AND starts_at > ?",
        (first.isoformat(), (last + timedelta(days=1)).isoformat(), to_db(after)),
    )
    return {row["id"]: row["closure_id"] for row in rows}


async def kids_in(conn: aiosqlite.Connection, group_ids: Collection[int]) -> list[Kid]:
    """The children confirmed in these groups."""
    rows = []
    for part in chunks(group_ids):
        rows += await fetch_all(
            conn, "SELECT c.id, c.family_id, c.name, c.user_id, e.group_id FROM enrolments e"
            " JOIN children c ON c.id = e.child_id WHERE e.status = 'confirmed'"
            f" AND e.group_id IN ({placeholders(part)})",  # noqa: S608 - marks only
            tuple(part),
        )
    rows.sort(key=lambda r: r["id"])
    return [Kid(r["id"], r["family_id"], r["name"], r["user_id"], r["group_id"]) for r in rows]


async def recipients_in(conn: aiosqlite.Connection, group_ids: Collection[int]
                        ) -> dict[int, list[aiosqlite.Row]]:
    """By group: who a change to its lessons is told to (id, language, family_role,
    family_id), as storage.lesson_changes' `recipients` gives for one group."""
    found: dict[int, list[aiosqlite.Row]] = {group_id: [] for group_id in group_ids}
    for part in chunks(group_ids):
        for row in await fetch_all(conn, RECIPIENTS_IN.format(marks=placeholders(part)),
                                   tuple(part)):
            found[row["group_id"]].append(row)
    return found


async def english_readers(db: Database, lesson_ids: Collection[int]) -> int:
    """How many of the people a change to these lessons is told to (`recipients_in`) read
    the bot in English."""
    groups: set[int] = set()
    for part in chunks(lesson_ids):
        groups.update(row[0] for row in await db.fetchall(
            f"SELECT DISTINCT group_id FROM lessons WHERE id IN ({placeholders(part)})",  # noqa: S608
            tuple(part)))
    readers: set[int] = set()
    for part in chunks(groups):
        readers.update(row["id"] for row in await db.fetchall(
            RECIPIENTS_IN.format(marks=placeholders(part)), tuple(part))
            if row["language"] == "en")
    return len(readers)


async def own_children(conn: aiosqlite.Connection, user_ids: Collection[int]
                       ) -> dict[int, int]:
    """The child each of these accounts is (a child's own account), by account."""
    if not user_ids:
        return {}
    marks = placeholders(user_ids)
    ids = tuple(user_ids)
    rows = await fetch_all(
        conn, "SELECT user_id, child_id FROM family_members WHERE relation = 'child'"
        f" AND child_id IS NOT NULL AND user_id IN ({marks})"  # noqa: S608 - marks only
        f" UNION SELECT user_id, id FROM children WHERE user_id IN ({marks})",  # noqa: S608
        ids + ids,
    )
    return {row[0]: row[1] for row in rows}


async def reasons_of(conn: aiosqlite.Connection, closure_ids: Collection[int]
                     ) -> dict[int, tuple[str, str]]:
    """The reasons (Russian, English) of these closures, by id."""
    if not closure_ids:
        return {}
    rows = await fetch_all(
        conn, "SELECT id, reason, reason_en FROM closures"
        f" WHERE id IN ({placeholders(closure_ids)})",  # noqa: S608 - marks only
        tuple(closure_ids),
    )
    return {row["id"]: (row["reason"], row["reason_en"]) for row in rows}


async def states_of(conn: aiosqlite.Connection, lesson_ids: Collection[int], after: datetime
                    ) -> dict[int, int | None]:
    """Of these lessons, those that closures act on and that start after `after`, each with
    the closure that keeps it off (None: it is on); as `snapshot`, for any lessons."""
    if not lesson_ids:
        return {}
    rows = await fetch_all(
        conn, f"SELECT id, closure_id FROM lessons WHERE id IN ({placeholders(lesson_ids)})"  # noqa: S608
        " AND manual = 0 AND starts_at > ?", (*lesson_ids, to_db(after)),
    )
    return {row["id"]: row["closure_id"] for row in rows}


@dataclass(frozen=True, slots=True)
class Notice:
    """A closure notice in the outbox, with the lessons it tells as off and as on again."""

    id: int
    chat_id: int
    closure_id: int  # of its topic
    status: str
    off: tuple[int, ...]
    back: tuple[int, ...]


# closure notices (their topics are `closure:<id>`) that speak of any of the lessons given
NOTICES_ABOUT = """
    SELECT id, chat_id, topic, status, payload FROM outbox
    WHERE topic >= 'closure:' AND topic < 'closure;' AND kind = 'closure'
        AND status IN ({statuses})
        AND EXISTS (SELECT 1 FROM json_each(outbox.payload, '$.closure.off') j
                    WHERE j.value IN ({marks})
                    UNION ALL SELECT 1 FROM json_each(outbox.payload, '$.closure.back') j
                    WHERE j.value IN ({marks}))
    ORDER BY id
"""


async def notices_about(conn: aiosqlite.Connection, lesson_ids: Collection[int],
                        statuses: Collection[str]) -> list[Notice]:
    """The closure notices (of these statuses, oldest first) that speak of these lessons."""
    if not lesson_ids:
        return []
    marks = placeholders(lesson_ids)
    rows = await fetch_all(
        conn, NOTICES_ABOUT.format(statuses=placeholders(statuses), marks=marks),
        (*statuses, *lesson_ids, *lesson_ids),
    )
    found = []
    for row in rows:
        told = json.loads(row["payload"]).get("closure") or {}
        found.append(Notice(row["id"], row["chat_id"], int(row["topic"].split(":")[1]),
                            row["status"], tuple(told.get("off", ())),
                            tuple(told.get("back", ()))))
    return found


async def withdraw(conn: aiosqlite.Connection, notice_ids: Collection[int]) -> int:
    """These closure notices, if still queued, are cancelled: a later word replaces them."""
    if not notice_ids:
        return 0
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'cancelled', last_error = 'superseded', lease_until = NULL"
        f" WHERE id IN ({placeholders(notice_ids)}) AND status = 'pending'",  # noqa: S608 - marks only
        tuple(notice_ids),
    )
    return cursor.rowcount
