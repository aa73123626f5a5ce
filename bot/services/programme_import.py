"""A groups file written: its programmes and groups created or updated by code, each group's
weekly pattern and dated lessons with them, all in one transaction — or nothing, when a new
capacity is below the seats a group already holds (whom to drop is the staff's decision, not
the file's). The file is read and its lessons planned by bot.services.group_import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from storage import programmes as rows
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.timetable import TimetableRepo


@dataclass(frozen=True, slots=True)
class SeatsHeld:
    """A group whose new capacity would be below the seats already held in it."""

    code: str
    capacity: int
    held: int


class CapacityBelowSeats(Exception):
    """An import would leave groups with more seats held than they have; nothing was written."""

    def __init__(self, groups: list[SeatsHeld]) -> None:
        super().__init__(", ".join(f"{g.code}: capacity {g.capacity}, {g.held} seats held"
                                   for g in groups))
        self.groups = groups


@dataclass(frozen=True, slots=True)
class Imported:
    programmes: int
    groups: int
    # imported groups (id → code) with free seats and a waitlist: the seats are the waitlist's
    to_offer: dict[int, str]


async def import_programmes(
    db: Database, programmes: list[dict[str, Any]], groups: list[dict[str, Any]],
    today: date | None = None,
) -> Imported:
    """Create or update programmes and groups by code, all in one transaction.

    A capacity below the seats a group already holds is refused (CapacityBelowSeats) and
    nothing is written. A group with `slot_rows` and `lessons` gets them as its pattern and
    lessons (lessons before `today` are kept as they were). The groups left with free seats
    and a waitlist (a capacity raised) are returned for the waitlist to be offered them; a
    group in that state from before (an earlier import stopped in between) is returned too,
    so importing the file again puts it right."""
    now = to_db(utcnow())
    codes = {g["code"] for g in groups}
    async with db.transaction() as conn:
        before = {row["code"]: row for row in await rows.seats(conn)}
        too_small = [
            SeatsHeld(g["code"], g["capacity"], before[g["code"]]["held"]) for g in groups
            if g["code"] in before and g["capacity"] < before[g["code"]]["held"]
        ]
        if too_small:
            raise CapacityBelowSeats(too_small)
        for p in programmes:
            await rows.upsert_programme(conn, p, now)
        for g in groups:
            group_id = await rows.upsert_group(conn, g, now)
            if g.get("slot_rows") is not None:
                await TimetableRepo.set_schedule(
                    conn, group_id, g["slot_rows"], g["lessons"], today or date.min
                )
        after = await rows.seats(conn)
    to_offer = {
        row["id"]: row["code"] for row in after
        if row["code"] in codes and row["waiting"] and row["capacity"] > row["held"]
    }
    return Imported(len(programmes), len(groups), to_offer)
