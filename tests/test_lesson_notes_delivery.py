"""A lesson note on its way: the note's text never depends on its album arriving, a new text
reaches the families not reached yet, an album from staff gets one answer, and reading a note
never waits for a write."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from bot.local.limits import ApiError
from bot.ui.callbacks_notes import NoteAct
from storage.clock import utcnow
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.reminders import family, local
from tests.helpers.schedule import enrol
from tests.helpers.staff import staff_chat
from tests.test_lesson_notes import TEACHER, TUE, albums, notes_press, outbox, write_note


@pytest.fixture
def after_lesson() -> Iterator[time_machine.Traveller]:
    """Tuesday 1 December, 17:00 in Moscow: robo-a1's lesson (15:00–16:30) is over."""
    with time_machine.travel(local(TUE, 17), tick=False) as traveller:
        yield traveller


def failing(method: str, chat_id: int | None = None, code: int = 500,
            reason: str = "Internal Server Error") -> Any:
    def fail(called: str, params: dict[str, Any]) -> ApiError | None:
        if called == method and chat_id in (None, params.get("chat_id")):
            return ApiError(code, reason)
        return None
    return fail


async def due_now(app: App) -> None:
    """Messages waiting to be retried are due (the retry's wait is over)."""
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE outbox SET due_at = created_at WHERE status = 'pending'")


def sent_to(app: App, chat_id: int, method: str) -> int:
    return sum(1 for c in app.emulator.calls
               if c.method == method and c.params.get("chat_id") == chat_id)


