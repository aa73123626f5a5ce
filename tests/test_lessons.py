"""Staff change one lesson — cancel, move, restore — and the families of the group hear of it
through the outbox, each once and in their own language; a change made meanwhile is shown,
never overwritten; the typed answers are checked one at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from bot.local.chat import LocalChat
from bot.services.telegram_text import Refused
from bot.services.validators import (
    parse_lesson_day,
    parse_lesson_time,
    parse_reason,
    parse_room,
)
from storage.clock import to_db
from tests.helpers import said_once, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.lessons import (
    NOW,
    STAFF_ID,
    family_of_three,
    lesson,
    load_timetable,
    next_lesson_id,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)

TODAY = date(2026, 10, 13)  # NOW's day in Moscow, a Tuesday


async def staff_chat(app: App, lang: str = "ru", user_id: int = ADMIN_ID) -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name="Педагог")
    await chat.send("/start")
    if user_id != ADMIN_ID:
        await chat.press(chat.labels()[1])  # a parent, say; then made staff
        await app.repos.users.set_staff_role(user_id, "staff")
    return chat


async def open_lesson(chat: LocalChat, app: App, group: str = "robo-l1", nth: int = 0) -> int:
    """/lessons → the group → its nth lesson; returns the lesson's id."""
    groups = {g.code: g for g in await app.repos.programmes.all_groups()}
    lesson_id = await next_lesson_id(app, groups[group].id, nth)
    await chat.send("/lessons")
    await chat.press(next(b for b in chat.labels() if b.startswith(group)))
    await chat.press(chat.labels()[5])  # «🗓 Занятия» on the group's screen
    await chat.press_data(f"lo:{lesson_id}")
    return lesson_id


def received(app: App, user_id: int, needle: str) -> list[str]:
    return [m.get("text") or "" for m in app.emulator.sent(user_id)
            if needle in (m.get("text") or "")]


# ---- who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["pupil", "parent"])
async def test_lessons_is_an_unknown_command_to_families(app: App, role: str) -> None:
    await load_timetable(app)
    chat = app.chat(user_id=3001)
    await start_as(chat, role)
    await chat.send("/lessons")
    assert chat.last_text().startswith("Такой команды я не знаю. Вот что есть:")


