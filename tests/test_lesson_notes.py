"""«📝 Что было на занятии»: a member of staff tells a group's families what the group did, with
photos as an album; the note shows under the lesson in their schedule and can be changed or
taken off for 7 days; forged presses change nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_notes import NoteAct, NoteLesson
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.reminders import family, local
from tests.helpers.schedule import enrol
from tests.helpers.staff import staff_chat

TUE, WED = date(2026, 12, 1), date(2026, 12, 2)
TEACHER = 2001
TEXT = "Собирали <робота> на Arduino & паяли"


@pytest.fixture
def after_lesson() -> Iterator[time_machine.Traveller]:
    """Tuesday 1 December, 17:00 in Moscow: robo-a1's lesson (15:00–16:30) is over."""
    with time_machine.travel(local(TUE, 17), tick=False) as traveller:
        yield traveller


async def notes_press(chat: LocalChat, group: int) -> None:
    await chat.press_data(GroupAct(action="notes", group=group).pack())


async def outbox(app: App) -> list[dict[str, Any]]:
    rows = await app.db.fetchall(
        "SELECT chat_id, status, payload, dedupe_key FROM outbox WHERE kind = 'note' ORDER BY id")
    return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]


def albums(app: App, chat_id: int) -> list[Any]:
    return [c for c in app.emulator.calls
            if c.method == "sendMediaGroup" and c.params["chat_id"] == chat_id]


async def write_note(staff: LocalChat, group: int, text: str, photos: int = 0) -> None:
    await notes_press(staff, group)
    await staff.send(text)
    for n in range(photos):
        await staff.send_photo(name=f"pic{n}")
    await staff.press(1)  # «Готово»


async def test_text_only_note_reaches_the_family_and_the_schedule(
        app: App, after_lesson: time_machine.Traveller) -> None:
    after_lesson.move_to(local(TUE, 9))  # the child joined before the lesson: it is theirs
    parent, ids = await family(app)
    after_lesson.move_to(local(TUE, 17))
    staff = await staff_chat(app, TEACHER, "Елена")
    await notes_press(staff, ids["robo-a1"])  # today's lesson: straight to the text
    assert "Что было на занятии" in staff.last_text()
    assert "Робототехника: первые шаги" in staff.last_text()
    await staff.send(TEXT)
    assert "Текст есть" in staff.last_text()
    await staff.press("✅ Готово")
    preview = staff.last_text()
    assert "Так увидят семьи" in preview and TEXT in preview
    assert "Фото: 0" in preview and "Получат: 1 (семей: 1)" in preview
    assert "Нет согласия" not in preview
    assert staff.labels() == ["📤 Отправить", "✏️ Изменить текст", "✖️ Отмена"]
    assert staff.last()["html"].count("&lt;робота&gt;") == 1  # escaped
    await staff.press("📤 Отправить")
    assert staff.last_text().startswith("✅ Отправлено, получателей: 1.")
    assert staff.labels() == ["⬅️ К группе", "🏠 Меню"]
    [row] = await outbox(app)
    assert row["chat_id"] == parent.user_id and "media" not in row["payload"]
    await app.deliver()
    assert TEXT in parent.last_text() and "Что было на занятии" in parent.last_text()
    assert parent.labels() == ["🗓 Расписание", "🏠 Меню"]
    assert not albums(app, parent.user_id)
    await parent.press("🗓 Расписание")
    assert f"↳ 📝 {TEXT}" in parent.last_text()
    # pressed twice: nothing more is written
    lesson = await app.db.fetchval("SELECT lesson_id FROM lesson_notes")
    await staff.press_data(NoteAct(action="send", id=lesson).pack())
    assert "форма уже закрыта" in staff.last_text()
    assert len(await outbox(app)) == 1


