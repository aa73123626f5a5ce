"""«📣 Написать группе»: the group's teacher (or an admin) writes to the families of its
confirmed children and the children's own accounts, through the broadcast's preview and
confirmation; and the attendance marks a family and a pupil see in «Моё расписание»."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine

from storage.audience import Audience
from storage.lesson_rows import ChildLesson
from tests.helpers import start_as, toast
from tests.helpers.groups import OTHER, TEACHER, admin_chat, olga, own_group, set_teacher
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.lessons import (
    NOW,
    family_of_three,
    load_timetable,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)
from tests.helpers.signup import sign_up
from tests.helpers.staff import staff_chat


async def other_families(app: App, groups: dict[str, int]) -> None:
    """A confirmed child of another group, and one waiting for a seat in robo-l1."""
    await sign_up(app.chat(user_id=1301), name="Иванов Иван", age=10)
    await sign_up(app.chat(user_id=1401), name="Смирнова Ольга", age=11)
    async with app.db.transaction() as conn:
        await conn.execute(
            "UPDATE enrolments SET status = 'confirmed', group_id = ? WHERE child_id ="
            " (SELECT id FROM children WHERE name = 'Иванов Иван')", (groups["it-l1"],))
        await conn.execute(
            "UPDATE enrolments SET status = 'waitlisted', group_id = ? WHERE child_id ="
            " (SELECT id FROM children WHERE name = 'Смирнова Ольга')", (groups["robo-l1"],))


async def test_the_teacher_writes_to_the_group(app: App) -> None:
    groups = await load_timetable(app)
    family = await family_of_three(app)
    await other_families(app, groups)
    teacher = await own_group(app, groups["robo-l1"])
    await teacher.press("📣 Написать группе")
    assert teacher.last_text() == (
        "📣 Сообщение группе\n🧑‍🏫 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)"
        "\n\nПолучат: 3 человека — родители детей группы и сами дети (у кого есть аккаунт).\n\n"
        "Напишите сообщение одним текстом; можно приложить фото. Перед отправкой я покажу,"
        " как оно будет выглядеть. /cancel — передумать."
    )
    await teacher.send("В четверг берём ноутбуки")
    heading = "📣 Сообщение от педагога группы «Вт/Чт 15:00» — Робототехника: первые шаги\n\n"
    assert teacher.texts()[-2:] == [
        heading + "В четверг берём ноутбуки",
        "☝️ Так сообщение увидят получатели: 3.\nКому: 👥 семьи группы: Робоквантум ›"
        " Робототехника: первые шаги › группа Вт/Чт 15:00\nОтправить?",
    ]
    # the audience is the group's: no «Изменить получателей»
    assert teacher.labels() == ["✅ Отправить (3)", "✏️ Текст", "✖️ Отмена"]
    await teacher.press("✅ Отправить (3)")
    await app.deliver()
    rows = await app.db.fetchall(
        "SELECT chat_id FROM outbox WHERE kind = 'broadcast' ORDER BY chat_id")
    assert [row["chat_id"] for row in rows] == [family["teen"], family["ru"], family["en"]]
    # each in their language: from the group's teacher, which group, then the text
    for user_id in (family["teen"], family["ru"]):
        assert app.chat(user_id=user_id).last_text() == heading + "В четверг берём ноутбуки"
    assert app.chat(user_id=family["en"]).last_text() == (
        "📣 A message from the teacher of the group “Вт/Чт 15:00” — Robotics: first steps"
        "\n\nВ четверг берём ноутбуки")
    for user_id in (1301, 1401, family["pending"]):  # another group, the waitlist, applying
        assert "В четверг" not in app.chat(user_id=user_id).texts()


async def test_an_admin_writes_to_a_group_in_english(app: App) -> None:
    groups = await load_timetable(app)
    family = await family_of_three(app)
    admin = await admin_chat(app, "en")
    await admin.press_data(f"ga:write:{groups['robo-l1']}")
    assert admin.last_text().startswith("📣 Message to the group\n")
    assert "3 people will get it" in admin.last_text()
    await admin.send("Bring laptops on Thursday")
    assert admin.texts()[-1].startswith("☝️")
    assert "the families of the group: Robo" in admin.texts()[-1]
    await admin.press(admin.labels()[0])
    await app.deliver()
    assert app.chat(user_id=family["en"]).last_text().endswith(
        "first steps\n\nBring laptops on Thursday")


async def test_staff_who_do_not_teach_the_group_cannot_write_to_it(app: App) -> None:
    groups = await load_timetable(app)
    family = await family_of_three(app)
    await olga(app)
    await set_teacher(app, groups["robo-l1"], TEACHER)
    other = await staff_chat(app, OTHER, "Пётр")
    await other.press_data(f"ga:write:{groups['robo-l1']}")
    assert toast(other) is None  # the screen says it: no toast repeating it
    assert other.last_text().startswith("Написать группе может её педагог или администратор.")
    await other.send("Текст, который никуда не уйдёт")
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0
    # a forged group id
    await other.press_data("ga:write:999999")
    assert other.last_text().startswith("Такой группы уже нет.")

    # the teacher began, then was replaced before sending: nothing goes, the draft is kept
    teacher = app.chat(user_id=TEACHER)
    await teacher.press_data(f"ga:write:{groups['robo-l1']}")
    await teacher.send("Занятие переносится")
    await set_teacher(app, groups["robo-l1"], OTHER)
    await teacher.press("✅ Отправить (3)")
    assert teacher.last_text() == (
        "Сообщение не отправлено: вы больше не педагог этой группы, а написать ей может только"
        " её педагог или администратор. Черновик сохранён — если вас снова назначат, нажмите"
        " «✅ Отправить» выше ещё раз.")
    assert teacher.labels() == ["✖️ Отмена", "🏠 Меню"]
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0
    # made its teacher again: the same «Отправить» sends the draft
    await set_teacher(app, groups["robo-l1"], TEACHER)
    await teacher.press("✅ Отправить (3)", message_id=teacher.messages()[-2]["message_id"])
    await app.deliver()
    assert await app.db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'broadcast'") == 3
    assert app.chat(user_id=family["ru"]).last_text().endswith("\n\nЗанятие переносится")


async def test_the_send_itself_checks_who_writes_to_the_group(app: App) -> None:
    """The rule holds in the transaction that writes the message, whoever calls it."""
    groups = await load_timetable(app)
    await family_of_three(app)
    await olga(app, "en")
    await staff_chat(app, OTHER, "Пётр")
    await admin_chat(app)
    group = Audience(group=groups["robo-l1"])
    compose = app.services.broadcast_compose
    assert await compose.create(OTHER, "Не мой класс", None, group) == "not-yours"
    assert await compose.create(TEACHER, "Not mine yet", None, group) == "not-yours"
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0
    await set_teacher(app, groups["robo-l1"], TEACHER)
    sent = await compose.create(TEACHER, "Bring laptops", None, group)
    assert not isinstance(sent, str)
    assert sent.total == 3
    assert await compose.create(ADMIN_ID, "От администратора", None, group) != "not-yours"

    # in English, and the draft kept: «Cancel» drops it
    teacher = app.chat(user_id=TEACHER)
    await teacher.press_data(f"ga:write:{groups['robo-l1']}")
    await teacher.send("Room change")
    await set_teacher(app, groups["robo-l1"], None)
    await teacher.press("✅ Send (3)")
    assert teacher.last_text().startswith("The message was not sent: you no longer teach this"
                                          " group, and only its teacher or an admin")
    await teacher.press("✖️ Cancel")
    assert teacher.last_text() == "The message to the group is cancelled, nothing was sent."
    assert teacher.labels() == ["⬅️ To the group", "🏠 Menu"]
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 2


async def test_the_question_of_a_group_message_leads_out(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    teacher = await own_group(app, groups["robo-l1"])
    await teacher.press("📣 Написать группе")
    assert teacher.labels() == ["✖️ Отмена", "⬅️ К группе"]
    await teacher.press("✖️ Отмена")
    assert teacher.last_text() == "Сообщение группе отменено, ничего не отправлено."
    assert teacher.labels() == ["⬅️ К группе", "🏠 Меню"]
    await teacher.send("Этот текст — не сообщение группе")
    assert not teacher.last_text().startswith("☝️")
    await teacher.press_data(f"ga:write:{groups['robo-l1']}")
    await teacher.press("⬅️ К группе")
    assert teacher.last_text().startswith("🧑‍🏫 Робототехника: первые шаги")
    await teacher.send("И этот тоже")
    assert not teacher.last_text().startswith("☝️")

    # «✏️ Текст» under the preview asks again with the same ways out; back at the group,
    # the message typed is said to be dropped
    await teacher.press_data(f"ga:write:{groups['robo-l1']}")
    await teacher.send("Первый вариант")
    await teacher.press("✏️ Текст")
    assert teacher.last_text().startswith("📣 Сообщение группе\n\nНапишите сообщение")
    assert teacher.labels() == ["✖️ Отмена", "⬅️ К группе"]
    await teacher.send("Второй вариант")
    question = teacher.messages()[-3]["message_id"]
    await teacher.press("⬅️ К группе", message_id=question)
    shown = next(m for m in teacher.messages() if m["message_id"] == question)
    assert shown["text"].startswith("Сообщение группе не отправлено.\n\n🧑‍🏫 Робототехника")
    await teacher.send("Третий вариант")
    assert not teacher.last_text().startswith("☝️")
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0

    english = await admin_chat(app, "en")
    await english.press_data(f"ga:write:{groups['robo-l1']}")
    assert english.labels() == ["✖️ Cancel", "⬅️ To the group"]


async def mark(app: App, child: int, lesson_id: int, value: str) -> None:
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO attendance (lesson_id, pupil, child_id, mark, marked_by, marked_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (lesson_id, child, child, value, TEACHER,
                                           "2026-10-08T12:00:00+00:00"))


async def test_marks_in_the_families_schedule(
        app: App, frozen: time_machine.Traveller) -> None:
    groups = await load_timetable(app)
    frozen.move_to(NOW - timedelta(weeks=2))  # joined before the lessons marked: theirs
    family = await family_of_three(app)
    frozen.move_to(NOW)
    child = int(await app.db.fetchval("SELECT id FROM children WHERE name = 'Петров Пётр'"))
    past = [row["id"] for row in await app.db.fetchall(
        "SELECT id FROM lessons WHERE group_id = ? AND starts_at < ? ORDER BY starts_at DESC"
        " LIMIT 2", (groups["robo-l1"], datetime(2026, 10, 13, tzinfo=UTC).isoformat()))]
    parent = app.chat(user_id=family["ru"])
    await parent.send("/schedule")
    assert "✅" not in parent.last_text()
    await mark(app, child, past[0], "late")  # Thu 8 October
    await mark(app, child, past[1], "present")  # Tue 6 October
    await parent.press("◀️ Раньше")
    text = parent.last_text()
    assert "\n✅ 15:00–16:30 · Робототехника" in text
    assert "\n⏰ 15:00–16:30 · Робототехника" in text
    assert text.endswith("✅ на занятии · ❌ нет на занятии · ⏰ опоздание · 🙅 предупредили")
    # a mark changed later shows at once
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE attendance SET mark = 'absent' WHERE lesson_id = ?",
                           (past[0],))
    await parent.send("/schedule")
    await parent.press("◀️ Раньше")
    assert "\n❌ 15:00–16:30 · Робототехника" in parent.last_text()

    pupil = app.chat(user_id=family["teen"])
    await pupil.send("/schedule")
    await pupil.press("◀️ Раньше")
    assert "\n❌ 15:00–16:30 · Робототехника" in pupil.last_text()
    english = app.chat(user_id=family["en"])
    await english.send("/schedule")
    await english.press("◀️ Earlier")
    assert english.last_text().endswith("✅ present · ❌ absent · ⏰ late · 🙅 said they would "
                                        "miss it")
    # someone else's family sees none of it
    stranger = app.chat(user_id=3001)
    await start_as(stranger, "parent")
    await stranger.send("/schedule")
    assert "✅" not in stranger.last_text()


async def test_the_schedule_is_read_once_and_marks_only_lessons_begun(
        app: App, frozen: time_machine.Traveller) -> None:
    groups = await load_timetable(app)
    family = await family_of_three(app)
    child = int(await app.db.fetchval("SELECT id FROM children WHERE name = 'Петров Пётр'"))
    today = int(await app.db.fetchval(  # Tue 13 October, 15:00; it is 10:00 now
        "SELECT id FROM lessons WHERE group_id = ? AND day = '2026-10-13'", (groups["robo-l1"],)))
    await mark(app, child, today, "present")  # taken ahead of time
    views = app.services.schedule_views
    reads: list[object] = []
    read = views.for_user

    async def counted(*args: Any, **kwargs: Any) -> list[ChildLesson]:
        reads.append(args)
        return await read(*args, **kwargs)

    views.for_user = counted  # type: ignore[method-assign]
    parent = app.chat(user_id=family["ru"])
    await parent.send("/schedule")
    assert len(reads) == 1  # the two weeks are read once for the screen and its marks
    assert "✅" not in parent.last_text()  # not begun: no mark yet
    frozen.move_to(datetime(2026, 10, 13, 12, 5, tzinfo=UTC))
    await parent.send("/schedule")
    assert len(reads) == 2
    assert "\n✅ 15:00–16:30 · Робототехника" in parent.last_text()
    shown = await views.week(family["ru"], 99, datetime.now(UTC), app.settings.zone, "ru")
    assert shown.number == 0  # a week outside the window is this week's
    assert shown.marks == {(today, child): "present"}


async def test_a_group_with_nobody_to_write_to_says_so_plainly(app: App) -> None:
    groups = await load_timetable(app)
    admin = await admin_chat(app)
    await admin.press_data(f"ga:write:{groups['it-l1']}")
    assert admin.last_text().startswith(
        "В группе пока нет детей, чьи семьи есть в боте, — писать некому.\n\n🧑‍🏫 Программ")
    assert "⬅️ Группы" in admin.labels()
    english = await olga(app, "en")
    await set_teacher(app, groups["it-l1"], TEACHER)
    await english.press_data(f"ga:write:{groups['it-l1']}")
    assert english.last_text().startswith(
        "The group has no children whose families use the bot yet — nobody to write to.\n\n")
