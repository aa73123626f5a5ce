"""A family's registration as families met it: someone new from a poster is asked who they
are, a young pupil with no family gets a real invite link and the parent who joins by it is
asked to agree; a child outside the ages is refused with the others kept; a parent sees and
gets what the family's child registered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from tests.helpers.events import NOW, add_event, add_family, born, local, queued
from tests.helpers.harness import App


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def test_a_newcomer_pupil_registers_and_the_parent_joins_by_the_link(app: App) -> None:
    event = await add_event(app, seats=3)
    pupil = app.chat(3002)
    await pupil.send("/start ev_robo-mk")
    await pupil.press("✍️ Записаться")
    assert pupil.last_text() == "Кто записывается?"
    await pupil.press("🧒 Записать себя")
    assert pupil.last_text().startswith("Как тебя зовут?")
    await pupil.send("Сидорова Аля")
    await pupil.send(born(12).strftime("%d.%m.%Y"))
    await pupil.press("0")
    await pupil.send("+79110000002")
    assert "Нужно согласие родителя" in pupil.last_text()
    assert "законный представитель" not in " ".join(pupil.texts())
    await pupil.press("✅ Записаться")
    text = pupil.last_text()
    assert "https://t.me/kvantorium_demo_bot?start=fam_" in text and "none" not in text
    assert not await queued(app, event, "ticket")
    code = text.split("start=fam_")[1].split()[0].strip(".")
    parent = app.chat(3001)
    await parent.send(f"/start fam_{code}")
    await parent.press("👪 Я родитель")
    assert parent.last_text().startswith("✍️ Ваш ребёнок записывается на событие")
    assert "Сидорова Аля" in parent.last_text()
    await parent.press("✅ Согласен(на)")
    assert parent.last_text() == "✅ Спасибо, согласие получено."
    assert [q.chat_id for q in await queued(app, event, "ticket")] == [3002, 3001]
    reminders = {q.chat_id for q in await queued(app, event, "remind")}
    assert reminders == {3002, 3001}
    # the parent's card shows the child's seat with the ticket and «Не придём»
    await parent.send("/start ev_robo-mk")
    assert "✅ Сидорова Аля — место есть" in parent.last_text()
    assert {"🎟 Мой билет", "🙅 Не придём"} <= set(parent.labels())


async def test_a_child_outside_the_ages_is_refused_and_the_others_kept(app: App) -> None:
    await add_event(app, "robo", ages=(8, 16))
    await add_event(app, "openday", ages=(5, 18), start=local(date(2026, 12, 6), 12))
    await add_family(app, 1001, [("Иванова Маша", 10)])
    chat = app.chat(1001)
    await chat.send("/start ev_robo")
    await chat.press("✍️ Записаться")
    await chat.press("Иванова Маша")
    await chat.press("➕ Другой ребёнок")
    await chat.send("Иванов Петя")
    await chat.send(born(6).strftime("%d.%m.%Y"))
    text = chat.last_text()
    assert text.startswith("⚠️ Иванов Петя — 6 лет в день события, а берут 8–16 лет.")
    assert "Выбрано: Иванова Маша" in text and "Петя" not in text.split("Выбрано:")[1]
    assert chat.labels()[0] == "🎪 Мастер-класс: роботы"  # the open day fits a 6-year-old
    await chat.press("➕ Другой ребёнок")
    await chat.send("Иванов Ваня")
    await chat.send(born(9).strftime("%d.%m.%Y"))
    assert "Выбрано: Иванова Маша, Иванов Ваня" in chat.last_text()
    await chat.press("✅ Иванов Ваня")  # a typed child taken out again
    assert "Выбрано: Иванова Маша\n" in chat.last_text() + "\n"
    assert "✅ Иванов Ваня" not in chat.labels()
    en = app.chat(1002, language_code="en")
    await add_family(app, 1002, [("Petrov Kolya", 17)], lang="en")
    await en.send("/start ev_robo")
    await en.press("✍️ Register")
    await en.press("Petrov Kolya")
    assert en.last_text().startswith(
        "⚠️ Petrov Kolya will be 17 on the day, and this event is for ages 8–16.")
