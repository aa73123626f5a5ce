"""«🧑‍🏫 Мои группы»: a teacher's groups with today's and the next lesson, a group's screen
(what each member of staff may do with it), /lessons leading to the same screen, and an admin
naming a group's teacher in the chat."""

from __future__ import annotations

from datetime import date

from tests.helpers import start_as, toast
from tests.helpers.groups import (
    OTHER,
    ROBO,
    TEACHER,
    admin_chat,
    more_groups,
    olga,
    own_group,
    set_teacher,
    teacher_id,
)
from tests.helpers.harness import App
from tests.helpers.lessons import (
    family_of_three,
    load_timetable,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)
from tests.helpers.staff import staff_chat

SCREEN_RU = (
    "🧑‍🏫 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)\n\n"
    "Педагог: Иванова Е. А. (в расписании) · в боте: Ольга (@olga_teacher) — получает"
    " ответы семей\nДети: 1 из 12 мест\n"
    "Сегодня: 15:00–16:30, Каб. 101\nСледующее: чт, 15 октября, 15:00–16:30, Каб. 101"
)


async def test_my_groups_with_today_and_the_next_lesson(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    teacher = await olga(app)
    assert "🧑‍🏫 Мои группы" in teacher.labels()
    await teacher.press("🧑‍🏫 Мои группы")
    assert teacher.last_text().startswith("🧑‍🏫 Мои группы\n\nВы пока не ведёте ни одной")
    assert teacher.labels() == ["🗓 Все группы", "🏠 Меню"]
    await teacher.press("🗓 Все группы")
    assert teacher.last_text().startswith("🗓 Занятия групп")

    await set_teacher(app, groups["robo-l1"], TEACHER)
    await set_teacher(app, groups["it-l1"], TEACHER)
    await teacher.send("/mygroups")
    assert teacher.last_text() == (
        "🧑‍🏫 Мои группы\n\n"
        "🧑‍🏫 Программирование на Python\nГруппа «Сб 11:00» (it-l1)\n"
        "Сегодня занятия нет\nСледующее: сб, 17 октября, 11:00–12:30, Лаб. 3\n\n"
        "🧑‍🏫 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00» (robo-l1)\n"
        "Сегодня: 15:00–16:30, Каб. 101\nСледующее: чт, 15 октября, 15:00–16:30, Каб. 101"
    )
    assert teacher.labels() == ["it-l1 · Сб 11:00", ROBO, "🗓 Все группы", "🏠 Меню"]
    await teacher.press(ROBO)
    assert teacher.last_text() == SCREEN_RU
    # the teacher writes to the group; no «Педагог» (admins only); back to their groups
    assert teacher.labels() == ["📋 Отметить", "👥 Состав", "📝 Что было на занятии",
                                "📊 Посещаемость", "📣 Написать группе", "🗓 Занятия",
                                "⬅️ Мои группы", "🏠 Меню"]
    await teacher.press("⬅️ Мои группы")
    assert teacher.last_text().startswith("🧑‍🏫 Мои группы\n\n🧑‍🏫 Программирование")

    # revoked: nobody's teacher here, and /mygroups is an unknown command to them
    await app.repos.users.set_staff_role(TEACHER, None)
    await teacher.send("/mygroups")
    assert teacher.last_text().startswith("Такой команды я не знаю")
    revoked = await app.repos.users.get(TEACHER)
    assert revoked is not None
    assert await app.services.teaching.mine(revoked, date(2026, 10, 13)) == []


async def test_my_groups_in_english(app: App) -> None:
    groups = await load_timetable(app)
    teacher = await olga(app, "en")
    await teacher.send("/mygroups")
    assert teacher.last_text().startswith("🧑‍🏫 My groups\n\nYou don't teach any group yet.")
    await set_teacher(app, groups["robo-l1"], TEACHER)
    await teacher.send("/mygroups")
    assert "Today: 15:00–16:30, Room 101" not in teacher.last_text()  # the room as typed
    assert "Today: 15:00–16:30, Каб. 101\nNext: Thu, 15 October, 15:00–16:30, Каб. 101" in (
        teacher.last_text())
    await teacher.press("robo-l1 · Вт/Чт 15:00")
    assert ("Teacher: Иванова Е. А. (in the timetable) · in the bot: Ольга (@olga_teacher), who"
            " gets the families' answers\nChildren: 0 of 12 seats") in teacher.last_text()
    assert teacher.labels() == ["📋 Take register", "👥 Roster", "📝 What we did",
                                "📊 Attendance", "📣 Message the group", "🗓 Lessons",
                                "⬅️ My groups", "🏠 Menu"]


async def test_other_staff_and_the_admin_open_any_group_from_lessons(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    await olga(app)
    await set_teacher(app, groups["robo-l1"], TEACHER)
    other = await staff_chat(app, OTHER, "Пётр")
    await other.send("/lessons")
    await other.press(ROBO)
    assert other.last_text() == SCREEN_RU
    # not its teacher: no «Написать группе»; back to the groups of /lessons
    assert other.labels() == ["📋 Отметить", "👥 Состав", "📝 Что было на занятии",
                              "📊 Посещаемость", "🗓 Занятия", "⬅️ Группы", "🏠 Меню"]
    await other.press("🗓 Занятия")
    assert other.last_text().startswith("🗓 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00»")
    assert other.labels()[0] == "вт 13.10, 15:00"
    await other.press("⬅️ К группе")
    await other.press("👥 Состав")
    assert "Петров Пётр" in other.last_text()

    admin = await admin_chat(app)
    await admin.send("/lessons")
    await admin.press("it-l1 · Сб 11:00")
    # no teacher account: the timetable's name is shown as that
    assert "Педагог: не назначен (в расписании — Ким А. Д.)\nДети: 0 из 10 мест" in (
        admin.last_text())
    assert admin.labels() == ["📋 Отметить", "👥 Состав", "📝 Что было на занятии",
                              "📊 Посещаемость", "📣 Написать группе", "🗓 Занятия",
                              "🧑‍🏫 Педагог", "⬅️ Группы", "🏠 Меню"]


async def test_the_admin_names_and_clears_the_teacher(app: App) -> None:
    groups = await load_timetable(app)
    teacher = await olga(app)
    admin = await admin_chat(app)
    await admin.send("/lessons")
    await admin.press(ROBO)
    await admin.press("🧑‍🏫 Педагог")
    assert admin.last_text().endswith(
        "Педагог: не назначен (в расписании — Иванова Е. А.)\n\n"
        "Выберите педагога группы среди сотрудников:")
    assert admin.labels() == ["Админ", "Ольга @olga_teacher", "• Без педагога", "⬅️ К группе"]
    await admin.press("Ольга @olga_teacher")
    assert toast(admin) is None  # the screen says it: no toast repeating it
    assert admin.last_text().startswith(
        "Готово: педагог группы назначен.\n\n🧑‍🏫 Робототехника: первые шаги")
    assert "в боте: Ольга (@olga_teacher)" in admin.last_text()
    assert await teacher_id(app, groups["robo-l1"]) == TEACHER
    await teacher.send("/mygroups")
    assert teacher.labels()[0] == ROBO

    # a new timetable without the teacher_id column keeps the teacher chosen in the chat
    await load_timetable(app)
    assert await teacher_id(app, groups["robo-l1"]) == TEACHER

    await admin.press("🧑‍🏫 Педагог")
    assert "• Ольга @olga_teacher" in admin.labels()
    await admin.press("Без педагога")
    assert admin.last_text().startswith("Готово: у группы теперь нет педагога.")
    assert await teacher_id(app, groups["robo-l1"]) is None

    # someone who is not staff (a forged press) is refused, nothing written
    await start_as(app.chat(user_id=3001), "parent")
    await admin.press_data(f"gts:{groups['robo-l1']}:3001")
    assert admin.last_text().startswith("Этот человек больше не сотрудник — выберите другого.")
    assert await teacher_id(app, groups["robo-l1"]) is None
    # a group that is not there
    await admin.press_data(f"gts:999999:{TEACHER}")
    assert admin.last_text().startswith("Такой группы уже нет. Вот актуальный список.\n\n🗓")


async def test_the_admin_names_the_teacher_in_english(app: App) -> None:
    groups = await load_timetable(app)
    await olga(app)
    admin = await admin_chat(app, "en")
    await admin.press_data(f"ga:teacher:{groups['robo-l1']}")
    assert admin.last_text().endswith("Choose the group's teacher from the staff:")
    await admin.press("Ольга @olga_teacher")
    assert admin.last_text().startswith("Done: the group's teacher is set.")
    assert "in the bot: Ольга (@olga_teacher)" in admin.last_text()


async def test_staff_who_are_not_admins_cannot_name_a_teacher(app: App) -> None:
    groups = await load_timetable(app)
    teacher = await olga(app)
    group = groups["robo-l1"]
    for data in (f"ga:teacher:{group}", f"gtp:{group}:0", f"gts:{group}:{TEACHER}"):
        await teacher.press_data(data)
        assert toast(teacher) is None  # the screen says it: no toast repeating it
        assert teacher.last_text().startswith("Педагога группы назначает администратор.\n\n🧑‍🏫")
    assert await teacher_id(app, group) is None


async def test_families_pressing_the_group_buttons_change_nothing(app: App) -> None:
    groups = await load_timetable(app)
    group = groups["robo-l1"]
    parent = app.chat(user_id=3001)
    await start_as(parent, "parent")
    for data in ("mg:0", f"go:{group}", f"ga:teacher:{group}", f"ga:write:{group}",
                 f"gts:{group}:3001", f"gtp:{group}:0"):
        await parent.press_data(data)
        assert toast(parent) is None  # the message says it: no toast repeating it
        assert parent.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
        assert "Каб. 101" not in parent.last_text()
    await parent.send("/mygroups")
    assert parent.last_text().startswith("Такой команды я не знаю")
    assert await teacher_id(app, group) is None
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0


async def test_a_group_screen_goes_back_to_the_page_of_groups_it_came_from(app: App) -> None:
    groups = await load_timetable(app)
    await more_groups(app, 8, TEACHER)
    teacher = await olga(app)
    await teacher.send("/mygroups")
    await teacher.press("Дальше ▶️")
    second = teacher.labels()
    assert second[:2] == ["zz-07 · Вт/Чт 15:00", "zz-08 · Вт/Чт 15:00"]
    await teacher.press("zz-08 · Вт/Чт 15:00")
    assert teacher.last_text().startswith("🧑‍🏫 Робототехника: первые шаги\nГруппа «Вт/Чт 15:00»"
                                          " (zz-08)")
    await teacher.press("⬅️ Мои группы")
    assert teacher.labels() == second

    other = await staff_chat(app, OTHER, "Пётр", "en")
    await other.send("/lessons")
    await other.press("Next ▶️")
    second = other.labels()
    assert "zz-08 · Вт/Чт 15:00" in second
    await other.press("zz-08 · Вт/Чт 15:00")
    await other.press("⬅️ Groups")
    assert other.labels() == second
    # a group's button sent before the page was carried opens the group, back to the first
    await other.press_data(f"go:{groups['robo-l1']}")
    assert other.last_text().startswith("🧑‍🏫 Robotics: first steps\nGroup “Вт/Чт 15:00”")
    await other.press("⬅️ Groups")
    assert "robo-l1 · Вт/Чт 15:00" in other.labels()


async def test_the_roster_from_a_group_goes_back_to_the_group(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    teacher = await own_group(app, groups["robo-l1"])
    await teacher.press("👥 Состав")
    assert teacher.last_text().startswith("👥 Состав группы")
    assert "Петров Пётр" in teacher.last_text()
    assert teacher.labels() == ["⬅️ К группе", "🏠 Меню"]
    await teacher.press("⬅️ К группе")
    assert teacher.last_text() == SCREEN_RU
    assert await app.db.fetchval(
        "SELECT count(*) FROM staff_access WHERE kind = 'roster' AND staff_id = ?",
        (TEACHER,)) == 1  # the look is recorded, as from /lessons

    admin = await admin_chat(app, "en")
    await admin.press_data(f"go:{groups['robo-l1']}")
    await admin.press("👥 Roster")
    assert "Петров Пётр" in admin.last_text()
    assert admin.labels() == ["⬅️ To the group", "🏠 Menu"]
    await admin.press("⬅️ To the group")
    assert "in the bot: Ольга (@olga_teacher)" in admin.last_text()
    # a group gone meanwhile
    await admin.press_data("gr:999999:0")
    assert admin.last_text().startswith("That group no longer exists")


async def test_its_teacher_goes_back_where_the_group_was_opened_from(app: App) -> None:
    await load_timetable(app)
    await more_groups(app, 8, TEACHER)
    teacher = await olga(app)
    await teacher.send("/lessons")
    await teacher.press("Дальше ▶️")
    lessons = teacher.labels()
    assert "zz-08 · Вт/Чт 15:00" in lessons
    await teacher.press("zz-08 · Вт/Чт 15:00")  # a group she teaches, opened from /lessons
    assert "📣 Написать группе" in teacher.labels()
    assert "⬅️ Группы" in teacher.labels() and "⬅️ Мои группы" not in teacher.labels()
    await teacher.press("⬅️ Группы")
    assert teacher.last_text().startswith("🗓 Занятия групп") and teacher.labels() == lessons
    # through the roster and back, it still knows
    await teacher.press("zz-08 · Вт/Чт 15:00")
    await teacher.press("👥 Состав")
    await teacher.press("⬅️ К группе")
    await teacher.press("⬅️ Группы")
    assert teacher.labels() == lessons
    # opened from «Мои группы», the same group goes back there
    await teacher.send("/mygroups")
    await teacher.press("Дальше ▶️")
    mine = teacher.labels()
    await teacher.press("zz-08 · Вт/Чт 15:00")
    await teacher.press("👥 Состав")
    await teacher.press("⬅️ К группе")
    await teacher.press("⬅️ Мои группы")
    assert teacher.last_text().startswith("🧑‍🏫 Мои группы") and teacher.labels() == mine
    # a button that does not say where from: its teacher's groups, as before
    zz = await app.db.fetchval("SELECT id FROM groups WHERE code = 'zz-08'")
    await teacher.press_data(f"go:{zz}")
    assert "⬅️ Мои группы" in teacher.labels()


async def test_its_teacher_goes_back_to_lessons_in_english(app: App) -> None:
    groups = await load_timetable(app)
    await set_teacher(app, groups["robo-l1"], TEACHER)
    teacher = await olga(app, "en")
    await teacher.send("/lessons")
    await teacher.press(ROBO)
    assert teacher.labels()[-2:] == ["⬅️ Groups", "🏠 Menu"]
    await teacher.press("⬅️ Groups")
    assert teacher.last_text().startswith("🗓 Group lessons")
