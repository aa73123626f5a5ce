"""Families, children, consents and enrolments: where sign-ups live.

Seats: a group's seats are held by applications that are applied, waiting in Навигатор,
confirmed, or offered from the waitlist. An under-14 pupil's own application holds nothing
until a parent consents; then it takes a free seat or joins the waitlist.
Every change that frees a seat offers it to the first on the waitlist, in the same transaction.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any, Literal, Protocol

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.outbox import enqueue
from storage.programmes import SEAT_SQL

ACTIVE = ("awaiting_consent", "applied", "navigator", "confirmed", "waitlisted", "offered")
ACTIVE_SQL = ",".join(f"'{s}'" for s in ACTIVE)
CONSENT_VERSION = "2025-09-01"
CONSENT_AGE = 14  # from this age a pupil consents for themself; below it only a parent does


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
    consent: bool  # given now (False: waits for a parent through the invite link)
    photo_consent: bool


@dataclass(frozen=True, slots=True)
class Submitted:
    enrolment_id: int
    status: str
    position: int | None
    invite_code: str
    duplicate: bool = False


class Notices(Protocol):
    """Renders the messages that changes cause, in each recipient's language. Pure: it is
    called inside transactions."""

    def for_staff(self, view: EnrolmentView, staff: Recipient) -> dict[str, Any]: ...

    def for_family(self, view: EnrolmentView, member: Recipient) -> dict[str, Any]: ...

    def family_forgotten(self, member: Recipient) -> dict[str, Any]: ...

    def child_left(self, parent: Recipient, account_name: str) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What /forget did: erased the whole `family`, or the child's own account `left` it."""

    outcome: Literal["family", "left"]
    members: list[int]  # accounts whose conversations and data are gone


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    language: str
    role: str | None


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


def html_quote(value: str) -> str:
    """How a value stands in a message's HTML (aiogram's html.quote)."""
    return escape(value, quote=False)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _child(row: aiosqlite.Row) -> Child:
    return Child(
        id=row["id"], family_id=row["family_id"], name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), school=row["school"],
        grade=row["grade"], user_id=row["user_id"],
    )


