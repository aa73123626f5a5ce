"""Staff and events: «➕ Новое событие» in the chat (bad answers asked again, nothing written
before «Создать»), an event's screen with the people registered, the list for Excel,
cancelling (everyone told once, in their language), a move told, and a parent's forged press."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.ui.callbacks_event_admin import EaAct
from bot.ui.callbacks_events import EventManage, EventNew
from tests.helpers import toast
from tests.helpers.events_staff import SOON, add_event, draft, family, feedback, register
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat

DAY = SOON + timedelta(days=3)
WHEN = f"{DAY:%d.%m.%Y} 16:00"


async def test_creating_an_event_in_the_chat_with_bad_answers(app: App) -> None:
    admin = await admin_chat(app)
    await admin.press_data(EventNew().pack())
    assert admin.last_text().startswith("➕ Новое событие\n\nЧто это будет?")
    await admin.press("🛠 Мастер-класс")
    assert admin.last_text().startswith("Название по-русски")
    await admin.send("x" * 5000)
    assert admin.last_text().startswith("Слишком длинно: не больше 100 знаков.")
    await admin.send("Первый робот")
    await admin.press("Как по-русски")
    await admin.send("31.02.2027 16:00")
    assert admin.last_text().startswith("Такой даты или времени нет")
    await admin.send("01.01.2020 16:00")
    assert admin.last_text().startswith("Не понял дату") or "прошло" in admin.last_text()
    await admin.send(WHEN)
    await admin.send("15:00")
    assert admin.last_text().startswith("Конец должен быть позже начала.")
    await admin.send("1,5 ч")
    await admin.send("Лаборатория 204")
    await admin.send("много")
    assert admin.last_text().startswith("Нужно целое число от 0 до 1\xa0000.")
    await admin.send("12")
    await admin.send("12-7")
    assert admin.last_text().startswith("Первый возраст больше второго")
    await admin.send("7-12")
    await admin.press("Робоквантум")
    assert "✅ Робоквантум" in admin.labels()
    await admin.press("✅ Готово")
    await admin.press("2")
    await admin.press("Пропустить")
    await admin.press("Пропустить")
    text = admin.last_text()
    assert text.startswith("➕ Новое событие — проверьте")
    assert "🗓 " in text and "16:00–17:30" in text and "Мест: 12" in text
    assert "Возраст: 7–12 лет" in text and "Квантумы: Робоквантум" in text
    assert await app.db.fetchval("SELECT count(*) FROM events") == 0  # nothing yet
    await admin.press("✅ Создать")
    row = await app.db.fetchone("SELECT code, title_en, seats, companions, quanta FROM events")
    assert row is not None and tuple(row) == ("pervyy-robot", "Первый робот", 12, 2, "robo")
    assert admin.last_text().startswith("Первый робот\n🛠 Мастер-класс")
    assert "Пока никто не записался." in admin.last_text()
    assert admin.last_text().endswith("\n\nСобытие создано.")
    assert toast(admin) is None  # the screen says it: no toast repeating it
    assert admin.labels()[:3] == ["📣 Написать участникам", "✏️ Изменить",
                                  "❌ Отменить событие"]


async def test_cancel_leaves_the_form_unsaved_in_english(app: App) -> None:
    admin = await admin_chat(app, "en")
    await admin.press_data(EventNew().pack())
    await admin.press("🚪 Open day")
    await admin.send("День открытых дверей")
    await admin.send("Open day")
    await admin.send("soon")
    assert admin.last_text().startswith("I didn't get the date and time.")
    await admin.send("/cancel")
    assert await app.db.fetchval("SELECT count(*) FROM events") == 0


async def test_the_staff_screen_the_list_and_a_move_told(app: App) -> None:
    event = await add_event(app)
    olga = await family(app, 3001)
    john = await family(app, 3002, "en", "John")
    reg = await register(app, event, 3001, [("Петров Пётр", "2016-03-01", "seat"),
                                            ("Петрова Анна", "2018-05-05", "seat")],
                         companions=1, checked_in=True)
    await register(app, event, 3002, [("Smith Tom", "2015-01-01", "waitlist")], companions=2,
                   phone="=HYPERLINK(1)")
    await feedback(app, reg, event, 5, "Очень понравилось")
    admin = await admin_chat(app)
    await admin.press_data(EventManage(event=event).pack())
    text = admin.last_text()
    assert text.startswith("Первый робот\n🛠 Мастер-класс")  # the kind's emoji only once
    assert "Записаны: 2 из 10 мест" in text and "В листе ожидания: 1" in text
    assert "Пришли: 2 из 2" in text and "Взрослых ожидается: 1" in text
    assert "1. Петров Пётр — 10 лет · место · ✅ на месте" in text
    assert "3. Smith Tom — 11 лет · ожидание" in text
    assert "Отзывы: ★ 5,0 (1)" in text and "«Очень понравилось»" in text

    await admin.press("⬇️ Список")
    document = [m for m in admin.messages() if "document" in m][-1]
    data = app.emulator.files[document["document"]["file_id"]]
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Ребёнок", "Возраст", "Статус", "Взрослых", "Родитель", "Телефон",
                       "Пришли"]
    assert rows[1][:6] == ["Петров Пётр", "10", "место", "1", "Ольга", "'+7 900 111-22-33"]
    assert rows[3][2] == "ожидание"
    assert rows[1][6] != "" and rows[3][5] == "'=HYPERLINK(1)" and rows[3][4] == "John"
    assert admin.last_text().startswith("Первый робот")  # the screen again, below

    # a move told once to each, in their language
    moved = draft(starts_at=SOON + timedelta(hours=2), ends_at=SOON + timedelta(hours=3))
    saved = await app.services.event_admin.update(event, moved, by=0)
    assert saved.told == 2
    again = await app.services.event_admin.update(event, moved, by=0)
    assert again.told == 0
    await app.deliver()
    assert olga.last_text().startswith("🗓 Событие перенесено")
    assert john.last_text().startswith("🗓 The event has moved")


async def test_cancelling_tells_each_registered_person_once(app: App) -> None:
    event = await add_event(app)
    olga = await family(app, 3001)
    john = await family(app, 3002, "en", "John")
    await register(app, event, 3001, [("Петров Пётр", "2016-03-01", "seat")])
    await register(app, event, 3002, [("Smith Tom", "2015-01-01", "waitlist")])
    async with app.db.transaction() as conn:  # a reminder queued for the event
        await conn.execute(
            "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, priority,"
            " created_at) VALUES ('reminder', 3001, '{}', ?, '2099-01-01T00:00:00+00:00', 10,"
            " '2026-01-01T00:00:00+00:00')", (f"ev:{event}:remind:1:2h:x",))
    admin = await admin_chat(app)
    await admin.press_data(EventManage(event=event).pack())
    await admin.press("❌ Отменить событие")
    assert "2 записавшихся получат сообщение об отмене" in admin.last_text()
    await admin.press("❌ Да, отменить")
    assert admin.last_text().startswith("Первый робот\n❌ Событие отменено.\n")
    # said once, at the top, then the count; no toast repeats either
    assert admin.last_text().endswith("\n\nСообщений об отмене: 2.")
    assert admin.last_text().count("отменено") == 1 and toast(admin) is None
    await admin.press_data(EaAct(event=event, action="cancel-yes").pack())  # a double tap
    assert await app.db.fetchval("SELECT status FROM events") == "cancelled"
    assert await app.db.fetchval(
        "SELECT status FROM outbox WHERE dedupe_key LIKE '%remind%'") == "cancelled"
    assert await app.db.fetchval(
        "SELECT count(*) FROM outbox WHERE dedupe_key LIKE ?",
        (f"ev:{event}:cancelled:%",)) == 2
    await app.deliver()
    assert olga.last_text().startswith("❌ Событие отменено")
    assert john.last_text().startswith("❌ The event is cancelled")


async def test_a_parents_forged_press_changes_nothing(app: App) -> None:
    event = await add_event(app)
    parent = await family(app, 3001)
    await parent.press_data(EaAct(event=event, action="cancel-yes").pack())
    assert await app.db.fetchval("SELECT status FROM events") == "open"
    assert parent.labels()  # a polite answer with a way on
    await parent.press_data(EventManage(event=event).pack())
    assert "Первый робот" not in parent.last_text()
    await parent.press_data(EventNew().pack())
    assert "Новое событие" not in parent.last_text()
