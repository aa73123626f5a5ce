"""«🎟 Мой билет» and its caption: a school class of 30 long names under a long title still
fits a photo's caption (the rest «и ещё N»), the ticket goes out ahead of a broadcast, at most
once a minute, and not for a cancelled event, one already over, or a family on the waitlist."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.i18n import Texts
from bot.services.event_tickets import CAPTION_LIMIT, ticket_caption, utf16_length
from bot.services.payloads import send_payload
from bot.ui.callbacks_events import TicketShow
from storage.events import event_in
from tests.helpers.events_door import ENDS, an_event, born, person, read_qr, register
from tests.helpers.harness import App
from tests.helpers.reminders import NOW

LINK = "https://t.me/kvantorium_demo_bot?start=in_"
# 30 names of 40 characters, all different
CLASS = [f"Константинопольская Александра {n:02d}".ljust(40, "я") for n in range(30)]


async def long_names(app: App, event: int) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET title_ru = ?, title_en = ?, place = ? WHERE id = ?",
                           ("Т" * 200, "T" * 200, "М" * 199 + "&", event))


async def test_a_class_of_thirty_gets_its_ticket_within_the_caption_limit(
        app: App, frozen: time_machine.Traveller, texts: Texts) -> None:
    event = await an_event(app)
    await long_names(app, event)
    parent = await person(app, 1001)
    ticket = await register(app, event, 1001, [(name, born(10), "seat") for name in CLASS])
    await parent.press_data(TicketShow(registration=ticket.registration).pack())
    row = await app.db.fetchone("SELECT priority FROM outbox WHERE kind = 'ticket'")
    assert row is not None and row["priority"] == 20  # as a seat's offer, ahead of broadcasts
    await app.deliver()
    sent = parent.last()
    assert read_qr(app, sent) == LINK + ticket.token  # delivered, not refused as too long
    caption = str(sent["caption"])
    assert caption.startswith("🎟 Билет: ТТТ") and f"Код для входа: {ticket.code}" in caption
    assert CLASS[0] in caption and CLASS[-1] not in caption
    shown = sum(name in caption for name in CLASS)
    assert f"{CLASS[shown - 1]} и ещё {30 - shown}" in caption
    # the bound holds on the HTML itself, in both languages, however many names
    async with app.db.transaction() as conn:
        found = await event_in(conn, event)
    assert found is not None
    for language in ("ru", "en"):
        t = texts.bind(language, you="vy")
        for names in (CLASS, CLASS * 10, CLASS[:1], []):
            text = ticket_caption(t, found, names, "K7M2PX", app.settings.zone, 3)
            assert utf16_length(text) <= CAPTION_LIMIT
            assert "K7M2PX" in text and "&amp;" in text  # the place escaped
    english = ticket_caption(texts.bind("en", you="vy"), found, CLASS, "K7M2PX",
                             app.settings.zone)
    assert f"{CLASS[0]}, " in english and " more\n" in english

async def test_my_ticket_refuses_kindly_when_there_is_nothing_to_show_at_the_door(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    parent = await person(app, 1001)
    waiting = await register(app, event, 1001, [("Миша Иванов", born(10), "waitlist")])
    await parent.press_data(TicketShow(registration=waiting.registration).pack())
    assert parent.last_text() == ("⏳ Вы в листе ожидания. Билет придёт, как только"
                                  " освободится место.")
    assert parent.labels() == ["🏠 Меню"]
    pupil = await person(app, 1002, role="pupil")
    own = await register(app, event, 1002, [("Петя Петров", born(14), "offered")])
    await pupil.press_data(TicketShow(registration=own.registration).pack())
    assert pupil.last_text().startswith("⏳ Ты в листе ожидания.")
    english = await person(app, 1003, "en")
    seated = await register(app, event, 1003, [("Mike Ivanov", born(10), "seat")])
    # the event over: no ticket
    frozen.move_to(ENDS + timedelta(minutes=1))
    await english.press_data(TicketShow(registration=seated.registration).pack())
    assert english.last_text() == "The event is over; the ticket is no longer needed."
    # cancelled: no ticket either
    frozen.move_to(NOW)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET status = 'cancelled' WHERE id = ?", (event,))
    await english.press_data(TicketShow(registration=seated.registration).pack())
    assert english.last_text() == "❌ The event is cancelled; the ticket is no longer needed."
    assert english.labels() == ["🏠 Menu"]
    await app.deliver()
    assert await app.db.fetchone("SELECT 1 FROM outbox WHERE kind = 'ticket'") is None
    assert all("photo" not in m for chat in (parent, pupil, english) for m in chat.messages())


async def test_nobody_without_a_family_gets_another_such_persons_ticket(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE event_registrations SET family_id = NULL")
        await conn.execute("DELETE FROM family_members")
    stranger = await person(app, 1002)
    await stranger.press_data(TicketShow(registration=ticket.registration).pack())
    assert stranger.last_text() == "🎟 Билет не найден. Проверьте ссылку или код."
    owner = app.chats[1001]
    await owner.press_data(TicketShow(registration=ticket.registration).pack())
    assert owner.answers()[-1].params["text"] == "🎟 Билет отправлен"


async def test_a_ticket_whose_caption_is_still_refused_goes_as_the_photo_then_the_text(
        app: App, frozen: time_machine.Traveller) -> None:
    parent = await person(app, 1001)
    text = "🎟 <b>Билет</b>\n" + "Идут: " + ", ".join(CLASS)  # over the caption's limit
    sent = await send_payload(app.bot, 1001, {"text": text, "qr_token": "tok12345678",
                                              "buttons": [[{"text": "🏠 Меню",
                                                            "callback_data": "n:home"}]]})
    photo, following = parent.messages()[-2:]
    assert sent.message_id == photo["message_id"] and read_qr(app, photo) == LINK + "tok12345678"
    assert str(following["text"]).startswith("🎟 Билет\nИдут: Константинопольская")
    assert parent.labels() == ["🏠 Меню"]
