"""Events as a family meets them in the chat, on a travelling clock: the list filtered by the
children's ages, the card, a poster's link, registering known and new children with adults and
a phone, a young pupil's registration waiting for a parent, refusals, the waitlist and the
choice when seats run short, and «🙅 Не придём» under a reminder giving the seat to the next
family, who answer «✅ Приду» and get their ticket."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from bot.services.event_booking_rules import ChildIn, Request
from tests.helpers.events import NOW, add_event, add_family, add_pupil, born, local, queued
from tests.helpers.harness import App

pytestmark = pytest.mark.usefixtures("frozen")  # the tests' NOW, the clock standing still


async def test_list_filtered_by_age_card_and_deep_link(app: App) -> None:
    young = await add_event(app, "lego", ages=(7, 10))
    await add_event(app, "drones", ages=(14, 17), start=local(date(2026, 12, 6), 12))
    await add_family(app, 1001, [("Иванова Маша", 9)])
    chat = app.chat(1001)
    await chat.send("/events")
    text = chat.last_text()
    assert "Мастер-класс: роботы" in text and "сб, 5 декабря, 11:00–12:30" in text
    assert "7–10 лет · осталось 10 мест" in text and "Робоквантум" in text
    assert "Показаны события по возрасту ваших детей." in text
    assert text.count("Каб. 101") == 1  # the 14–17 event is filtered out
    await chat.press("1. Мастер-класс: роботы")
    card = chat.last_text()
    # the title once, no kind repeated under it, one emoji on the quanta's line
    assert card.startswith("🎪 Мастер-класс: роботы\n\nСоберём робота.")
    assert "со взрослыми: до 1" in card and card.endswith("\n🤖 Робоквантум")
    assert chat.labels() == ["✍️ Записаться", "⬅️ К событиям", "🏠 Меню"]
    await chat.send("/start ev_lego")
    assert chat.last_text().startswith("🎪 <b>Мастер-класс: роботы</b>") or (
        "Мастер-класс: роботы" in chat.last_text())
    await chat.send("/start ev_nothing")
    assert chat.last_text().startswith("Событие не найдено")
    assert "Каб. 101\n7–10 лет · осталось 10 мест · 🤖 Робоквантум" in chat.last_text()
    assert young
    en = app.chat(1002, language_code="en")
    await en.send("/events")
    assert "Master class: robots" in en.last_text() and "10 seats left" in en.last_text()


async def test_register_known_and_new_children_with_an_adult(app: App) -> None:
    event = await add_event(app, seats=5, companions=2)
    await add_family(app, 1001, [("Иванова Маша", 9), ("Иванов Петя", 8)])
    chat = app.chat(1001)
    await chat.send("/start ev_robo-mk")
    await chat.press("✍️ Записаться")
    await chat.press("Иванова Маша")
    await chat.press("➕ Другой ребёнок")
    await chat.send("Иванов Ваня")
    await chat.send(born(8).strftime("%d.%m.%Y"))
    assert "Выбрано: Иванова Маша, Иванов Ваня" in chat.last_text()
    await chat.press("➡️ Дальше")
    # two adults may come with each child: up to 4 for two
    assert chat.last_text() == "Сколько всего взрослых придёт с детьми? Можно не больше 4."
    assert chat.labels() == ["0", "1", "2", "3", "4", "✖️ Не записываться"]
    await chat.press("1")
    assert "Ваш номер телефона" in chat.texts()[-2]
    await chat.send("8 912 345-67-89")
    # a child new to the technopark: the parent accepts the consent text
    await chat.press("✅ Согласен(на)")
    assert "Дети: Иванова Маша, Иванов Ваня" in chat.last_text()
    assert "Взрослых: 1" in chat.last_text()
    await chat.press("✅ Записаться")
    assert "Место есть у: Иванова Маша, Иванов Ваня" in chat.last_text()
    [ticket] = await queued(app, event, "ticket")
    assert "Иванова Маша, Иванов Ваня, взрослых: 1" in ticket.text
    # a child registered before is marked on «Кто придёт?» and refused at once; the phone
    # is not asked again
    await chat.press("🎪 К событию")
    await chat.press("➕ Записать ещё")
    assert "🎟 Уже записаны на это событие: Иванова Маша." in chat.last_text()
    await chat.press("🎟 Иванова Маша")
    assert chat.last_text().startswith("⚠️ Уже записаны на это событие: Иванова Маша.")
    assert "Выбрано: пока никого" in chat.last_text()
    await chat.press("Иванов Петя")
    await chat.press("➡️ Дальше")
    await chat.press("0")
    assert "Дети: Иванов Петя" in chat.last_text()


async def test_refusals_by_age_and_when_closed(app: App) -> None:
    await add_event(app, "small", ages=(7, 8), until=NOW + timedelta(days=1))
    await add_family(app, 1001, [("Иванова Маша", 12)])
    chat = app.chat(1001)
    await chat.send("/start ev_small")
    await chat.press("✍️ Записаться")
    await chat.press("Иванова Маша")
    assert chat.last_text().startswith(
        "⚠️ Иванова Маша — 12 лет в день события, а берут 7–8 лет. Остальных оставили в списке."
        "\n\nКто придёт?")
    assert "✖️ Не записываться" in chat.labels() and "➡️ Дальше" not in chat.labels()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        await chat.send("/start ev_small")
        # registration over: said on the card and the list, and no «✍️ Записаться»
        assert "🎫 🔒 Запись закрыта" in chat.last_text()
        assert "⏳ Запись до" not in chat.last_text()
        assert "✍️ Записаться" not in chat.labels()
        await chat.send("/events")
        assert "7–8 лет · 🔒 Запись закрыта" in chat.last_text()
    en = app.chat(1002, language_code="en")
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        await en.send("/start ev_small")
        assert "🔒 Registration closed" in en.last_text()
        assert "✍️ Register" not in en.labels()


async def test_full_waitlist_and_the_split_choice(app: App) -> None:
    event = await add_event(app, seats=2)
    await add_family(app, 1001, [("Иванова Маша", 9)], lang="en")
    first = app.chat(1001, language_code="en")
    await first.send("/start ev_robo-mk")
    await first.press("✍️ Register")
    await first.press("Иванова Маша")
    await first.press("➡️ Next")
    await first.press("0")
    await first.send("+79123456789")
    await first.press("✅ Register")
    assert "Seats for: Иванова Маша" in first.last_text()
    await add_family(app, 1002, [("Петрова Аня", 9), ("Петров Боря", 10)])
    chat = app.chat(1002)
    await chat.send("/start ev_robo-mk")
    await chat.press("✍️ Записаться")
    await chat.press("Петрова Аня")
    await chat.press("Петров Боря")
    await chat.press("➡️ Дальше")
    await chat.press("0")
    await chat.send("+79001112233")
    await chat.press("✅ Записаться")
    assert chat.last_text() == "Свободных мест: 1, а детей: 2. Как поступим?"
    await chat.press("1 сейчас, прочие ждут")
    assert "Место есть у: Петрова Аня" in chat.last_text()
    assert "В листе ожидания: Петров Боря (место в очереди: 1)" in chat.last_text()
    assert len(await queued(app, event, "ticket")) == 2


async def test_cancel_under_a_reminder_offers_the_seat_and_come_gets_a_ticket(
    app: App, frozen: time_machine.Traveller,
) -> None:
    event = await add_event(app, seats=1)
    book = app.services.event_booking
    fam1, [masha] = await add_family(app, 1001, [("Иванова Маша", 9)])
    fam2, [anja] = await add_family(app, 1002, [("Петрова Аня", 9)])
    await book.register(Request(event, 1001, fam1, (ChildIn("Иванова Маша", born(9), masha),)))
    await book.register(Request(event, 1002, fam2, (ChildIn("Петрова Аня", born(9), anja),)))
    first, second = app.chat(1001), app.chat(1002)
    await first.send("/start")
    await second.send("/start")
    frozen.move_to(local(date(2026, 12, 4), 19))
    await app.deliver()
    reminder = [t for t in first.texts() if t.startswith("⏰ Завтра")]
    assert reminder and "Иванова Маша" in reminder[0]
    await first.press("🙅 Не придём")
    assert first.last_text().startswith("Точно не придёте?")
    await first.press("🙅 Никто не придёт")
    assert first.last_text().startswith("Запись отменена")
    await app.deliver()
    offer = second.last_text()
    assert offer.startswith("🎉 Освободилось место") and "до 5 декабря, 07:00" in offer
    await second.press("✅ Придём")
    assert second.last_text() == "✅ Место ваше! Билет придёт следующим сообщением."
    await app.deliver()
    assert second.last_text().startswith("🎟 <b>Билет: Мастер-класс: роботы</b>") or (
        "Петрова Аня" in second.last_text())


async def test_a_young_pupil_waits_for_a_parent(app: App) -> None:
    event = await add_event(app, seats=3)
    family, _ = await add_family(app, 1001, [])
    await add_pupil(app, family, 1003, "Коля")
    pupil = app.chat(1003)
    await pupil.send("/start ev_robo-mk")
    await pupil.press("✍️ Записаться")
    await pupil.send("Иванов Коля")
    await pupil.send(born(11).strftime("%d.%m.%Y"))
    await pupil.press("0")
    await pupil.send("+79123456789")
    assert "Нужно согласие родителя" in pupil.last_text()
    await pupil.press("✅ Записаться")
    assert pupil.last_text().endswith(
        "Ждём согласия родителя — мы его спросили в боте.")
    assert not await queued(app, event, "ticket")
    parent = app.chat(1001)
    await parent.send("/start")
    await app.deliver()
    assert parent.last_text().startswith("✍️ Ваш ребёнок записывается на событие")
    await parent.press("✅ Согласен(на)")
    assert parent.last_text() == "✅ Спасибо, согласие получено."
    # an 11-year-old's ticket goes to the pupil's own account and to the parent
    assert [q.chat_id for q in await queued(app, event, "ticket")] == [1003, 1001]
