"""Staff reading the bot in English see the groups' English names and rooms (a group without
them keeps its Russian ones) on every screen that names a group; staff reading in Russian
keep the Russian ones."""

from __future__ import annotations

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services.absence_notices import AbsenceTexts
from storage.absences import Report
from storage.enrolments import Recipient
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.lessons import (
    family_of_three,
    load_timetable,
    next_lesson_id,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)

GROUP = "Robotics: first steps · group “Tue/Thu 3 pm”"


async def english_names(app: App) -> None:
    """robo-l1 gets an English name and room; it-l1 and aa-old keep their Russian ones."""
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 3 pm', room_en = 'Room 101'"
                           " WHERE code = 'robo-l1'")


async def staff(app: App, lang: str = "en", user_id: int = ADMIN_ID) -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name="Admin")
    await chat.send("/start")
    return chat


async def test_lessons_a_change_and_the_roster_in_english(app: App) -> None:
    groups = await load_timetable(app)
    await english_names(app)
    await family_of_three(app)
    admin = await staff(app)
    await admin.send("/lessons")
    assert admin.last_text().endswith(
        "it-l1 — “Сб 11:00” · Python programming\n"
        "robo-l1 — “Tue/Thu 3 pm” · Robotics: first steps\n"
        "aa-old — “Весна” · Robotics: first steps (finished)")
    assert admin.labels() == ["it-l1 · Сб 11:00", "robo-l1 · Tue/Thu 3 pm", "aa-old · Весна",
                              "🏠 Menu"]
    await admin.press("robo-l1 · Tue/Thu 3 pm")
    assert admin.last_text().startswith("🧑‍🏫 Robotics: first steps\nGroup “Tue/Thu 3 pm”")
    await admin.press("🗓 Lessons")
    assert admin.last_text().startswith(
        "🗓 Robotics: first steps\nGroup “Tue/Thu 3 pm” (robo-l1)\n\n"
        "Tue, 13 October, 15:00–16:30, Room 101\nThu, 15 October, 15:00–16:30, Room 101\n")
    await admin.press("👥 Group roster")
    assert admin.last_text().startswith(
        "👥 Group roster\nRobotics: first steps · group “Tue/Thu 3 pm” (robo-l1)\n")
    # the look is recorded, and /audit names the group in English too
    await admin.send("/audit")
    assert "robo-l1 “Tue/Thu 3 pm”" in admin.last_text()
    await admin.press_data(f"lo:{await next_lesson_id(app, groups['robo-l1'])}")
    assert admin.last_text().startswith(
        "🗓 Robotics: first steps\nGroup “Tue/Thu 3 pm” (robo-l1)\n\n"
        "When: Tue, 13 October, 15:00–16:30\nWhere: Room 101\n")
    await admin.press("🔁 Move it")
    assert f"{GROUP}\nNow: Tue, 13 October, 15:00–16:30, Room 101\n" in admin.last_text()
    await admin.send("tomorrow")
    await admin.send("17:00")
    assert "(Room 101)" in admin.last_text()
    await admin.press("🚪 Same room")
    await admin.send("The olympiad")
    assert admin.last_text() == (
        f"🔁 Moving a lesson\n{GROUP}\n\n"
        "Was: Tue, 13 October, 15:00–16:30, Room 101\n"
        "Will be: Wed, 14 October, 17:00–18:30, Room 101\n"
        "Reason: The olympiad\n\nWe'll notify 3 people."
    )
    await admin.press("✅ Confirm")
    assert admin.last_text().startswith(
        f"✅ Done: the lesson is moved\n{GROUP}\nWed, 14 October, 17:00–18:30, Room 101\n")
    await app.deliver()  # the English parent's notice names the English room too
    [notice] = [str(m.get("text")) for m in app.emulator.sent(1103)
                if "Lesson moved" in str(m.get("text"))]
    assert "Now: Wed, 14 October, 17:00–18:30, Room 101" in notice
    # the week shows the English group and room beside a group that has none
    await admin.send("/week")
    assert ("17:00–18:30 · Room 101 · robo-l1 Tue/Thu 3 pm · Иванова Е. А. — moved "
            "from Tue, 13 October, 15:00: The olympiad") in admin.last_text()
    assert "11:00–12:30 · Лаб. 3 · it-l1 Сб 11:00 · Ким А. Д." in admin.last_text()
    # staff reading in Russian keep the Russian names
    russian = await staff(app, "ru", user_id=2002)
    await app.repos.users.set_staff_role(2002, "staff")
    await russian.send("/lessons")
    assert "robo-l1 — «Вт/Чт 15:00» · Робототехника: первые шаги" in russian.last_text()
    await russian.press("robo-l1 · Вт/Чт 15:00")
    await russian.press("🗓 Занятия")
    assert "ср, 14 октября, 17:00–18:30, Каб. 101" in russian.last_text()


