"""Attendance for staff: the month's journal as a file (bot/services/journal_files.py) and the
chart of the last eight weeks with the children who missed two lessons in a row.

- A week's share present is (✅ + ⏰) ÷ every mark of the group's held lessons that week.
- «Two in a row»: the last two marks of a child in a group, 🙅 (the family said «Не придём»)
  left out, are both ❌. A forgotten child («выбыл») has no name to call and is not listed.
- For all groups (/attendance) the chart has a line for each group with marks, at most
  `MAX_LINES` of them: the ones with the most children marked; the caption says so.

The chart is drawn in a worker process (bot/services/attendance_chart.py): this module and the
bot never import matplotlib."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from bot.services import attendance_chart
from bot.services.dates import week_start
from bot.services.journal_files import (
    PRESENT,
    Sheet,
    build_sheets,
    journal_csv,
    journal_xlsx,
    month_last,
)
from storage import journal
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.journal import RecentMark

WEEKS = 8
MAX_LINES = 8
Format = Literal["xlsx", "csv"]


@dataclass(frozen=True, slots=True)
class JournalFile:
    data: bytes
    groups: int  # sheets (groups with lessons held in the month)
    lessons: int
    person_hours: int


@dataclass(frozen=True, slots=True)
class Missed:
    name: str
    group: str


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    shown: int  # lines drawn
    groups: int  # groups with marks
    missed: list[Missed]


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the worker draws, and what the caption says (before the picture exists)."""

    weeks: list[date]
    series: list[tuple[str, list[float | None]]]
    groups: int
    missed: list[Missed]


def weekly_shares(
    marks: Sequence[RecentMark], first_week: date, weeks: int = WEEKS,
) -> dict[int, list[float | None]]:
    """A group's share present (0–100) per week from `first_week`; None for a week unmarked."""
    counted: dict[int, list[Counter[str]]] = defaultdict(
        lambda: [Counter() for _ in range(weeks)])
    for mark in marks:
        week = (date.fromisoformat(mark.day) - first_week).days // 7
        if 0 <= week < weeks:
            counted[mark.group_id][week]["present" if mark.mark in PRESENT else "other"] += 1
    return {group: [None if not (c["present"] + c["other"])
                    else round(100 * c["present"] / (c["present"] + c["other"]), 1)
                    for c in per_week] for group, per_week in counted.items()}


def two_in_a_row(marks: Sequence[RecentMark], names: dict[int, str]) -> list[Missed]:
    """The children whose last two marks in a group (🙅 left out) are both ❌; `marks` oldest
    first."""
    last: dict[tuple[int, int], list[str]] = defaultdict(list)
    named: dict[tuple[int, int], str | None] = {}
    for mark in marks:
        if mark.mark == "excused":
            continue
        key = (mark.group_id, mark.pupil)
        last[key] = [*last[key][-1:], mark.mark]
        named[key] = mark.name
    found = [Missed(str(named[key]), names.get(key[0], "")) for key, seen in last.items()
             if seen == ["absent", "absent"] and named[key] is not None]
    return sorted(found, key=lambda m: (m.group.casefold(), m.name.casefold()))


class Journal:
    """The journal and the chart, for staff (the handlers check the role)."""

    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo) -> None:
        self.db = db
        self.texts = texts
        self.zone = zone

    def today(self) -> date:
        return datetime.now(self.zone).date()

    async def group_exists(self, group_id: int) -> bool:
        return await journal.group_exists(self.db, group_id)

    async def group_name(self, group_id: int) -> str | None:
        return (await journal.group_names(self.db, [group_id])).get(group_id)

    async def sheets(self, month: date, group_id: int | None = None) -> list[Sheet]:
        first, last, now = month.isoformat(), month_last(month).isoformat(), to_db(utcnow())
        lessons = await journal.held_lessons(self.db, first, last, now, group_id)
        marks = await journal.marks_of(self.db, first, last, now, group_id)
        roster = await journal.confirmed_children(self.db, {ls.group_id for ls in lessons})
        names = {child.child_id: child.name for child in roster}
        # the marked children confirmed in none of these groups (withdrawn since): few
        names |= await journal.child_names(self.db, {
            mark.child_id for mark in marks
            if mark.child_id is not None and mark.child_id not in names})
        return build_sheets(lessons, marks, roster, names)

    async def journal(
        self, month: date, kind: Format, locale: str, group_id: int | None = None,
    ) -> JournalFile:
        """The month's journal as a workbook or a CSV, in `locale` (all groups, or one)."""
        sheets = await self.sheets(month, group_id)
        if kind == "csv":
            data = journal_csv(sheets, self.texts, locale)
        else:  # seconds for a big technopark: in a thread, so the bot answers meanwhile
            data = await asyncio.to_thread(journal_xlsx, sheets, self.texts, locale, month)
        return JournalFile(data, len(sheets), sum(len(s.lessons) for s in sheets),
                           sum(s.person_hours for s in sheets))

    async def chart_data(self, group_id: int | None = None) -> ChartData | None:
        """The last eight weeks' shares and who missed two in a row; None: no marks."""
        today = self.today()
        first_week = week_start(today, -(WEEKS - 1))
        now = to_db(utcnow())
        marks = await journal.recent_marks(
            self.db, first_week.isoformat(), today.isoformat(), now, group_id)
        if not marks:
            return None
        shares = weekly_shares(marks, first_week)
        sizes = Counter(dict.fromkeys(shares, 0))
        for group, _ in {(m.group_id, m.pupil) for m in marks}:
            sizes[group] += 1
        names = await journal.group_names(self.db, shares)
        chosen = sorted(shares, key=lambda g: (-sizes[g], names.get(g, "").casefold()))
        series = [(names.get(g, ""), shares[g]) for g in chosen[:MAX_LINES]]
        weeks = [first_week + timedelta(weeks=n) for n in range(WEEKS)]
        return ChartData(weeks, series, len(shares), two_in_a_row(marks, names))

    async def chart(self, locale: str, group_id: int | None = None) -> Chart | None:
        """The chart as a PNG (drawn by the worker); None: no marks in eight weeks."""
        found = await self.chart_data(group_id)
        if found is None:
            return None
        title = (found.series[0][0] if group_id is not None and found.series
                 else self.texts.get(locale, "journal-chart-title"))
        png = await attendance_chart.draw({
            "title": title,
            "ylabel": self.texts.get(locale, "journal-chart-ylabel"),
            "weeks": [f"{week:%d.%m}" for week in found.weeks],
            "series": [{"name": name, "values": values} for name, values in found.series],
        })
        return Chart(png, len(found.series), found.groups, found.missed)
