"""The roll call: a lesson's register marked by a tap per child, «Все пришли» and «Готово»;
who may mark and when; corrections kept (with who had marked before); two staff at once,
both screens redrawn; a failed write saved again, every tap of it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from bot.services.attendance import Attendance
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_rollcall import RollAll, RollTap, tap_data
from storage.clock import to_db
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.rollcall import START, a_class, open_roll, row_labels, staff
from tests.helpers.schedule import enrol

Clock = time_machine.Traveller
HEAD = ("📋 Отметка: Робототехника: первые шаги\n"
        "Группа «Вт/Чт 15:00» · вт, 1 декабря, 15:00–16:30 · Каб. 101\n")
HINT = "\n\nНажимайте на имя: ✅ был → ❌ не был → ⏰ опоздал. Каждое нажатие сохраняется сразу."
WAYS = [["✅ Все пришли", "✔️ Готово"], ["🗓 Занятие", "🏠 Меню"]]


@pytest.fixture
def at_start() -> Iterator[Clock]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


async def marks(app: App, lesson: int) -> dict[str, str]:
    rows = await app.db.fetchall(
        "SELECT c.name, a.mark FROM attendance a JOIN children c ON c.id = a.child_id"
        " WHERE a.lesson_id = ?", (lesson,))
    return {r[0]: r[1] for r in rows}


async def count(app: App, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(await app.db.fetchval(sql, params))


async def test_a_tap_cycles_and_is_saved_at_once(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    teacher = c.teacher
    await open_roll(teacher, c.lesson)
    assert teacher.last_text() == (
        HEAD + "✅ 0 · ❌ 0 · ⏰ 0 · 🙅 0 · не отмечено 2" + HINT)
    assert row_labels(teacher) == [["▫️ Иванова Мария", "▫️ Петров Миша"], *WAYS]
    for symbol, mark in (("✅", "present"), ("❌", "absent"), ("⏰", "late"), ("✅", "present")):
        await teacher.press(row_labels(teacher)[0][0])
        assert row_labels(teacher)[0][0] == f"{symbol} Иванова Мария"
        assert await marks(app, c.lesson) == {"Иванова Мария": mark}
    assert teacher.last_text() == HEAD + "✅ 1 · ❌ 0 · ⏰ 0 · 🙅 0 · не отмечено 1" + HINT
    # each change after the first is kept, with who and when
    changes = await app.db.fetchall(
        "SELECT mark_was, mark, changed_by FROM attendance_changes ORDER BY id")
    assert [tuple(r) for r in changes] == [
        ("present", "absent", 2001), ("absent", "late", 2001), ("late", "present", 2001)]


async def test_fifteen_children_in_two_taps(app: App, at_start: Clock) -> None:
    names = [f"Ребёнок{n:02d} Имя" for n in range(15)]
    c = await a_class(app, names, per_parent=False)
    await open_roll(c.teacher, c.lesson)  # tap one
    await c.teacher.press("✅ Все пришли")  # tap two
    assert set((await marks(app, c.lesson)).values()) == {"present"}
    assert len(await marks(app, c.lesson)) == 15
    assert "✅ 15 · ❌ 0 · ⏰ 0 · 🙅 0 · не отмечено 0" in c.teacher.last_text()
    rows = row_labels(c.teacher)
    assert rows[0] == ["✅ Ребёнок00 Имя", "✅ Ребёнок01 Имя"]  # two to a row
    assert len(rows) == 8 + 2
    assert await count(app, "SELECT count(*) FROM attendance_changes") == 0


async def test_warned_children_start_excused(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    child = await count(app, "SELECT id FROM children WHERE name = 'Петров Миша'")
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_at)"
                           " VALUES (?, ?, '2026-11-30T10:00:00+00:00')", (c.lesson, child))
    await open_roll(c.teacher, c.lesson)
    assert row_labels(c.teacher)[0] == ["▫️ Иванова Мария", "🙅 Петров Миша"]
    await c.teacher.press("✅ Все пришли")
    assert await marks(app, c.lesson) == {"Иванова Мария": "present", "Петров Миша": "excused"}
    assert "✅ 1 · ❌ 0 · ⏰ 0 · 🙅 1 · не отмечено 0" in c.teacher.last_text()


async def test_in_english(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария"], "en")
    await open_roll(c.teacher, c.lesson)
    assert c.teacher.last_text().startswith(
        "📋 Register: Robotics: first steps\nGroup “Вт/Чт 15:00” · Tue, 1 December, 15:00–16:30")
    assert row_labels(c.teacher) == [["▫️ Иванова Мария"], ["✅ All here", "✔️ Done"],
                                     ["🗓 Lesson", "🏠 Menu"]]
    await c.teacher.press("✔️ Done")
    assert c.teacher.last_text().startswith("✔️ Register saved.")


async def test_the_window_edges(app: App) -> None:
    with time_machine.travel(START - timedelta(minutes=16), tick=False) as clock:
        c = await a_class(app, ["Иванова Мария"])
        await open_roll(c.teacher, c.lesson)
        assert c.teacher.last_text().startswith(
            "Отмечать можно с 1 декабря, 14:45 — за 15 минут до начала занятия.")
        assert c.teacher.labels() == ["🗓 Занятие", "🏠 Меню"]
        clock.move_to(START - timedelta(minutes=15))
        await open_roll(c.teacher, c.lesson)
        assert c.teacher.last_text().startswith("📋 Отметка")
        end = START + timedelta(minutes=90)
        clock.move_to(end + timedelta(days=7))
        await c.teacher.press("▫️ Иванова Мария")
        assert await marks(app, c.lesson) == {"Иванова Мария": "present"}
        clock.move_to(end + timedelta(days=7, seconds=1))
        await c.teacher.press("✅ Иванова Мария")
        assert c.teacher.last_text().startswith(
            "Отметку можно ставить и исправлять в течение 7 дней после занятия")
        assert await marks(app, c.lesson) == {"Иванова Мария": "present"}


async def test_forged_presses_change_nothing(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария"])
    child = await count(app, "SELECT id FROM children")
    parent = c.parents[0]
    tap = RollTap(lesson=c.lesson, child=child, to="a").pack()
    # a parent (and a pupil) pressing staff buttons
    for data in (tap, RollAll(lesson=c.lesson).pack(), GroupAct(action="mark",
                                                               group=c.group).pack()):
        await parent.press_data(data)
        assert parent.last_text() == (
            "Отмечать посещаемость могут только сотрудники технопарка — ничего не изменилось.")
        assert parent.labels() == ["🏠 Меню"]
    assert await count(app, "SELECT count(*) FROM attendance") == 0
    # a child of another group
    other = app.chat(user_id=1500)
    from tests.helpers import start_as
    from tests.helpers.schedule import enrol
    await start_as(other, "parent")
    await enrol(app, 1500, c.ids["robo-a2"], "Сидоров Гоша")
    stranger = await count(app, "SELECT id FROM children WHERE name = 'Сидоров Гоша'")
    await c.teacher.press_data(RollTap(lesson=c.lesson, child=stranger, to="a").pack())
    assert c.teacher.last_text().startswith(
        "Этого ребёнка нет в составе группы — отметка не изменилась.")
    # no such lesson
    await c.teacher.press_data(RollTap(lesson=10**9, child=child, to="a").pack())
    assert c.teacher.last_text().startswith("Такого занятия нет — ничего не изменилось.")
    # a cancelled lesson
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE lessons SET status = 'cancelled' WHERE id = ?", (c.lesson,))
    await c.teacher.press_data(tap)
    assert c.teacher.last_text().startswith("Это занятие отменено — отмечать на нём нечего.")
    assert await count(app, "SELECT count(*) FROM attendance") == 0


async def test_two_staff_both_screens_show_the_result(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    other = await staff(app, 2002, "en", name="Olga")
    await open_roll(c.teacher, c.lesson)
    await open_roll(other, c.lesson)
    sent = len(other.messages())
    await c.teacher.press("▫️ Иванова Мария")  # present
    # her register (in her language) shows it, redrawn in place: no new message
    assert row_labels(other)[0] == ["✅ Иванова Мария", "▫️ Петров Миша"]
    assert "✅ 1 · ❌ 0 · ⏰ 0 · 🙅 0 · not marked 1" in other.last_text()
    assert len(other.messages()) == sent
    await other.press("✅ Иванова Мария")  # absent, as her screen now means
    assert row_labels(c.teacher)[0] == ["❌ Иванова Мария", "▫️ Петров Миша"]
    assert "✅ 0 · ❌ 1 · ⏰ 0 · 🙅 0 · не отмечено 1" in c.teacher.last_text()
    await c.teacher.press("✅ Все пришли")
    assert row_labels(other)[0] == ["❌ Иванова Мария", "✅ Петров Миша"]
    assert await marks(app, c.lesson) == {"Иванова Мария": "absent", "Петров Миша": "present"}
    changes = await app.db.fetchall(
        "SELECT mark_was, mark, changed_by, by_was FROM attendance_changes ORDER BY id")
    assert [tuple(r) for r in changes] == [("present", "absent", 2002, 2001)]
    # once she leaves the register for the lesson's card, her message is let be
    await other.press("🗓 Lesson")
    card = other.last_text()
    assert not card.startswith("📋 Register")
    await c.teacher.press("❌ Иванова Мария")
    assert other.last_text() == card
    assert await marks(app, c.lesson) == {"Иванова Мария": "late", "Петров Миша": "present"}


async def test_a_correction_keeps_who_marked_first_and_when(app: App, at_start: Clock
                                                            ) -> None:
    c = await a_class(app, ["Иванова Мария"])
    other = await staff(app, 2002, name="Ольга")
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")  # present, by the teacher at the start
    at_start.shift(timedelta(minutes=20))
    await open_roll(other, c.lesson)
    await other.press("✅ Иванова Мария")  # absent, by another, 20 minutes on
    row = await app.db.fetchone(
        "SELECT mark_was, mark, changed_by, changed_at, by_was, at_was FROM attendance_changes")
    assert row is not None
    assert tuple(row) == ("present", "absent", 2002, to_db(START + timedelta(minutes=20)),
                          2001, to_db(START))


async def test_a_full_disk_keeps_every_tap_to_save_again(
    app: App, at_start: Clock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = [f"Ребёнок{n:02d} Имя" for n in range(15)]
    c = await a_class(app, names, per_parent=False)
    await open_roll(c.teacher, c.lesson)
    original = Attendance.save

    async def full(self: Attendance, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Attendance, "save", full)
    for name in names:  # all fifteen while the disk is full
        await c.teacher.press(f"▫️ {name}")
    await c.teacher.press("✅ Ребёнок00 Имя")  # and one changed again: absent
    assert c.teacher.last_text().startswith(
        "⚠️ Не получилось сохранить — попробуйте ещё раз.")
    rows = row_labels(c.teacher)
    assert rows[0] == ["❌ Ребёнок00 Имя", "✅ Ребёнок01 Имя"]
    assert sum(label.startswith("✅ Ребёнок") for row in rows for label in row) == 14
    assert rows[8] == ["💾 Сохранить ещё раз"]
    assert await count(app, "SELECT count(*) FROM attendance") == 0
    monkeypatch.setattr(Attendance, "save", original)
    await c.teacher.press("💾 Сохранить ещё раз")
    saved = await marks(app, c.lesson)
    assert saved == {name: "absent" if name == names[0] else "present" for name in names}
    assert "Не получилось" not in c.teacher.last_text()
    assert "💾 Сохранить ещё раз" not in c.teacher.labels()


async def test_a_tap_saved_after_a_failure_keeps_the_others_to_save(
    app: App, at_start: Clock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"], "en")
    await open_roll(c.teacher, c.lesson)
    original = Attendance.save

    async def full(self: Attendance, *args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Attendance, "save", full)
    await c.teacher.press("✅ All here")
    assert c.teacher.last_text().startswith("⚠️ Couldn't save — please try again.")
    assert row_labels(c.teacher)[:2] == [["✅ Иванова Мария", "✅ Петров Миша"],
                                         ["💾 Save again"]]
    monkeypatch.setattr(Attendance, "save", original)
    await c.teacher.press("✅ Иванова Мария")  # this one saved: absent; «All here» still not
    assert await marks(app, c.lesson) == {"Иванова Мария": "absent"}
    assert row_labels(c.teacher)[:2] == [["❌ Иванова Мария", "✅ Петров Миша"],
                                         ["💾 Save again"]]
    await c.teacher.press("💾 Save again")
    assert await marks(app, c.lesson) == {"Иванова Мария": "absent", "Петров Миша": "present"}
    assert row_labels(c.teacher) == [["❌ Иванова Мария", "✅ Петров Миша"],
                                     ["✅ All here", "✔️ Done"], ["🗓 Lesson", "🏠 Menu"]]


@given(st.integers(-(2**63), 2**63 - 1), st.integers(-(2**63), 2**63 - 1),
       st.sampled_from(["p", "a", "l"]))
def test_a_tap_button_carries_what_rolltap_packs(lesson: int, child: int, to: str) -> None:
    packed = tap_data(lesson, child, to)
    assert packed == RollTap(lesson=lesson, child=child, to=to).pack()
    assert RollTap.unpack(packed) == RollTap(lesson=lesson, child=child, to=to)


async def test_a_tap_shows_the_lesson_as_it_stands_now(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE lessons SET room = 'Каб. 205' WHERE id = ?", (c.lesson,))
        await conn.execute("UPDATE children SET name = 'Петров Михаил'"
                           " WHERE name = 'Петров Миша'")
    await c.teacher.press("▫️ Петров Миша")  # the old label: the same child's button
    assert "· Каб. 205\n" in c.teacher.last_text()
    assert row_labels(c.teacher)[0] == ["✅ Иванова Мария", "✅ Петров Михаил"]


async def test_a_warned_childs_tap_comes_back_to_excused(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Петров Миша"], "en")
    child = await count(app, "SELECT id FROM children")
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_at)"
                           " VALUES (?, ?, '2026-11-30T10:00:00+00:00')", (c.lesson, child))
    await open_roll(c.teacher, c.lesson)
    for shown, mark in (("🙅", "present"), ("✅", "absent"), ("❌", "late"), ("⏰", "excused")):
        await c.teacher.press(f"{shown} Петров Миша")  # a mistaken tap can be undone
        assert await marks(app, c.lesson) == {"Петров Миша": mark}
    assert row_labels(c.teacher)[0] == ["🙅 Петров Миша"]


async def test_done_says_how_many_are_not_marked(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")
    await c.teacher.press("✔️ Готово")
    assert c.teacher.last_text().startswith(
        "✔️ Отметка сохранена.\nБез отметки: 1. Отметить можно в течение 7 дней после занятия."
        "\n\n📋 Отметка")


async def test_before_todays_lesson_opens_it_says_when(app: App) -> None:
    with time_machine.travel(START - timedelta(minutes=40), tick=False):
        c = await a_class(app, ["Иванова Мария"])
        mark = GroupAct(action="mark", group=c.group).pack()
        await c.teacher.press_data(mark)  # last Thursday's, not marked yet
        assert "чт, 26 ноября" in c.teacher.last_text()
        await c.teacher.press("✅ Все пришли")
        await c.teacher.press_data(mark)  # and last Tuesday's, still in its 7 days
        assert "вт, 24 ноября" in c.teacher.last_text()
        await c.teacher.press("✅ Все пришли")
        await c.teacher.press_data(mark)
        assert c.teacher.last_text() == (
            "Сегодняшнее занятие начинается в 15:00 — отмечать можно с 14:45, за 15 минут до"
            " начала.")
        assert row_labels(c.teacher) == [["↩️ К группе", "🏠 Меню"]]


async def test_a_child_who_joined_after_a_lesson_is_not_on_its_register(app: App) -> None:
    with time_machine.travel(START + timedelta(days=1), tick=False):  # Wednesday
        c = await a_class(app, ["Иванова Мария"])
        newcomer = app.chat(user_id=1501)
        await start_as(newcomer, "parent")
        await enrol(app, newcomer.user_id, c.group, "Петров Пётр")  # applied today
        await open_roll(c.teacher, c.lesson)  # yesterday's lesson
        labels = [label for row in row_labels(c.teacher) for label in row]
        assert "▫️ Иванова Мария" in labels
        assert not any("Петров" in label for label in labels)
        assert "не отмечено 1" in c.teacher.last_text()
        await c.teacher.press("✅ Все пришли")
        assert await app.db.fetchval("SELECT count(*) FROM attendance") == 1
