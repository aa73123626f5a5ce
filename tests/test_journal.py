"""The month's attendance journal: the workbook (a sheet per group, the marks, totals, the
hours rule, lessons held, «человеко-часы», «выбыл» after /forget), the CSV in long form, the
export command's errors, lessons a closure put off, and who downloaded what (/audit)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from bot.cli.exporting import export_attendance
from bot.services.journal_files import parse_month, sheet_titles
from storage.clock import from_db, to_db
from tests.helpers import start_as
from tests.helpers.attendance import held, mark
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable

NOVEMBER = date(2026, 11, 1)
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def read(data: bytes) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


async def a_group_marked(app: App) -> tuple[dict[str, int], list[int], list[int]]:
    """robo-a1 with three children marked at its November lessons (one cancelled, one of
    100 minutes, one of 135), it-a1 with one: the groups, robo-a1's lessons, the children."""
    groups = await load_timetable(app)
    children = []
    for user, name in ((4001, "Петров Пётр"), (4002, "=Сидорова Аня"), (4003, "Ким Лея")):
        await start_as(app.chat(user_id=user), "parent")
        await enrol(app, user, groups["robo-a1"], name)
        children.append(int(await app.db.fetchval(
            "SELECT id FROM children WHERE name = ?", (name,))))
    lessons = await held(app, groups["robo-a1"])
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE lessons SET status = 'cancelled' WHERE id = ?", (lessons[2],))
        for lesson, minutes in ((lessons[0], 100), (lessons[1], 135)):
            start = from_db(str(await app.db.fetchval(
                "SELECT starts_at FROM lessons WHERE id = ?", (lesson,))))
            await conn.execute("UPDATE lessons SET ends_at = ? WHERE id = ?",
                               (to_db(start + timedelta(minutes=minutes)), lesson))
    lessons = await held(app, groups["robo-a1"])
    petya, anya, leya = children
    for lesson in lessons:
        await mark(app, lesson, petya, "present")
    for lesson, value in zip(lessons, ("late", "absent", "excused", "present"), strict=False):
        await mark(app, lesson, anya, value)
    await mark(app, lessons[0], leya, "absent")
    it_lesson = (await held(app, groups["it-a1"]))[0]
    await start_as(app.chat(user_id=4004), "parent")
    await enrol(app, 4004, groups["it-a1"], "Ли Ян", 14)
    await mark(app, it_lesson, int(await app.db.fetchval(
        "SELECT id FROM children WHERE name = 'Ли Ян'")), "present")
    return groups, lessons, children


async def test_the_workbook_has_a_sheet_per_group_with_marks_totals_and_hours(app: App) -> None:
    _, lessons, _ = await a_group_marked(app)
    assert len(lessons) == 7  # 3, 5, (10 cancelled), 12, 17, 19, 24, 26 November
    found = await app.services.journal.journal(None, NOVEMBER, "xlsx", "ru")
    sheets = read(found.data)
    assert list(sheets) == ["Вт Чт 15 00", "Сб 11 00", "Ср Сб"]  # no «/» or «:» in a title
    robo = sheets["Вт Чт 15 00"]
    assert robo[0][:2] == ["Вт/Чт 15:00", "Журнал посещаемости за ноябрь 2026"]
    header = robo[1]
    assert header[0] == "Ребёнок" and header[-3:] == ["Посещено", "Пропущено", "Часы"]
    assert header[1:4] == ["03.11", "05.11", "12.11"] and "10.11" not in header
    by_name = {row[0]: row for row in robo[2:5]}
    assert list(by_name) == ["=Сидорова Аня", "Ким Лея", "Петров Пётр"]  # a name, no formula
    # hours: 100 minutes → 2, 135 → 3, the other lessons 90 → 2
    assert by_name["Петров Пётр"][1:-3] == ["+"] * 7
    assert by_name["Петров Пётр"][-3:] == [7, 0, 2 + 3 + 2 * 5]
    assert by_name["=Сидорова Аня"][1:5] == ["оп", "н", "ув", "+"]
    assert by_name["=Сидорова Аня"][-3:] == [2, 2, 2 + 2]
    assert by_name["Ким Лея"][-3:] == [0, 1, 0]
    footer = {row[0]: row[1] for row in robo[5:] if row and row[0]}
    assert footer["Проведено занятий"] == 7
    assert footer["Человеко-часы"] == 15 + 4
    assert found.lessons == 7 + 4 + 8 and found.groups == 3 and found.person_hours == 19 + 2
    # in English, a group with an English name is called by it
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 15:00' WHERE name = ?",
                           ("Вт/Чт 15:00",))
    en = read((await app.services.journal.journal(None, NOVEMBER, "xlsx", "en")).data)
    assert list(en) == ["Tue Thu 15 00", "Сб 11 00", "Ср Сб"]
    assert en["Tue Thu 15 00"][0][:2] == ["Tue/Thu 15:00", "Attendance register, November 2026"]
    assert en["Tue Thu 15 00"][1][-3:] == ["Present", "Missed", "Hours"]
    assert en["Tue Thu 15 00"][2][1:5] == ["l", "a", "e", "+"]


async def test_a_forgotten_child_stays_as_left_with_no_name(app: App) -> None:
    await a_group_marked(app)
    done = await app.services.privacy.forget(4001)
    assert done is not None
    assert int(await app.db.fetchval(
        "SELECT count(*) FROM attendance WHERE child_id IS NULL")) == 7
    robo = read((await app.services.journal.journal(None, NOVEMBER, "xlsx", "ru")).data)[
        "Вт Чт 15 00"]
    rows = [row for row in robo[2:] if row and row[0] in ("выбыл", "Ким Лея", "=Сидорова Аня")]
    assert [r[0] for r in rows] == ["=Сидорова Аня", "Ким Лея", "выбыл"]
    assert rows[-1][-3:] == [7, 0, 15]
    text = (await app.services.journal.journal(None, NOVEMBER, "csv", "ru")).data.decode(
        "utf-8-sig")
    assert "Петров" not in text and "выбыл 1;03.11.2026;present;2" in text


