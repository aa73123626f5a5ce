"""A lesson note on its way: an album from staff gets one answer, and reading a note never
waits for a write."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import time_machine

from storage.clock import utcnow
from tests.helpers.harness import App
from tests.helpers.reminders import family, local
from tests.helpers.staff import staff_chat
from tests.test_lesson_notes import TEACHER, TUE, notes_press, write_note


@pytest.fixture
def after_lesson() -> Iterator[time_machine.Traveller]:
    """Tuesday 1 December, 17:00 in Moscow: robo-a1's lesson (15:00–16:30) is over."""
    with time_machine.travel(local(TUE, 17), tick=False) as traveller:
        yield traveller


def sent_to(app: App, chat_id: int, method: str) -> int:
    return sum(1 for c in app.emulator.calls
               if c.method == method and c.params.get("chat_id") == chat_id)


async def test_an_album_from_staff_gets_one_answer(
        app: App, after_lesson: time_machine.Traveller) -> None:
    _, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Elena", "en")
    await notes_press(staff, ids["robo-a1"])
    await staff.send("We built a line follower")
    before = sent_to(app, TEACHER, "sendMessage")
    await staff.send_album(4)
    assert sent_to(app, TEACHER, "sendMessage") == before + 1
    assert staff.last_text() == "Photos: 4 of 10. Send more or press «Done»."
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
