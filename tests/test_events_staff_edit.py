"""Staff and events, the edges: an event over two days or past midnight shown with its end's
day, the list for Excel in the staff member's language with ages on the event's local day, an
event under way still changed (its place), and the description asked in English too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

from bot.services import dates
from bot.ui.callbacks_events import EventManage, EventNew
from tests.helpers import toast
from tests.helpers.events_staff import SOON, add_event, draft, family, register
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat

DAY = (SOON + timedelta(days=3 if (SOON + timedelta(days=3)).strftime("%m%d") != "0229"
                          else 4)).date()


async def test_an_evening_past_midnight_and_a_two_day_event(app: App) -> None:
    zone = app.settings.zone
    admin = await admin_chat(app)
    await admin.press_data(EventNew().pack())
    await admin.press("🏆 Соревнование")
    await admin.send("Ночной хакатон")
    await admin.press("Как по-русски")
    await admin.send(f"{DAY:%d.%m.%Y} 23:00")
    await admin.send("01:00")  # the night after, not «конец раньше начала»
    end = datetime.combine(DAY + timedelta(days=1), time(1), zone)
    assert admin.last_text().startswith("Где?")
    for answer in ("Кванториум", "20", "12-17"):
        await admin.send(answer)
    await admin.press("✅ Готово")
    await admin.press("1")
    await admin.press("Пропустить")
    await admin.press("Пропустить")
    assert f"23:00 — {dates.weekday_and_time(end, zone, 'ru')}" in admin.last_text()
    await admin.press("✅ Создать")
    row = await app.db.fetchone("SELECT ends_at FROM events")
    assert row is not None and row[0] == end.astimezone(UTC).isoformat()

    # two days, moved: the screen and the notice name the end's day
    event = await add_event(app, code="hack")
    await family(app, 3002, "en", "John")
    await register(app, event, 3002, [("Smith Tom", "2012-01-01", "seat")])
    start = datetime.combine(DAY, time(10), zone)
    finish = datetime.combine(DAY + timedelta(days=1), time(18), zone)
    saved = await app.services.event_admin.update(
        event, draft("hack", starts_at=start.astimezone(UTC), ends_at=finish.astimezone(UTC)),
        by=0)
    assert saved.told == 1
    await admin.press_data(EventManage(event=event).pack())
    assert (f"{dates.weekday_and_time(start, zone, 'ru')} — "
            f"{dates.weekday_and_time(finish, zone, 'ru')}") in admin.last_text()
    notice = await app.db.fetchval(
        "SELECT payload FROM outbox WHERE dedupe_key LIKE ?", (f"ev:{event}:moved:%",))
    assert (f"{dates.weekday_and_time(start, zone, 'en')} — "
            f"{dates.weekday_and_time(finish, zone, 'en')}") in notice


async def test_the_list_in_english_with_ages_on_the_events_own_day(app: App) -> None:
    zone = app.settings.zone
    # 00:30 local is the evening before in UTC: the child turns 10 on the event's day
    start = datetime.combine(DAY, time(0, 30), zone).astimezone(UTC)
    event = await add_event(app, starts_at=start, ends_at=start + timedelta(hours=2))
    born = DAY.replace(year=DAY.year - 10).isoformat()
    await family(app, 3001)
    await register(app, event, 3001, [("Петров Пётр", born, "seat"),
                                      ("Петрова Анна", "2015-01-01", "consent")])
    en = await admin_chat(app, "en")
    await en.press_data(EventManage(event=event).pack())
    assert "1. Петров Пётр — 10 · seat" in en.last_text()
    assert "2. Петрова Анна" in en.last_text() and "awaiting consent" in en.last_text()
    await en.press("⬇️ List")
    document = [m for m in en.messages() if "document" in m][-1]
    data = app.emulator.files[document["document"]["file_id"]].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["Child", "Age", "Status", "Adults", "Parent", "Phone", "Checked in"]
    assert rows[1][:3] == ["Петров Пётр", "10", "seat"]
    assert rows[2][2] == "awaiting consent"


async def test_an_event_under_way_gets_a_new_place_and_an_english_description(
        app: App) -> None:
    started = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    event = await add_event(app, starts_at=started, ends_at=started + timedelta(hours=3),
                            description_ru="", description_en="")
    admin = await admin_chat(app)
    await admin.press_data(EventManage(event=event).pack())
    await admin.press("✏️ Изменить")
    await admin.press("Место")
    await admin.send("Лаборатория 305")
    await admin.press("Описание")
    await admin.send("Соберём робота.")
    assert admin.last_text().startswith("То же по-английски")
    await admin.press("Как по-русски")
    await admin.press("💾 Сохранить")
    assert "Событие сохранено." in admin.last_text()
    assert toast(admin) is None  # the screen says it: no toast repeating it
    saved = await app.services.event_admin.get(event)
    assert saved is not None and saved.place == "Лаборатория 305"
    assert saved.description("en") == "Соберём робота."  # the Russian when none in English
    await admin.press("✏️ Изменить")
    await admin.press("Описание")
    await admin.send("Соберём робота.")
    await admin.send("We build a robot.")
    assert "<i>We build a robot.</i>" in admin.last_text() or "We build a robot." in (
        admin.last_text())
    await admin.press("💾 Сохранить")
    saved = await app.services.event_admin.get(event)
    assert saved is not None and saved.description("en") == "We build a robot."
    # the start itself cannot be moved into the past
    await admin.press("✏️ Изменить")
    await admin.press("Когда")
    await admin.send(f"{started.astimezone(app.settings.zone):%d.%m.%Y %H:%M}")
    assert "прошло" in admin.last_text()
