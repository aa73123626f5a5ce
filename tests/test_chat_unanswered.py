"""/unanswered for staff (grouped, newest first, never with a name), the texts' 30 days and
/forget, the flood control in front of the chat, and the crawl from the chat's answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.app import retention
from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from storage.db import Database
from tests.helpers import raw_bytes, start_as, toast
from tests.helpers.crawl import crawl
from tests.helpers.harness import App, make_app
from tests.helpers.signup import load_groups
from tests.helpers.staff import staff_chat

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


async def rows(app: App) -> int:
    return int(await app.db.fetchval("SELECT count(*) FROM unanswered"))


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_staff_see_what_the_bot_missed_grouped_and_without_names(
    app: App, lang: str
) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        staff = await staff_chat(app, 7000, "Елена", lang)
        await staff.send("/unanswered")
        assert staff.last_text().startswith("🤷")
        assert staff.labels() == ["🏠 Меню" if lang == "ru" else "🏠 Menu"]
        for user_id, text in ((7001, "ывапр"), (7002, "  ЫВАПР "), (7003, "Ывапр")):
            pupil = app.chat(user_id=user_id, first_name="Вася Секретов", username="vasya_s")
            await start_as(pupil, "pupil")
            await pupil.send(text)
        clock.shift(timedelta(hours=2))
        await pupil.send("фыва <script>олдж</script>")
        await staff.send("/unanswered")
    text, page = staff.last_text(), staff.last()["html"]
    lines = [line for line in text.split("\n") if line.startswith("• ")]
    assert lines[0].startswith("• «фыва <script>олдж</script>»" if lang == "ru"
                               else '• "фыва <script>олдж</script>"')
    assert "&lt;script&gt;" in page
    assert "×3" in lines[1] and "ывапр" in lines[1].casefold()
    assert "Вася" not in text and "vasya" not in text and "7001" not in text


async def test_a_person_counts_once_a_day_and_keeps_fifty_texts(app: App) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        staff = await staff_chat(app, 7005, "Елена")
        pupil = app.chat(user_id=7006)
        await start_as(pupil, "pupil")
        for text in ("ывапр", "ЫВАПР", "ывапр"):  # the same text the same day: one row
            await pupil.send(text)
            clock.shift(timedelta(minutes=1))
        first = await app.db.fetchall("SELECT id, created_at FROM unanswered")
        assert [str(r[1]) for r in first] == ["2026-03-10T09:02:00+00:00"]  # the latest time
        await pupil.press("❓ Спросить у сотрудников")  # the kept row, under any of the three
        assert pupil.last_text().startswith("✅")
        clock.shift(timedelta(days=1))
        await pupil.send("ывапр")  # another day: counted again
        await staff.send("/unanswered")
        assert "• «ывапр» — ×2," in staff.last_text()
        assert "один человек за день считается один раз" in staff.last_text()
        for n in range(55):
            await pupil.send(f"фыва {n}")
            clock.shift(timedelta(seconds=1))
    kept = [str(r[0]) for r in await app.db.fetchall(
        "SELECT text FROM unanswered WHERE user_id = 7006 ORDER BY created_at")]
    assert len(kept) == 50
    assert kept[0] == "фыва 5" and kept[-1] == "фыва 54"  # the oldest went


async def test_the_list_hides_numbers_and_addresses_and_leaves_out_long_texts(app: App) -> None:
    staff = await staff_chat(app, 7007, "Елена")
    parent = app.chat(user_id=7008)
    await start_as(parent, "parent")
    await parent.send("ывапр звоните +7 (912) 345-67-89, паспорт 4510 123456, ivan.p@mail.ru")
    long = "ывапр " * 60  # longer than the bot tries to understand: kept to ask, not listed
    await parent.send(long)
    await parent.press("❓ Спросить у сотрудников")
    assert parent.last_text().startswith("✅")
    await staff.send("/unanswered")
    text = staff.last_text()
    assert "• «ывапр звоните •••, паспорт •••, …@…» — " in text, text
    assert "912" not in text and "4510" not in text and "mail" not in text
    assert "1 текст" in text and "ывапр ывапр" not in text
    await parent.send("ывапр " + "очень " * 30 + "длинно")
    await staff.send("/unanswered")
    [line] = [x for x in staff.last_text().split("\n") if "очень" in x]
    assert "длинно" not in line and len(line) < 110


async def test_unanswered_pages_and_is_not_for_others(app: App) -> None:
    staff = await staff_chat(app, 7010, "Елена")
    pupil = app.chat(user_id=7011)
    await start_as(pupil, "pupil")
    for n in range(12):
        await pupil.send(f"ывапр {n}")
    await staff.send("/unanswered")
    assert "стр. 1 из 2" in staff.last_text()
    assert "• «ывапр 11»" in staff.last_text()
    await staff.press("Дальше ▶️")
    assert "стр. 2 из 2" in staff.last_text() and "• «ывапр 0»" in staff.last_text()
    await staff.press_data("um:99999")  # a page past the end: the last one
    assert "стр. 2 из 2" in staff.last_text()
    await pupil.send("/unanswered")
    assert pupil.last_text().startswith("Такой команды я не знаю")
    await pupil.press_data("um:0")
    assert toast(pupil) is None  # the message says it: no toast repeating it
    assert pupil.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")


async def test_forget_takes_the_texts(app: App) -> None:
    person = app.chat(user_id=7020)
    await start_as(person, "pupil")
    await person.send("ывапр олдж")
    other = app.chat(user_id=7021)
    await start_as(other, "pupil")
    await other.send("фыва пролд")
    assert await rows(app) == 2
    await person.send("/forget")
    await person.press("🗑 Да, удалить")
    assert person.last_text().startswith("Твои данные удалены")
    assert await rows(app) == 1
    await person.press_data("ca:1")  # its «Спросить» is gone with it
    assert "Этого сообщения у меня уже нет" in person.last_text()


async def test_texts_are_kept_thirty_days(app: App) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        chat = app.chat(user_id=7030)
        await start_as(chat, "pupil")
        await chat.send("ывапр старое")
        clock.shift(timedelta(days=20))
        await chat.send("ывапр новое")
        clock.shift(timedelta(days=10, minutes=1))
        await retention(app.repos, app.settings).run()
        left = [str(r[0]) for r in await app.db.fetchall("SELECT text FROM unanswered")]
    assert left == ["ывапр новое"]
    # nothing of the old text is left in the files, the WAL included
    assert "ывапр старое".encode() not in raw_bytes(app)
    assert "ывапр новое".encode() in raw_bytes(app)


async def test_the_flood_control_holds_in_front_of_the_chat(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts
) -> None:
    flood = make_app(db, settings.model_copy(update={"user_updates_per_minute": 5}), catalogue,
                     texts)
    spammer = flood.chat(user_id=7040)
    await spammer.send("/start")
    for n in range(10):
        await spammer.send(f"ывапр {n}")
    assert spammer.last_text().startswith("Не так быстро")
    assert int(await flood.db.fetchval("SELECT count(*) FROM unanswered")) == 4


@pytest.mark.slow
async def test_the_chats_buttons_meet_no_dead_end(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts
) -> None:
    app = make_app(db, settings.model_copy(update={"user_updates_per_minute": 0}), catalogue,
                   texts)
    await load_groups(app)
    await staff_chat(app, 7050, "Елена")
    chat = app.chat(user_id=7051)
    await start_as(chat, "parent")
    for text in ("хочу собирать роботов", "где вы находитесь", "ывапр", "как записаться",
                 "сколько стоит"):
        await chat.send("/cancel")  # the crawl before may have left a form open
        await chat.send(text)
        presses, _ = await crawl(app, chat, limit=40, skip=("n:home",))
        assert presses >= 1, text
    assert [c for c in app.emulator.calls if c.method == "sendVenue"]

