"""A family's registrations and seats as the screens read them, outside a transaction (the
rows and their writes are storage.event_seats')."""

from __future__ import annotations

from storage.db import Database
from storage.event_seats import Registration, Seat, registration_from, seat_from


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

    async def known_phone(self, user_id: int) -> str | None:
        """The phone given at an earlier event's registration."""
        value = await self.db.fetchval(
            "SELECT phone FROM event_registrations WHERE user_id = ? AND phone IS NOT NULL"
            " ORDER BY id DESC LIMIT 1", (user_id,))
        return str(value) if value else None

    async def of_family(self, event_id: int, family_id: int
                        ) -> list[tuple[Registration, list[Seat]]]:
        """The family's registrations for the event (anyone's of the family), oldest first."""
        found = await self.db.fetchall(
            "SELECT * FROM event_registrations WHERE event_id = ? AND family_id = ?"
            " ORDER BY id", (event_id, family_id))
        return [(registration_from(row), await self.seats(row["id"])) for row in found]

    async def of_event(self, event_id: int) -> list[Seat]:
        """Every seat of the event (taken, offered, waiting or waiting for consent)."""
        found = await self.db.fetchall(
            "SELECT * FROM event_seats WHERE event_id = ? ORDER BY id", (event_id,))
        return [seat_from(row) for row in found]

    async def awaiting_consent(self, family_id: int) -> list[Registration]:
        """The family's registrations with a seat waiting for a parent's consent."""
        found = await self.db.fetchall(
            "SELECT * FROM event_registrations WHERE family_id = ? AND id IN"
            " (SELECT registration_id FROM event_seats WHERE status = 'consent') ORDER BY id",
            (family_id,))
        return [registration_from(row) for row in found]