async def _one(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> aiosqlite.Row | None:
    async with conn.execute(sql, params) as cur:
        return await cur.fetchone()


async def _all(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> list[aiosqlite.Row]:
    async with conn.execute(sql, params) as cur:
        return list(await cur.fetchall())


class FamilyRepo:
    def __init__(self, db: Database, notices: Notices, offer_hours: float = 24.0) -> None:
        self.db = db
        self.notices = notices
        self.offer_hours = offer_hours

    # ---- reading -----------------------------------------------------------------------

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

    async def invite_code(self, family_id: int) -> str:
        return str(await self.db.fetchval(
            "SELECT invite_code FROM families WHERE id = ?", (family_id,)
        ))

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

    # ---- signing up --------------------------------------------------------------------

    async def submit(self, app: Application) -> Submitted:
        """Child, family link, consent, enrolment and the notices, in one transaction."""
        now = utcnow()
        stamp = to_db(now)
        async with self.db.transaction() as conn:
            family_id, relation = await self._family_for(conn, app.user_id, app.relation, stamp)
            child_id = await self._child_for(conn, family_id, app, stamp)
            await conn.execute(
                "UPDATE families SET phone = ? WHERE id = ?", (app.phone, family_id)
            )
            if app.relation == "child":
                await conn.execute(
                    "UPDATE family_members SET child_id = ? WHERE user_id = ?",
                    (child_id, app.user_id),
                )
            existing = await _one(
                conn,
                f"SELECT id, status FROM enrolments WHERE child_id = ? AND group_id = ?"  # noqa: S608
                f" AND status IN ({ACTIVE_SQL})",
                (child_id, app.group_id),
            )
            invite = str((await _one(
                conn, "SELECT invite_code FROM families WHERE id = ?", (family_id,)
            ))[0])  # type: ignore[index]
            if existing is not None:
                return Submitted(existing["id"], existing["status"], None, invite, True)
            # a parent consents; a pupil only for themself and from 14 (152-FZ). A member who
            # joined as a child stays one, whatever role they pick: their application waits
            # for a parent's consent like any young pupil's.
            capacity = "parent" if relation == "parent" else "pupil"
            consent = app.consent and (
                capacity == "parent"
                or (app.relation == "child" and age_on(app.birth_date, now.date()) >= CONSENT_AGE)
            )
            if consent:
                await conn.execute(
                    "INSERT INTO consents (family_id, child_id, given_by, given_as, text_version,"
                    " photo, given_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (family_id, child_id, app.user_id, capacity, CONSENT_VERSION,
                     int(app.photo_consent), stamp),
                )
                status = "applied" if await self._seat_for_newcomer(conn, app.group_id) else (
                    "waitlisted"
                )
            else:
                status = "awaiting_consent"
            cursor = await conn.execute(
                "INSERT INTO enrolments (child_id, group_id, status, queued_at, created_by,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (child_id, app.group_id, status, stamp, app.user_id, stamp, stamp),
            )
            enrolment_id = int(cursor.lastrowid or 0)
            view = await self._view(conn, enrolment_id)
            if status != "awaiting_consent":
                await self._tell_staff(conn, view)
        return Submitted(enrolment_id, status, view.position, invite)

    async def _family_for(
        self, conn: aiosqlite.Connection, user_id: int, relation: str, stamp: str
    ) -> tuple[int, str]:
        """The user's family and their relation in it, a new family if they have none."""
        row = await _one(conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?",
                         (user_id,))
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
        self, conn: aiosqlite.Connection, family_id: int, app: Application, stamp: str
    ) -> int:
        # the same child typed in another case is the same child (SQLite's lower() is ASCII only)
        rows = await _all(
            conn, "SELECT id, name FROM children WHERE family_id = ? AND birth_date = ?",
            (family_id, app.birth_date.isoformat()),
        )
        row = next((r for r in rows if r["name"].casefold() == app.child_name.casefold()), None)
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

    @staticmethod
    async def _free(conn: aiosqlite.Connection, group_id: int) -> int:
        row = await _one(
            conn,
            f"SELECT g.capacity - (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id"  # noqa: S608
            f" AND e.status IN ({SEAT_SQL})) FROM groups g WHERE g.id = ?",
            (group_id,),
        )
        return 0 if row is None else int(row[0])

    async def _seat_for_newcomer(self, conn: aiosqlite.Connection, group_id: int) -> bool:
        """A free seat nobody on the waitlist is owed: the queue goes first, even in the moment
        between seats appearing (a raised capacity) and their offers going out."""
        waiting = await _one(
            conn, "SELECT count(*) FROM enrolments WHERE group_id = ? AND status = 'waitlisted'",
            (group_id,),
        )
        return await self._free(conn, group_id) > (int(waiting[0]) if waiting else 0)

    async def _view(self, conn: aiosqlite.Connection, enrolment_id: int) -> EnrolmentView:
        row = await _one(conn, VIEW_SELECT + " WHERE e.id = ?", (enrolment_id,))
        assert row is not None
        return _view(row)

    async def _recipients(self, conn: aiosqlite.Connection, sql: str, params: Any) -> list[
        Recipient
    ]:
        rows = await _all(conn, sql, params)
        return [Recipient(row["id"], row["language"], row["role"]) for row in rows]

    async def _tell_staff(self, conn: aiosqlite.Connection, view: EnrolmentView) -> None:
        staff = await self._recipients(
            conn, "SELECT id, language, role FROM users WHERE role IN ('staff', 'admin')"
            " AND blocked = 0", (),
        )
        for person in staff:
            await enqueue(
                conn, kind="notice", chat_id=person.user_id,
                payload=self.notices.for_staff(view, person),
                dedupe_key=f"app-new:{view.id}:{view.status}:{person.user_id}",
                family_id=view.family_id, staff_only=True,
            )

    async def _tell_family(
        self, conn: aiosqlite.Connection, view: EnrolmentView, kind: str = "notice"
    ) -> None:
        members = await self._recipients(
            conn, "SELECT u.id, u.language, u.role FROM family_members m"
            " JOIN users u ON u.id = m.user_id WHERE m.family_id = ? AND u.blocked = 0",
            (view.family_id,),
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

    # ---- changes of status -------------------------------------------------------------

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
            view = await self._view(conn, enrolment_id)
            await self._tell_family(conn, view)
            if status == "rejected":
                await self._offer_free_seats(conn, view.group_id)
        return view

    async def cancel(self, enrolment_id: int, family_id: int) -> EnrolmentView | None:
        """The family withdraws an application of theirs."""
        async with self.db.transaction() as conn:
            row = await _one(
                conn, "SELECT e.status FROM enrolments e JOIN children c ON c.id = e.child_id"
                f" WHERE e.id = ? AND c.family_id = ? AND e.status IN ({ACTIVE_SQL})",  # noqa: S608
                (enrolment_id, family_id),
            )
            if row is None:
                return None
            new = "withdrawn" if row["status"] == "confirmed" else "cancelled"
            await conn.execute(
                "UPDATE enrolments SET status = ?, updated_at = ? WHERE id = ?",
                (new, to_db(utcnow()), enrolment_id),
            )
            view = await self._view(conn, enrolment_id)
            await self._offer_free_seats(conn, view.group_id)
        return view

    async def answer_offer(
        self, enrolment_id: int, family_id: int, accept: bool
    ) -> EnrolmentView | None:
        async with self.db.transaction() as conn:
            now = to_db(utcnow())
            row = await _one(
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
            view = await self._view(conn, enrolment_id)
            if accept:
                await self._tell_staff(conn, view)
            else:
                await self._offer_free_seats(conn, view.group_id)
        return view

    async def expire_offers(self) -> int:
        """Offers whose time ran out pass to the next on the waitlist (the scheduler's job;
        it reads everything from the database, so a restart loses nothing)."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            rows = await _all(
                conn, "SELECT id, group_id FROM enrolments WHERE status = 'offered'"
                " AND offer_until <= ? ORDER BY offer_until", (now,),
            )
            for row in rows:
                await conn.execute(
                    "UPDATE enrolments SET status = 'cancelled', reason = 'offer expired',"
                    " updated_at = ? WHERE id = ?", (now, row["id"]),
                )
                await self._tell_family(conn, await self._view(conn, row["id"]))
            for group_id in {row["group_id"] for row in rows}:
                await self._offer_free_seats(conn, group_id)
        return len(rows)

    async def offer_seats(self, group_ids: list[int]) -> None:
        """Offer the free seats of these groups to their waitlists, in order (after an import
        raised a capacity, say)."""
        async with self.db.transaction() as conn:
            for group_id in group_ids:
                await self._offer_free_seats(conn, group_id)

    async def _offer_free_seats(self, conn: aiosqlite.Connection, group_id: int) -> None:
        free = await self._free(conn, group_id)
        if free <= 0:
            return
        waiting = await _all(
            conn, "SELECT id FROM enrolments WHERE group_id = ? AND status = 'waitlisted'"
            " ORDER BY queued_at, id LIMIT ?", (group_id, free),
        )
        until = utcnow() + timedelta(hours=self.offer_hours)
        for row in waiting:
            await conn.execute(
                "UPDATE enrolments SET status = 'offered', offer_until = ?, updated_at = ?"
                " WHERE id = ?", (to_db(until), to_db(utcnow()), row["id"]),
            )
            await self._tell_family(conn, await self._view(conn, row["id"]), kind="offer")

    # ---- families ----------------------------------------------------------------------

    async def join(
        self, user_id: int, code: str, relation: Literal["parent", "child"]
    ) -> tuple[int, str] | None:
        """Join the family behind an invite code: (family id, the relation the user holds in
        it). A member keeps the relation they joined with; None if the code is unknown or the
        user already belongs to another family."""
        async with self.db.transaction() as conn:
            row = await _one(conn, "SELECT id FROM families WHERE invite_code = ?", (code,))
            if row is None:
                return None
            family_id = int(row[0])
            current = await _one(
                conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?",
                (user_id,),
            )
            if current is not None:
                return (family_id, str(current[1])) if int(current[0]) == family_id else None
            await conn.execute(
                "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
                " VALUES (?, ?, ?, ?)", (family_id, user_id, relation, to_db(utcnow())),
            )
        return family_id, relation

    async def is_own_child(self, user_id: int, child_id: int) -> bool:
        """Is this child record the user's own (they signed up as that pupil)?"""
        return bool(await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM children c WHERE c.id = ? AND (c.user_id = ?"
            " OR EXISTS (SELECT 1 FROM family_members m WHERE m.user_id = ?"
            " AND m.child_id = c.id)))", (child_id, user_id, user_id),
        ))

    async def waiting_for_consent(self, family_id: int) -> list[EnrolmentView]:
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE c.family_id = ? AND e.status = 'awaiting_consent'"
            " ORDER BY e.id", (family_id,),
        )
        return [_view(row) for row in rows]

    async def consent(
        self, user_id: int, child_id: int, photo: bool
    ) -> list[EnrolmentView] | None:
        """A parent's consent for a child: their waiting applications take a seat or join
        the waitlist. Only a parent member of the child's family who is not the child's own
        account may give it: None for anyone else; [] if nothing waits for it."""
        now = to_db(utcnow())
        placed: list[EnrolmentView] = []
        async with self.db.transaction() as conn:
            row = await _one(
                conn, "SELECT c.id FROM children c JOIN family_members m"
                " ON m.family_id = c.family_id AND m.user_id = ?"
                " WHERE c.id = ? AND m.relation = 'parent'"
                " AND c.user_id IS NOT ? AND m.child_id IS NOT c.id",
                (user_id, child_id, user_id),
            )
            if row is None:
                return None
            waiting = await _all(
                conn, "SELECT id, group_id FROM enrolments WHERE child_id = ?"
                " AND status = 'awaiting_consent' ORDER BY id", (child_id,),
            )
            if not waiting:
                return []
            await conn.execute(
                "INSERT INTO consents (family_id, child_id, given_by, given_as, text_version,"
                " photo, given_at) SELECT family_id, id, ?, 'parent', ?, ?, ? FROM children"
                " WHERE id = ?",
                (user_id, CONSENT_VERSION, int(photo), now, child_id),
            )
            for item in waiting:
                status = "applied" if await self._seat_for_newcomer(conn, item["group_id"]) else (
                    "waitlisted"
                )
                await conn.execute(
                    "UPDATE enrolments SET status = ?, queued_at = ?, updated_at = ?"
                    " WHERE id = ?", (status, now, now, item["id"]),
                )
                view = await self._view(conn, item["id"])
                await self._tell_staff(conn, view)
                await self._tell_family(conn, view)
                placed.append(view)
        return placed

    async def export(self, family_id: int) -> dict[str, Any]:
        """Everything stored about a family, for /mydata."""
        family = await self.db.fetchone("SELECT * FROM families WHERE id = ?", (family_id,))
        members = await self.db.fetchall(
            "SELECT m.user_id, m.relation, m.joined_at, u.first_name, u.username, u.language"
            " FROM family_members m JOIN users u ON u.id = m.user_id WHERE m.family_id = ?",
            (family_id,),
        )
        children = await self.children(family_id)
        consents = await self.db.fetchall(
            "SELECT child_id, given_by, given_as, text_version, photo, given_at, withdrawn_at"
            " FROM consents WHERE family_id = ? ORDER BY id", (family_id,),
        )
        enrolments = await self.family_enrolments(family_id)
        return {
            "family": {"id": family_id, "phone": family["phone"] if family else None,
                       "created_at": family["created_at"] if family else None},
            "members": [dict(row) for row in members],
            "children": [
                {**asdict(c), "birth_date": c.birth_date.isoformat()} for c in children
            ],
            "consents": [dict(row) for row in consents],
            "applications": [
                {"id": e.id, "child": e.child_name, "group": e.group_name,
                 "programme": e.programme_title_ru, "status": e.status,
                 "created_at": e.created_at.isoformat(), "reason": e.reason}
                for e in enrolments
            ],
        }

    async def forget_scope(self, user_id: int) -> Literal["family", "left"] | None:
        """What /forget would do for this user (see `forget`)."""
        row = await self.db.fetchone(
            "SELECT m.relation, EXISTS (SELECT 1 FROM family_members p"
            " WHERE p.family_id = m.family_id AND p.relation = 'parent') AS parented"
            " FROM family_members m WHERE m.user_id = ?", (user_id,),
        )
        if row is None:
            return None
        return "left" if row["relation"] == "child" and row["parented"] else "family"

    async def forget(self, user_id: int) -> Forgotten | None:
        """/forget by a member. A parent (or a pupil in a family no parent has joined) erases
        the whole family in one transaction: consent is withdrawn, the children and their
        applications are deleted (their seats go to the waitlist), every outbox message about
        the family is blanked (sent or not, staff notices too), every member's conversation
        state and quiz results are deleted, and the other members are told. A child's own
        account in a family with a parent only leaves it: its link, conversations and quiz
        results go, the children's records stay with the parents, who are told.

        What stays is the record that consent was given and when it was withdrawn, without
        the person. Deleted bytes are overwritten (secure_delete) and the WAL is checkpointed,
        so no copy of a name or a phone stays in the files. None if the user has no family."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            row = await _one(
                conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?",
                (user_id,),
            )
            if row is None:
                return None
            family_id, relation = int(row[0]), str(row[1])
            people = await self._recipients(
                conn, "SELECT u.id, u.language, u.role FROM family_members m"
                " JOIN users u ON u.id = m.user_id WHERE m.family_id = ?", (family_id,),
            )
            parents = {int(r[0]) for r in await _all(
                conn, "SELECT user_id FROM family_members WHERE family_id = ?"
                " AND relation = 'parent'", (family_id,),
            )}
            if relation == "child" and parents:
                await self._leave(conn, family_id, user_id, people, parents)
                result = Forgotten("left", [user_id])
            else:
                await self._erase(conn, family_id, [p.user_id for p in people], now)
                for person in people:
                    if person.user_id != user_id:
                        await enqueue(
                            conn, kind="notice", chat_id=person.user_id,
                            payload=self.notices.family_forgotten(person),
                            dedupe_key=f"forgotten:{family_id}:{person.user_id}:{now}",
                        )
                result = Forgotten("family", [p.user_id for p in people])
        await self.db.checkpoint()
        return result

    async def _leave(
        self, conn: aiosqlite.Connection, family_id: int, user_id: int,
        people: list[Recipient], parents: set[int],
    ) -> None:
        name = await _one(conn, "SELECT first_name FROM users WHERE id = ?", (user_id,))
        await conn.execute("UPDATE children SET user_id = NULL WHERE user_id = ?", (user_id,))
        await conn.execute("DELETE FROM family_members WHERE user_id = ?", (user_id,))
        await _forget_accounts(conn, [user_id])
        await blank_outbox(conn, chats=[user_id])
        for person in people:
            if person.user_id in parents:
                await enqueue(
                    conn, kind="notice", chat_id=person.user_id,
                    payload=self.notices.child_left(person, str(name[0]) if name else ""),
                    dedupe_key=f"left:{family_id}:{user_id}:{person.user_id}:{to_db(utcnow())}",
                )

    async def _erase(
        self, conn: aiosqlite.Connection, family_id: int, members: list[int], now: str
    ) -> None:
        groups = [int(r[0]) for r in await _all(
            conn, "SELECT DISTINCT e.group_id FROM enrolments e JOIN children c"
            " ON c.id = e.child_id WHERE c.family_id = ?", (family_id,),
        )]
        # what a message about the family may quote: names, dates, schools, the phone
        needles: set[str] = set()
        for child in await _all(conn, "SELECT * FROM children WHERE family_id = ?",
                                (family_id,)):
            born = date.fromisoformat(child["birth_date"])
            needles |= {child["name"], html_quote(child["name"]), child["school"],
                        html_quote(child["school"]), born.strftime("%d.%m.%Y")}
        phone = await _one(conn, "SELECT phone FROM families WHERE id = ?", (family_id,))
        if phone is not None and phone[0]:
            needles.add(str(phone[0]))
        await blank_outbox(conn, chats=members, family_id=family_id, needles=needles)
        await conn.execute(
            "UPDATE consents SET withdrawn_at = coalesce(withdrawn_at, ?), given_by = NULL"
            " WHERE family_id = ?", (now, family_id),
        )
        await conn.execute(
            "DELETE FROM enrolments WHERE child_id IN"
            " (SELECT id FROM children WHERE family_id = ?)", (family_id,),
        )
        await _forget_accounts(conn, members)
        await conn.execute("DELETE FROM families WHERE id = ?", (family_id,))
        for group_id in groups:
            await self._offer_free_seats(conn, group_id)


async def _forget_accounts(conn: aiosqlite.Connection, user_ids: list[int]) -> None:
    """A member's own traces: quiz results and conversation state (a half-filled form)."""
    for uid in user_ids:
        await conn.execute("DELETE FROM quiz_results WHERE user_id = ?", (uid,))
        # private chats only: the key is bot:chat:user:... with chat = user
        await conn.execute("DELETE FROM fsm_states WHERE key GLOB ?", (f"*:{uid}:{uid}:*",))


async def blank_outbox(
    conn: aiosqlite.Connection, *, chats: list[int], family_id: int | None = None,
    needles: set[str] = frozenset(),  # type: ignore[assignment]
) -> int:
    """Blank every outbox message to these chats, about this family, or quoting any of the
    needles, sent or not (the rows stay, so broadcasts keep their counts); those not yet sent
    are cancelled."""
    clauses = [f"chat_id IN ({','.join('?' * len(chats)) or 'NULL'})"]
    params: list[Any] = list(chats)
    if family_id is not None:
        clauses.append("family_id = ?")
        params.append(family_id)
    for needle in sorted(n for n in needles if len(n) >= 3):
        clauses.append("instr(payload, ?) > 0")
        params.append(needle)
    cursor = await conn.execute(
        "UPDATE outbox SET payload = '{}', status = CASE WHEN status IN ('pending', 'sending')"
        " THEN 'cancelled' ELSE status END"
        f" WHERE payload != '{{}}' AND ({' OR '.join(clauses)})",  # noqa: S608
        params,
    )
    return cursor.rowcount


def dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()
