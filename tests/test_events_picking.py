"""«Кто придёт?» as a parent ticks children: the screen changes in place (a child ticked, taken
out, or refused with a note), and a child registered before is marked by their record even
after their birth date was put right; and the event's card, which shows each change at once."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from bot.services.event_booking_rules import ChildIn, Request
from tests.helpers.events import add_event, add_family, born, local
from tests.helpers.harness import App

pytestmark = pytest.mark.usefixtures("frozen")  # the tests' NOW, the clock standing still


async def test_ticking_children_changes_the_screen_in_place(app: App) -> None:
    await add_event(app, seats=5)
    await add_family(app, 1001, [("Иванова Маша", 9), ("Иванов Петя", 8), ("Иванов Гоша", 16)])
    chat = app.chat(1001)
    await chat.send("/start ev_robo-mk")
    await chat.press("✍️ Записаться")
    screen = chat.last()["message_id"]
    count = len(chat.messages())
    await chat.press("Иванова Маша")
    await chat.press("Иванов Петя")
    assert len(chat.messages()) == count and chat.last()["message_id"] == screen
    assert "Выбрано: Иванова Маша, Иванов Петя" in chat.last_text()
    assert chat.labels()[:2] == ["✅ Иванова Маша", "✅ Иванов Петя"]
    await chat.press("✅ Иванова Маша")  # taken out again
    assert "Выбрано: Иванов Петя" in chat.last_text()
    # refused (16, the event is for 7–14): the note over the same screen
    await chat.press("Иванов Гоша")
    assert len(chat.messages()) == count
    assert chat.last_text().startswith("⚠️") and "Выбрано: Иванов Петя" in chat.last_text()
    # a child typed in, then taken out by a press: the new screen changes in place too
    await chat.press("➕ Другой ребёнок")
    await chat.send("Иванов Ваня")
    await chat.send(born(8).strftime("%d.%m.%Y"))
    assert "Выбрано: Иванов Петя, Иванов Ваня" in chat.last_text()
    count = len(chat.messages())
    await chat.press("✅ Иванов Ваня")
    assert len(chat.messages()) == count
    assert "Выбрано: Иванов Петя" in chat.last_text() and "Ваня" not in chat.last_text()
    await chat.press("➡️ Дальше")  # the next question is a new message
    assert len(chat.messages()) == count + 1


async def test_a_child_registered_before_is_marked_after_their_birth_date_is_put_right(
    app: App,
) -> None:
    event = await add_event(app, seats=5)
    family, [masha] = await add_family(app, 1001, [("Иванова Маша", 9)])
    await app.services.event_booking.register(
        Request(event, 1001, family, (ChildIn("Иванова Маша", born(9), masha),)))
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE children SET birth_date = ? WHERE id = ?",
                           (born(10).isoformat(), masha))
    chat = app.chat(1001)
    await chat.send("/start ev_robo-mk")
    await chat.press("➕ Записать ещё")
    assert "🎟 Уже записаны на это событие: Иванова Маша." in chat.last_text()
    await chat.press("🎟 Иванова Маша")
    assert chat.last_text().startswith("⚠️ Уже записаны на это событие: Иванова Маша.")


async def test_the_card_shows_what_changed_at_once(app: App, frozen: time_machine.Traveller
                                                  ) -> None:
    """Cards are remembered by what they show: a seat taken, a title put right, the
    registration closing, each reaches the next reader of the card at once."""
    event = await add_event(app, seats=10, until=local(date(2026, 12, 3), 18))
    family, [masha] = await add_family(app, 1001, [("Иванова Маша", 9)])
    await add_family(app, 1002, [("Петрова Аня", 9)])
    first, second = app.chat(1001), app.chat(1002)
    for chat in (first, second, first):
        await chat.send("/start ev_robo-mk")
        assert "осталось 10 мест" in chat.last_text()
        assert "✍️ Записаться" in chat.labels()
    await app.services.event_booking.register(
        Request(event, 1001, family, (ChildIn("Иванова Маша", born(9), masha),)))
    await second.send("/start ev_robo-mk")
    assert "осталось 9 мест" in second.last_text()
    await first.send("/start ev_robo-mk")  # their own card: the child's place on it
    assert "✅ Иванова Маша — место есть" in first.last_text()
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET title_ru = 'Мастер-класс: дроны' WHERE id = ?",
                           (event,))
    await second.send("/start ev_robo-mk")
    assert second.last_text().startswith("🎪 Мастер-класс: дроны")
    frozen.move_to(local(date(2026, 12, 3), 19))
    await second.send("/start ev_robo-mk")
    assert "🔒 Запись закрыта" in second.last_text()
    assert "✍️ Записаться" not in second.labels()
