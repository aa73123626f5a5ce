"""A group's weekly slots and the dated lessons generated from them, and closures: holidays
and the technopark's breaks, inside which lessons are off.

Generating again from the pattern updates lessons in place by their `origin`; lessons staff
changed by hand keep their change, and past lessons stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import aiosqlite

from storage.clock import to_db, utcnow
from storage.db import Database, fetch_all, fetch_one


@dataclass(frozen=True, slots=True)
class SlotRow:
    group_id: int
    weekday: int
    starts: str  # HH:MM local
    ends: str
    room: str


@dataclass(frozen=True, slots=True)
class Closure:
    id: int
    starts_on: date
    ends_on: date
    reason: str
    quanta: tuple[str, ...]  # empty: every quantum
    reason_en: str = ""  # '' : the Russian reason for everyone

    def reason_in(self, locale: str) -> str:
        return self.reason_en if locale == "en" and self.reason_en else self.reason


def _closure(row: aiosqlite.Row) -> Closure:
    return Closure(row["id"], date.fromisoformat(row["starts_on"]),
                   date.fromisoformat(row["ends_on"]), row["reason"],
                   tuple(row["quanta"].split()), row["reason_en"])


CLOSURES_SINCE = "SELECT * FROM closures WHERE ends_on >= ? ORDER BY starts_on, id"


class TimetableRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- the pattern -------------------------------------------------------------------

    @staticmethod
    async def set_schedule(
        conn: aiosqlite.Connection, group_id: int, slots: Sequence[dict[str, Any]],
        planned: Sequence[dict[str, Any]], today: date,
    ) -> None:
        """Inside the caller's transaction (an import): the group's slots become `slots`, and
        its lessons those `planned` (dicts of origin, day, starts_at, ends_at, room). Lessons
        from today on that the pattern no longer gives go, unless staff changed them; past
        lessons stay as they were (a group with none yet gets the past days of `planned`)."""
        now = to_db(utcnow())
        history = await fetch_one(
            conn, "SELECT 1 FROM lessons WHERE group_id = ? AND day < ? LIMIT 1",
            (group_id, today.isoformat()),
        )
        if history is not None:
            # the past is as it was: a changed pattern neither adds lessons to it nor moves
            # them (only a first import fills in the days of the period already gone)
            planned = [p for p in planned if p["day"] >= today]
        await conn.execute("DELETE FROM slots WHERE group_id = ?", (group_id,))
        await conn.executemany(
            "INSERT INTO slots (group_id, weekday, starts, ends, room)"
            " VALUES (:group_id, :weekday, :starts, :ends, :room)",
            [{**s, "group_id": group_id} for s in slots],
        )
        await conn.executemany(
            "INSERT INTO lessons (group_id, origin, planned_start, planned_end, planned_room,"
            " starts_at, ends_at, day, room, updated_at) VALUES (:group_id, :origin,"
            " :starts_at, :ends_at, :room, :starts_at, :ends_at, :day, :room, :now)"
            " ON CONFLICT (group_id, origin) DO UPDATE SET"
            " planned_start = excluded.planned_start, planned_end = excluded.planned_end,"
            " planned_room = excluded.planned_room,"
            " starts_at = iif(manual, starts_at, excluded.starts_at),"
            " ends_at = iif(manual, ends_at, excluded.ends_at),"
            " day = iif(manual, day, excluded.day), room = iif(manual, room, excluded.room),"
            " updated_at = iif(manual, updated_at, excluded.updated_at)",
            [{
                "group_id": group_id, "origin": p["origin"], "day": p["day"].isoformat(),
                "starts_at": to_db(p["starts_at"]), "ends_at": to_db(p["ends_at"]),
                "room": p["room"], "now": now,
            } for p in planned],
        )
        await conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_origin (origin TEXT)")
        await conn.execute("DELETE FROM keep_origin")
        await conn.executemany("INSERT INTO keep_origin VALUES (?)",
                               [(p["origin"],) for p in planned])
        async with conn.execute(
            "SELECT id FROM lessons WHERE group_id = ? AND manual = 0 AND day >= ?"
            " AND origin NOT IN (SELECT origin FROM keep_origin)",
            (group_id, today.isoformat()),
        ) as cur:
            gone = [row[0] for row in await cur.fetchall()]
        await conn.execute("DELETE FROM keep_origin")
        for chunk in range(0, len(gone), 500):
            ids = gone[chunk:chunk + 500]
            marks = ",".join("?" * len(ids))
            await conn.execute(
                "UPDATE outbox SET status = 'cancelled', last_error = 'lesson removed',"  # noqa: S608
                f" lease_until = NULL WHERE lesson_id IN ({marks}) AND status = 'pending'", ids,
            )
            await conn.execute(f"DELETE FROM lessons WHERE id IN ({marks})", ids)  # noqa: S608
        await apply_closures(conn, group_id=group_id)

    async def slots(self, group_ids: Iterable[int]) -> dict[int, list[SlotRow]]:
        """The weekly slots of each group, by weekday and time."""
        ids = list(group_ids)
        found: dict[int, list[SlotRow]] = {i: [] for i in ids}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            rows = await self.db.fetchall(
                f"SELECT * FROM slots WHERE group_id IN ({','.join('?' * len(part))})"  # noqa: S608
                " ORDER BY weekday, starts", part,
            )
            for row in rows:
                found[row["group_id"]].append(SlotRow(
                    row["group_id"], row["weekday"], row["starts"], row["ends"], row["room"]
                ))
        return found

    # ---- closures ----------------------------------------------------------------------

    async def add_closures(self, closures: Sequence[dict[str, Any]], by: int | None) -> int:
        """`put_closures` in a transaction of its own (an import's rows, a test's set-up)."""
        if not closures:
            return 0
        async with self.db.transaction() as conn:
            return await put_closures(conn, closures, by)

    async def lessons_inside(self, starts_on: date, ends_on: date, quanta: Sequence[str]
                             ) -> int:
        """How many lessons `ids_inside` finds for a new closure."""
        return len(await self.ids_inside(starts_on, ends_on, quanta))

    async def ids_inside(self, starts_on: date, ends_on: date, quanta: Sequence[str],
                         own: int | None = None) -> set[int]:
        """The lessons a closure with these dates and quanta would put off now (what
        `add_closures` would count for it alone): those of its quanta on its days that are
        on, not changed by hand and not already off because of another closure (`own`: the
        closure being changed, whose lessons count as its own)."""
        codes = " ".join(sorted(quanta))
        rows = await self.db.fetchall(
            "SELECT l.id FROM lessons l JOIN groups g ON g.id = l.group_id"
            " JOIN programmes p ON p.id = g.programme_id"
            " WHERE l.manual = 0 AND l.origin >= :first AND l.origin < :after"
            " AND (:codes = '' OR instr(' ' || :codes || ' ', ' ' || p.quantum_code || ' ') > 0)"
            " AND (l.closure_id IS NULL OR l.closure_id = :own OR l.closure_id = (SELECT id"
            " FROM closures WHERE starts_on = :first AND ends_on = :last AND quanta = :codes))",
            {"first": starts_on.isoformat(), "last": ends_on.isoformat(), "own": own,
             "after": (ends_on + timedelta(days=1)).isoformat(), "codes": codes},
        )
        return {row[0] for row in rows}

    async def lessons_off_by(self, closure_id: int) -> set[int]:
        """The lessons off now because of this closure."""
        rows = await self.db.fetchall(
            "SELECT id FROM lessons WHERE closure_id = ? AND manual = 0", (closure_id,))
        return {row[0] for row in rows}

    async def closure(self, closure_id: int) -> Closure | None:
        row = await self.db.fetchone("SELECT * FROM closures WHERE id = ?", (closure_id,))
        return None if row is None else _closure(row)

    async def closures(self, since: date) -> list[Closure]:
        """The closures not over before `since`, by their first day."""
        rows = await self.db.fetchall(CLOSURES_SINCE, (since.isoformat(),))
        return [_closure(row) for row in rows]

    async def closures_on(self, day: date, quantum: str) -> list[Closure]:
        """The closures that close `day` for the whole technopark or for `quantum`."""
        rows = await self.db.fetchall(
            "SELECT * FROM closures WHERE starts_on <= :day AND ends_on >= :day"
            " AND (quanta = '' OR instr(' ' || quanta || ' ', ' ' || :quantum || ' ') > 0)"
            " ORDER BY starts_on, id",
            {"day": day.isoformat(), "quantum": quantum},
        )
        return [_closure(row) for row in rows]


async def closures_in(conn: aiosqlite.Connection, since: date) -> list[Closure]:
    """Inside the caller's transaction: `TimetableRepo.closures`."""
    return [_closure(row) for row in await fetch_all(conn, CLOSURES_SINCE,
                                                     (since.isoformat(),))]


