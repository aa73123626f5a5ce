"""The timetable's data: schedule cells, the lessons generated from them, the groups and
closures files, and what storage keeps (UTC times, lessons changed by hand, closures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.cli.importing import import_file
from bot.dispatcher import Repos
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.lesson_changes import LessonChanges
from bot.services.programme_import import import_programmes
from bot.services.schedule import (
    SLOT_START,
    WEEKDAYS,
    GroupPattern,
    ScheduleError,
    Slot,
    generate,
    parse_slots,
    room_clashes,
)
from bot.settings import Settings
from storage.db import Database
from storage.lessons import Lesson

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
QUANTA = {"robo", "it", "aero"}

# ---- parse_slots ---------------------------------------------------------------------------


def slot(weekday: int, starts: str, ends: str, room: str = "") -> Slot:
    return Slot(weekday, time.fromisoformat(starts), time.fromisoformat(ends), room)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", []),
        ("  ;  ", []),
        ("вт 15:00-16:30; чт 15:00-16:30",
         [slot(1, "15:00", "16:30"), slot(3, "15:00", "16:30")]),
        ("чт 15:00–16:30, вт 15:00 — 16:30",  # en and em dash, any order
         [slot(1, "15:00", "16:30"), slot(3, "15:00", "16:30")]),
        ("ПН 9.00-10.30", [slot(0, "09:00", "10:30")]),
        ("Пн. 9:00-10:30", [slot(0, "09:00", "10:30")]),
        ("mon 09:00-10:30; MON 11:00-12:30; Sun 10:00-11:00",
         [slot(0, "09:00", "10:30"), slot(0, "11:00", "12:30"), slot(6, "10:00", "11:00")]),
        ("сб 10:00-11:30 Лаб.   3", [slot(5, "10:00", "11:30", "Лаб. 3")]),
        ("вт 15:00-16:30\nчт 15:00-16:30 Каб. 204",  # a line each, as Alt+Enter in Excel
         [slot(1, "15:00", "16:30"), slot(3, "15:00", "16:30", "Каб. 204")]),
        ("вт 15:00-16:30; вт 16:30-18:00",  # back to back is not an overlap
         [slot(1, "15:00", "16:30"), slot(1, "16:30", "18:00")]),
        ("пт 08:00-16:00", [slot(4, "08:00", "16:00")]),  # eight hours: the longest
    ],
)
def test_good_cells(cell: str, expected: list[Slot]) -> None:
    assert parse_slots(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("вт 15:00", "is not a slot like «вт 15:00-16:30»"),
        ("вторник 15:00-16:30", "'вторник' is not a day"),
        ("xx 15:00-16:30", "'xx' is not a day"),
        ("вт 25:00-26:00", "'25:00' is not a time of day"),
        ("вт 15:60-16:30", "'15:60' is not a time of day"),
        ("вт 16:30-15:00", "ends before it starts"),
        ("вт 15:00-15:00", "ends before it starts"),
        ("вт 15:00-15:10", "a lesson takes 15 minutes to 8 hours"),
        ("вт 08:00-16:01", "a lesson takes 15 minutes to 8 hours"),
        ("вт 15:00-16:30 " + "К" * 41, "longer than 40 characters"),
        ("вт 15:00-16:30; вт 16:00-17:00", "two slots overlap on the same day"),
        ("вт 15:00-16:30; вт 15:00-16:30", "two slots overlap on the same day"),
        ("вт 15:00-18:00; вт 16:00-16:30", "two slots overlap on the same day"),
        ("вт 15:00-16:30 чт 15:00-16:30", "holds two slots: put «;» between them"),
        ("; ".join(f"{d} {h}:00-{h}:45" for d in ("пн", "вт", "ср") for h in range(10, 15)),
         "15 slots; at most 14 a week"),
    ],
)
def test_bad_cells_say_what_is_wrong(cell: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=re.escape(message)):
        parse_slots(cell)


NAMES = {i: [name for name, day in WEEKDAYS.items() if day == i] for i in range(7)}
ROOMS = st.from_regex(r"[A-Za-zА-Яа-яЁё0-9№][A-Za-zА-Яа-яЁё0-9№. \-]{0,38}", fullmatch=True)


@st.composite
def cells(draw: st.DrawFn) -> tuple[str, list[Slot]]:
    """A cell written in any of the accepted ways, and the slots it holds."""
    slots: list[Slot] = []
    for weekday in draw(st.lists(st.integers(0, 6), unique=True, max_size=7)):
        start = draw(st.integers(0, 23 * 60))
        for _ in range(draw(st.integers(1, 2))):
            if start > 24 * 60 - 16:
                break
            length = draw(st.integers(15, min(8 * 60, 24 * 60 - 1 - start)))
            room = draw(st.one_of(st.just(""), ROOMS))
            assume(not SLOT_START.match(room))
            slots.append(Slot(weekday, time(start // 60, start % 60),
                              time((start + length) // 60, (start + length) % 60),
                              " ".join(room.split())))
            start += length + draw(st.integers(0, 120))
    assume(len(slots) <= 14)
    parts = []
    for s in slots:
        day = draw(st.sampled_from(NAMES[s.weekday]))
        day = draw(st.sampled_from([day, day.upper(), day.capitalize()]))
        day += draw(st.sampled_from(["", "."]))
        sep = draw(st.sampled_from([":", "."]))
        dash = draw(st.sampled_from(["-", "–", "—", " - ", " – "]))

        def clock(moment: time, sep: str = sep) -> str:
            hours = f"{moment.hour}" if draw(st.booleans()) else f"{moment.hour:02d}"
            return f"{hours}{sep}{moment.minute:02d}"

        room = f" {s.room}" if s.room else ""
        parts.append(f"{day} {clock(s.starts)}{dash}{clock(s.ends)}{room}")
    order = draw(st.permutations(parts)) if parts else []
    joiner = draw(st.sampled_from(["; ", ";", ", ", "\n", " ;\r\n"]))
    return joiner.join(order), sorted(slots)


@given(cells())
@hypothesis_settings(max_examples=300)
def test_any_valid_cell_round_trips(case: tuple[str, list[Slot]]) -> None:
    cell, slots = case
    assert parse_slots(cell) == slots


@given(st.one_of(
    st.text(max_size=80),
    st.text(alphabet="пнвтсрчПНmonTUEsat0123456789:.-–—;, \n№Лаб٣", max_size=60),
))
@hypothesis_settings(max_examples=500)
def test_junk_raises_only_schedule_error(cell: str) -> None:
    try:
        slots = parse_slots(cell)
    except ScheduleError:
        return
    assert all(isinstance(s, Slot) for s in slots)


# ---- generate ------------------------------------------------------------------------------


def test_generate_across_a_month_end() -> None:
    lessons = generate(parse_slots("вт 15:00-16:30; чт 15:00-16:30"),
                       date(2026, 10, 26), date(2026, 11, 6), MOSCOW)
    assert [lesson.origin for lesson in lessons] == [
        "2026-10-27T15:00", "2026-10-29T15:00", "2026-11-03T15:00", "2026-11-05T15:00",
    ]
    assert [lesson.day for lesson in lessons] == [
        date(2026, 10, 27), date(2026, 10, 29), date(2026, 11, 3), date(2026, 11, 5),
    ]


def test_generate_stops_where_the_period_ends_mid_week() -> None:
    # the period ends on a Wednesday: that week's Tuesday is in, its Thursday is not; the
    # first and last days count
    lessons = generate(parse_slots("вт 15:00-16:30; ср 10:00-11:00; чт 15:00-16:30"),
                       date(2026, 11, 4), date(2026, 11, 11), MOSCOW)
    assert [lesson.origin for lesson in lessons] == [
        "2026-11-04T10:00", "2026-11-05T15:00", "2026-11-10T15:00", "2026-11-11T10:00",
    ]
    assert generate(parse_slots("вт 15:00-16:30"), date(2026, 11, 11), date(2026, 11, 16),
                    MOSCOW) == []


def test_moscow_has_no_summer_time() -> None:
    lessons = generate(parse_slots("вт 15:00-16:30"), date(2026, 10, 13), date(2026, 11, 10),
                       MOSCOW)
    assert {lesson.starts_at.time() for lesson in lessons} == {time(12, 0)}
    assert {lesson.ends_at.time() for lesson in lessons} == {time(13, 30)}
    assert all(lesson.starts_at.tzinfo == UTC for lesson in lessons)


def test_a_zone_with_summer_time_keeps_the_local_time() -> None:
    # Berlin leaves summer time on 25 October 2026: 15:00 there is 13:00 UTC before, 14:00
    # after; the lessons stay at 15:00 on the clock on the wall
    lessons = generate(parse_slots("вт 15:00-16:30"), date(2026, 10, 13), date(2026, 11, 3),
                       BERLIN)
    assert [lesson.starts_at for lesson in lessons] == [
        datetime(2026, 10, 13, 13, 0, tzinfo=UTC), datetime(2026, 10, 20, 13, 0, tzinfo=UTC),
        datetime(2026, 10, 27, 14, 0, tzinfo=UTC), datetime(2026, 11, 3, 14, 0, tzinfo=UTC),
    ]
    assert {lesson.starts_at.astimezone(BERLIN).time() for lesson in lessons} == {time(15, 0)}
    assert {lesson.ends_at.astimezone(BERLIN).time() for lesson in lessons} == {time(16, 30)}
    assert all(lesson.origin.endswith("T15:00") for lesson in lessons)


# ---- the groups file with a schedule -------------------------------------------------------

HEADER = ("programme;quantum;level;title_ru;age_min;age_max;group;group_name;capacity;teacher;"
          "room;starts_on;ends_on;schedule")


def row(group: str = "r1", *, quantum: str = "robo",
        schedule: str = "вт 15:00-16:30; чт 15:00-16:30", room: str = "Каб. 101",
        starts: str = "01.10.2026", ends: str = "30.11.2026", capacity: int = 12) -> str:
    return (f"{quantum}-1;{quantum};intro;Курс {quantum};7;17;{group};Группа {group};{capacity};"
            f'Иванова Е. А.;{room};{starts};{ends};"{schedule}"')


def groups_csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


async def load(repos: Repos, data: bytes, today: date, zone: ZoneInfo = MOSCOW) -> None:
    result = parse_groups_csv(data, QUANTA)
    assert result.errors == []
    plan_lessons(result.groups, zone)
    await import_programmes(repos.programmes.db, result.programmes, result.groups, today)


async def raw_lessons(db: Database, group: str = "r1") -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT l.* FROM lessons l JOIN groups g ON g.id = l.group_id WHERE g.code = ?"
        " ORDER BY l.origin", (group,),
    )
    return [dict(r) for r in rows]


async def lessons_of(repos: Repos, group: str = "r1") -> list[Lesson]:
    ids = [r["id"] for r in await raw_lessons(repos.lessons.db, group)]
    found = [await repos.lessons.get(i) for i in ids]
    return [lesson for lesson in found if lesson is not None]


def changes(repos: Repos) -> LessonChanges:
    """Staff's changes to lessons, over these repositories."""
    return LessonChanges(repos.lessons, repos.programmes, repos.reminders, repos.absences,
                         repos.timetable, repos.notices)