async def test_a_child_withdrawn_after_the_marks_keeps_a_named_row(app: App) -> None:
    await a_group_marked(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE enrolments SET status = 'withdrawn' WHERE child_id ="
                           " (SELECT id FROM children WHERE name = 'Петров Пётр')")
    robo = read((await app.services.journal.journal(None, NOVEMBER, "xlsx", "ru")).data)[
        "Вт Чт 15 00"]
    assert [row[0] for row in robo[2:5]] == ["=Сидорова Аня", "Ким Лея", "Петров Пётр"]
    assert robo[4][-3:] == [7, 0, 15]


async def test_the_csv_is_the_journal_in_long_form(app: App, tmp_path: Path) -> None:
    await a_group_marked(app)
    path = tmp_path / "journal.csv"
    assert await export_attendance(app.settings, path, "2026-11") == 0
    data = path.read_bytes()
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Группа", "Ребёнок", "Дата", "Отметка", "Часы"]
    assert ["Вт/Чт 15:00", "'=Сидорова Аня", "05.11.2026", "absent", "0"] in rows
    assert ["Вт/Чт 15:00", "Петров Пётр", "05.11.2026", "present", "3"] in rows
    assert ["Сб 11:00", "Ли Ян", "07.11.2026", "present", "2"] in rows
    assert len(rows) == 1 + 7 + 4 + 1 + 1
    assert await export_attendance(app.settings, tmp_path / "j.xlsx", "2026-11") == 0
    assert list(read((tmp_path / "j.xlsx").read_bytes())) == ["Вт Чт 15 00", "Сб 11 00", "Ср Сб"]
    assert await export_attendance(app.settings, tmp_path / "empty.xlsx", "2026-01") == 0
    assert read((tmp_path / "empty.xlsx").read_bytes()) == {
        "2026-01": [["За январь 2026 занятий не было."]]}


@pytest.mark.parametrize("month", ["2026-13", "ноябрь", "", "2026-1", "99999-01", "2026-00"])
async def test_a_wrong_month_is_refused(
    app: App, tmp_path: Path, month: str, capsys: pytest.CaptureFixture[str],
) -> None:
    assert await export_attendance(app.settings, tmp_path / "j.xlsx", month) == 2
    assert "is not a month: write it as YYYY-MM, e.g. 2026-11" in capsys.readouterr().err
    assert not (tmp_path / "j.xlsx").exists()


async def test_no_month_or_a_wrong_file_is_refused(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert await export_attendance(app.settings, tmp_path / "j.xlsx", None) == 2
    assert "give the month: --month YYYY-MM" in capsys.readouterr().err
    assert await export_attendance(app.settings, tmp_path / "j.pdf", "2026-11") == 2
    assert "must end in .xlsx" in capsys.readouterr().err


def test_months_and_sheet_titles() -> None:
    assert parse_month("2026-11") == NOVEMBER and parse_month(" 2027-01 ") == date(2027, 1, 1)
    long = "Очень длинное название группы робототехники"
    titles = sheet_titles([long, long, "a[b]:c*d?e/f\\g", "'", "Группа"], "Группа")
    assert titles[0] == long[:31] and titles[1].endswith(" (2)") and len(titles[1]) <= 31
    assert titles[2] == "a b  c d e f g" and titles[3:] == ["Группа", "Группа (2)"]


async def test_lessons_a_closure_put_off_are_not_held(app: App) -> None:
    """The roll call refuses to mark a lesson a closure put off; the journal does not count
    it either: no column, not in the lessons held, no hours."""
    _, lessons, _ = await a_group_marked(app)
    await app.services.timetable.add_many([{
        "starts_on": date(2026, 11, 16), "ends_on": date(2026, 11, 18), "reason": "Карантин",
        "quanta": []}])
    found = await app.services.journal.journal(None, NOVEMBER, "xlsx", "ru")
    robo = read(found.data)["Вт Чт 15 00"]
    assert robo[1][1:-3] == ["03.11", "05.11", "12.11", "19.11", "24.11", "26.11"]
    by_name = {row[0]: row for row in robo[2:5]}
    assert by_name["Петров Пётр"][-3:] == [6, 0, 2 + 3 + 2 * 4]
    assert by_name["=Сидорова Аня"][-3:] == [1, 2, 2]  # her ✅ was on the 17th
    footer = {row[0]: row[1] for row in robo[5:] if row and row[0]}
    assert footer["Проведено занятий"] == 6 and footer["Человеко-часы"] == 13 + 2
    text = (await app.services.journal.journal(None, NOVEMBER, "csv", "ru")).data.decode(
        "utf-8-sig")
    assert "17.11.2026" not in text and "19.11.2026" in text


async def test_the_command_line_export_is_not_a_look_by_staff(
    app: App, tmp_path: Path,
) -> None:
    await a_group_marked(app)
    assert await export_attendance(app.settings, tmp_path / "j.csv", "2026-11") == 0
    assert await app.db.fetchval("SELECT count(*) FROM staff_access") == 0
    found = await app.services.journal.journal(2001, NOVEMBER, "csv", "ru")
    assert found.children == 3 + 1 + 0
    rows = await app.db.fetchall("SELECT staff_id, kind, group_id, found FROM staff_access")
    assert [tuple(r) for r in rows] == [(2001, "journal", None, 4)]