async def test_album_with_caption_then_buttons_and_the_consent_warning(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app, "en")
    other = app.chat(user_id=1002, language_code="ru")
    await start_as(other, "parent")
    child = await enrol(app, other.user_id, ids["robo-a1"], "Петров Иван")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE consents SET photo = 0 WHERE child_id ="
                           " (SELECT child_id FROM enrolments WHERE id = ?)", (child,))
    staff = await staff_chat(app, TEACHER, "Elena", "en")
    await notes_press(staff, ids["robo-a1"])
    await staff.send("We built a line follower")
    for n in range(3):
        await staff.send_photo(name=f"pic{n}")
    assert "Photos: 3 of 10" in staff.last_text()
    await staff.press("✅ Done")
    preview = staff.last_text()
    assert "Photos: 3" in preview and "Recipients: 2 (families: 2)" in preview
    assert "No consent to photos: Петров Иван" in preview
    await staff.press("📤 Send")
    assert staff.last_text().startswith("✅ Sent, recipients: 2.")
    rows = await outbox(app)
    assert [r["dedupe_key"].rsplit(":", 1)[1] for r in rows] == ["album", "text"] * 2
    await app.deliver()
    [album] = albums(app, parent.user_id)
    media = album.params["media"]
    assert [m["media"] for m in media] == [f"pic{n}-{TEACHER}-800" for n in range(3)]
    # the album says what it is; the note itself is the text message after it
    assert media[0]["caption"].startswith("📷 Photos from the lesson: Robotics: first steps")
    assert "line follower" not in media[0]["caption"] and "caption" not in media[1]
    messages = parent.messages()
    assert [m.get("album_size") for m in messages[-4:-1]] == [3, None, None]
    assert "We built a line follower" in parent.last_text()
    assert parent.labels() == ["🗓 Schedule", "🏠 Menu"]
    [album_ru] = albums(app, other.user_id)  # each in their own language
    assert album_ru.params["media"][0]["caption"].startswith("📷 Фото с занятия")
    assert "We built a line follower" in other.last_text()
    # the note's card, in English, within a phone's row of buttons
    lesson = await app.db.fetchval("SELECT lesson_id FROM lesson_notes")
    await staff.press_data(NoteLesson(lesson=lesson).pack())
    assert staff.labels()[:2] == ["✏️ Change the text", "🗑 Remove from schedule"]


async def test_photos_refused_past_ten_and_other_files(
        app: App, after_lesson: time_machine.Traveller) -> None:
    _, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Елена")
    await notes_press(staff, ids["robo-a1"])
    await staff.send("x" * 5000)
    assert "длиннее 3\xa0000 знаков (сейчас 5\xa0000)" in staff.last_text()
    await staff.send_sticker()
    assert "Нужен текст" in staff.last_text()
    await staff.send("Паяли")
    await staff.send_sticker()
    assert "только фото" in staff.last_text() and "✅ Готово" in staff.labels()
    await staff.feed(app.emulator._incoming(TEACHER, document={
        "file_id": "d1", "file_unique_id": "d1", "file_name": "a.pdf"}))
    assert "только фото" in staff.last_text()
    for n in range(11):
        await staff.send_photo(name=f"p{n}")
    assert "Уже 10 фото" in staff.last_text()
    await staff.press("✅ Готово")
    assert "Фото: 10" in staff.last_text()


async def test_non_staff_and_no_lesson(app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app)
    await notes_press(parent, ids["robo-a1"])
    assert "устарела" in parent.last_text() or "out of date" in parent.last_text()
    await parent.press_data(NoteAct(action="send", id=1).pack())
    assert not await outbox(app)
    assert await app.db.fetchval("SELECT count(*) FROM lesson_notes") == 0
    staff = await staff_chat(app, TEACHER, "Елена")
    await notes_press(staff, ids["robo-a3"])
    assert staff.last_text() == ("У группы не было занятий за последние 7 дней — "
                                 "рассказать пока не о чем.")
    assert staff.labels() == ["⬅️ К группе", "🏠 Меню"]
    staff_en = await staff_chat(app, 2002, "Olga", "en")
    await notes_press(staff_en, ids["robo-a3"])
    assert staff_en.last_text().startswith("The group has had no lessons in the last 7 days")


