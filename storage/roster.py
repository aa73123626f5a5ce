"""A group's roster as staff see it: who is in (confirmed), who is waiting (the waitlist and
standing offers, in the queue's order), with birth dates and the family's phone. Reads
only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.db import Database


@dataclass(frozen=True, slots=True)
class Member:
    enrolment_id: int
    status: str  # confirmed | waitlisted | offered
    family_id: int
    child_name: str
    birth_date: date
    phone: str | None


async def members(db: Database, group_id: int) -> list[Member]:
    """Confirmed first, by name; then the waiting ones in the queue's order."""
    rows = await db.fetchall(
        "SELECT e.id, e.status, c.family_id, c.name, c.birth_date, f.phone FROM enrolments e"
        " JOIN children c ON c.id = e.child_id JOIN families f ON f.id = c.family_id"
        " WHERE e.group_id = ? AND e.status IN ('confirmed', 'offered', 'waitlisted')"
        " ORDER BY e.status != 'confirmed', CASE WHEN e.status = 'confirmed' THEN c.name END,"
        " e.queued_at, e.id", (group_id,),
    )
    return [Member(int(r["id"]), r["status"], int(r["family_id"]), r["name"],
                   date.fromisoformat(r["birth_date"]), r["phone"]) for r in rows]