@pytest.fixture
def repos(db: Database, settings: Settings) -> Repos:
    return Repos.create(db, settings=settings)


@pytest.fixture
def october() -> Iterator[None]:
    """The clock on 1 October 2026, before the lessons of these files: staff may change
    them."""
    with time_machine.travel(datetime(2026, 10, 1, 9, tzinfo=MOSCOW), tick=True):
        yield


async def test_a_schedule_becomes_lessons_stored_in_utc(db: Database, repos: Repos) -> None:
    await load(repos, groups_csv(row(), row("r2", schedule="сб 10:00-11:30 Лаб. 3")),
               date(2026, 9, 1))
    stored = await raw_lessons(db)
    # October and November 2026 have 8 Tuesdays and 9 Thursdays
    assert len(stored) == 17
    first = stored[0]
    assert first["origin"] == "2026-10-01T15:00" and first["day"] == "2026-10-01"
    # 15:00 in Moscow is 12:00 UTC, and that is what the table holds
    assert first["starts_at"] == "2026-10-01T12:00:00+00:00"
    assert first["ends_at"] == "2026-10-01T13:30:00+00:00"
    assert first["planned_start"] == first["starts_at"]
    assert {r["status"] for r in stored} == {"planned"}
    # a slot's own room is the lesson's; without one, the group's room shows
    saturday = (await lessons_of(repos, "r2"))[0]
    assert saturday.room == "Лаб. 3" and saturday.day == date(2026, 10, 3)
    assert (await lessons_of(repos))[0].room == "Каб. 101"
    slots = await db.fetchall("SELECT weekday, starts, ends, room FROM slots ORDER BY id")
    assert [tuple(s) for s in slots] == [
        (1, "15:00", "16:30", ""), (3, "15:00", "16:30", ""), (5, "10:00", "11:30", "Лаб. 3"),
    ]