async def put_closures(
    conn: aiosqlite.Connection, closures: Sequence[dict[str, Any]], by: int | None
) -> int:
    """Inside the caller's transaction: add closures (starts_on, ends_on, reason, quanta: list
    of codes, and reason_en); the same dates and quanta again update the reason, and the
    English one only when the closure has `reason_en` (an import without the column leaves
    it). Returns how many lessons they put off."""
    if not closures:
        return 0
    now = to_db(utcnow())
    ids: list[int] = []
    for c in closures:
        row = await fetch_one(
            conn,
            "INSERT INTO closures (starts_on, ends_on, reason, reason_en, quanta, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
            " (starts_on, ends_on, quanta) DO UPDATE SET reason = excluded.reason,"
            " reason_en = CASE WHEN ? THEN excluded.reason_en ELSE closures.reason_en END"
            " RETURNING id",
            (c["starts_on"].isoformat(), c["ends_on"].isoformat(), c["reason"],
             c.get("reason_en") or "", " ".join(sorted(c["quanta"])), by, now,
             "reason_en" in c),
        )
        assert row is not None
        ids.append(row[0])
    first = min(c["starts_on"] for c in closures)
    last = max(c["ends_on"] for c in closures)
    await apply_closures(conn, between=(first, last))
    # the lessons off because of these closures (not those another one put off first, nor
    # the days between closures far apart)
    row = await fetch_one(
        conn, "SELECT count(*) FROM lessons WHERE manual = 0 AND closure_id IN"
        f" ({','.join('?' * len(ids))})", ids,  # noqa: S608 - placeholders only
    )
    return int(row[0]) if row else 0


