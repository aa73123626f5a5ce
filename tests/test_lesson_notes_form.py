"""Writing a lesson note: every refusal keeps a way out, «Готово» may be typed, and the
children without photo consent are named before any photo is picked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.reminders import family, local
from tests.helpers.schedule import enrol
from tests.helpers.staff import staff_chat
from tests.test_lesson_notes import TEACHER, TUE, notes_press

WORDS = {
    "ru": {"cancel": "✖️ Отмена", "send": "📤 Отправить", "done": "готово",
           "no_consent": "⚠️ Нет согласия на фото: Петров Иван. Не отправляйте снимки, где есть"
                         " эти дети.", "preview": "Так увидят семьи", "long": "длиннее",
           "cancelled": "Заметка не отправлена", "card": "Заметка о занятии",
           "edit": "✏️ Изменить текст"},
    "en": {"cancel": "✖️ Cancel", "send": "📤 Send", "done": "Done",
           "no_consent": "⚠️ No consent to photos: Петров Иван. Don't send pictures these"
                         " children are in.", "preview": "This is what families will see",
           "long": "longer than", "cancelled": "The note was not sent",
           "card": "Lesson note", "edit": "✏️ Change the text"},
}


@pytest.fixture
def after_lesson() -> Iterator[time_machine.Traveller]:
    """Tuesday 1 December, 17:00 in Moscow: robo-a1's lesson (15:00–16:30) is over."""
    with time_machine.travel(local(TUE, 17), tick=False) as traveller:
        yield traveller


async def no_photo_consent(app: App, group: int) -> None:
    other = app.chat(user_id=1002, language_code="ru")
    await start_as(other, "parent")
    child = await enrol(app, other.user_id, group, "Петров Иван")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE consents SET photo = 0 WHERE child_id ="
                           " (SELECT child_id FROM enrolments WHERE id = ?)", (child,))


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_refusals_keep_a_way_out_and_done_may_be_typed(
        app: App, after_lesson: time_machine.Traveller, lang: str) -> None:
    w = WORDS[lang]
    _, ids = await family(app)
    await no_photo_consent(app, ids["robo-a1"])
    staff = await staff_chat(app, TEACHER, "Елена", lang)
    await notes_press(staff, ids["robo-a1"])
    await staff.send("x" * 5000)
    assert w["long"] in staff.last_text() and staff.labels() == [w["cancel"]]
    await staff.press(w["cancel"])
    assert staff.last_text().startswith(w["cancelled"])
    # the names come with the photos' question, before any photo is picked
    await notes_press(staff, ids["robo-a1"])
    await staff.send("Паяли")
    assert staff.last_text().endswith(w["no_consent"])
    await staff.send(w["done"])  # typed, not pressed
    assert w["preview"] in staff.last_text() and w["send"] in staff.labels()
    await staff.press(w["send"])
    # a sent note's new text, too long: «Отмена» goes back to the note
    await notes_press(staff, ids["robo-a1"])
    await staff.press(w["edit"])
    await staff.send("y" * 3001)
    assert w["long"] in staff.last_text() and staff.labels() == [w["cancel"]]
    await staff.press(w["cancel"])
    assert w["card"] in staff.last_text() and "Паяли" in staff.last_text()
