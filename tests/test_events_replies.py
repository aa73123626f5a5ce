"""What a family reads after acting on a registration: «ушло следующему» only when someone
was waiting, one child's seat freed with the others kept, a lapsed hold, a pupil spoken to
with «ты», the adults of the whole registration kept when a child is added, a poster's code in
capitals, and staff reaching the events under way from the list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from bot.services.event_booking_rules import ChildIn, Request
from tests.helpers.events import NOW, add_event, add_family, add_pupil, born, queued
from tests.helpers.harness import ADMIN_ID, App


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def test_cancel_and_lapse_say_whose_seat_and_where_it_went(app: App) -> None:
    event = await add_event(app, seats=2)
    first_family, kids = await add_family(app, 1001, [("Иванова Маша", 9), ("Иванов Дима", 8)])
    second_family, [anya] = await add_family(app, 1002, [("Петрова Аня", 9)])
    booking = app.services.event_booking
    await booking.register(Request(event, 1001, first_family, (
        ChildIn("Иванова Маша", born(9), kids[0]), ChildIn("Иванов Дима", born(8), kids[1])),
        phone="+79990000001"))
    await booking.register(Request(event, 1002, second_family, (
        ChildIn("Петрова Аня", born(9), anya),), phone="+79990000002", mode="wait"))
    chat = app.chat(1001)
    await chat.send("/start ev_robo-mk")
    assert "✅ Иванова Маша — место есть\n✅ Иванов Дима — место есть" in chat.last_text()
    await chat.press("🙅 Не придём")
    await chat.press("Не придёт: Иванов Дима")
    assert chat.last_text() == ("Место освобождено: Иванов Дима. Остаются в записи: Иванова "
                                "Маша. Место отдали следующему в очереди.")
    # nobody waits any more: the hold lapses and the seat is simply free again
    [offer] = await queued(app, event, "offer")
    assert offer.chat_id == 1002
    await booking.expire_holds(NOW + timedelta(days=3))
    [lapsed] = await queued(app, event, "lapsed")
    assert lapsed.text.startswith(
        "⌛ Петрова Аня: место на <b>Мастер-класс: роботы</b> больше не держим")
    assert "следующему" not in lapsed.text
    await chat.send("/start ev_robo-mk")
    await chat.press("🙅 Не придём")
    assert chat.last_text() == "Точно не придёте? Место освободится для других."
    await chat.press("🙅 Никто не придёт")
    assert chat.last_text() == "Запись отменена."


async def test_a_pupil_reads_ty_and_the_adults_of_the_registration_stay(app: App) -> None:
    await add_event(app, seats=5, companions=1)
    family, _ = await add_family(app, 1001, [])
    await add_pupil(app, family, 1003, "Артём")
    pupil = app.chat(1003)
    await pupil.send("/start ev_ROBO-MK")  # a poster's code typed in capitals
    await pupil.press("✍️ Записаться")
    await pupil.send("Козлов Артём")
    await pupil.send(born(14).strftime("%d.%m.%Y"))
    assert pupil.last_text() == "Сколько взрослых придёт с тобой? Можно не больше одного."
    assert pupil.labels() == ["0", "1", "✖️ Не записываться"]
    await pupil.press("0")
    await pupil.send("+79123456789")
    await pupil.press("✅ Согласен(на)")
    assert "Кто: Козлов Артём" in pupil.last_text()
    await pupil.press("✅ Записаться")
    assert pupil.last_text().startswith("✅ Записали!\nМесто за тобой.")
    await pupil.press("🎪 К событию")
    await pupil.press("🙅 Не приду")
    assert pupil.last_text() == "Точно не придёшь? Место освободится для других."
    assert pupil.labels() == ["🙅 Не приду", "⬅️ Всё-таки приду"]

    # a parent adds a child later: the question shows the adults registered, kept as they are
    parent_family, kids = await add_family(app, 1005, [("Иванова Маша", 9), ("Иванов Дима", 8)])
    await app.services.event_booking.register(Request(
        1, 1005, parent_family, (ChildIn("Иванова Маша", born(9), kids[0]),), companions=1,
        phone="+79990000005"))
    parent = app.chat(1005)
    await parent.send("/start ev_robo-mk")
    await parent.press("➕ Записать ещё")
    await parent.press("Иванов Дима")
    await parent.press("➡️ Дальше")
    assert parent.last_text() == ("Сколько всего взрослых придёт с детьми? Можно не больше 2."
                                  " Сейчас в записи: 1.")
    assert parent.labels() == ["0", "✅ 1", "2", "✖️ Не записываться"]
    await parent.press("✅ 1")
    assert "Взрослых: 1" in parent.last_text()
    await parent.press("✅ Записаться")
    companions = await app.db.fetchval(
        "SELECT companions FROM event_registrations WHERE user_id = 1005")
    assert companions == 1
    # English too
    en = app.chat(1006, language_code="en")
    en_family, [tom] = await add_family(app, 1006, [("Smith Tom", 9)], lang="en")
    await en.send("/start ev_Robo-Mk")
    await en.press("✍️ Register")
    await en.press("Smith Tom")
    await en.press("➡️ Next")
    assert en.last_text() == "How many adults in all come with the children? One at most."
    assert tom and en_family


async def test_staff_reach_the_events_under_way_from_the_list(app: App) -> None:
    await add_event(app)
    admin = app.chat(ADMIN_ID)
    await admin.send("/events")
    labels = admin.labels()
    assert labels.index("🗂 Идущие и прошедшие") == labels.index("➕ Новое событие") + 1
    await admin.press("🗂 Идущие и прошедшие")
    assert admin.last_text().startswith("🗂 Идущие и прошедшие события") or (
        "Идущих и недавно прошедших событий нет" in admin.last_text())


async def test_the_demo_brings_an_events_reminders_now(app: App) -> None:
    from bot.local.demo_reminders import reminders_now

    event = await add_event(app)
    family, [masha] = await add_family(app, 1001, [("Иванова Маша", 9)])
    await app.services.event_booking.register(Request(
        event, 1001, family, (ChildIn("Иванова Маша", born(9), masha),), phone="+79990000001"))
    assert await queued(app, event, "remind")
    brought = await reminders_now(1001, app.repos.reminders, app.repos.family_lessons,
                                  app.services.planner, app.repos.lessons)
    assert brought.count == 2 and brought.early is None
    chat = app.chat(1001)
    await app.deliver()
    texts = chat.texts()
    assert any(text.startswith("⏰ Завтра: <b>Мастер-класс: роботы</b>") or
               text.startswith("⏰ Завтра: Мастер-класс: роботы") for text in texts), texts
