"""Attendance for staff: the month's journal as a file (bot/services/journal_files.py) and the
chart of the last eight weeks with the children who missed two lessons in a row.

- A held lesson is one not off (cancelled, or closed by a closure: the roll call refuses to
  mark those too) and begun by now.
- A week's share present is (✅ + ⏰) ÷ every mark of the group's held lessons that week. The
  chart's eight weeks end with this one, or with the last one while this week has no mark yet
  (a Monday morning would otherwise draw seven).
- «Two in a row»: the last two marks of a child in a group, 🙅 (the family said «Не придём»)
  left out, are both ❌. A forgotten child («выбыл») has no name to call and is not listed.
- For all groups (/attendance) the chart has a line for each group with marks, at most
  `MAX_LINES` of them: the ones with the most children marked; the caption says so.
- A journal downloaded in the chat is a look at children's data: it goes into the record
  /audit lists (the command-line export, run by the server's operator, does not).

The sums are SQL's (storage/journal.py) and the files are made in a thread, so the bot
answers meanwhile; one journal or chart is made at a time (a second press waits its turn).
The chart is drawn in a worker process (bot/services/attendance_chart.py): this module and the
bot never import matplotlib. A chart is kept a few minutes for the same group, day, language
and marks, so a double tap or a second look does not start another worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from bot.services.attendance_chart import Drawer
from bot.services.dates import week_start
from bot.services.journal_files import Format, JournalFile, journal_file, month_last
from storage import audit, journal
from storage.clock import to_db, utcnow
from storage.db import Database

WEEKS = 8
MAX_LINES = 8
CHART_KEPT = timedelta(minutes=5)
CHARTS_KEPT = 16  # pictures held at most (about 100 KB each)

@dataclass(frozen=True, slots=True)
class Missed:
    name: str
    group: str  # in the reader's language


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


def shares_by_week(
    counts: list[journal.WeekCount], weeks: int = WEEKS, skip: int = 0,
) -> dict[int, list[float | None]]:
    """A group's share present (0–100) per week from week `skip`; None for a week unmarked."""
    shares: dict[int, list[float | None]] = {}
    for count in counts:
        week = count.week - skip
        if 0 <= week < weeks and count.marked:
            line = shares.setdefault(count.group_id, [None] * weeks)
            line[week] = round(100 * count.present / count.marked, 1)
    return shares


class Journal:
    """The journal and the chart, for staff (the handlers check the role)."""

    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo) -> None:
        self.db = db
        self.texts = texts
        self.zone = zone
        self._one_at_a_time = asyncio.Lock()  # a journal or a chart being made
        self._drawer = Drawer()
        self._charts: dict[tuple[object, ...], tuple[datetime, Chart]] = {}

    def today(self) -> date:
        return datetime.now(self.zone).date()

    async def group_exists(self, group_id: int) -> bool:
        return await journal.group_exists(self.db, group_id)

    async def group_name(self, group_id: int, locale: str) -> str | None:
        """The group's name in `locale` (the English one, when it has one)."""
        names = await journal.group_names(self.db, group_id)
        if names is None:
            return None
        return names[1] if locale == "en" and names[1] else names[0]

    async def journal(
        self, staff_id: int | None, month: date, kind: Format, locale: str,
        group_id: int | None = None,
    ) -> JournalFile:
        """The month's journal as a workbook or a CSV, in `locale` (all groups, or one). A
        member of staff's download is recorded (with the children in it) before the file is
        given; `staff_id` None: the server's operator, from the command line."""
        first, last = month.isoformat(), month_last(month).isoformat()
        async with self._one_at_a_time:
            now = to_db(utcnow())
            lessons = await journal.held_lessons(self.db, first, last, now, group_id)
            marks = await journal.marks_of(self.db, first, last, now, group_id)
            roster = await journal.confirmed_children(self.db, {ls.group_id for ls in lessons})
            found = await asyncio.to_thread(
                journal_file, lessons, marks, roster, kind, self.texts, locale, month)
        if staff_id is not None and found.groups:
            async with self.db.transaction() as conn:
                await audit.record(conn, staff_id, "journal", to_db(utcnow()),
                                   group_id=group_id, found=found.children)
        return found

    def _window(self) -> tuple[date, str, str, str]:
        """The Monday eight weeks before this week's, and the first day, last day and now
        for the queries (nine weeks: the chart draws the last eight with a mark)."""
        today = self.today()
        first_week = week_start(today, -WEEKS)
        return first_week, first_week.isoformat(), today.isoformat(), to_db(utcnow())

    async def chart_data(self, locale: str, group_id: int | None = None) -> ChartData | None:
        """The last eight weeks' shares and who missed two in a row, groups named in
        `locale`; None: no marks."""
        first_week, first, last, now = self._window()
        counts = await journal.week_counts(self.db, first, last, now, group_id)
        if not counts:
            return None
        skip = 1 if any(count.week == WEEKS for count in counts) else 0  # this week's marks
        shares = shares_by_week(counts, skip=skip)
        if not shares:
            return None
        names = {count.group_id: count.group_title(locale) for count in counts}
        sizes = await journal.pupils_marked(self.db, first, last, now, group_id)
        chosen = sorted(shares, key=lambda g: (-sizes.get(g, 0), names[g].casefold(), g))
        missed = [Missed(m.name, m.group_title(locale))
                  for m in await journal.absent_twice(self.db, first, last, now, group_id)]
        missed.sort(key=lambda m: (m.group.casefold(), m.name.casefold()))
        return ChartData([first_week + timedelta(weeks=n + skip) for n in range(WEEKS)],
                         [(names[g], shares[g]) for g in chosen[:MAX_LINES]], len(shares),
                         missed)

    async def chart(self, locale: str, group_id: int | None = None) -> Chart | None:
        """The chart as a PNG (drawn by the worker, or kept from a moment ago for the same
        marks); None: no marks in eight weeks."""
        first_week, first, last, now = self._window()
        version = await journal.marks_version(self.db, first, last, now, group_id)
        if not version[0]:
            return None
        key = (group_id, locale, last, *version)
        kept = self._kept(key)
        if kept is not None:
            return kept
        async with self._one_at_a_time:
            kept = self._kept(key)  # drawn meanwhile, for the press before this one
            if kept is not None:
                return kept
            found = await self.chart_data(locale, group_id)
            if found is None:
                return None
            title = (found.series[0][0] if group_id is not None and found.series
                     else self.texts.get(locale, "journal-chart-title"))
            png = await self._drawer.draw({
                "title": title,
                "ylabel": self.texts.get(locale, "journal-chart-ylabel"),
                "weeks": [f"{week:%d.%m}" for week in found.weeks],
                "series": [{"name": name, "values": values} for name, values in found.series],
            })
            chart = Chart(png, len(found.series), found.groups, found.missed)
            self._keep(key, chart)
        return chart

    def _kept(self, key: tuple[object, ...]) -> Chart | None:
        now = utcnow()
        for old in [k for k, (until, _) in self._charts.items() if until <= now]:
            del self._charts[old]
        kept = self._charts.get(key)
        return None if kept is None else kept[1]

    def _keep(self, key: tuple[object, ...], chart: Chart) -> None:
        while len(self._charts) >= CHARTS_KEPT:
            del self._charts[min(self._charts, key=lambda k: self._charts[k][0])]
        self._charts[key] = (utcnow() + CHART_KEPT, chart)
