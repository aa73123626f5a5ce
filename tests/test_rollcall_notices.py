"""What follows a roll call: families told when a child did not arrive (at «Готово», or two
minutes after the last tap, never before the lesson starts), a correction, a reply to the
teacher, the notices turned off per child, the forgotten register reminded of once, and
«📋 Отметить» on a group's screen — on a travelling clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_rollcall import RollAsk
from storage.attendance import UNTOLD
from storage.clock import to_db
from storage.lesson_rows import LESSON_SELECT
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import local
from tests.helpers.rollcall import START, Class, a_class, open_roll, row_labels
from tests.helpers.signup import open_form

Clock = time_machine.Traveller
NOTICE = ("Отметка педагога: Мария — нет на занятии «Робототехника: первые шаги», 15:00,"
          " Каб. 101. Если это ошибка — ответьте педагогу.")
FIXED = ("Отметка педагога: Мария — отметка исправлена: на занятии «Робототехника: первые"
         " шаги», 15:00, Каб. 101.")


@pytest.fixture
def at_start() -> Iterator[Clock]:
    with time_machine.travel(START + timedelta(minutes=5), tick=False) as traveller:
        yield traveller


def told(app: App, user_id: int) -> list[str]:
    return [str(m.get("text")) for m in app.emulator.sent(user_id)
            if str(m.get("text", "")).startswith("Отметка педагога")
            or str(m.get("text", "")).startswith("Teacher's register")]


async def absent(app: App, lang: str = "ru") -> tuple[Class, LocalChat]:
    c = await a_class(app, ["Иванова Мария"], lang)
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")
    await c.teacher.press("✅ Иванова Мария")  # absent
    return c, c.parents[0]


async def test_told_at_done_with_a_reply_to_the_teacher(app: App, at_start: Clock) -> None:
    c, parent = await absent(app)
    await app.deliver()
    assert told(app, parent.user_id) == []  # not yet: the teacher may be still tapping
    await c.teacher.press("✔️ Готово")
    assert c.teacher.last_text().startswith(
        "✔️ Отметка сохранена. Семьям отсутствующих отправлено сообщений: 1.")
    await app.deliver()
    assert told(app, parent.user_id) == [NOTICE]
    assert parent.labels() == ["💬 Ответить педагогу"]
    assert await app.db.fetchval("SELECT told_at IS NOT NULL FROM attendance")
    # the reply reaches that teacher, not every member of staff
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await parent.press("💬 Ответить педагогу")
    assert parent.last_text().startswith("💬 Напишите педагогу одним сообщением.")
    await parent.send("Мария была, пришла к 15:10")
    await app.deliver()
    assert any("Мария была, пришла к 15:10" in str(m.get("text"))
               for m in app.emulator.sent(c.teacher.user_id))
    assert not any("Мария была" in str(m.get("text")) for m in app.emulator.sent(ADMIN_ID))


async def test_two_minutes_after_the_last_tap(app: App, at_start: Clock) -> None:
    c, parent = await absent(app)
    service = app.services.attendance
    assert await service.tick(START + timedelta(minutes=6)) == (0, 0)
    assert await service.tick(START + timedelta(minutes=7)) == (1, 0)
    await app.deliver()
    assert told(app, parent.user_id) == [NOTICE]
    assert await service.tick(START + timedelta(minutes=9)) == (0, 0)  # once
    # marked present within the hour: a correction
    await c.teacher.press("❌ Иванова Мария")  # late
    await app.deliver()
    assert told(app, parent.user_id) == [NOTICE, FIXED]


async def test_never_before_the_lesson_starts(app: App) -> None:
    with time_machine.travel(START - timedelta(minutes=10), tick=False):
        c, parent = await absent(app)
        await c.teacher.press("✔️ Готово")
        assert c.teacher.last_text().startswith(
            "✔️ Отметка сохранена. Семьям отсутствующих сообщим, когда занятие начнётся.")
        assert await app.services.attendance.tick(START - timedelta(minutes=5)) == (0, 0)
    assert await app.services.attendance.tick(START) == (1, 0)


async def test_not_when_the_family_said_so_or_turned_it_off(app: App, at_start: Clock
                                                             ) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    maria, misha = c.parents
    misha_id = int(await app.db.fetchval("SELECT id FROM children WHERE name = 'Петров Миша'"))
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_at)"
                           " VALUES (?, ?, '2026-11-30T10:00:00+00:00')", (c.lesson, misha_id))
    # Мария's parent turns the notices off in the reminder settings
    await maria.send("/menu")
    await maria.press("⚙️ Настройки")
    await maria.press("🔔 Напоминания")
    assert "🔔 Нет на занятии: вкл" in maria.labels()
    await maria.press("🔔 Нет на занятии: вкл")
    assert "🔕 Нет на занятии: выкл" in maria.labels()
    await open_roll(c.teacher, c.lesson)
    await c.teacher.press("▫️ Иванова Мария")
    await c.teacher.press("✅ Иванова Мария")
    await c.teacher.press("🙅 Петров Миша")
    await c.teacher.press("✅ Петров Миша")
    await c.teacher.press("✔️ Готово")
    assert c.teacher.last_text().startswith("✔️ Отметка сохранена.\n")
    await app.deliver()
    assert told(app, maria.user_id) == told(app, misha.user_id) == []


async def test_in_english(app: App, at_start: Clock) -> None:
    c, parent = await absent(app, "en")
    await c.teacher.press("✔️ Done")
    await app.deliver()
    assert told(app, parent.user_id) == [
        "Teacher's register: Мария — not at “Robotics: first steps”, 15:00, Каб. 101. If this"
        " is a mistake, reply to the teacher."]
    assert parent.labels() == ["💬 Reply to the teacher"]


async def test_a_forgotten_register_once(app: App) -> None:
    end = START + timedelta(minutes=90)
    with time_machine.travel(START, tick=False) as clock:
        c = await a_class(app, ["Иванова Мария"])
        service = app.services.attendance
        clock.move_to(end + timedelta(minutes=29))
        assert await service.tick() == (0, 0)
        clock.move_to(end + timedelta(minutes=30))
        assert await service.tick() == (0, 1)
        clock.move_to(end + timedelta(minutes=60))
        assert await service.tick() == (0, 0)
        await app.deliver()
        assert c.teacher.last_text() == (
            "📋 Занятие закончилось, а отметок нет\nРобототехника: первые шаги, группа"
            " «Вт/Чт 15:00»\nвт, 1 декабря, 15:00–16:30\nОтметьте, кто был, — это займёт"
            " несколько секунд.")
        await c.teacher.press("📋 Отметить")
        assert c.teacher.last_text().startswith("📋 Отметка: Робототехника")


async def test_no_teacher_the_admins_are_reminded(app: App) -> None:
    admin = app.chat(user_id=ADMIN_ID)
    end = START + timedelta(minutes=90)
    with time_machine.travel(START, tick=False) as clock:
        await admin.send("/start")
        c = await a_class(app, ["Иванова Мария"], teacher=False)
        clock.move_to(end + timedelta(minutes=30))
        assert await app.services.attendance.tick() == (0, 1)
        await app.deliver()
    assert admin.last_text().startswith("📋 Занятие закончилось, а отметок нет")
    assert not c.teacher.last_text().startswith("📋 Занятие закончилось")


async def test_the_group_screen_button(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария"])
    mark = GroupAct(action="mark", group=c.group).pack()
    await c.teacher.press_data(mark)
    assert c.teacher.last_text().startswith("📋 Отметка: Робототехника")
    await c.teacher.press("✅ Все пришли")
    # on Wednesday: Tuesday's is marked, the last unmarked is last Thursday's
    at_start.move_to(START + timedelta(days=1))
    await c.teacher.press_data(mark)
    assert "чт, 26 ноября, 15:00–16:30" in c.teacher.last_text()
    await c.teacher.press("✅ Все пришли")
    await c.teacher.press_data(mark)
    assert c.teacher.last_text() == (
        "Сейчас отмечать нечего: занятий сегодня нет, а прошедшие за неделю уже отмечены.\n"
        "Следующее занятие — чт, 3 декабря, 15:00–16:30.")
    assert row_labels(c.teacher) == [["↩️ К группе", "🏠 Меню"]]
    at_start.move_to(START + timedelta(days=3))  # Friday: Thursday's is not marked
    await c.teacher.press_data(mark)
    assert "чт, 3 декабря, 15:00–16:30" in c.teacher.last_text()
    # a parent pressing it is told no
    await c.parents[0].press_data(mark)
    assert c.parents[0].last_text().startswith("Отмечать посещаемость могут только")


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "Отметка педагога: Мария — нет на занятии «Робототехника: первые шаги», вт,"
           " 1 декабря, 15:00, Каб. 101. Если это ошибка — ответьте педагогу."),
    ("en", "Teacher's register: Мария — not at “Robotics: first steps”, Tue, 1 December,"
           " 15:00, Каб. 101. If this is a mistake, reply to the teacher."),
])
async def test_a_register_taken_days_later_names_the_day_and_waits_for_morning(
    app: App, lang: str, expected: str,
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        c = await a_class(app, ["Иванова Мария"], lang)
        clock.move_to(local(date(2026, 12, 6), 23))  # Sunday night, the register of Tuesday
        await open_roll(c.teacher, c.lesson)
        await c.teacher.press("▫️ Иванова Мария")
        await c.teacher.press("✅ Иванова Мария")  # absent
        await c.teacher.press("✔️ Готово" if lang == "ru" else "✔️ Done")
        await app.deliver()
        parent = c.parents[0]
        assert told(app, parent.user_id) == []  # not at 23:00: the quiet hours
        due = await app.db.fetchval("SELECT due_at FROM outbox WHERE kind = 'attendance'")
        assert due == to_db(local(date(2026, 12, 7), 8))
        clock.move_to(local(date(2026, 12, 7), 8))
        await app.deliver()
        assert told(app, parent.user_id) == [expected]


async def test_quiet_hours_turned_off_it_goes_at_once(app: App) -> None:
    with time_machine.travel(START, tick=False) as clock:
        c = await a_class(app, ["Иванова Мария"])
        await app.repos.reminders.set_quiet(c.parents[0].user_id, False)
        clock.move_to(local(date(2026, 12, 6), 23))
        await open_roll(c.teacher, c.lesson)
        await c.teacher.press("▫️ Иванова Мария")
        await c.teacher.press("✅ Иванова Мария")
        await c.teacher.press("✔️ Готово")
        await app.deliver()
        assert told(app, c.parents[0].user_id) == [NOTICE.replace("15:00", "вт, 1 декабря, 15:00")]


async def test_a_lesson_without_a_room_leaves_it_out(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария"])
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE lessons SET room = '' WHERE id = ?", (c.lesson,))
        await conn.execute("UPDATE groups SET room = '' WHERE id = ?", (c.group,))
    await open_roll(c.teacher, c.lesson)
    assert "Группа «Вт/Чт 15:00» · вт, 1 декабря, 15:00–16:30\n" in c.teacher.last_text()
    await c.teacher.press("▫️ Иванова Мария")
    await c.teacher.press("✅ Иванова Мария")
    await c.teacher.press("✔️ Готово")
    await app.deliver()
    assert told(app, c.parents[0].user_id) == [NOTICE.replace(", Каб. 101", "")]
    assert "15:00, —" not in told(app, c.parents[0].user_id)[0]


async def test_the_timer_reads_only_the_notices_still_to_decide(app: App, at_start: Clock
                                                                ) -> None:
    plan = " ".join(str(r[3]) for r in await app.db.fetchall(
        "EXPLAIN QUERY PLAN " + UNTOLD.format(index="INDEXED BY attendance_untold")
        + " AND a.marked_at <= :before AND l.starts_at <= :started ORDER BY a.marked_at",
        {"before": "x", "started": "x"}))
    assert "SEARCH a USING INDEX attendance_untold (marked_at<?)" in plan
    assert "SCAN a" not in plan
    plan = " ".join(str(r[3]) for r in await app.db.fetchall(
        "EXPLAIN QUERY PLAN " + LESSON_SELECT + " WHERE l.starts_at > :started"
        " AND l.starts_at <= :before AND l.ends_at <= :before AND l.ends_at > :after",
        {"before": "x", "after": "x", "started": "x"}))
    assert "SCAN l" not in plan


async def test_absences_nobody_will_hear_of_are_settled(app: App, at_start: Clock) -> None:
    c = await a_class(app, ["Иванова Мария", "Петров Миша"])
    misha = int(await app.db.fetchval("SELECT id FROM children WHERE name = 'Петров Миша'"))
    await open_roll(c.teacher, c.lesson)
    for name in ("Иванова Мария", "Петров Миша"):
        await c.teacher.press(f"▫️ {name}")
        await c.teacher.press(f"✅ {name}")  # absent
    async with app.db.transaction() as conn:  # then Миша's family says «Не придём»
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_at)"
                           " VALUES (?, ?, '2026-12-01T12:00:00+00:00')", (c.lesson, misha))
    assert await app.services.attendance.tick(START + timedelta(minutes=8)) == (1, 0)
    untold = "SELECT count(*) FROM attendance WHERE mark = 'absent' AND told_at IS NULL"
    assert await app.db.fetchval(untold) == 0  # out of the timer's index: read never again
    await app.deliver()
    assert told(app, c.parents[0].user_id) == [NOTICE]
    assert told(app, c.parents[1].user_id) == []


async def test_a_reply_from_someone_not_of_the_group_is_an_ordinary_question(
    app: App, at_start: Clock,
) -> None:
    c, parent = await absent(app)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    stranger = app.chat(user_id=1500)
    await start_as(stranger, "parent")
    await stranger.press_data(RollAsk(lesson=c.lesson).pack())  # forged, or an old button
    assert stranger.last_text().startswith("❓ Вопрос технопарку")
    await stranger.send("Когда будет следующее занятие?")
    await app.deliver()
    assert any("Когда будет следующее занятие?" in str(m.get("text"))
               for m in app.emulator.sent(ADMIN_ID))


async def test_a_reply_keeps_a_form_half_filled_unless_told(app: App, at_start: Clock) -> None:
    c, parent = await absent(app)
    await c.teacher.press("✔️ Готово")
    await app.deliver()
    notice = parent.messages()[-1]["message_id"]
    await open_form(parent)
    await parent.send("Иванова Ксения")  # a sign-up under way: the child's name typed
    await parent.press("💬 Ответить педагогу", message_id=notice)
    assert parent.last_text() == (
        "⚠️ Анкета заполнена не до конца. Если написать педагогу сейчас, введённые ответы"
        " пропадут.")
    assert parent.labels() == ["💬 Всё равно написать", "🏠 Меню"]
    assert await app.db.fetchval("SELECT count(*) FROM fsm_states WHERE data LIKE '%Ксения%'")
    await parent.press("💬 Всё равно написать")
    assert parent.last_text().startswith("💬 Напишите педагогу одним сообщением. Например:"
                                         " «Мария на занятии, опоздание на 10 минут».")


async def test_a_reply_when_asked_enough_says_so_first(
    app: App, at_start: Clock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    c, parent = await absent(app)
    await c.teacher.press("✔️ Готово")
    await app.deliver()

    async def limited(self: object, user_id: int) -> datetime:
        return START + timedelta(hours=1)

    monkeypatch.setattr(type(app.services.questions), "retry_at", limited)
    await parent.press("💬 Ответить педагогу")
    assert not parent.last_text().startswith("💬 Напишите педагогу")
    assert await app.db.fetchval("SELECT count(*) FROM fsm_states WHERE state LIKE 'Ask%'") == 0
