"""Staff and events, during and after: events under way and those just over stay reachable
(«🗂 Идущие и прошедшие», /pastevents), an event over is neither cancelled nor moved, the
counts of who came, seats cut below those registered, the poster link, a message to the
event's people with its heading and button, and the form's examples."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.ui.callbacks_event_admin import EaAct, EaForm, EaPast
from bot.ui.callbacks_events import EventManage, EventNew, EventOpen
from storage.clock import to_db
from storage.events import EventDraft
from tests.helpers import toast
from tests.helpers.events_staff import add_event, family, feedback, register
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat, staff_chat


async def shift(app: App, event: int, start: timedelta, end: timedelta) -> None:
    """The event's time moved relative to now (start and end)."""
    now = datetime.now(UTC).replace(microsecond=0)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?",
                           (to_db(now + start), to_db(now + end), event))


async def test_an_event_over_stays_reachable_and_is_neither_cancelled_nor_moved(
        app: App) -> None:
    event = await add_event(app)
    for user in (3001, 3002, 3003):
        await family(app, user)
    reg = await register(app, event, 3001, [("Петров Пётр", "2016-03-01", "seat")],
                         checked_in=True)
    reg2 = await register(app, event, 3002, [("Smith Tom", "2015-01-01", "seat")])
    await register(app, event, 3003, [("Козлова Вера", "2017-01-01", "waitlist")])
    await feedback(app, reg, event, 5, "Супер")
    await feedback(app, reg2, event, 2, None)
    await add_event(app, code="later")  # a coming one: not on the page of past events
    await shift(app, event, -timedelta(hours=3), -timedelta(hours=1))
    admin = await admin_chat(app)
    await admin.send("/pastevents")
    text = admin.last_text()
    assert text.startswith("🗂 Идущие и прошедшие события") and text.count("Первый робот") == 1
    await admin.press("Первый робот")
    text = admin.last_text()
    assert "Пришли: 1 из 2" in text  # the waitlist is not expected at the door
    assert "Отзывы: ★ 3,5 (2)" in text and "· ✅ на месте" in text
    assert "❌ Отменить событие" not in admin.labels()
    assert "🗂 Идущие и прошедшие" in admin.labels()
    await admin.press_data(EaAct(event=event, action="cancel-yes").pack())  # forged
    assert "Событие уже прошло — отменить его нельзя." in admin.last_text()
    assert toast(admin) is None  # the screen says it: no toast repeating it
    assert await app.db.fetchval("SELECT status FROM events WHERE id = ?", (event,)) == "open"
    await admin.press("✏️ Изменить")
    assert "Когда" not in admin.labels() and "Место" in admin.labels()
    await admin.press_data(EaForm(action="f-when").pack())  # forged
    assert "Событие уже прошло — его время не меняется." in admin.messages()[-2]["text"]
    # the service refuses a moved time too
    found = await app.services.event_admin.get(event)
    assert found is not None
    moved = EventDraft(**{f: getattr(found, f) for f in EventDraft.__dataclass_fields__})
    saved = await app.services.event_admin.update(
        event, replace(moved, ends_at=found.ends_at + timedelta(hours=1)), by=0)
    assert saved.outcome == "ended"
    assert (await app.services.event_admin.cancel(event))[0] == "ended"

    english = await staff_chat(app, 9002, "Ann", "en")
    await english.press_data(EaPast().pack())
    assert english.last_text().startswith("🗂 Events under way and past")
    await english.press_data(EventManage(event=event).pack())
    assert "Feedback: ★ 3.5 (2)" in english.last_text()
    assert "Checked in: 1 of 2" in english.last_text() and "· ✅ here" in english.last_text()


async def test_seats_cut_below_those_registered_warn_and_the_poster_link(app: App) -> None:
    event = await add_event(app, companions=0)
    await family(app, 3001)
    await register(app, event, 3001, [("Петров Пётр", "2016-03-01", "seat"),
                                      ("Петрова Анна", "2018-05-05", "seat")])
    admin = await admin_chat(app)
    await admin.press_data(EventManage(event=event).pack())
    text = admin.last_text()
    assert "Ссылка для афиши: https://t.me/kvantorium_demo_bot?start=ev_robo-mk" in text
    assert "Дети приходят без взрослых" in text
    await admin.press("✏️ Изменить")
    await admin.press("Места и возраст")
    await admin.send("1")
    await admin.press("Любой возраст")
    assert "⚠️ Уже записаны 2: они остаются, новых мест не будет." in admin.last_text()
    await admin.press("💾 Сохранить")
    assert "Записаны: 2 из 1 места" in admin.last_text()

    english = await staff_chat(app, 9002, "Ann", "en")
    await english.press_data(EventManage(event=event).pack())
    assert "Registered: 2 of 1 seat" in english.last_text()
    assert "Children come without adults" in english.last_text()
    assert "Poster link: https://t.me/kvantorium_demo_bot?start=ev_robo-mk" in (
        english.last_text())


async def test_a_message_to_the_events_people_names_the_event(app: App) -> None:
    event = await add_event(app)
    olga = await family(app, 3001)
    john = await family(app, 3002, "en", "John")
    await register(app, event, 3001, [("Петров Пётр", "2016-03-01", "seat")])
    await register(app, event, 3002, [("Smith Tom", "2015-01-01", "waitlist")])
    admin = await admin_chat(app)
    await admin.press_data(EventManage(event=event).pack())
    await admin.press("📣 Написать участникам")
    text = admin.last_text()
    assert "все, кто записал детей на событие" in text and "группы" not in text
    await admin.send("Возьмите сменную обувь.")
    await admin.press("✅ Отправить (2)")
    await app.deliver()
    got = olga.last_text()
    assert got.startswith("📣 Первый робот, ") and got.endswith("Возьмите сменную обувь.")
    assert olga.labels() == ["🎪 Событие"]
    assert john.last_text().startswith("📣 First robot, ") and john.labels() == ["🎪 The event"]
    assert olga.last()["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == (
        EventOpen(event=event).pack())
    assert "⬅️ К событию" in admin.labels()


async def test_the_forms_examples_are_dated_ahead_with_dashes(app: App) -> None:
    admin = await admin_chat(app)
    await admin.press_data(EventNew().pack())
    await admin.press("🛠 Мастер-класс")
    await admin.send("Первый робот")
    await admin.press("Как по-русски")
    ahead = (datetime.now(app.settings.zone) + timedelta(days=7)).date()
    assert f"например: {ahead:%d.%m.%Y} 16:00" in admin.last_text()
    await admin.send("позже")
    assert admin.last_text().startswith(f"Не понял дату и время. Напишите так: {ahead:%d.%m.%Y}")
    await admin.send(f"{ahead:%d.%m.%Y} 16:00")
    await admin.send("90")
    await admin.send("Кванториум")
    await admin.send("10")
    assert "например: 7–12" in admin.last_text()
