"""What is open for sign-up, as the form shows it: a quantum's programmes (those fitting the
age band of the person's latest quiz first), their running groups with the days and times of
their timetable, and one programme or group by id. Reads only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from storage.db import Database
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.quiz import QuizRepo
from storage.timetable import SlotRow, TimetableRepo


@dataclass(frozen=True, slots=True)
class Open:
    programmes: list[Programme]  # open on the day, the fitting ones if any fit
    navigator_url: str | None  # where to go when none is open


class Openings:
    def __init__(self, db: Database) -> None:
        self.programmes = ProgrammeRepo(db)
        self.timetable = TimetableRepo(db)
        self.quiz = QuizRepo(db)

    async def open_programmes(self, user_id: int, quantum_code: str, day: date) -> Open:
        """The quantum's programmes open on `day`; of them, those whose ages overlap the band
        of the person's latest quiz result, when any does."""
        latest = await self.quiz.latest(user_id)
        band = None
        if latest is not None and latest.age_min is not None and latest.age_max is not None:
            band = (latest.age_min, latest.age_max)
        every = await self.programmes.for_quantum(quantum_code)
        found = [p for p in every if p.open_on(day)]
        fitting = [
            p for p in found if band is None or (p.age_min <= band[1] and band[0] <= p.age_max)
        ]
        shown = fitting or found
        link = None if shown else next((p.navigator_url for p in every if p.navigator_url),
                                       None)
        return Open(shown, link)

    async def programme(self, programme_id: int) -> Programme | None:
        return await self.programmes.get(programme_id)

    async def group(self, group_id: int) -> Group | None:
        return await self.programmes.group(group_id)

    async def groups(self, programme_id: int, day: date) -> list[Group]:
        """The programme's groups running on `day`."""
        return await self.programmes.groups(programme_id, running_on=day)

    async def slots(self, group_ids: Iterable[int]) -> dict[int, list[SlotRow]]:
        """The groups' weekly timetable."""
        return await self.timetable.slots(group_ids)