async def test_pick_a_lesson_edit_remove_and_too_late(app: App) -> None:
    with time_machine.travel(local(TUE, 10), tick=False) as clock:
        parent, ids = await family(app)  # in the group before Tuesday's lesson
        clock.move_to(local(WED, 10))
        staff = await staff_chat(app, TEACHER, "Елена")
        await notes_press(staff, ids["robo-a1"])
        assert staff.last_text().startswith("Про какое занятие рассказать?")
        labels = staff.labels()
        assert labels[:2] == ["вт 01.12, 15:00–16:30", "чт 26.11, 15:00–16:30"]
        await staff.press(1)
        await staff.send("Первый текст")
        await staff.press("✅ Готово")
        await staff.press("📤 Отправить")
        await app.deliver()
        await notes_press(staff, ids["robo-a1"])
        assert staff.labels()[0] == "📝 вт 01.12, 15:00–16:30"
        await staff.press(1)
        assert "Заметка о занятии" in staff.last_text()
        assert staff.labels()[:2] == ["✏️ Изменить текст", "🗑 Убрать из расписания"]
        await staff.press("✏️ Изменить текст")
        await staff.send("Новый текст")
        assert "обновлён" in staff.last_text()
        await parent.send("/schedule")
        assert "↳ 📝 Новый текст" in parent.last_text() and "Первый" not in parent.last_text()
        assert "Первый текст" in parent.texts()[-2]  # delivered stays
        [note] = await app.db.fetchall("SELECT id FROM lesson_notes")
        await staff.press_data(NoteAct(action="remove", id=note["id"]).pack())
        await staff.press("🗑 Да, убрать")
        assert staff.last_text() == "🗑 Заметка убрана из расписания."
        await parent.send("/schedule")
        assert "📝" not in parent.last_text()
        # a new note for the same lesson, then 8 days on: refused
        await notes_press(staff, ids["robo-a1"])
        await staff.press(1)
        await staff.send("Ещё раз")
        await staff.press("✅ Готово")
        await staff.press("📤 Отправить")
        [_, note2] = await app.db.fetchall("SELECT id FROM lesson_notes ORDER BY id")
        clock.move_to(local(date(2026, 12, 9), 10))
        await staff.press_data(NoteAct(action="edit", id=note2["id"]).pack())
        assert "Прошло больше 7 дней" in staff.last_text()
        await staff.press_data(NoteAct(action="removed", id=note2["id"]).pack())
        assert "Прошло больше 7 дней" in staff.last_text()
        assert await app.db.fetchval("SELECT count(*) FROM lesson_notes"
                                     " WHERE removed_at IS NULL") == 1


async def test_a_blocked_recipient_and_a_restart_mid_note(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app)
    other = app.chat(user_id=1002, language_code="ru")
    await start_as(other, "parent")
    await enrol(app, other.user_id, ids["robo-a1"], "Петров Иван")
    staff = await staff_chat(app, TEACHER, "Елена")
    await app.deliver()
    await write_note(staff, ids["robo-a1"], "Паяли", photos=2)
    await staff.press("📤 Отправить")
    app.emulator.block(other.user_id)
    # the album goes, then the sender stops before the text (Telegram answers 500 to it)
    from bot.local.limits import ApiError

    def down(method: str, params: dict[str, Any]) -> ApiError | None:
        return ApiError(500, "Internal Server Error") if method == "sendMessage" else None
    app.emulator.failures.append(down)
    await app.deliver()
    app.emulator.failures.clear()
    statuses = {(r["chat_id"], r["dedupe_key"].rsplit(":", 1)[1]): r["status"]
                for r in await outbox(app)}
    assert statuses[(parent.user_id, "album")] == "sent"
    assert statuses[(other.user_id, "album")] == "failed"
    assert statuses[(parent.user_id, "text")] == "pending"
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE outbox SET due_at = created_at WHERE kind = 'note'")
    await app.services.sender.outbox.recover(everything=True)  # a restart
    await app.deliver()
    assert len(albums(app, parent.user_id)) == 1
    assert "Паяли" in parent.last_text() and parent.labels() == ["🗓 Расписание", "🏠 Меню"]


async def test_forget_blanks_the_album(app: App, after_lesson: time_machine.Traveller) -> None:
    from storage.outbox import blank_outbox

    parent, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Елена")
    await write_note(staff, ids["robo-a1"], "Паяли", photos=2)
    await staff.press("📤 Отправить")
    async with app.db.transaction() as conn:
        await blank_outbox(conn, chats=[parent.user_id])
    assert [r["payload"] for r in await outbox(app)] == [{}, {}]


async def test_a_family_that_joined_after_the_lesson_is_not_told_of_it(app: App) -> None:
    with time_machine.travel(local(TUE, 10), tick=False) as clock:
        parent, ids = await family(app)  # in the group before Tuesday's lesson
        clock.move_to(local(WED, 10))
        newcomer = app.chat(user_id=1601)
        await start_as(newcomer, "parent")
        await enrol(app, newcomer.user_id, ids["robo-a1"], "Петров Пётр")  # on Wednesday
        await app.deliver()
        staff = await staff_chat(app, TEACHER, "Елена")
        await notes_press(staff, ids["robo-a1"])
        await staff.press(1)  # Tuesday's lesson
        await staff.send("Паяли")
        await staff.press("✅ Готово")
        await staff.press("📤 Отправить")
        await app.deliver()
        assert [row["chat_id"] for row in await outbox(app)] == [parent.user_id]
        assert not any("Паяли" in text for text in newcomer.texts())