async def test_an_album_telegram_refuses_loses_only_the_photos(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Елена")
    await write_note(staff, ids["robo-a1"], "Собрали светофор на Arduino", photos=2)
    await staff.press("📤 Отправить")
    app.emulator.failures.append(failing(
        "sendMediaGroup", code=400, reason="Bad Request: wrong file identifier specified"))
    await app.deliver()
    statuses = {r["dedupe_key"].rsplit(":", 1)[1]: r["status"] for r in await outbox(app)}
    assert statuses == {"album": "failed", "text": "sent"}
    note = parent.last_text()
    assert "Что было на занятии" in note and "Собрали светофор на Arduino" in note
    assert "Робототехника: первые шаги" in note
    assert parent.labels() == ["🗓 Расписание", "🏠 Меню"]
    assert not any("👆" in text for text in parent.texts())


async def test_an_album_retried_after_the_text_still_says_what_it_is(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app, "en")
    staff = await staff_chat(app, TEACHER, "Elena", "en")
    await write_note(staff, ids["robo-a1"], "We soldered a traffic light", photos=3)
    await staff.press("📤 Send")
    app.emulator.failures.append(failing("sendMediaGroup"))  # Telegram is down for albums
    await app.deliver()
    app.emulator.failures.clear()
    assert "We soldered a traffic light" in parent.last_text()  # the note, whole, first
    assert parent.labels() == ["🗓 Schedule", "🏠 Menu"]
    await due_now(app)
    await app.deliver()
    album = albums(app, parent.user_id)[-1]  # the first attempt failed
    caption = album.params["media"][0]["caption"]
    assert caption.startswith("📷 Photos from the lesson: Robotics: first steps")
    assert parent.messages()[-3].get("album_size") == 3  # the album came after the note
    assert not any("👆" in text for text in parent.texts())


async def test_a_new_text_reaches_the_families_not_reached_yet(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app)
    other = app.chat(user_id=1002, language_code="en")
    await start_as(other, "parent", "en")
    await enrol(app, other.user_id, ids["robo-a1"], "Petrov Ivan")
    staff = await staff_chat(app, TEACHER, "Елена")
    await app.deliver()
    await write_note(staff, ids["robo-a1"], "Первый текст", photos=2)
    await staff.press("📤 Отправить")
    # the first family gets everything; the second's text waits to be retried
    app.emulator.failures.append(failing("sendMessage", other.user_id))
    await app.deliver()
    app.emulator.failures.clear()
    assert "Первый текст" in parent.last_text()
    assert len(albums(app, other.user_id)) == 1 and "Первый текст" not in other.texts()[-1]
    reached = sent_to(app, parent.user_id, "sendMessage")
    [note] = await app.db.fetchall("SELECT id FROM lesson_notes")
    await notes_press(staff, ids["robo-a1"])
    await staff.press("✏️ Изменить текст")
    assert "Кому заметка ещё не ушла, получат новый текст" in staff.last_text()
    await staff.send("Второй текст")
    assert staff.last_text() == (
        "✅ Текст заметки в расписании обновлён. Ещё не ушедшие сообщения (1) уйдут с новым"
        " текстом; уже доставленные остались прежними.")
    await due_now(app)
    await app.deliver()
    text = other.last_text()
    assert "What we did at the lesson" in text and "Второй текст" in text
    assert "Первый" not in text
    assert other.labels() == ["🗓 Schedule", "🏠 Menu"]
    assert "Первый текст" in parent.last_text()  # delivered: stays as it was
    assert sent_to(app, parent.user_id, "sendMessage") == reached  # and is not sent again
    # everything delivered: an edit now changes only the schedule, and says so
    await staff.press_data(NoteAct(action="edit", id=note["id"]).pack())
    await staff.send("Третий текст")
    assert "Неотправленных сообщений не осталось" in staff.last_text()


async def test_an_album_from_staff_gets_one_answer(
        app: App, after_lesson: time_machine.Traveller) -> None:
    _, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Elena", "en")
    await notes_press(staff, ids["robo-a1"])
    await staff.send("We built a line follower")
    before = sent_to(app, TEACHER, "sendMessage")
    await staff.send_album(4)
    assert sent_to(app, TEACHER, "sendMessage") == before + 1
    assert staff.last_text() == "Photos: 4 of 10. Send more or press “Done”."
    assert staff.labels() == ["✅ Done", "✖️ Cancel"]
    await staff.send_album(8, name="more")  # only six more fit
    assert sent_to(app, TEACHER, "sendMessage") == before + 2
    assert staff.last_text().startswith("That's 10 photos already")
    await staff.press("✅ Done")
    assert "Photos: 10" in staff.last_text()
    # in Russian, and a single photo after an album gets its own answer
    staff_ru = await staff_chat(app, 2002, "Ольга")
    await notes_press(staff_ru, ids["robo-a1"])
    await staff_ru.send("Паяли")
    before = sent_to(app, 2002, "sendMessage")
    await staff_ru.send_album(3)
    await staff_ru.send_photo(name="one")
    assert sent_to(app, 2002, "sendMessage") == before + 2
    assert staff_ru.last_text() == "Фото: 4 из 10. Пришлите ещё или нажмите «Готово»."
    assert staff_ru.texts()[-2] == "Фото: 3 из 10. Пришлите ещё или нажмите «Готово»."


async def test_reading_a_note_does_not_wait_for_a_write(
        app: App, after_lesson: time_machine.Traveller) -> None:
    _, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Елена")
    await write_note(staff, ids["robo-a1"], "Паяли")
    await staff.press("📤 Отправить")
    [row] = await app.db.fetchall("SELECT id, lesson_id FROM lesson_notes")
    notes = app.services.lesson_notes
    async with app.db.transaction():  # a long write holds the writer meanwhile
        opened = await asyncio.wait_for(notes.open(row["lesson_id"], utcnow()), 2)
        found = await asyncio.wait_for(notes.note(row["id"], utcnow()), 2)
        preview = await asyncio.wait_for(notes.preview(ids["robo-a1"]), 2)
    assert opened.outcome == "ok" and opened.note is not None and opened.note.text == "Паяли"
    assert found.outcome == "ok"
    assert (preview.people, preview.families) == (1, 1)