async def test_forged_lesson_buttons_from_a_pupil_change_nothing(app: App) -> None:
    groups = await load_timetable(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    before = await lesson(app, lesson_id)
    pupil = app.chat(user_id=3002)
    await start_as(pupil, "pupil")
    for data in (f"la:{lesson_id}:cancel:0", f"la:{lesson_id}:restore:0",
                 f"la:{lesson_id}:confirm:0", f"lo:{lesson_id}", f"ll:{groups['robo-l1']}:0",
                 "lg:0", "n:lessons", f"la:{lesson_id}:keep-room:0"):
        await pupil.press_data(data)
        assert said_once(pupil).startswith("Эта кнопка устарела — вот актуальное меню.")
        assert "Каб. 101" not in pupil.last_text()
    assert await lesson(app, lesson_id) == before
    assert await app.db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'lesson'") == 0


# ---- browsing ---------------------------------------------------------------------------


async def test_groups_running_first_then_lessons_then_the_card(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    admin = await staff_chat(app)
    await admin.send("/lessons")
    assert admin.last_text() == (
        "🗓 Занятия групп\nВыберите группу: сначала те, что идут сейчас.\n\n"
        "it-l1 — «Сб 11:00» · Программирование на Python\n"
        "robo-l1 — «Вт/Чт 15:00» · Робототехника: первые шаги\n"
        "aa-old — «Весна» · Робототехника: первые шаги (закончилась)"
    )
    assert admin.labels() == ["it-l1 · Сб 11:00", "robo-l1 · Вт/Чт 15:00", "aa-old · Весна",
                              "🏠 Меню"]
    await admin.press("robo-l1 · Вт/Чт 15:00")
    # the group's screen, and its lessons from there
    assert admin.last_text().startswith("🧑‍🏫 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00»")
    await admin.press("🗓 Занятия")
    text = admin.last_text()
    assert text.startswith("🗓 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)")
    # today's lesson is not over yet: it comes first; eight to a page
    assert "\nвт, 13 октября, 15:00–16:30, Каб. 101\nчт, 15 октября, 15:00–16:30, Каб. 101\n" in (
        text)
    assert admin.labels()[:2] == ["вт 13.10, 15:00", "чт 15.10, 15:00"]
    assert admin.labels()[8:] == ["Дальше ▶️", "👥 Состав группы", "⬅️ К группе", "🏠 Меню"]
    await admin.press("Дальше ▶️")
    assert admin.labels()[0] == "вт 10.11, 15:00"
    await admin.press("◀️ Назад")
    await admin.press("вт 13.10, 15:00")
    assert admin.last_text() == (
        "🗓 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)\n\n"
        "Когда: вт, 13 октября, 15:00–16:30\nГде: Каб. 101\nПедагог: Иванова Е. А.\n"
        "Статус: по расписанию\n\nОб изменении узнают 3 человека."
    )
    assert admin.labels() == ["❌ Отменить", "🔁 Перенести", "⬅️ Занятия группы", "🏠 Меню"]
    await admin.press("⬅️ Занятия группы")
    assert admin.labels()[0] == "вт 13.10, 15:00"
    await admin.press("⬅️ К группе")
    assert admin.last_text().startswith("🧑‍🏫 Робототехника: первые шаги")
    await admin.press("⬅️ Группы")
    assert admin.last_text().startswith("🗓 Занятия групп")
    assert groups["it-l1"]


async def test_the_staff_menu_button_opens_the_groups(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app, "en")
    await admin.press("🗓 Lessons")
    assert admin.last_text().startswith("🗓 Group lessons\nPick a group")
    await admin.press("it-l1 · Сб 11:00")
    await admin.press("🗓 Lessons")
    assert "Sat, 17 October, 11:00–12:30, Лаб. 3" in admin.last_text()
    await admin.press("Sat 17.10, 11:00")
    assert admin.last_text().endswith(
        "Status: as scheduled\n\nNobody to tell about a change: the group has no confirmed "
        "pupils."
    )


async def test_no_groups_yet(app: App) -> None:
    admin = await staff_chat(app)
    await admin.send("/lessons")
    assert "Групп пока нет" in admin.last_text()
    assert admin.labels() == ["🏠 Меню"]


# ---- cancel, restore: the families hear, once each, in their language ----------------------


async def cancel(admin: LocalChat, app: App, reason: str = "Педагог заболел") -> int:
    lesson_id = await open_lesson(admin, app)
    await admin.press("❌ Отменить")
    assert "Почему отменяем?" in admin.last_text()
    await admin.send(reason)
    assert "Станет: отменено" in admin.last_text()
    await admin.press("✅ Подтвердить")
    return lesson_id


async def test_a_cancelled_lesson_is_told_to_the_confirmed_family_only(app: App) -> None:
    await load_timetable(app)
    people = await family_of_three(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("❌ Отменить")
    assert admin.last_text() == (
        "❌ Отмена занятия\nРобототехника: первые шаги · группа «Вт/Чт 15:00»\n"
        "Сейчас: вт, 13 октября, 15:00–16:30, Каб. 101\n\n"
        "Почему отменяем? Причину увидят семьи, до 200 символов. Например: педагог заболел."
    )
    await admin.send("Педагог заболел")
    assert admin.last_text() == (
        "❌ Отмена занятия\nРобототехника: первые шаги · группа «Вт/Чт 15:00»\n\n"
        "Было: вт, 13 октября, 15:00–16:30, Каб. 101\nСтанет: отменено\n"
        "Причина: Педагог заболел\n\nУведомим 3 человек."
    )
    # the way out of a cancellation is not a second «Отмена»
    assert admin.labels() == ["✅ Подтвердить", "↩️ Не отменять"]
    await admin.press("✅ Подтвердить")
    assert admin.last_text() == (
        "✅ Готово: занятие отменено\n"
        "Робототехника: первые шаги · группа «Вт/Чт 15:00»\n"
        "вт, 13 октября, 15:00–16:30, Каб. 101\n\nУведомления получат 3 человека."
    )
    assert admin.labels() == ["📭 Кому не доставлено", "⬅️ Занятия группы", "🏠 Меню"]
    assert "text" not in admin.answers()[-1].params  # «✅ Готово» says it: no toast «Готово»
    assert (await lesson(app, lesson_id)).status == "cancelled"
    # a second tap on the preview's button writes nothing twice
    await admin.press_data(f"la:{lesson_id}:confirm:0")
    assert admin.last_text().startswith("⚠️ Занятие уже изменили: сейчас оно отменено.")
    assert (await lesson(app, lesson_id)).version == 1
    await app.deliver()
    for who in ("teen", "ru"):
        [notice] = received(app, people[who], "Занятие отменено")
        assert "вт, 13 октября, 15:00–16:30, Каб. 101" in notice
        assert "Причина: Педагог заболел" in notice
    [notice] = received(app, people["en"], "Lesson cancelled")
    assert "Tue, 13 October, 15:00–16:30, Каб. 101" in notice
    assert received(app, people["pending"], "Занятие") == []
    # the card now says so, and offers to restore it
    await admin.press("⬅️ Занятия группы")
    assert "вт, 13 октября, 15:00–16:30, Каб. 101 — отменено" in admin.last_text()
    assert admin.labels()[0] == "❌ вт 13.10, 15:00"
    await admin.press("❌ вт 13.10, 15:00")
    assert "Статус: отменено\nПричина: Педагог заболел" in admin.last_text()
    assert admin.labels()[:2] == ["🔁 Перенести", "↩️ Вернуть как было"]


async def test_cancel_then_restore_before_delivery_sends_nothing(app: App) -> None:
    await load_timetable(app)
    people = await family_of_three(app)
    admin = await staff_chat(app)
    await cancel(admin, app)
    await admin.press("⬅️ Занятия группы")
    await admin.press("❌ вт 13.10, 15:00")
    await admin.press("↩️ Вернуть как было")
    assert admin.last_text().startswith("↩️ Возврат к расписанию")
    assert "Было: вт, 13 октября, 15:00–16:30, Каб. 101 (отменено)\n" in admin.last_text()
    assert "Станет: вт, 13 октября, 15:00–16:30, Каб. 101" in admin.last_text()
    await admin.press("✅ Подтвердить")
    assert admin.last_text().startswith("✅ Готово: занятие снова по расписанию")
    assert admin.last_text().endswith("Уведомлять никого не понадобилось.")
    await app.deliver()
    for user_id in people.values():
        assert received(app, user_id, "Занятие") == []
        assert received(app, user_id, "Lesson") == []


async def test_cancel_deliver_then_restore_says_it_is_on(app: App) -> None:
    await load_timetable(app)
    people = await family_of_three(app)
    admin = await staff_chat(app)
    await cancel(admin, app)
    await app.deliver()
    await admin.press("⬅️ Занятия группы")
    await admin.press("❌ вт 13.10, 15:00")
    await admin.press("↩️ Вернуть как было")
    await admin.press("✅ Подтвердить")
    assert admin.last_text().endswith("Уведомления получат 3 человека.")
    await app.deliver()
    for who in ("teen", "ru"):
        assert len(received(app, people[who], "Занятие отменено")) == 1
        [notice] = received(app, people[who], "Занятие состоится")
        assert "вт, 13 октября, 15:00–16:30, Каб. 101" in notice
    assert len(received(app, people["en"], "The lesson is on after all")) == 1
    assert received(app, people["pending"], "Занятие") == []


# ---- move --------------------------------------------------------------------------------


async def test_a_move_in_english_shows_the_old_and_new_time(app: App) -> None:
    await load_timetable(app)
    people = await family_of_three(app)
    admin = await staff_chat(app, "en")
    await open_lesson(admin, app)
    await admin.press("🔁 Move it")
    assert "Which day does it move to? For example 15.10, 15.10.2026" in admin.last_text()
    assert admin.labels() == ["📅 Same day", "✖️ Cancel"]
    await admin.send("tomorrow")
    assert "What time?" in admin.last_text() and "(90 min)" in admin.last_text()
    await admin.send("17:00")
    assert "Which room?" in admin.last_text() and "(Каб. 101)" in admin.last_text()
    await admin.send("Лаб. 3")
    assert "Why is it moved?" in admin.last_text()
    await admin.send("The room is taken by an olympiad")
    assert admin.last_text() == (
        "🔁 Moving a lesson\nRobotics: first steps · group “Вт/Чт 15:00”\n\n"
        "Was: Tue, 13 October, 15:00–16:30, Каб. 101\n"
        "Will be: Wed, 14 October, 17:00–18:30, Лаб. 3\n"
        "Reason: The room is taken by an olympiad\n\nWe'll notify 3 people."
    )
    await admin.press("✅ Confirm")
    assert admin.last_text().startswith("✅ Done: the lesson is moved")
    moved = await lesson(app, await next_lesson_id(app, (await lesson(app, 1)).group_id))
    assert (moved.starts_at, moved.ends_at, moved.room, moved.day) == (
        datetime(2026, 10, 14, 14, 0, tzinfo=UTC), datetime(2026, 10, 14, 15, 30, tzinfo=UTC),
        "Лаб. 3", date(2026, 10, 14),
    )
    await app.deliver()
    [notice] = received(app, people["ru"], "Занятие перенесено")
    assert "Было: вт, 13 октября, 15:00–16:30, Каб. 101" in notice
    assert "Стало: ср, 14 октября, 17:00–18:30, Лаб. 3" in notice
    [notice] = received(app, people["en"], "Lesson moved")
    assert "Now: Wed, 14 October, 17:00–18:30, Лаб. 3" in notice


async def test_a_move_with_the_buttons_keeps_the_day_and_room(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("🔁 Перенести")
    await admin.press("📅 Тот же день")
    await admin.send("18:00-19:00")
    await admin.press("🚪 Тот же кабинет")
    await admin.send("Педагог задерживается")
    assert "Станет: вт, 13 октября, 18:00–19:00, Каб. 101" in admin.last_text()
    assert "Уведомлять некого" in admin.last_text()
    await admin.press("✅ Подтвердить")
    moved = await lesson(app, lesson_id)
    assert (moved.status, moved.starts_at, moved.room) == (
        "moved", datetime(2026, 10, 13, 15, 0, tzinfo=UTC), "Каб. 101")


async def test_the_same_time_and_room_is_not_a_move(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    await open_lesson(admin, app)
    await admin.press("🔁 Перенести")
    await admin.press("📅 Тот же день")
    await admin.press("🕒 То же время")
    await admin.send("-")
    assert admin.last_text().startswith("Время и кабинет те же, что сейчас, — переносить нечего.")
    assert "На какой день переносим?" in admin.last_text()


DAY, TIME, ROOM, REASON = "На какой день", "Во сколько?", "В каком кабинете?", "Почему"


@pytest.mark.parametrize(
    ("answers", "expected", "question"),
    [
        (["12.10"], "Этот день уже прошёл", DAY),
        (["01.10.2026"], "Этот день уже прошёл", DAY),
        (["31.02"], "Такого дня в календаре нет", DAY),
        (["15.10.2028"], "Это больше чем через год", DAY),
        (["в среду"], "Не понял дату", DAY),
        (["1" * 5000], "Не понял дату", DAY),
        (["завтра", "25:00"], "Такого времени нет", TIME),
        (["завтра", "17:00-16:00"], "Конец раньше начала", TIME),
        (["завтра", "17:00-17:05"], "Занятие длится от 15 минут до 8 часов", TIME),
        (["завтра", "23:00"], "закончится после полуночи", TIME),
        (["сегодня", "09:00"], "Это время уже прошло", TIME),
        (["завтра", "вечером"], "Не понял время", TIME),
        (["завтра", "17:00", "К" * 41], "до 40 символов", ROOM),
        (["завтра", "17:00", "🤖🚀"], "без эмодзи", ROOM),
        (["завтра", "17:00", "..."], "Напишите название кабинета", ROOM),
        (["завтра", "17:00", "-", "а" * 201], "причина — до 200 символов", REASON),
        (["завтра", "17:00", "-", "🤒🤒"], "Напишите причину словами", REASON),
    ],
)
async def test_a_wrong_answer_is_explained_and_asked_again(
    app: App, answers: list[str], expected: str, question: str
) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("🔁 Перенести")
    for answer in answers:
        await admin.send(answer)
    assert expected in admin.last_text().split("\n\n")[0]
    assert question in admin.last_text()
    assert "✖️ Отмена" in admin.labels()
    assert (await lesson(app, lesson_id)).version == 0


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 4])
async def test_cancel_command_leaves_at_any_step(app: App, steps: int) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("🔁 Перенести")
    for answer in ["завтра", "17:00", "-", "Педагог заболел"][:steps]:
        await admin.send(answer)
    await admin.send("/cancel")
    assert admin.last_text().startswith("Отменено, ничего не сохранено.")
    context = app.dp.fsm.get_context(app.bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert await context.get_state() is None
    assert (await lesson(app, lesson_id)).version == 0


async def test_the_cancel_button_changes_nothing(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("❌ Отменить")
    assert admin.labels() == ["↩️ Не отменять"]
    await admin.send("Педагог заболел")
    await admin.press("↩️ Не отменять")
    assert admin.last_text().startswith("Ничего не изменили.\n\n🗓 Робототехника")
    assert "text" not in admin.answers()[-1].params  # the card says it: no toast repeating it
    assert (await lesson(app, lesson_id)).version == 0
    # the preview's confirmation no longer counts
    await admin.press_data(f"la:{lesson_id}:confirm:0")
    assert admin.last_text().startswith("Эта кнопка от прежнего черновика")
    assert (await lesson(app, lesson_id)).version == 0


async def test_a_sticker_gets_the_same_question(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    await open_lesson(admin, app)
    await admin.press("🔁 Перенести")
    await admin.send_sticker()
    assert admin.last_text().startswith("Ответ нужен текстом.")
    assert "На какой день переносим?" in admin.last_text()


# ---- changed meanwhile, gone, over ---------------------------------------------------------


async def test_a_change_made_meanwhile_is_shown_not_overwritten(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    colleague = await staff_chat(app, user_id=STAFF_ID)
    lesson_id = await open_lesson(admin, app)
    card = admin.last()["message_id"]
    await admin.press("🔁 Перенести")
    await admin.send("завтра")
    # meanwhile a colleague cancels it
    await cancel(colleague, app, "Олимпиада")
    await admin.send("17:00")
    assert admin.last_text().startswith(
        "⚠️ Занятие уже изменили: сейчас оно отменено. Посмотрите и решите ещё раз.")
    assert "Причина: Олимпиада" in admin.last_text()
    # the old card's buttons say the same, and change nothing
    await admin.press("❌ Отменить", message_id=card)
    assert admin.last_text().startswith("⚠️ Занятие уже изменили")
    assert "text" not in admin.answers()[-1].params  # the card says it: no toast repeating it
    now = await lesson(app, lesson_id)
    assert (now.status, now.reason, now.version) == ("cancelled", "Олимпиада", 1)


async def test_a_stale_confirmation_writes_nothing(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("❌ Отменить")
    await admin.send("Педагог заболел")
    # someone else moves it while the preview waits
    current = await lesson(app, lesson_id)
    await app.services.lesson_changes.change(
        lesson_id, current.version, "move", by=STAFF_ID, reason="Кабинет занят",
        starts_at=current.starts_at + timedelta(hours=2),
        ends_at=current.ends_at + timedelta(hours=2), day=current.day, room=None,
    )
    await admin.press("✅ Подтвердить")
    assert admin.last_text().startswith("⚠️ Занятие уже изменили: сейчас оно перенесено.")
    now = await lesson(app, lesson_id)
    assert (now.status, now.reason) == ("moved", "Кабинет занят")


async def test_a_forged_lesson_id_gets_the_groups(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    for data in ("lo:99999", "la:99999:cancel:0", "la:99999:confirm:3", "ll:99999:0"):
        await admin.press_data(data)
        assert admin.answers()[-1].params["text"] == "Эта кнопка устарела — вот актуальное меню."
        assert admin.last_text().startswith("Тако")
        assert "🗓 Занятия групп" in admin.last_text()


async def test_a_lesson_that_is_over_cannot_be_changed(app: App) -> None:
    groups = await load_timetable(app)
    past = await app.repos.lessons.of_group(groups["robo-l1"], NOW - timedelta(days=7), 1)
    [over] = past
    assert over.ends_at < NOW
    admin = await staff_chat(app)
    await admin.press_data(f"lo:{over.id}")
    assert admin.last_text().endswith("Это занятие уже прошло — изменить его нельзя.")
    # its register can still be taken (within the week)
    assert admin.labels() == ["📋 Отметить", "⬅️ Занятия группы", "🏠 Меню"]
    await admin.press_data(f"la:{over.id}:cancel:0")
    assert admin.last_text().startswith("Это занятие уже прошло")
    assert (await lesson(app, over.id)).version == 0


async def test_a_lesson_moved_from_the_past_cannot_go_back_there(app: App) -> None:
    groups = await load_timetable(app)
    [past] = await app.repos.lessons.of_group(groups["robo-l1"], NOW - timedelta(days=7), 1)
    # moved by staff last week, before its own time had come
    async with app.db.transaction() as conn:
        await conn.execute(
            "UPDATE lessons SET status = 'moved', reason = 'Перенос', manual = 1,"
            " starts_at = ?, ends_at = ?, day = ?, version = 1 WHERE id = ?",
            (to_db(NOW + timedelta(days=1)), to_db(NOW + timedelta(days=1, hours=1)),
             (TODAY + timedelta(days=1)).isoformat(), past.id),
        )
    admin = await staff_chat(app)
    await admin.press_data(f"lo:{past.id}")
    assert "Статус: перенесено" in admin.last_text()
    assert admin.labels()[:2] == ["❌ Отменить", "🔁 Перенести"]
    assert "↩️ Вернуть как было" not in admin.labels()
    await admin.press_data(f"la:{past.id}:restore:1")
    assert admin.last_text().startswith("Его время по расписанию уже прошло")
    assert (await lesson(app, past.id)).version == 1


async def test_a_lesson_in_a_closure_can_be_held_after_all(app: App) -> None:
    groups = await load_timetable(app)
    await app.repos.timetable.add_closures(
        [{"starts_on": date(2026, 10, 15), "ends_on": date(2026, 10, 15),
          "reason": "День технопарка", "quanta": []}], by=ADMIN_ID,
    )
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app, nth=1)
    assert "Статус: не проводится, технопарк закрыт\nПричина: День технопарка" in (
        admin.last_text())
    assert admin.labels()[:2] == ["🔁 Перенести", "↩️ Вернуть как было"]
    await admin.press("↩️ Вернуть как было")
    await admin.press("✅ Подтвердить")
    held = await lesson(app, lesson_id)
    assert (held.status, held.off, held.in_closure) == ("planned", False, True)
    assert groups


# ---- a write that fails ----------------------------------------------------------------------


async def test_a_failed_write_keeps_the_form_and_a_retap_works(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    await admin.press("❌ Отменить")
    await admin.send("Педагог заболел")
    await app.db.writer.execute("PRAGMA query_only = 1")
    await admin.press("✅ Подтвердить")
    assert admin.last_text().startswith("⚠️ Не получилось сохранить")
    await app.db.writer.execute("PRAGMA query_only = 0")
    assert (await lesson(app, lesson_id)).version == 0
    await admin.press("🔁 Ещё раз")
    assert admin.last_text().startswith("✅ Готово: занятие отменено")
    assert (await lesson(app, lesson_id)).status == "cancelled"


# ---- the parsers ---------------------------------------------------------------------------

days_ahead = st.integers(min_value=0, max_value=180).map(lambda n: TODAY + timedelta(days=n))


@given(day=days_ahead)
def test_a_day_and_month_is_the_nearest_such_day_ahead(day: date) -> None:
    assert parse_lesson_day(f"{day:%d.%m}", TODAY) == day
    assert parse_lesson_day(f"{day.day}/{day.month}/{day.year}", TODAY) == day


@given(back=st.integers(min_value=1, max_value=180))
def test_a_day_of_the_last_months_is_past(back: int) -> None:
    day = TODAY - timedelta(days=back)
    for typed in (f"{day:%d.%m}", f"{day:%d.%m.%Y}"):
        with pytest.raises(Refused) as error:
            parse_lesson_day(typed, TODAY)
        assert error.value.key == "ls-day-past"


@given(start=st.times(), minutes=st.integers(min_value=15, max_value=480))
def test_a_typed_time_reads_back(start: time, minutes: int) -> None:
    start = start.replace(second=0, microsecond=0)
    end_at = datetime.combine(TODAY, start) + timedelta(minutes=minutes)
    assert parse_lesson_time(f"{start:%H:%M}") == (start, None)
    if end_at.date() == TODAY:
        assert parse_lesson_time(f"{start:%H:%M}–{end_at:%H.%M}") == (start, end_at.time())


@given(hours=st.integers(min_value=24, max_value=99), minutes=st.integers(0, 99))
def test_no_such_hour(hours: int, minutes: int) -> None:
    with pytest.raises(Refused) as error:
        parse_lesson_time(f"{hours}:{minutes:02d}")
    assert error.value.key == "ls-time-no-such"


@given(text=st.text(max_size=300))
def test_any_text_is_a_value_or_a_reason_to_fix(text: str) -> None:
    for parse in (parse_room, parse_reason, parse_lesson_time,
                  lambda value: parse_lesson_day(value, TODAY)):
        try:
            parse(text)
        except Refused as error:
            assert error.key.startswith("ls-")


@given(text=st.text(max_size=80))
def test_a_room_is_short_and_plain(text: str) -> None:
    try:
        room = parse_room(text)
    except Refused:
        return
    assert room is None or (0 < len(room) <= 40 and any(c.isalnum() for c in room))


@given(text=st.text(max_size=400))
def test_a_reason_is_short_and_says_something(text: str) -> None:
    try:
        reason = parse_reason(text)
    except Refused:
        return
    assert len(reason) <= 200 and any(c.isalnum() for c in reason)
    assert reason == reason.strip() and "\n" not in reason


# ---- reminders and absences on the card ---------------------------------------------------


async def test_the_card_counts_the_reminders_sent_and_names_who_will_not_come(
    app: App, frozen: time_machine.Traveller
) -> None:
    await load_timetable(app)
    people = await family_of_three(app)
    admin = await staff_chat(app)
    lesson_id = await open_lesson(admin, app)
    assert "🔔" not in admin.last_text()  # nothing sent, nobody said: nothing to show
    await app.services.planner.tick()
    frozen.move_to(datetime(2026, 10, 13, 10, 0, tzinfo=UTC))  # 13:00 in Moscow
    await app.services.planner.tick()
    await app.deliver()
    parent = app.chats[people["ru"]]
    await parent.press("🙅 Не придём")
    assert parent.answers()[-1].params["text"] == "✅ Записали"
    assert await open_lesson(admin, app) == lesson_id
    assert "\n🔔 Напоминаний отправлено: 3\n🙅 Не придёт: Петров Пётр\n" in admin.last_text()
    # in English, and with nobody absent
    en_admin = await staff_chat(app, "en", user_id=2002)
    await parent.press("↩️ Всё-таки придём")
    await open_lesson(en_admin, app)
    assert "\n🔔 Reminders sent: 3\n🙅 Nobody has said they can't come\n" in (
        en_admin.last_text())


async def test_ids_past_sqlites_integers_are_out_of_date_buttons(app: App) -> None:
    await load_timetable(app)
    admin = await staff_chat(app)
    for data in (f"lo:{10**30}", f"la:{10**30}:cancel:0", f"ll:{10**30}:0",
                 f"la:1:cancel:{-(10**30)}"):
        await admin.press_data(data)
        assert said_once(admin).startswith("Эта кнопка устарела — вот актуальное меню.")
        assert "🏠 Меню" in admin.last_text()
    assert not any(text.startswith("⚠️") for text in admin.texts())
