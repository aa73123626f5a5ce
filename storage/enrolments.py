"""Enrolments: a child's applications to groups, the waitlist and seat offers, and the
messages each change causes.

Seats: a group's seats are held by applications that are applied, waiting in Навигатор,
confirmed, or offered from the waitlist. An under-14 pupil's own application holds nothing
until a parent consents; then it takes a free seat or joins the waitlist. A newcomer takes a
seat only when there are more free seats than families waiting. Every change that frees a seat
offers it to the first on the waitlist, in the same transaction.

Methods that take a connection (`free`, `view_in`, `tell_staff`, `offer_free_seats`, ...) work
inside a transaction the caller holds, so a sign-up or /forget can compose them with its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.outbox import enqueue
from storage.programmes import SEAT_SQL

ACTIVE = ("awaiting_consent", "applied", "navigator", "confirmed", "waitlisted", "offered")
ACTIVE_SQL = ",".join(f"'{s}'" for s in ACTIVE)


@dataclass(frozen=True, slots=True)
class EnrolmentView:
    """An application with what every screen about it needs."""

    id: int
    status: str
    child_id: int
    child_name: str
    birth_date: date
    school: str
    grade: int
    family_id: int
    phone: str | None
    group_id: int
    group_name: str
    programme_title_ru: str
    programme_title_en: str
    quantum_code: str
    offer_until: datetime | None
    reason: str | None
    created_at: datetime
    position: int | None = None  # on the waitlist

    def programme_title(self, locale: str) -> str:
        return self.programme_title_en if locale == "en" else self.programme_title_ru


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    language: str
    family_role: str | None  # the voice: a pupil is «ты»


class Notices(Protocol):
    """Renders the messages that changes cause, in each recipient's language. Pure: it is
    called inside transactions."""

    def for_staff(self, view: EnrolmentView, staff: Recipient) -> dict[str, Any]: ...

    def for_family(self, view: EnrolmentView, member: Recipient) -> dict[str, Any]: ...

    def family_forgotten(self, member: Recipient) -> dict[str, Any]: ...

    def child_left(self, parent: Recipient, account_name: str) -> dict[str, Any]: ...


VIEW_SELECT = """
    SELECT e.id, e.status, e.child_id, c.name AS child_name, c.birth_date, c.school, c.grade,
        c.family_id, f.phone, e.group_id, g.name AS group_name, p.title_ru, p.title_en,
        p.quantum_code, e.offer_until, e.reason, e.created_at,
        CASE WHEN e.status = 'waitlisted' THEN (
            SELECT count(*) FROM enrolments w WHERE w.group_id = e.group_id
            AND w.status = 'waitlisted' AND (w.queued_at < e.queued_at
                OR (w.queued_at = e.queued_at AND w.id <= e.id))) END AS position
    FROM enrolments e
    JOIN children c ON c.id = e.child_id
    JOIN families f ON f.id = c.family_id
    JOIN groups g ON g.id = e.group_id
    JOIN programmes p ON p.id = g.programme_id
