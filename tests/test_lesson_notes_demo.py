"""The offline demo and lesson notes: staff send a photo or an album with `:photo`, and the
photos the bot sends show as photos, an album counted as one message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from bot.ui.callbacks_groups import GroupAct
from tests.helpers.demo import demo_in
from tests.helpers.harness import App
from tests.helpers.reminders import family, local
from tests.helpers.staff import staff_chat
from tests.test_lesson_notes import TEACHER, TUE, write_note


@pytest.fixture
def after_lesson() -> Iterator[time_machine.Traveller]:
    """Tuesday 1 December, 17:00 in Moscow: robo-a1's lesson (15:00–16:30) is over."""
    with time_machine.travel(local(TUE, 17), tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_the_demo_sends_a_photo_and_an_album(
        app: App, after_lesson: time_machine.Traveller, lang: str) -> None:
    ru = lang == "ru"
    _, ids = await family(app)
    demo, people, out = demo_in(app, lang)
    await people.start(TEACHER, "Елена")
    await demo.line("/start")
    await app.repos.users.set_staff_role(TEACHER, "staff")
    await people.current.chat.press_data(GroupAct(action="notes", group=ids["robo-a1"]).pack())
    await demo.line("Собрали робота")
    mark = len(out.getvalue())
    await demo.line(":фото 3" if ru else ":photo 3")
    shown = out.getvalue()[mark:]
    count = "Фото: 3 из 10" if ru else "Photos: 3 of 10"
    assert shown.count(count) == 1 and "Фото: 1" not in shown and "Photos: 1" not in shown
    await demo.line(":photo")
    assert ("Фото: 4 из 10" if ru else "Photos: 4 of 10") in out.getvalue()[mark:]
    await demo.line(":photo 11")
    assert out.getvalue().rstrip().endswith(
        "Так: :фото — одно фото, :фото 3 — альбом из трёх (не больше 10)." if ru else
        "Like this: :photo — one photo, :photo 3 — an album of three (at most 10).")
    # the family's album and note count as two new messages, not one per photo
    before = people.unseen(1001)
    await demo.line("1")  # «Готово»
    await demo.line("1")  # «Отправить»
    assert people.unseen(1001) - before == 2
    people.elsewhere()


async def test_a_photo_from_the_bot_shows_as_one_in_the_demo(
        app: App, after_lesson: time_machine.Traveller) -> None:
    parent, ids = await family(app)
    staff = await staff_chat(app, TEACHER, "Елена")
    await write_note(staff, ids["robo-a1"], "Паяли", photos=1)
    await staff.press("📤 Отправить")
    demo, people, out = demo_in(app, "ru")
    await people.start(parent.user_id, "Аня")
    await app.deliver()
    await demo.line("/schedule")
    assert "🖼 [фото]\n📷 Фото с занятия" in out.getvalue()
