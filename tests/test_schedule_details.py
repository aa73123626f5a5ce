"""What a family reads of a lesson beyond its time: what to bring, why it moved, a «не
придём», the application's status (the same words as «Мои дети»), whose it is in a change
notice and in the calendar file; the schedule opened from a reminder as a new message; the
reminder settings while an application is decided; and /mydata ending with the menu."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar, Event

from bot.cli.importing import import_file
from bot.local.chat import LocalChat
from bot.services.catalogue import Catalogue
from bot.ui.callbacks import QuantumTimetable, ReminderMenu
from storage.lessons import Lesson
from tests.helpers import join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import deliver_at, local, reminders_to
from tests.helpers.schedule import COLUMNS, CSV, MOSCOW, NOW, enrol, load_timetable

Clock = time_machine.Traveller
MON, TUE, WED, THU = (date(2026, 11, 30) + timedelta(days=n) for n in range(4))
NOTE = "Сменная обувь & флешка"


@pytest.fixture
def frozen() -> Iterator[Clock]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def parent(app: App, lang: str = "ru", user_id: int = 1001, name: str = "Иванова Мария",
                 group: str = "robo-a1") -> tuple[LocalChat, dict[str, int]]:
    """A parent whose child is confirmed in robo-a1 (Tue and Thu, 15:00–16:30)."""
    ids = await load_timetable(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, "parent", lang)
    await enrol(app, chat.user_id, ids[group], name)
    return chat, ids


async def lesson_on(app: App, group_id: int, day: date) -> Lesson:
    lessons = await app.repos.lessons.of_group(group_id, NOW - timedelta(days=40), 60)
    return next(lesson for lesson in lessons if lesson.day == day)


async def set_note(app: App, code: str, note: str) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET note = ? WHERE code = ?", (note, code))


def html(chat: LocalChat) -> str:
    return str(chat.last().get("html") or chat.last_text())


def calendar_of(app: App, chat: LocalChat) -> Calendar:
    message = chat.last()
    assert "document" in message, chat.last_text()
    return Calendar.from_ical(app.emulator.files[message["document"]["file_id"]])


def raw_calendar(app: App, chat: LocalChat) -> str:
    return app.emulator.files[chat.last()["document"]["file_id"]].decode()


def event_on(calendar: Calendar, day: date) -> Event:
    return next(e for e in calendar.events
                if isinstance(e.start, datetime) and e.start.astimezone(MOSCOW).date() == day)


# ---- what to bring ----------------------------------------------------------------------------


async def test_what_to_bring_shows_wherever_the_lessons_do(app: App, frozen: Clock) -> None:
    chat, ids = await parent(app)
    await set_note(app, "robo-a1", NOTE)
    await chat.send("/schedule")
    # once under the weeks, not on every line
    assert html(chat).endswith("\n\n🎒 С собой на «Вт/Чт 15:00»: Сменная обувь &amp; флешка")
    assert html(chat).count("Сменная обувь") == 1
    await chat.press("⏭ Ближайшее")
    assert "Каб. 101 · Иванова Е. А.\n🎒 С собой: Сменная обувь &amp; флешка" in html(chat)
    await chat.press("📅 В календарь")
    tuesday = event_on(calendar_of(app, chat), TUE)
    assert str(tuesday["DESCRIPTION"]) == "Педагог: Иванова Е. А.\nС собой: " + NOTE
    # the quantum's group timetable, for anyone
    stranger = app.chat(user_id=1009)
    await start_as(stranger, "parent")
    await stranger.press_data(QuantumTimetable(code="robo").pack())
    text = html(stranger)
    block = text[text.index("«Вт/Чт 15:00»"):text.index("«Ср/Сб»")]
    assert "28 февраля\n  🎒 С собой: Сменная обувь &amp; флешка\n" in block
    assert text.count("🎒") == 1  # the other groups ask for nothing


async def test_what_to_bring_in_english(app: App, frozen: Clock) -> None:
    chat, _ = await parent(app, "en", user_id=1002)
    await set_note(app, "robo-a1", "Indoor shoes")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 3 pm' WHERE code = 'robo-a1'")
    await chat.send("/schedule")
    assert html(chat).endswith("\n\n🎒 Bring to “Tue/Thu 3 pm”: Indoor shoes")
    await chat.press("⏭ Next lesson")
    assert "🎒 Bring: Indoor shoes" in html(chat)
    await chat.press("📅 Add to calendar")
    assert "Bring: Indoor shoes" in str(event_on(calendar_of(app, chat), TUE)["DESCRIPTION"])
    await chat.press_data(QuantumTimetable(code="robo").pack())
    assert "🎒 Bring: Indoor shoes" in html(chat)


# ---- a moved lesson's reason ----------------------------------------------------------------


async def test_a_moved_lesson_says_why(app: App, frozen: Clock) -> None:
    chat, ids = await parent(app)
    en, _ = await parent(app, "en", user_id=1002, name="Smith Ann")
    tuesday = await lesson_on(app, ids["robo-a1"], TUE)
    await app.services.lesson_changes.change(
        tuesday.id, tuesday.version, "move", by=ADMIN_ID, reason="Кабинет занят",
        starts_at=local(WED, 17), ends_at=local(WED, 18, 30), day=WED, room="Лаб. 3")
    await chat.send("/schedule")
    assert "— перенесено с вт, 1 декабря, 15:00: Кабинет занят" in html(chat)
    await chat.press("⏭ Ближайшее")
    assert "🔁 перенесено с вт, 1 декабря, 15:00: Кабинет занят" in html(chat)
    await chat.press("📅 В календарь")
    moved = event_on(calendar_of(app, chat), WED)
    assert str(moved["DESCRIPTION"]).startswith(
        "Перенесено с вт, 1 декабря, 15:00: Кабинет занят.")
    await en.send("/schedule")
    assert "— moved from Tue, 1 December, 15:00: Кабинет занят" in html(en)


async def test_a_change_notice_gives_the_room_in_the_readers_language(app: App, frozen: Clock
                                                                      ) -> None:
    chat, ids = await parent(app)
    en, _ = await parent(app, "en", user_id=1002, name="Smith Ann")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET room_en = 'Room 101' WHERE code = 'robo-a1'")
    await app.deliver()
    tuesday = await lesson_on(app, ids["robo-a1"], TUE)
    await app.services.lesson_changes.change(
        tuesday.id, tuesday.version, "move", by=ADMIN_ID, reason="Кабинет занят",
        starts_at=local(WED, 17), ends_at=local(WED, 18, 30), day=WED, room="Лаб. 3")
    await app.deliver()
    assert "Was: Tue, 1 December, 15:00–16:30, Room 101\n" in en.last_text()
    assert "Now: Wed, 2 December, 17:00–18:30, Лаб. 3\n" in en.last_text()  # as staff typed it
    assert "Было: вт, 1 декабря, 15:00–16:30, Каб. 101\n" in chat.last_text()
    thursday = await lesson_on(app, ids["robo-a1"], THU)
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    await app.deliver()
    assert "Thu, 3 December, 15:00–16:30, Room 101\n" in en.last_text()
    assert "Каб." not in en.last_text()


# ---- «не придём» in the schedule, and the schedule from a reminder ---------------------------


async def reminded(app: App, clock: Clock, lang: str = "ru", user_id: int = 1001
                   ) -> tuple[LocalChat, dict[str, int]]:
    """A parent with Monday evening's reminder of Tuesday's lesson in the chat."""
    chat, ids = await parent(app, lang, user_id)
    await app.deliver()
    await app.services.planner.tick()
    await deliver_at(app, clock, local(MON, 19))
    assert len(reminders_to(app, chat.user_id)) == 1
    return chat, ids


async def test_the_schedule_opens_anew_under_a_reminder(app: App, frozen: Clock) -> None:
    chat, _ = await reminded(app, frozen)
    await chat.press("🙅 Не придём")
    reminder = chat.last()
    before = (reminder["text"], chat.labels())
    assert before[0].endswith("\n🙅 Мария не придёт — педагогу сообщили")
    await chat.press("🗓 Расписание", message_id=reminder["message_id"])
    # a new message; the reminder, its note and its mark stay as they were
    assert chat.last()["message_id"] != reminder["message_id"]
    assert not chat.calls("editMessageText")[1:]  # only the mark's edit
    assert (chat.messages()[-2]["text"], chat.labels(reminder["message_id"])) == before
    text = html(chat)
    assert text.startswith("🗓 <b>Расписание занятий</b>")
    # the absence shows on that lesson, and the next lesson says so too
    assert ("<i>вт, 1 декабря</i>\n🙅 15:00–16:30 · Робототехника: первые шаги «Вт/Чт 15:00»"
            " · Каб. 101 · Иванова Е. А. — Мария не придёт") in text
    assert "<i>чт, 3 декабря</i>\n15:00–16:30 · Робототехника" in text  # Thursday is on
    await chat.press("⏭ Ближайшее")
    assert html(chat).endswith("\n🙅 Мария не придёт")  # whose, though she is the only one
    # taken back: the schedule says nothing of it again
    await chat.press("↩️ Всё-таки придём", message_id=reminder["message_id"])
    await chat.send("/schedule")
    assert "не придёт" not in html(chat)


async def test_an_absence_in_english_and_for_a_pupil(app: App, frozen: Clock) -> None:
    chat, _ = await reminded(app, frozen, "en", user_id=1002)
    await chat.press("🙅 We can't come")
    await chat.press("🗓 Schedule")
    assert " — Мария won't be there" in html(chat)
    ids = await load_timetable(app)
    pupil = app.chat(user_id=1003, first_name="Пётр")
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["it-a1"], "Иванов Пётр", 14, relation="child")
    saturday = await lesson_on(app, ids["it-a1"], date(2026, 12, 5))
    child = int(await app.db.fetchval("SELECT id FROM children WHERE name = 'Иванов Пётр'"))
    async with app.db.transaction() as conn:
        await conn.execute("INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
                           " VALUES (?, ?, ?, '2026-11-30T06:00:00+00:00')",
                           (saturday.id, child, pupil.user_id))
    await pupil.send("/schedule")
    assert "Ким А. Д. — тебя не будет" in html(pupil)


# ---- a change notice names the children ------------------------------------------------------


async def test_a_change_notice_names_the_children_it_concerns(app: App, frozen: Clock) -> None:
    chat, ids = await parent(app)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванов Пётр", 12)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванова Анна", 14)  # another group
    other, _ = await parent(app, "en", user_id=1002, name="Smith Ann")
    pupil = app.chat(user_id=1003, first_name="Олег")
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["robo-a1"], "Сидоров Олег", 14, relation="child")
    mum = app.chat(user_id=1004)
    code = await app.repos.families.invite_code(
        await app.repos.families.family_id(pupil.user_id) or 0)
    await join_by_invite(mum, code)
    await app.deliver()
    tuesday = await lesson_on(app, ids["robo-a1"], TUE)
    await app.services.lesson_changes.change(
        tuesday.id, tuesday.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    await app.deliver()
    assert chat.last_text().split("\n")[:2] == [
        "❌ Занятие отменено", "👤 Иванова Мария, Иванов Пётр"]
    assert "Анна" not in chat.last_text()
    assert other.last_text().split("\n")[:2] == ["❌ Lesson cancelled", "👤 Smith Ann"]
    assert "Иванов" not in other.last_text()
    assert mum.last_text().split("\n")[:2] == ["❌ Занятие отменено", "👤 Сидоров Олег"]
    # a pupil is not told their own name
    assert pupil.last_text().split("\n")[1].startswith("Робототехника")
    assert "👤" not in pupil.last_text()
    # its «🗓 Расписание» opens the schedule as a new message
    notice = chat.last()
    await chat.press("🗓 Расписание")
    assert chat.last()["message_id"] != notice["message_id"]
    assert chat.messages()[-2]["text"] == notice["text"]
    assert "отменено: Педагог заболел" in chat.last_text()


# ---- one status for one application ----------------------------------------------------------


async def test_the_schedule_and_my_applications_agree(app: App, frozen: Clock) -> None:
    ids = await load_timetable(app)
    pupil = app.chat(user_id=1003, first_name="Пётр")
    await start_as(pupil, "pupil")
    enrolment = await enrol(app, pupil.user_id, ids["it-a1"], "Иванов Пётр", 14,
                            relation="child", confirm=False)
    for status, mark, words in [
        ("applied", "⏳ ", "на рассмотрении"),
        ("navigator", "⏳ ", "ждём заявку в Навигаторе"),
        ("awaiting_consent", "⏳ ", "ждём согласия родителя"),  # ⏳ as in the schedule
        ("offered", "🎟 ", "освободилось место — ответь до 2 декабря, 18:00"),
    ]:
        async with app.db.transaction() as conn:
            await conn.execute(
                "UPDATE enrolments SET status = ?, offer_until = ? WHERE id = ?",
                (status, "2026-12-02T15:00:00+00:00" if status == "offered" else None,
                 enrolment))
        await pupil.send("/schedule")
        assert f"Ким А. Д. — заявка: {words}" in html(pupil), status
        await pupil.send("/children")
        assert f"«Сб 11:00» — {mark}{words}" in html(pupil), status
    # a pupil's list is headed as the button that opens it
    assert pupil.last_text().startswith("📋 Мои заявки\n")


async def test_my_children_keeps_its_marks_in_english(app: App, frozen: Clock) -> None:
    chat, ids = await parent(app, "en", user_id=1002)
    await enrol(app, chat.user_id, ids["it-a1"], "Smith Tom", 14, confirm=False)
    await chat.send("/children")
    text = html(chat)
    assert "“Вт/Чт 15:00” — ✅ confirmed" in text
    assert "“Сб 11:00” — ⏳ under review" in text
    await chat.send("/schedule")
    assert "Ким А. Д. — application: under review" in html(chat)


# ---- reminder settings while an application is decided ----------------------------------------


async def test_reminders_wait_for_the_confirmation(app: App, frozen: Clock) -> None:
    ids = await load_timetable(app)
    for lang, user_id in (("ru", 1001), ("en", 1002)):
        chat = app.chat(user_id=user_id, language_code=lang)
        await start_as(chat, "parent", lang)
        await enrol(app, user_id, ids["robo-a1"], f"Иванова Мария {lang}", confirm=False)
        await chat.press_data(ReminderMenu(action="open").pack())
        text = chat.last_text()
        if lang == "ru":
            assert ("Напоминания начнутся, когда заявку подтвердят. Что с ней сейчас — в разделе"
                    " «Мои дети»." in text)
            assert "напоминать не о чем" not in text
        else:
            assert ("Reminders start once the application is confirmed. Where it stands is in"
                    " “My children”." in text)
    pupil = app.chat(user_id=1003, first_name="Пётр")
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["it-a1"], "Иванов Пётр", 14, relation="child",
                confirm=False)
    await pupil.press_data(ReminderMenu(action="open").pack())
    assert "Напоминания начнутся, когда твою заявку подтвердят" in pupil.last_text()
    # waiting for a parent's consent, not «на рассмотрении»: the settings name no other status
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE enrolments SET status = 'awaiting_consent' WHERE child_id ="
                           " (SELECT id FROM children WHERE name = 'Иванов Пётр')")
    await pupil.press_data(ReminderMenu(action="open").pack())
    assert "рассмотрении" not in pupil.last_text()
    assert "Что с ней сейчас — в «Моих заявках»." in pupil.last_text()
    # confirmed: the next reminder, as before
    await app.repos.enrolment.decide(
        int(await app.db.fetchval("SELECT id FROM enrolments WHERE child_id = (SELECT id"
                                  " FROM children WHERE name = 'Иванова Мария ru')")),
        "confirmed")
    chat = app.chats[1001]
    await chat.press_data(ReminderMenu(action="open").pack())
    assert "Следующее напоминание: сегодня в 19:00" in chat.last_text()


# ---- the calendar file --------------------------------------------------------------------------


async def test_the_calendar_starts_at_the_enrolment(app: App, frozen: Clock) -> None:
    ids = await load_timetable(app)
    chat = app.chat(user_id=1001)
    await start_as(chat, "parent")
    # applied at 01:00 on Thursday in Moscow (still Wednesday in UTC)
    frozen.move_to(datetime(2026, 12, 3, 1, 0, tzinfo=MOSCOW))
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
    await chat.send("/schedule")
    await chat.press("📅 В календарь")
    events = calendar_of(app, chat).events
    days = sorted(e.start.astimezone(MOSCOW).date() for e in events
                  if isinstance(e.start, datetime))
    assert days[0] == THU  # not the term's start, not four weeks back
    assert all(str(e["SUMMARY"]).startswith("Мария: ") for e in events)
    assert "VALARM" not in raw_calendar(app, chat)


async def test_every_change_grows_the_sequence(app: App, frozen: Clock) -> None:
    chat, ids = await parent(app, "en", user_id=1002)
    await chat.send("/schedule")
    await chat.press("📅 Add to calendar")
    first = event_on(calendar_of(app, chat), THU)
    assert str(first["SUMMARY"]).startswith("Мария: Robotics: first steps")
    # a closure put on Thursday
    await app.repos.timetable.add_closures(
        [{"starts_on": THU, "ends_on": THU, "reason": "Day of the city", "quanta": []}],
        by=ADMIN_ID)
    await chat.press("📅 Add to calendar", message_id=chat.messages()[-2]["message_id"])
    closed = event_on(calendar_of(app, chat), THU)
    assert str(closed["STATUS"]) == "CANCELLED"
    assert int(str(closed["SEQUENCE"])) > int(str(first["SEQUENCE"]))
    # taken off again: on, and newer still
    async with app.db.transaction() as conn:
        await conn.execute("DELETE FROM closures")
    await chat.press("📅 Add to calendar", message_id=chat.messages()[-3]["message_id"])
    reopened = event_on(calendar_of(app, chat), THU)
    assert str(reopened["STATUS"]) == "CONFIRMED"
    assert int(str(reopened["SEQUENCE"])) > int(str(closed["SEQUENCE"]))
    # a change by staff grows it too, by one
    thursday = await lesson_on(app, ids["robo-a1"], THU)
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Ill")
    assert (await lesson_on(app, ids["robo-a1"], THU)).version == thursday.version + 1


# ---- /mydata ----------------------------------------------------------------------------------


async def test_mydata_ends_with_the_menu(app: App, frozen: Clock) -> None:
    for lang, user_id, after, schedule in (
        ("ru", 1001, "Чтобы удалить эти данные, отправьте /forget.", "🗓 Расписание"),
        ("en", 1002, "To erase this data, send /forget.", "🗓 Schedule"),
    ):
        chat, _ = await parent(app, lang, user_id=user_id)
        await chat.send("/mydata")
        assert "document" in chat.messages()[-2]
        assert chat.last_text().startswith(after)
        assert schedule in chat.labels()


async def test_what_to_bring_in_english_from_the_groups_file(
    app: App, frozen: Clock, catalogue: Catalogue, tmp_path: Path,
) -> None:
    """The groups file's `note_en` is what people reading in English get wherever the note
    shows; a file without the column keeps it, an empty cell clears it."""
    ru, ids = await parent(app)
    en, _ = await parent(app, "en", user_id=1002, name="Smith Ann")
    path = tmp_path / "groups.csv"

    async def import_groups(columns: str, robo: str) -> None:
        rows = [line + (robo if ";robo-a1;" in line else ";" * columns.count(";"))
                for line in CSV.splitlines()[1:]]
        path.write_text("\n".join([COLUMNS + columns, *rows]) + "\n")
        assert await import_file(app.settings, catalogue, path) == 0
        # the bot reads the schedule again a few seconds after another process wrote it,
        # at once after a write of its own
        async with app.db.transaction():
            pass

    await import_groups(";note;note_en", ";Сменная обувь;Indoor shoes & a USB stick")
    await en.send("/schedule")
    assert html(en).endswith("\n\n🎒 Bring to “Вт/Чт 15:00”: Indoor shoes &amp; a USB stick")
    await en.press("⏭ Next lesson")
    assert "🎒 Bring: Indoor shoes &amp; a USB stick" in html(en)
    await en.press("📅 Add to calendar")
    assert str(event_on(calendar_of(app, en), TUE)["DESCRIPTION"]).endswith(
        "Bring: Indoor shoes & a USB stick")
    await en.press_data(QuantumTimetable(code="robo").pack())
    assert "🎒 Bring: Indoor shoes &amp; a USB stick" in html(en)
    # Russian readers keep the Russian note
    await ru.send("/schedule")
    assert html(ru).endswith("\n\n🎒 С собой на «Вт/Чт 15:00»: Сменная обувь")
    await ru.press_data(QuantumTimetable(code="robo").pack())
    assert "🎒 С собой: Сменная обувь" in html(ru) and "Indoor" not in html(ru)
    # the reminders, each in its reader's language
    await app.deliver()
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(MON, 19))
    assert "\n🎒 Indoor shoes & a USB stick" in reminders_to(app, 1002)[-1]
    assert "\n🎒 Сменная обувь" in reminders_to(app, 1001)[-1]
    # a new English note reaches the reminders still to come
    await import_groups(";note;note_en", ";Сменная обувь;Indoor shoes")
    await deliver_at(app, frozen, local(TUE, 13))
    assert reminders_to(app, 1002)[-1].endswith("\n🎒 Indoor shoes")
    # a file without the column keeps it; an empty cell clears it
    await import_groups(";note", ";Сменная обувь и флешка")
    await en.send("/schedule")
    assert html(en).endswith("🎒 Bring to “Вт/Чт 15:00”: Indoor shoes")
    await import_groups(";note;note_en", ";Сменная обувь;")
    await en.send("/schedule")
    assert html(en).endswith("🎒 Bring to “Вт/Чт 15:00”: Сменная обувь")