async def test_a_berlin_technopark_stores_the_shift_in_utc(db: Database, repos: Repos) -> None:
    await load(repos, groups_csv(row(schedule="вт 15:00-16:30", starts="20.10.2026",
                                     ends="27.10.2026")), date(2026, 9, 1), zone=BERLIN)
    assert [r["starts_at"] for r in await raw_lessons(db)] == [
        "2026-10-20T13:00:00+00:00", "2026-10-27T14:00:00+00:00",
    ]


async def test_importing_again_changes_nothing(db: Database, repos: Repos) -> None:
    data = groups_csv(row(), row("r2", quantum="it", room="Каб. 204"))
    await load(repos, data, date(2026, 10, 1))
    before = await raw_lessons(db) + await raw_lessons(db, "r2")
    await load(repos, data, date(2026, 10, 15))
    after = await raw_lessons(db) + await raw_lessons(db, "r2")
    assert [r["id"] for r in after] == [r["id"] for r in before]
    assert [{k: v for k, v in r.items() if k != "updated_at"} for r in after] == [
        {k: v for k, v in r.items() if k != "updated_at"} for r in before
    ]
    assert await db.fetchval("SELECT count(*) FROM slots") == 4


async def test_a_changed_pattern_replaces_the_future_and_keeps_the_past(
    db: Database, repos: Repos, october: None
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    first = await lessons_of(repos)
    # staff cancel the lesson of Thursday 12 November by hand
    cancelled = next(lesson for lesson in first if lesson.day == date(2026, 11, 12))
    await changes(repos).change(cancelled.id, cancelled.version, "cancel", by=1,
                               reason="Педагог заболел")
    past = [r for r in await raw_lessons(db) if r["day"] < "2026-11-01"]

    # on 1 November the group moves to 16:00 on Tuesdays and to Fridays
    await load(repos, groups_csv(row(schedule="вт 16:00-17:30; пт 16:00-17:30")),
               date(2026, 11, 1))
    stored = await raw_lessons(db)
    # the past is exactly as it was: no lesson added at 16:00, none moved, none gone
    assert [r for r in stored if r["day"] < "2026-11-01"] == past
    assert {r["origin"][11:] for r in past} == {"15:00"}
    future = [r for r in stored if r["day"] >= "2026-11-01"]
    on = [r for r in future if r["manual"] == 0]
    assert {(date.fromisoformat(r["day"]).weekday(), r["origin"][11:]) for r in on} == {
        (1, "16:00"), (4, "16:00"),
    }
    assert all(r["starts_at"].endswith("T13:00:00+00:00") for r in on)
    # the lesson cancelled by hand stays, cancelled, with its reason
    kept = await repos.lessons.get(cancelled.id)
    assert kept is not None and kept.status == "cancelled" and kept.reason == "Педагог заболел"
    assert [r["id"] for r in future if r["manual"]] == [cancelled.id]
    slots = await db.fetchall("SELECT weekday, starts FROM slots")
    assert sorted(tuple(s) for s in slots) == [(1, "16:00"), (4, "16:00")]


async def test_a_longer_lesson_changes_the_future_in_place_only(
    db: Database, repos: Repos
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    before = {r["origin"]: r for r in await raw_lessons(db)}
    await load(repos, groups_csv(row(schedule="вт 15:00-17:00; чт 15:00-17:00")),
               date(2026, 11, 1))
    after = {r["origin"]: r for r in await raw_lessons(db)}
    assert after.keys() == before.keys()
    for origin, lesson in after.items():
        assert lesson["id"] == before[origin]["id"]
        expected = "14:00" if lesson["day"] >= "2026-11-01" else "13:30"
        assert lesson["ends_at"][11:16] == expected, origin


async def test_a_shorter_period_drops_the_lessons_past_its_end(
    db: Database, repos: Repos
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    await load(repos, groups_csv(row(ends="15.11.2026")), date(2026, 10, 1))
    assert max(r["day"] for r in await raw_lessons(db)) == "2026-11-12"


async def test_a_file_without_the_schedule_column_leaves_lessons_alone(
    db: Database, repos: Repos
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    before = await raw_lessons(db)
    without = HEADER.removesuffix(";schedule")
    other = row(capacity=20, schedule="").rsplit(";", 1)[0]
    await load(repos, groups_csv(other, header=without), date(2026, 10, 1))
    assert await raw_lessons(db) == before
    assert await db.fetchval("SELECT capacity FROM groups WHERE code = 'r1'") == 20
    assert await db.fetchval("SELECT count(*) FROM slots") == 2


# ---- the groups command ---------------------------------------------------------------------


async def test_a_bad_cell_is_refused_with_its_line_and_nothing_is_written(
    db: Database, settings: Settings, catalogue: Catalogue, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "groups.csv"
    path.write_bytes(groups_csv(row(), row("r2", schedule="вт 25:00-26:00"),
                                row("r3", quantum="it")))
    assert await import_file(settings, catalogue, path) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 3: schedule: '25:00' is not a time of day like 15:00" in err
    assert f"Nothing was imported from {path}." in err
    for table in ("programmes", "groups", "slots", "lessons"):
        assert await db.fetchval(f"SELECT count(*) FROM {table}") == 0, table  # noqa: S608


async def test_the_command_imports_schedules_and_warns_of_shared_rooms(
    db: Database, settings: Settings, catalogue: Catalogue, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "groups.csv"
    path.write_bytes(groups_csv(
        row("r1", schedule="вт 15:00-16:30"),
        # the same room (spelled in another case) half an hour later: a clash
        row("r2", schedule="вт 16:00-17:30", room="каб. 101"),
        # the same room, right after: no clash
        row("r3", schedule="вт 17:30-19:00"),
        # the same time, another room
        row("i1", quantum="it", schedule="вт 15:00-16:30", room="Каб. 204"),
        # the same room and time, but in December, after r1's period
        row("r4", schedule="вт 15:00-16:30", starts="01.12.2026", ends="31.12.2026"),
    ))
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=MOSCOW), tick=False):
        assert await import_file(settings, catalogue, path) == 0
    out, err = capsys.readouterr()
    assert f"Imported 2 programmes and 5 groups from {path} (37 lessons in their schedules)." \
        in out
    assert err.splitlines() == [
        "warning: groups r1 and r2 are both in 'каб. 101' on tue around 15:00",
    ]
    assert await db.fetchval("SELECT count(*) FROM lessons") == 37

    # a later file with one group only is checked against the groups already stored
    path.write_bytes(groups_csv(row("r9", schedule="чт 10:00-11:00; вт 16:30-17:00")))
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=MOSCOW), tick=False):
        assert await import_file(settings, catalogue, path) == 0
    assert capsys.readouterr().err.splitlines() == [
        "warning: groups r2 and r9 are both in 'Каб. 101' on tue around 16:00",
    ]


def test_room_clashes_among_patterns() -> None:
    period = (date(2026, 9, 1), date(2026, 12, 31))
    groups = [
        GroupPattern("a", "101", *period, parse_slots("вт 15:00-16:30; чт 15:00-16:30")),
        GroupPattern("b", "", *period, parse_slots("чт 16:00-17:00 101; пт 15:00-16:00 101")),
        GroupPattern("c", "102", *period, parse_slots("вт 15:00-16:30")),
    ]
    clashes = room_clashes(groups)
    assert [(a, b, room, s.weekday) for a, b, room, s in clashes] == [("a", "b", "101", 3)]


# ---- closures --------------------------------------------------------------------------------


def closures_csv(*rows: str) -> bytes:
    return ("\n".join(["from;until;reason;quanta", *rows]) + "\n").encode()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("02.11.2026;03.11.2026;Ремонт;mars", "line 3: quantum 'mars' is not in the catalogue"),
        ("05.11.2026;03.11.2026;Ремонт;", "line 3: from is after until"),
        ("31.11.2026;03.12.2026;Ремонт;", "line 3: from '31.11.2026' is not a date"),
        ("01.11.2026;03.11.2027;Ремонт;", "line 3: a closure longer than a year"),
        ("01.11.2026;03.11.2026;;", "line 3: reason is empty"),
    ],
)
async def test_a_bad_closures_file_writes_nothing(
    bad: str, message: str, db: Database, repos: Repos, settings: Settings,
    catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    path = tmp_path / "closures.csv"
    path.write_bytes(closures_csv("04.11.2026;04.11.2026;День народного единства;", bad))
    assert await import_file(settings, catalogue, path, "closures") == 1
    err = capsys.readouterr().err
    assert f"{path}: {message}" in err and "Nothing was imported" in err
    assert await db.fetchval("SELECT count(*) FROM closures") == 0
    assert await db.fetchval("SELECT count(*) FROM lessons WHERE closure_id IS NOT NULL") == 0


async def test_closures_put_lessons_off_with_their_reason_once(
    db: Database, repos: Repos, settings: Settings, catalogue: Catalogue, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await load(repos, groups_csv(row(), row("i1", quantum="it", room="Каб. 204")),
               date(2026, 10, 1))
    path = tmp_path / "closures.csv"
    path.write_bytes(closures_csv(
        "03.11.2026;05.11.2026;День народного единства;",  # Tue 3 and Thu 5: both groups
        "10.11.2026;10.11.2026;Робоквантум на соревнованиях;robo",
    ))
    for _ in range(2):  # the same file twice: the same closures, the same count
        assert await import_file(settings, catalogue, path, "closures") == 0
        assert capsys.readouterr().out.strip() == (
            f"Imported 2 closures from {path}; 5 lessons fall inside them."
        )
    assert await db.fetchval("SELECT count(*) FROM closures") == 2

    robo = {lesson.day: lesson for lesson in await lessons_of(repos)}
    it = {lesson.day: lesson for lesson in await lessons_of(repos, "i1")}
    for lesson in (robo[date(2026, 11, 3)], robo[date(2026, 11, 5)], it[date(2026, 11, 5)]):
        assert (lesson.status, lesson.reason) == ("cancelled", "День народного единства")
        assert lesson.off and lesson.closure
    # only Робоквантум's lessons are off on the 10th
    assert (robo[date(2026, 11, 10)].status, robo[date(2026, 11, 10)].reason) == (
        "cancelled", "Робоквантум на соревнованиях",
    )
    assert it[date(2026, 11, 10)].status == "planned"
    # the rest is on
    assert [d for d, lesson in robo.items() if lesson.off] == [
        date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 10),
    ]
    # a closure's reason can be changed by importing it again
    path.write_bytes(closures_csv("03.11.2026;05.11.2026;Праздник;"))
    assert await import_file(settings, catalogue, path, "closures") == 0
    changed = await repos.lessons.get(robo[date(2026, 11, 3)].id)
    assert changed is not None and changed.reason == "Праздник"


async def test_the_count_is_of_the_lessons_these_closures_put_off(
    repos: Repos,
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    tt = repos.timetable
    whole = {"starts_on": date(2026, 11, 1), "ends_on": date(2026, 11, 7), "reason": "Ремонт",
             "quanta": []}
    assert await tt.lessons_inside(date(2026, 11, 1), date(2026, 11, 7), []) == 2
    assert await tt.add_closures([whole], by=None) == 2
    # the same again (a new reason): the same two
    assert await tt.lessons_inside(date(2026, 11, 1), date(2026, 11, 7), []) == 2
    assert await tt.add_closures([{**whole, "reason": "Ремонт зала"}], by=None) == 2
    # a closure over days another one already closed puts nothing more off
    assert await tt.lessons_inside(date(2026, 11, 3), date(2026, 11, 3), ["robo"]) == 0
    assert await tt.add_closures([{"starts_on": date(2026, 11, 3), "ends_on": date(2026, 11, 3),
                                   "reason": "Соревнования", "quanta": ["robo"]}], by=None) == 0
    # two closures far apart count their own lessons, not those in between
    assert await tt.add_closures([
        {"starts_on": date(2026, 10, 6), "ends_on": date(2026, 10, 6), "reason": "a",
         "quanta": []},
        {"starts_on": date(2026, 11, 26), "ends_on": date(2026, 11, 26), "reason": "b",
         "quanta": []},
    ], by=None) == 2
    assert await tt.add_closures([], by=None) == 0


async def test_a_lesson_restored_inside_a_closure_is_on(
    db: Database, repos: Repos, october: None
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    await repos.timetable.add_closures([{
        "starts_on": date(2026, 11, 2), "ends_on": date(2026, 11, 8),
        "reason": "Каникулы", "quanta": [],
    }], by=None)
    tuesday, thursday = [lesson for lesson in await lessons_of(repos)
                         if date(2026, 11, 2) <= lesson.day <= date(2026, 11, 8)]
    assert tuesday.off and thursday.off
    changed = await changes(repos).change(tuesday.id, tuesday.version, "restore", by=1)
    assert changed.lesson.status == "planned" and not changed.lesson.off
    assert changed.lesson.in_closure and not changed.lesson.closure
    # importing the groups or the closures again does not put it off again
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    await repos.timetable.add_closures([{
        "starts_on": date(2026, 11, 2), "ends_on": date(2026, 11, 8),
        "reason": "Каникулы", "quanta": [],
    }], by=None)
    again = await repos.lessons.get(tuesday.id)
    assert again is not None and again.status == "planned"
    other = await repos.lessons.get(thursday.id)
    assert other is not None and other.status == "cancelled"


async def test_a_lesson_cancelled_before_a_closure_and_restored_stays_on(
    repos: Repos, october: None
) -> None:
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    lesson = next(lesson for lesson in await lessons_of(repos)
                  if lesson.day == date(2026, 11, 3))
    cancelled = await changes(repos).change(lesson.id, lesson.version, "cancel", by=1,
                                           reason="Педагог заболел")
    await repos.timetable.add_closures([{
        "starts_on": date(2026, 11, 2), "ends_on": date(2026, 11, 8),
        "reason": "Каникулы", "quanta": [],
    }], by=None)
    still = await repos.lessons.get(lesson.id)
    # cancelled by hand, it keeps staff's reason, and knows its day is closed
    assert still is not None and still.reason == "Педагог заболел" and still.in_closure
    restored = await changes(repos).change(lesson.id, cancelled.lesson.version, "restore", by=1)
    assert restored.lesson.status == "planned"
    await load(repos, groups_csv(row()), date(2026, 10, 1))
    after = await repos.lessons.get(lesson.id)
    assert after is not None and after.status == "planned" and not after.off


def test_parse_closures_directly() -> None:
    closures, errors = parse_closures_csv(
        closures_csv("31.12.2026;08.01.2027;Новогодние каникулы;", "2027-03-22;2027-03-24;"
                     "Соревнования;aero, robo"), QUANTA,
    )
    assert errors == []
    assert closures == [
        {"starts_on": date(2026, 12, 31), "ends_on": date(2027, 1, 8),
         "reason": "Новогодние каникулы", "quanta": []},
        {"starts_on": date(2027, 3, 22), "ends_on": date(2027, 3, 24),
         "reason": "Соревнования", "quanta": ["aero", "robo"]},
    ]
    _, errors = parse_closures_csv(closures_csv("04.11.2026;04.11.2026;a;",
                                                "04.11.2026;04.11.2026;b;"), QUANTA)
    assert errors == ["line 3: the same closure is on line 2"]


async def test_times_are_utc_and_days_local_late_in_the_evening(
    db: Database, repos: Repos
) -> None:
    # 01:30 on a Wednesday in Moscow is Tuesday 22:30 UTC: the day is Moscow's
    await load(repos, groups_csv(row(schedule="ср 01:30-02:30")), date(2026, 9, 1))
    first = (await raw_lessons(db))[0]
    assert first["day"] == "2026-10-07"
    assert first["starts_at"] == "2026-10-06T22:30:00+00:00"
    assert datetime.fromisoformat(first["starts_at"]).astimezone(MOSCOW).date() == date(
        2026, 10, 7
    )
    assert timedelta(hours=1) == datetime.fromisoformat(first["ends_at"]) - datetime.fromisoformat(
        first["starts_at"]
    )


async def test_a_closures_lessons_are_found_by_index(db: Database) -> None:
    plan = " ".join(str(row[-1]) for row in await db.fetchall(
        "EXPLAIN QUERY PLAN SELECT id FROM lessons WHERE closure_id = ? AND manual = 0", (1,)))
    assert "lessons_closure" in plan