async def closure_in(conn: aiosqlite.Connection, closure_id: int) -> Closure | None:
    """Inside the caller's transaction: `TimetableRepo.closure`."""
    row = await fetch_one(conn, "SELECT * FROM closures WHERE id = ?", (closure_id,))
    return None if row is None else _closure(row)


async def change_closure(conn: aiosqlite.Connection, closure_id: int,
                         closure: dict[str, Any]) -> bool:
    """Inside the caller's transaction: the closure's dates, reasons and quanta become
    `closure`'s, and the lessons of its old and new days are marked again. False if there
    is no such closure; sqlite3.IntegrityError if another has these dates and quanta."""
    old = await fetch_one(conn, "SELECT starts_on, ends_on FROM closures WHERE id = ?",
                          (closure_id,))
    if old is None:
        return False
    await conn.execute(
        "UPDATE closures SET starts_on = ?, ends_on = ?, reason = ?, reason_en = ?, quanta = ?"
        " WHERE id = ?",
        (closure["starts_on"].isoformat(), closure["ends_on"].isoformat(), closure["reason"],
         closure.get("reason_en") or "", " ".join(sorted(closure["quanta"])), closure_id),
    )
    first = min(date.fromisoformat(old["starts_on"]), closure["starts_on"])
    last = max(date.fromisoformat(old["ends_on"]), closure["ends_on"])
    await apply_closures(conn, between=(first, last))
    return True


async def remove_closure(conn: aiosqlite.Connection, closure_id: int) -> Closure | None:
    """Inside the caller's transaction: the closure goes, and the lessons of its days are
    marked again (another closure of those days may still keep them off)."""
    row = await fetch_one(conn, "SELECT * FROM closures WHERE id = ?", (closure_id,))
    if row is None:
        return None
    closure = _closure(row)
    await conn.execute("UPDATE lessons SET closure_id = NULL WHERE closure_id = ?",
                       (closure_id,))
    await conn.execute("DELETE FROM closures WHERE id = ?", (closure_id,))
    await apply_closures(conn, between=(closure.starts_on, closure.ends_on))
    return closure


async def schedule_changed(conn: aiosqlite.Connection) -> None:
    """Inside the caller's transaction: lessons were written (families' cached views go)."""
    await conn.execute("UPDATE versions SET n = n + 1 WHERE name = 'schedule'")


async def apply_closures(
    conn: aiosqlite.Connection, *, group_id: int | None = None,
    between: tuple[date, date] | None = None,
) -> None:
    """Inside the caller's transaction: mark the lessons (of one group, or planned on the
    days given) whose planned day falls inside a closure of their quantum. Lessons staff changed
    by hand are marked too but stay as staff left them (a lesson is off because of a closure
    only when not changed by hand): so a lesson cancelled by hand before a closure and
    restored after it knows it is inside one, and stays on."""
    where = "1"
    params: list[object] = []
    if group_id is not None:
        where += " AND group_id = ?"
        params.append(group_id)
    if between is not None:
        where += " AND origin >= ? AND origin < ?"
        params += [between[0].isoformat(), (between[1] + timedelta(days=1)).isoformat()]
    await conn.execute(
        f"""UPDATE lessons SET closure_id = (
            SELECT c.id FROM closures c, groups g, programmes p
            WHERE g.id = lessons.group_id AND p.id = g.programme_id
                AND substr(lessons.origin, 1, 10) BETWEEN c.starts_on AND c.ends_on
                AND (c.quanta = '' OR instr(' ' || c.quanta || ' ',
                                             ' ' || p.quantum_code || ' ') > 0)
            ORDER BY c.id LIMIT 1)
        WHERE {where}""",  # noqa: S608 - constants only
        params,
    )
    await schedule_changed(conn)
