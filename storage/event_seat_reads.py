"""A family's registrations and seats as the screens read them, outside a transaction (the
rows and their writes are storage.event_seats'), and what the registration form reads of the
person's family: its children, its phone. Each a query (a trip to the database's thread)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storage.db import Database, placeholders
from storage.event_seats import Registration, Seat, registration_from, seat_from
from storage.families import Child
from storage.members import OWN_CHILD_SQL


def seats_of_children_query(event_id: int, births: Sequence[date], child_ids: Sequence[int]
                            ) -> tuple[str, tuple[object, ...]]:
    """Two lookups by their indexes (event_seats_born, event_seats_of_child; `+event_id` keeps
    the second on the children's): an OR of the two would read all the event's seats."""
    values = sorted({born.isoformat() for born in births})
    return ("SELECT * FROM event_seats WHERE event_id = ?"  # noqa: S608 - placeholders only
            f" AND birth_date IN ({placeholders(values)}) UNION SELECT * FROM event_seats"
            f" WHERE child_id IN ({placeholders(child_ids)}) AND +event_id = ?",
            (event_id, *values, *child_ids, event_id))


class SeatRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def mine(self, event_id: int, user_id: int) -> tuple[Registration, list[Seat]] | None:
        row = await self.db.fetchone(
            "SELECT * FROM event_registrations WHERE event_id = ? AND user_id = ?",
            (event_id, user_id))
        if row is None:
            return None
        seats = await self.db.fetchall(
            "SELECT * FROM event_seats WHERE registration_id = ? ORDER BY id", (row["id"],))
        return registration_from(row), [seat_from(seat) for seat in seats]

    async def registration(self, registration_id: int) -> Registration | None:
        row = await self.db.fetchone("SELECT * FROM event_registrations WHERE id = ?",
                                     (registration_id,))
        return registration_from(row) if row else None

    async def seats(self, registration_id: int) -> list[Seat]:
        rows = await self.db.fetchall(
            "SELECT * FROM event_seats WHERE registration_id = ? ORDER BY id",
            (registration_id,))
        return [seat_from(row) for row in rows]

    async def phone(self, user_id: int) -> str | None:
        """The phone the person's family gave at a sign-up, or else the one given at their
        latest registration for an event."""
        value = await self.db.fetchval(
            "SELECT coalesce((SELECT nullif(f.phone, '') FROM family_members m"
            " JOIN families f ON f.id = m.family_id WHERE m.user_id = :user),"
            " (SELECT nullif(phone, '') FROM event_registrations WHERE user_id = :user"
            " AND phone IS NOT NULL ORDER BY id DESC LIMIT 1))", {"user": user_id})
        return str(value) if value else None

    async def family(self, user_id: int) -> tuple[int | None, list[Child], int | None]:
        """The person's family, its children (oldest record first), and the child record
        that is the person's own account (a pupil's), in one query."""
        found = list(await self.db.fetchall(
            f"SELECT m.family_id AS family, {OWN_CHILD_SQL} AS own, c.*"  # noqa: S608
            " FROM family_members m LEFT JOIN children c ON c.family_id = m.family_id"
            " WHERE m.user_id = ? ORDER BY c.id", (user_id,)))
        if not found:
            return None, [], None
        children = [Child(id=r["id"], family_id=r["family_id"], name=r["name"],
                          birth_date=date.fromisoformat(r["birth_date"]), school=r["school"],
                          grade=r["grade"], user_id=r["user_id"]) for r in found
                    if r["id"] is not None]
        own = found[0]["own"]
        return int(found[0]["family"]), children, None if own is None else int(own)

    async def on_card(self, event_id: int, user_id: int
                      ) -> list[tuple[Registration, list[Seat]]]:
        """The person's registration for the event first, then, for a parent, those the
        family's other members made with a seat of any kind (oldest first), each with its
        seats: two queries."""
        found = sorted(await self.db.fetchall(
            "SELECT * FROM event_registrations WHERE event_id = :event AND user_id = :user"
            " UNION SELECT r.* FROM family_members m JOIN event_registrations r"
            " ON r.family_id = m.family_id AND r.event_id = :event"
            " WHERE m.user_id = :user AND m.relation = 'parent'",
            {"event": event_id, "user": user_id}),
            key=lambda row: (row["user_id"] != user_id, row["id"]))
        if not found:
            return []
        ids = [row["id"] for row in found]
        seats = [seat_from(row) for row in await self.db.fetchall(
            f"SELECT * FROM event_seats WHERE registration_id IN ({placeholders(ids)})"
            " ORDER BY id", ids)]
        shown = [(registration_from(row), [s for s in seats if s.registration_id == row["id"]])
                 for row in found]
        return [(reg, its) for reg, its in shown if its or reg.user_id == user_id]

    async def taken(self, event_id: int, births: Sequence[date], child_ids: Sequence[int]
                    ) -> list[Seat]:
        """The event's seats that may be these children's: of children born on these days,
        or with these records."""
        found = await self.db.fetchall(*seats_of_children_query(event_id, births, child_ids))
        return sorted((seat_from(row) for row in found), key=lambda seat: seat.id)

    async def awaiting_consent(self, family_id: int) -> list[Registration]:
        """The family's registrations with a seat waiting for a parent's consent."""
        found = await self.db.fetchall(
            "SELECT * FROM event_registrations WHERE family_id = ? AND id IN"
            " (SELECT registration_id FROM event_seats WHERE status = 'consent') ORDER BY id",
            (family_id,))
        return [registration_from(row) for row in found]
