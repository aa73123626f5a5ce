"""Staff's lesson screens (every group, a group's screen, its lessons, a lesson's card) are kept
in memory, and drawn once, while what they show stands: whatever changes it — a lesson
cancelled, a reminder delivered, a family blocking the bot, a child reported absent, a teacher
no longer staff, a group renamed — shows the next time the screen is opened; a change made by
another process (an import) within the poll interval; a lesson that ends leaves the list as
soon as it is over, and its card offers the register once it opens."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.local.chat import LocalChat
from storage.clock import to_db
from storage.db import Database
from tests.helpers.groups import ROBO, TEACHER, olga, set_teacher
from tests.helpers.harness import App
from tests.helpers.lessons import (
    NOW,
    family_of_three,
    load_timetable,
    next_lesson_id,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)
from tests.helpers.staff import admin_chat

CARD_RU = (
    "🗓 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)\n\n"
    "Когда: вт, 13 октября, 15:00–16:30\nГде: Каб. 101\nПедагог: Иванова Е. А.\n"
    "Статус: по расписанию\n\n"
)


async def card(chat: LocalChat, lesson_id: int) -> str:
    """The lesson's card, opened by its button."""
    await chat.press_data(f"lo:{lesson_id}")
    return chat.last_text()


async def add_outbox(app: App, lesson_id: int, chat_id: int, kind: str, key: str) -> int:
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, created_at,"
            " lesson_id) VALUES (?, ?, '{}', ?, ?, ?, ?)",
            (kind, chat_id, key, to_db(NOW), to_db(NOW), lesson_id))
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def test_the_card_shows_a_cancellation_made_meanwhile(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    assert await card(admin, lesson_id) == CARD_RU + "Об изменении узнают 3 человека."
    await admin.press("⬅️ Занятия группы")
    assert admin.labels()[0] == "вт 13.10, 15:00"
    # another member of staff cancels it
    await app.services.lesson_changes.change(lesson_id, 0, "cancel", by=9001,
                                             reason="Педагог заболел")
    text = await card(admin, lesson_id)
    assert "Статус: отменено\nПричина: Педагог заболел" in text
    assert "❌ Отменить" not in admin.labels()
    await admin.press("⬅️ Занятия группы")
    assert admin.labels()[0] == "❌ вт 13.10, 15:00"


async def test_the_card_counts_a_reminder_once_it_is_delivered(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    row = await add_outbox(app, lesson_id, 1102, "reminder", f"remind:{lesson_id}:1102:60")
    assert "Напоминаний отправлено" not in await card(admin, lesson_id)
    async with app.db.transaction() as conn:  # as the sender marks it
        await conn.execute("UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ?",
                           (to_db(NOW), row))
    assert "🔔 Напоминаний отправлено: 1" in await card(admin, lesson_id)


async def test_the_card_leaves_out_who_blocked_the_bot(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    assert (await card(admin, lesson_id)).endswith("Об изменении узнают 3 человека.")
    await app.repos.users.set_blocked(1103, True)
    assert (await card(admin, lesson_id)).endswith("Об изменении узнают 2 человека.")


async def test_the_card_names_a_child_reported_absent(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    assert "Не придёт" not in await card(admin, lesson_id)
    child = await app.db.fetchval("SELECT id FROM children WHERE name = 'Петров Пётр'")
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
                           " VALUES (?, ?, 1102, ?)", (lesson_id, child, to_db(NOW)))
    assert "🙅 Не придёт: Петров Пётр" in await card(admin, lesson_id)


async def test_the_card_offers_the_undelivered_report_once_a_notice_is_queued(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    await card(admin, lesson_id)
    assert "📭 Кому не доставлено" not in admin.labels()
    await add_outbox(app, lesson_id, 1102, "lesson", f"lesson:{lesson_id}:1102:1")
    await card(admin, lesson_id)
    assert "📭 Кому не доставлено" in admin.labels()


async def test_the_group_screen_drops_a_teacher_no_longer_staff(app: App) -> None:
    groups = await load_timetable(app)
    await olga(app)
    await set_teacher(app, groups["robo-l1"], TEACHER)
    admin = await admin_chat(app)
    await admin.send("/lessons")
    await admin.press(ROBO)
    assert "в боте: Ольга (@olga_teacher)" in admin.last_text()
    await app.repos.users.set_staff_role(TEACHER, None)
    await admin.send("/lessons")
    await admin.press(ROBO)
    assert "Педагог: не назначен (в расписании — Иванова Е. А.)" in admin.last_text()


async def test_the_group_screen_counts_a_child_confirmed_meanwhile(app: App) -> None:
    await load_timetable(app)
    await family_of_three(app)
    admin = await admin_chat(app)
    await admin.send("/lessons")
    await admin.press(ROBO)
    assert "Дети: 1 из 12 мест" in admin.last_text()
    applied = int(await app.db.fetchval(
        "SELECT id FROM enrolments WHERE status = 'applied'"))
    assert await app.repos.enrolment.decide(applied, "confirmed") is not None
    await admin.press("⬅️ Группы")
    await admin.press(ROBO)
    assert "Дети: 2 из 12 мест" in admin.last_text()


async def test_a_group_renamed_by_another_process_shows_after_the_poll(app: App) -> None:
    await load_timetable(app)
    admin = await admin_chat(app)
    await admin.send("/lessons")
    assert "robo-l1 — «Вт/Чт 15:00»" in admin.last_text()
    views = app.services.lesson_changes.screens
    views.poll = 3600
    other = await Database.open(app.db.path)  # as `python -m bot import groups` does
    try:
        async with other.transaction() as conn:
            await conn.execute("UPDATE groups SET name = 'Вт/Чт 16:00' WHERE code = 'robo-l1'")
    finally:
        await other.close()
    # within the poll interval this process has not looked again
    await admin.send("/lessons")
    assert "robo-l1 — «Вт/Чт 15:00»" in admin.last_text()
    views.poll = 0
    await admin.send("/lessons")
    assert "robo-l1 — «Вт/Чт 16:00»" in admin.last_text()
    assert admin.labels()[1] == "robo-l1 · Вт/Чт 16:00"


async def test_a_lesson_leaves_the_list_once_it_is_over(
    app: App, frozen: time_machine.Traveller,
) -> None:
    groups = await load_timetable(app)
    admin = await admin_chat(app)
    first = await next_lesson_id(app, groups["robo-l1"])
    await admin.press_data(f"ll:{groups['robo-l1']}:0")
    assert admin.labels()[0] == "вт 13.10, 15:00"
    assert (await card(admin, first)).endswith("Сообщать об изменении некому: в группе нет"
                                               " подтверждённых учеников.")
    frozen.move_to(NOW + timedelta(hours=6, minutes=31))  # 16:31 in Moscow: it is over
    await admin.press_data(f"ll:{groups['robo-l1']}:0")
    assert admin.labels()[0] == "чт 15.10, 15:00"
    assert (await card(admin, first)).endswith("Это занятие уже прошло — изменить его нельзя.")
    assert "❌ Отменить" not in admin.labels()


async def test_the_card_offers_the_register_once_it_opens(
    app: App, frozen: time_machine.Traveller,
) -> None:
    """The same card, drawn again when the moment changes what it offers."""
    groups = await load_timetable(app)
    admin = await admin_chat(app)
    first = await next_lesson_id(app, groups["robo-l1"])
    await card(admin, first)
    assert admin.labels() == ["❌ Отменить", "🔁 Перенести", "⬅️ Занятия группы", "🏠 Меню"]
    frozen.move_to(NOW + timedelta(hours=4, minutes=50))  # 14:50 in Moscow: 10 minutes before
    await card(admin, first)
    assert admin.labels() == ["❌ Отменить", "🔁 Перенести", "📋 Отметить",
                              "⬅️ Занятия группы", "🏠 Меню"]