"""  # noqa: S608 - constants only


def _view(row: aiosqlite.Row) -> EnrolmentView:
    return EnrolmentView(
        id=row["id"], status=row["status"], child_id=row["child_id"],
        child_name=row["child_name"], birth_date=date.fromisoformat(row["birth_date"]),
        school=row["school"], grade=row["grade"], family_id=row["family_id"],
        phone=row["phone"], group_id=row["group_id"], group_name=row["group_name"],
        programme_title_ru=row["title_ru"], programme_title_en=row["title_en"],
        quantum_code=row["quantum_code"],
        offer_until=from_db(row["offer_until"]) if row["offer_until"] else None,
        reason=row["reason"], created_at=from_db(row["created_at"]), position=row["position"],
    )


class EnrolmentRepo:
    def __init__(self, db: Database, notices: Notices, offer_hours: float = 24.0) -> None:
        self.db = db
        self.notices = notices
        self.offer_hours = offer_hours

    async def view(self, enrolment_id: int) -> EnrolmentView | None:
        row = await self.db.fetchone(VIEW_SELECT + " WHERE e.id = ?", (enrolment_id,))
        return None if row is None else _view(row)

    async def family_enrolments(self, family_id: int) -> list[EnrolmentView]:
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE c.family_id = ? ORDER BY c.id, e.id", (family_id,)
        )
        return [_view(row) for row in rows]

    async def pending(
        self, *, quantum: str | None = None, group_id: int | None = None, limit: int = 50
    ) -> list[EnrolmentView]:
        """Applications staff have to decide on, oldest first."""
        clauses: list[str] = ["e.status IN ('applied', 'navigator')"]
        params: list[Any] = []
        if quantum:
            clauses.append("p.quantum_code = ?")
            params.append(quantum)
        if group_id:
            clauses.append("e.group_id = ?")
            params.append(group_id)
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE " + " AND ".join(clauses) + " ORDER BY e.created_at, e.id"
            " LIMIT ?",
            (*params, limit),
        )
        return [_view(row) for row in rows]

    async def waiting_for_consent(self, family_id: int) -> list[EnrolmentView]:
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE c.family_id = ? AND e.status = 'awaiting_consent'"
            " ORDER BY e.id", (family_id,),
        )
        return [_view(row) for row in rows]

    async def decide(
        self, enrolment_id: int, status: Literal["confirmed", "rejected", "navigator"],
        reason: str | None = None,
    ) -> EnrolmentView | None:
        """Staff's decision on an application still waiting for one; None if it was not."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE enrolments SET status = ?, reason = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('applied', 'navigator') AND status != ?",
                (status, reason, to_db(utcnow()), enrolment_id, status),
            )
            if cursor.rowcount == 0:
                return None
            view = await self.view_in(conn, enrolment_id)
            await self.tell_family(conn, view)
            if status == "rejected":
                await self.offer_free_seats(conn, view.group_id)
        return view

    async def cancel(
        self, enrolment_id: int, family_id: int, statuses: Collection[str] = ACTIVE
    ) -> EnrolmentView | None:
        """The family withdraws an application of theirs, while its status is one of
        `statuses` (those the person may withdraw)."""
        wanted = [s for s in ACTIVE if s in statuses]
        async with self.db.transaction() as conn:
            row = await fetch_one(
                conn, "SELECT e.status FROM enrolments e JOIN children c ON c.id = e.child_id"
                " WHERE e.id = ? AND c.family_id = ? AND e.status IN"  # noqa: S608
                f" ({','.join('?' * len(wanted)) or 'NULL'})",
                (enrolment_id, family_id, *wanted),
            )
            if row is None:
                return None
            new = "withdrawn" if row["status"] == "confirmed" else "cancelled"
            await conn.execute(
                "UPDATE enrolments SET status = ?, updated_at = ? WHERE id = ?",
                (new, to_db(utcnow()), enrolment_id),
            )
            view = await self.view_in(conn, enrolment_id)
            await self.offer_free_seats(conn, view.group_id)
        return view

    async def answer_offer(
        self, enrolment_id: int, family_id: int, accept: bool
    ) -> EnrolmentView | None:
        async with self.db.transaction() as conn:
            now = to_db(utcnow())
            row = await fetch_one(
                conn, "SELECT e.id FROM enrolments e JOIN children c ON c.id = e.child_id"
                " WHERE e.id = ? AND c.family_id = ? AND e.status = 'offered'"
                " AND e.offer_until > ?",
                (enrolment_id, family_id, now),
            )
            if row is None:
                return None
            await conn.execute(
                "UPDATE enrolments SET status = ?, offer_until = NULL, updated_at = ?"
                " WHERE id = ?",
                ("applied" if accept else "cancelled", now, enrolment_id),
            )
            view = await self.view_in(conn, enrolment_id)
            if accept:
                await self.tell_staff(conn, view)
            else:
                await self.offer_free_seats(conn, view.group_id)
        return view

    async def expire_offers(self) -> int:
        """Offers whose time ran out pass to the next on the waitlist (the scheduler's job;
        it reads everything from the database, so a restart loses nothing)."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            rows = await fetch_all(
                conn, "SELECT id, group_id FROM enrolments WHERE status = 'offered'"
                " AND offer_until <= ? ORDER BY offer_until", (now,),
            )
            for row in rows:
                await conn.execute(
                    "UPDATE enrolments SET status = 'cancelled', reason = 'offer expired',"
                    " updated_at = ? WHERE id = ?", (now, row["id"]),
                )
                await self.tell_family(conn, await self.view_in(conn, row["id"]))
            for group_id in {row["group_id"] for row in rows}:
                await self.offer_free_seats(conn, group_id)
        return len(rows)

    async def offer_seats(self, group_ids: list[int]) -> None:
        """Offer the free seats of these groups to their waitlists, in order (after an import
        raised a capacity, say)."""
        async with self.db.transaction() as conn:
            for group_id in group_ids:
                await self.offer_free_seats(conn, group_id)

    async def apply(
        self, conn: aiosqlite.Connection, child_id: int, group_id: int, user_id: int, *,
        consented: bool, stamp: str,
    ) -> EnrolmentView:
        """A new application: a seat if one is free and nobody waits for it, else the
        waitlist; without consent it holds nothing until a parent gives it. Staff hear of
        it once it counts."""
        if not consented:
            status = "awaiting_consent"
        elif await self.seat_for_newcomer(conn, group_id):
            status = "applied"
        else:
            status = "waitlisted"
        cursor = await conn.execute(
            "INSERT INTO enrolments (child_id, group_id, status, queued_at, created_by,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (child_id, group_id, status, stamp, user_id, stamp, stamp),
        )
        view = await self.view_in(conn, int(cursor.lastrowid or 0))
        if status != "awaiting_consent":
            await self.tell_staff(conn, view)
        return view

    @staticmethod
    async def awaiting_consent(conn: aiosqlite.Connection, child_id: int) -> bool:
        row = await fetch_one(
            conn, "SELECT 1 FROM enrolments WHERE child_id = ? AND status = 'awaiting_consent'",
            (child_id,),
        )
        return row is not None

    async def place_consented(
        self, conn: aiosqlite.Connection, child_id: int, stamp: str
    ) -> list[EnrolmentView]:
        """A parent consented: the child's waiting applications take a seat or join the
        waitlist, from now; staff and the family are told."""
        placed = []
        waiting = await fetch_all(
            conn, "SELECT id, group_id FROM enrolments WHERE child_id = ?"
            " AND status = 'awaiting_consent' ORDER BY id", (child_id,),
        )
        for item in waiting:
            seat = await self.seat_for_newcomer(conn, item["group_id"])
            await conn.execute(
                "UPDATE enrolments SET status = ?, queued_at = ?, updated_at = ?"
                " WHERE id = ?", ("applied" if seat else "waitlisted", stamp, stamp, item["id"]),
            )
            view = await self.view_in(conn, item["id"])
            await self.tell_staff(conn, view)
            await self.tell_family(conn, view)
            placed.append(view)
        return placed

    @staticmethod
    async def free(conn: aiosqlite.Connection, group_id: int) -> int:
        row = await fetch_one(
            conn,
            f"SELECT g.capacity - (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id"  # noqa: S608
            f" AND e.status IN ({SEAT_SQL})) FROM groups g WHERE g.id = ?",
            (group_id,),
        )
        return 0 if row is None else int(row[0])

    async def seat_for_newcomer(self, conn: aiosqlite.Connection, group_id: int) -> bool:
        """A free seat nobody on the waitlist is owed: the queue goes first, even in the moment
        between seats appearing (a raised capacity) and their offers going out."""
        waiting = await fetch_one(
            conn, "SELECT count(*) FROM enrolments WHERE group_id = ? AND status = 'waitlisted'",
            (group_id,),
        )
        return await self.free(conn, group_id) > (int(waiting[0]) if waiting else 0)

    async def view_in(self, conn: aiosqlite.Connection, enrolment_id: int) -> EnrolmentView:
        row = await fetch_one(conn, VIEW_SELECT + " WHERE e.id = ?", (enrolment_id,))
        assert row is not None
        return _view(row)

    async def recipients(self, conn: aiosqlite.Connection, sql: str, params: Any) -> list[
        Recipient
    ]:
        rows = await fetch_all(conn, sql, params)
        return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]

    async def tell_staff(self, conn: aiosqlite.Connection, view: EnrolmentView) -> None:
        staff = await self.recipients(
            conn, "SELECT id, language, family_role FROM users WHERE staff_role IS NOT NULL"
            " AND blocked = 0", (),
        )
        for person in staff:
            await enqueue(
                conn, kind="notice", chat_id=person.user_id,
                payload=self.notices.for_staff(view, person),
                dedupe_key=f"app-new:{view.id}:{view.status}:{person.user_id}",
                family_id=view.family_id, staff_only=True,
            )

    async def tell_family(
        self, conn: aiosqlite.Connection, view: EnrolmentView, kind: str = "notice"
    ) -> None:
        # the parents and the child's own account: not a sibling's account
        members = await self.recipients(
            conn, "SELECT u.id, u.language, u.family_role FROM family_members m"
            " JOIN users u ON u.id = m.user_id WHERE m.family_id = ? AND u.blocked = 0"
            " AND (m.relation = 'parent' OR m.child_id = ? OR u.id = (SELECT user_id"
            " FROM children WHERE id = ?))",
            (view.family_id, view.child_id, view.child_id),
        )
        for member in members:
            await enqueue(
                conn, kind=kind, chat_id=member.user_id,
                payload=self.notices.for_family(view, member),
                dedupe_key=f"app:{view.id}:{view.status}:{to_db(utcnow())}:{member.user_id}",
                family_id=view.family_id,
                # an offer is worth delivering only while it stands
                expires_at=view.offer_until if kind == "offer" else None,
            )

    async def offer_free_seats(self, conn: aiosqlite.Connection, group_id: int) -> None:
        free = await self.free(conn, group_id)
        if free <= 0:
            return
        waiting = await fetch_all(
            conn, "SELECT id FROM enrolments WHERE group_id = ? AND status = 'waitlisted'"
            " ORDER BY queued_at, id LIMIT ?", (group_id, free),
        )
        until = utcnow() + timedelta(hours=self.offer_hours)
        for row in waiting:
            await conn.execute(
                "UPDATE enrolments SET status = 'offered', offer_until = ?, updated_at = ?"
                " WHERE id = ?", (to_db(until), to_db(utcnow()), row["id"]),
            )
            await self.tell_family(conn, await self.view_in(conn, row["id"]), kind="offer")