async def test_applications_and_their_notices_in_english(app: App) -> None:
    await load_timetable(app)
    await english_names(app)
    admin = await staff(app)
    await family_of_three(app)
    told = [str(m.get("text")) for m in app.emulator.sent(ADMIN_ID)
            if str(m.get("text")).startswith("📥 New application")]
    assert told == [
        "📥 New application #1\nПетров Пётр, age 15 — Robotics: first steps, group “Tue/Thu 3 pm”",
        "📥 New application #2\nСидорова Анна, age 10 — Robotics: first steps, group "
        "“Tue/Thu 3 pm”",
    ]
    await admin.send("/applications")
    assert admin.last_text() == "📥 Applications to review\n\n#2 · Сидорова Анна · Tue/Thu 3 pm"
    await admin.press("#2 · Сидорова Анна…")
    assert admin.last_text().startswith(
        "📋 Application #2\nRobotics: first steps, group “Tue/Thu 3 pm”\n")
    await admin.press("📨 Navigator")
    assert admin.last_text().startswith(
        "📨 Application #2 has been passed to Navigator; the family will be told.")
    await admin.send("/applications")
    await admin.press("🗂 All statuses")
    await admin.press("✅ Confirmed · 1")
    assert admin.last_text().endswith("\n#1 · Петров Пётр · Tue/Thu 3 pm")


async def test_a_broadcast_to_a_group_names_it_in_english(app: App) -> None:
    await load_timetable(app)
    await english_names(app)
    admin = await staff(app)
    await family_of_three(app)
    await admin.send("/broadcast")
    await admin.send("The lab moves upstairs")
    await admin.press("🎓 Enrolled: —")
    await admin.press_data("bk:robo:0")
    assert "robo-l1 · Tue/Thu 3 pm" in admin.labels()
    await admin.press("robo-l1 · Tue/Thu 3 pm")
    assert "Robotics: first steps › group Tue/Thu 3 pm" in admin.last_text()
    await admin.press("✅ Done")
    assert "Robotics: first steps › group Tue/Thu 3 pm" in admin.last_text()


async def test_the_teacher_hears_of_an_absence_with_the_english_group(
    app: App, texts: Texts
) -> None:
    groups = await load_timetable(app)
    await english_names(app)
    lesson = await app.repos.lessons.get(await next_lesson_id(app, groups["robo-l1"]))
    assert lesson is not None
    report = Report(lesson, child_id=1, child_name="Петров Пётр", family_id=1, pupil=False)
    notices = AbsenceTexts(texts, app.settings.zone)
    told = notices.absence(report, Recipient(ADMIN_ID, "en", None), back=False)
    assert told["text"].split("\n")[:3] == [
        "🙅 <b>Петров Пётр won't be there</b>", "Robotics: first steps, group “Tue/Thu 3 pm”",
        "Tue, 13 October, 15:00–16:30"]
    told = notices.absence(report, Recipient(ADMIN_ID, "ru", None), back=False)
    assert "Робототехника: первые шаги, группа «Вт/Чт 15:00»" in told["text"]
