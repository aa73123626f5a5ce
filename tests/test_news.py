"""«📰 Новости»: the feed and its pages, the quantum filter, partners, a post in full, the
shared link, the quantum card's news, subscriptions from the card, a notification and the
settings, and buttons that were forged or have gone stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.local.demo_sample import SAMPLE_PARTNERS
from bot.services.partner_import import parse_partners_csv
from bot.ui.callbacks import NewsFeed, NewsPost, NewsSubscribe, PartnerPage
from storage.news import NewsRepo, Post, PostContent
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import NOW, family

BASE = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
PHOTO = "AgACAgIAAxkBAAIBphoto"
STALE = "Эта кнопка устарела — вот актуальное меню."


async def post(app: App, title: str, *, hours: int = 0, quantum: str | None = None,
               partner: int | None = None, photo: str | None = None,
               body: str = "Ребята собрали <b>робота</b>.\nВторая строка.") -> Post:
    """A post published `hours` after BASE: a later one is newer."""
    with time_machine.travel(BASE + timedelta(hours=hours), tick=False):
        return await app.services.news.create(
            PostContent(title=title, body=body, photo=photo, quantum_code=quantum,
                        partner_id=partner),
            by=ADMIN_ID, today=BASE.date(),
        )


async def seven(app: App) -> list[Post]:
    """Seven posts, «Новость 1» the oldest; robo and it in turn."""
    return [await post(app, f"Новость {n}", hours=n, quantum="robo" if n % 2 else "it")
            for n in range(1, 8)]


def toast(chat: LocalChat) -> str:
    return str(chat.answers()[-1].params.get("text") or "")


def sent_to(app: App, user_id: int, title: str) -> list[dict[str, Any]]:
    return [m for m in app.emulator.sent(user_id)
            if title in str(m.get("text") or m.get("caption") or "")]


# ---- the feed --------------------------------------------------------------------------------


async def test_the_feed_pages_newest_first_in_one_message(app: App) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.press("📰 Новости")
    text = chat.last_text()
    assert text.startswith("📰 Новости · стр. 1 из 2")
    assert [line for line in text.splitlines() if line[:1].isdigit()] == [
        "1. Новость 7", "2. Новость 6", "3. Новость 5", "4. Новость 4", "5. Новость 3"]
    assert "Ребята собрали робота." in text and "Вторая строка" not in text
    assert "🤖 Робоквантум · 12 мая" in text
    assert chat.labels() == ["1. Новость 7", "2. Новость 6", "3. Новость 5", "4. Новость 4",
                             "5. Новость 3", "Дальше ▶️", "🔎 Квантум",
                             "🤝 Проекты с партнёрами", "🏠 Меню"]
    await chat.press("Дальше ▶️")
    assert chat.last_text().startswith("📰 Новости · стр. 2 из 2")
    assert chat.labels()[:3] == ["6. Новость 2", "7. Новость 1", "◀️ Назад"]
    await chat.press("◀️ Назад")
    assert "1. Новость 7" in chat.last_text()
    assert len(chat.messages()) == 1  # the menu, edited into the pages
    assert chat.calls("editMessageText")


async def test_the_feed_in_english(app: App) -> None:
    await seven(app)
    chat = app.chat(user_id=1002, language_code="en")
    await start_as(chat, "pupil", lang="en")
    await chat.send("/news")
    assert chat.last_text().startswith("📰 News · page 1 of 2")
    assert "🤖 Robotics Quantum · 12 May" in chat.last_text()
    assert chat.labels()[-4:] == ["Next ▶️", "🔎 By quantum", "🤝 Partner projects", "🏠 Menu"]


@pytest.mark.parametrize(("lang", "role", "expected", "labels"), [
    ("ru", "pupil", "Новостей пока нет", ["📚 Все квантумы", "🏠 Меню"]),
    ("ru", "parent", "выберите направление для ребёнка", ["📚 Все квантумы", "🏠 Меню"]),
    ("en", "parent", "No news yet", ["📚 All quanta", "🏠 Menu"]),
])
async def test_an_empty_feed_points_to_the_catalogue(
    app: App, lang: str, role: str, expected: str, labels: list[str]
) -> None:
    chat = app.chat(language_code=lang)
    await start_as(chat, role, lang=lang)
    await chat.send("/news")
    assert expected in chat.last_text()
    assert chat.labels() == labels


async def test_a_page_past_the_end_shows_the_last(app: App) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat)
    for page in (99, 2**63 - 1):
        await chat.press_data(NewsFeed(page=page).pack())
        assert chat.last_text().startswith("📰 Новости · стр. 2 из 2")
    await chat.press_data(NewsFeed(page=-5).pack())
    assert chat.last_text().startswith("📰 Новости · стр. 1 из 2")


async def test_the_quantum_filter(app: App) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    await chat.press("🔎 Квантум")
    assert chat.last_text().startswith("🔎 Новости квантума")
    # only the quanta that have posts, in the catalogue's order, and «all»
    assert chat.labels() == ["🤖 Робоквантум", "💻 IT-квантум", "📰 Все новости", "🏠 Меню"]
    await chat.press("💻 IT-квантум")
    text = chat.last_text()
    assert text.startswith("📰 Новости · IT-квантум\n")
    assert "Новость 6" in text and "Новость 4" in text and "Новость 7" not in text
    assert chat.labels() == ["1. Новость 6", "2. Новость 4", "3. Новость 2", "🔎 Квантум",
                             "📰 Все новости", "🏠 Меню"]
    await chat.press("📰 Все новости")
    assert "1. Новость 7" in chat.last_text()
    assert len(chat.messages()) == 2  # the menu and /news's feed, edited in place


async def test_a_quantum_without_posts_says_so(app: App) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(NewsFeed(quantum="aero").pack())
    assert "В этом квантуме новостей пока нет" in chat.last_text()
    assert chat.labels() == ["📰 Все новости", "🏠 Меню"]


# ---- a post in full -------------------------------------------------------------------------


async def test_a_photo_post_opens_as_a_new_photo_and_leads_back(app: App) -> None:
    await seven(app)
    photo = await post(app, "Дрон над технопарком", hours=20, quantum="aero", photo=PHOTO)
    chat = app.chat()
    await start_as(chat)
    await chat.press("📰 Новости")
    feed_id = chat.last()["message_id"]
    await chat.press("1. Дрон над технопарком")
    assert [c.params["photo"] for c in chat.calls("sendPhoto")] == [PHOTO]
    shown = chat.last()
    assert shown["message_id"] != feed_id
    assert shown["caption"].startswith("Дрон над технопарком\n\nРебята собрали робота.")
    assert "<b>Дрон над технопарком</b>" in shown["html"]
    assert chat.labels() == ["🔔 Новости квантума", "📤 Поделиться", "◀️ К новостям",
                             "🏠 Меню"]
    share = chat.find("📤 Поделиться").url or ""
    assert share.startswith("https://t.me/share/url?url=")
    assert f"kvantorium_demo_bot%3Fstart%3Dnews_{photo.id}" in share
    await chat.press("◀️ К новостям")
    # a photo cannot become a text: the feed comes anew, the photo stays
    assert chat.last()["message_id"] > shown["message_id"]
    assert chat.last_text().startswith("📰 Новости · стр. 1 из 2")
    assert "photo" in chat.messages()[-2]


async def test_a_text_post_goes_back_to_its_page_in_place(app: App) -> None:
    await seven(app)
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", lang="en")
    await chat.send("/news")
    await chat.press("Next ▶️")
    await chat.press("7. Новость 1")
    assert chat.calls("sendMessage") and not chat.calls("sendPhoto")
    opened = chat.last()["message_id"]
    assert chat.labels() == ["🔔 Quantum news", "📤 Share", "◀️ Back to news", "🏠 Menu"]
    await chat.press("◀️ Back to news")
    assert chat.last()["message_id"] == opened
    assert chat.last_text().startswith("📰 News · page 2 of 2")


async def test_staff_see_a_post_as_everyone_does(app: App) -> None:
    await post(app, "Хакатон", quantum="it")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/news")
    await admin.press("1. Хакатон")
    assert admin.labels() == ["🔔 Новости квантума", "📤 Поделиться", "◀️ К новостям",
                              "🏠 Меню"]


async def test_a_post_of_no_quantum_has_no_toggle(app: App) -> None:
    await post(app, "День открытых дверей")
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    await chat.press("1. День открытых дверей")
    assert chat.labels() == ["📤 Поделиться", "◀️ К новостям", "🏠 Меню"]


async def test_the_shared_link_opens_a_post(app: App) -> None:
    shared = await post(app, "Победа на олимпиаде", quantum="robo")
    chat = app.chat()
    await chat.send(f"/start news_{shared.id}")
    assert chat.last_text().startswith("Победа на олимпиаде\n")
    assert "◀️ К новостям" in chat.labels()
    await chat.press("◀️ К новостям")
    assert chat.last_text().startswith("📰 Новости")


@pytest.mark.parametrize("payload", ["news_999", "news_", "news_abc", "news_1x",
                                     "news_99999999999999999999999"])
async def test_an_unknown_shared_link_shows_the_feed(app: App, payload: str) -> None:
    await post(app, "Победа на олимпиаде", quantum="robo")
    chat = app.chat()
    await chat.send(f"/start {payload}")
    assert chat.last_text().startswith("Этой новости больше нет — вот свежие.\n\n📰 Новости")
    assert "1. Победа на олимпиаде" in chat.labels()


async def test_an_unpublished_post_is_gone_by_link_and_by_button(app: App) -> None:
    first = await post(app, "Старая новость", hours=1, quantum="robo")
    await post(app, "Свежая новость", hours=2, quantum="robo")
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.send("/news")
    await app.services.news.unpublish(first.id, first.version)
    await chat.press("2. Старая новость")
    assert toast(chat) == ""  # the feed says it: no toast repeating it
    assert chat.last_text().startswith("That story has been taken down.")
    assert "Старая новость" not in chat.last_text()
    await chat.send(f"/start news_{first.id}")
    assert chat.last_text().startswith("That story has been taken down.")
    assert chat.labels()[0] == "1. Свежая новость"


# ---- partners -------------------------------------------------------------------------------


async def test_partners_and_their_projects(app: App) -> None:
    rostec = await app.services.news.add_partner("Ростех", "Станки & роботы для заводов")
    await app.services.news.add_partner("Без проектов")
    await post(app, "Сортировщик деталей", hours=1, quantum="robo", partner=rostec.id)
    await post(app, "Цифровой двойник цеха", hours=2, quantum="it", partner=rostec.id)
    await post(app, "Просто новость", hours=3)
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    await chat.press("🤝 Проекты с партнёрами")
    assert chat.last_text().startswith("🤝 Проекты с партнёрами")
    assert "• Ростех — 2 проекта" in chat.last_text()
    assert "Без проектов" not in chat.last_text()
    assert chat.labels() == ["Ростех", "◀️ К новостям", "🏠 Меню"]
    await chat.press("Ростех")
    text = chat.last_text()
    assert text.startswith("🤝 Ростех\n\nСтанки & роботы для заводов")
    assert "Станки &amp; роботы" in chat.last()["html"]
    assert chat.labels() == ["1. Цифровой двойник цеха", "2. Сортировщик деталей",
                             "⬅️ Все партнёры", "🏠 Меню"]
    await chat.press("2. Сортировщик деталей")
    assert chat.last_text().startswith("Сортировщик деталей")
    assert "🤝 Ростех" in chat.last_text()
    await chat.press("◀️ К новостям")
    assert chat.last_text().startswith("🤝 Ростех")
    await chat.press("⬅️ Все партнёры")
    assert "• Ростех — 2 проекта" in chat.last_text()
    assert len(chat.messages()) == 3  # the menu, the feed and the post, edited in place


async def test_partners_in_english_and_none_yet(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.send("/news")
    await chat.press_data("pp:0")
    assert chat.last_text().startswith("🤝 Partner projects\n\nNo partner projects yet.")
    assert chat.labels() == ["◀️ Back to news", "🏠 Menu"]
    partner = await app.services.news.add_partner("МФТИ", "University")
    await post(app, "Spectrometer", partner=partner.id)
    await chat.press_data("pp:0")
    assert "• МФТИ — 1 project" in chat.last_text()


async def test_partners_read_in_english_from_the_partners_file(app: App) -> None:
    """The sample file's `name_en` and `description_en` are what English readers see; a
    file without the columns keeps them, an empty cell clears them."""
    partners, errors = parse_partners_csv(SAMPLE_PARTNERS.read_bytes())
    assert errors == []
    assert await app.services.news.import_partners(partners) == (4, 0)
    lyceum = next(p for p in await app.services.news.partners() if p.name == "Яндекс Лицей")
    await post(app, "Хакатон", quantum="it", partner=lyceum.id)
    en = app.chat(user_id=1002, language_code="en")
    await start_as(en, lang="en")
    await en.send("/news")
    assert "💻 IT Quantum · 🤝 Yandex Lyceum · " in en.last_text()
    assert "Яндекс" not in en.last_text()
    await en.press("🤝 Partner projects")
    assert "• Yandex Lyceum — 1 project" in en.last_text()
    await en.press("Yandex Lyceum")
    assert en.last_text().startswith(
        "🤝 Yandex Lyceum\n\nPython programming courses for school pupils, mentors at"
        " hackathons")
    await en.press("1. Хакатон")
    assert "🤝 Yandex Lyceum" in en.last_text()
    ru = app.chat(user_id=1001)
    await start_as(ru)
    await ru.send("/news")
    assert "💻 IT-квантум · 🤝 Яндекс Лицей · " in ru.last_text()
    # staff reading in English pick the partner by its English name
    admin = app.chat(user_id=ADMIN_ID, language_code="en")
    await admin.send("/start")
    await app.repos.users.set_language(ADMIN_ID, "en")
    await admin.send("/post")
    await admin.press("➕ New post")
    await admin.send("Robots at school")
    await admin.send("Pupils showed their robots.")
    await admin.press("No photo")
    await admin.press("No quantum")
    assert "Yandex Lyceum" in admin.labels() and "Яндекс Лицей" not in admin.labels()
    await admin.press("Yandex Lyceum")
    assert "\n\n🤝 Yandex Lyceum · " in admin.messages()[-2]["text"]  # the preview

    async def imported(csv: str) -> str:
        rows, problems = parse_partners_csv(csv.encode())
        assert problems == []
        await app.services.news.import_partners(rows)
        await en.press_data(PartnerPage(id=lyceum.id).pack())
        return en.last_text()

    # a file without the columns keeps the English ones; an empty cell clears
    assert (await imported("name;description\nЯндекс Лицей;Курсы Python\n")).startswith(
        "🤝 Yandex Lyceum\n\nPython programming courses")
    assert (await imported("name;description;name_en;description_en\n"
                           "Яндекс Лицей;Курсы Python;;\n")).startswith(
        "🤝 Яндекс Лицей\n\nКурсы Python")


# ---- the quantum card -----------------------------------------------------------------------


async def test_the_card_shows_the_latest_posts_and_a_toggle(app: App) -> None:
    for n in range(1, 5):
        await post(app, f"Робот {n}", hours=n, quantum="robo")
    await post(app, "Про IT", hours=9, quantum="it")
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/quanta")
    await chat.press("🤖 Робоквантум")
    text = chat.last_text()
    assert "Новости квантума\n• Робот 4 — 12 мая\n• Робот 3 — 12 мая\n• Робот 2 — 12 мая" in text
    assert "Про IT" not in text and "Робот 1" not in text
    assert chat.labels() == ["✍️ Записаться", "🗓 Расписание групп", "📰 Робот 4",
                             "📰 Робот 3", "📰 Робот 2", "🔔 Новости квантума",
                             "⬅️ Все квантумы", "🏠 Меню"]
    card = chat.last()["message_id"]
    await chat.press("🔔 Новости квантума")
    assert toast(chat) == "Подписались: новые проекты квантума придут сюда."
    assert chat.calls("editMessageReplyMarkup") and not chat.calls("editMessageText")
    assert "🔕 Не присылать новости" in chat.labels(card)
    assert await app.repos.news.following(chat.user_id, BASE.date()) == {"robo": True}
    await chat.press("🔕 Не присылать новости")
    assert toast(chat) == "Больше не присылаем новости этого квантума."
    assert "🔔 Новости квантума" in chat.labels(card)
    assert await app.repos.news.following(chat.user_id, BASE.date()) == {"robo": False}
    await chat.press("📰 Робот 4")
    assert chat.last_text().startswith("Робот 4")
    assert chat.labels()[0] == "🔔 Новости квантума"


async def test_a_card_without_posts_has_the_toggle_only(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, "pupil", lang="en")
    await chat.send("/quanta")
    await chat.press("🛩️ Aero Quantum")
    assert "Latest news" not in chat.last_text()
    assert chat.labels() == ["✍️ Sign up", "🗓 Group timetable", "🔔 Quantum news",
                             "⬅️ All quanta", "🏠 Menu"]
    await chat.press("🔔 Quantum news")
    assert toast(chat) == "Done: new projects from this quantum will come here."
    assert "🔕 Stop its news" in chat.labels()


async def test_the_toggle_on_a_post_changes_only_its_button(app: App) -> None:
    await post(app, "Робот", quantum="robo", photo=PHOTO)
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    await chat.press("1. Робот")
    await chat.press("🔔 Новости квантума")
    assert chat.labels() == ["🔕 Не присылать новости", "📤 Поделиться", "◀️ К новостям",
                             "🏠 Меню"]
    assert chat.last()["caption"].startswith("Робот")


# ---- notifications and subscriptions ------------------------------------------------------


async def test_a_subscriber_also_enrolled_gets_a_new_post_once(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        chat, _ = await family(app)  # a parent whose child is in robo-a1
        await chat.send("/quanta")
        await chat.press("🤖 Робоквантум")
        # the family hears of its child's quantum already; following it too changes nothing
        await chat.press("🔕 Не присылать новости")
        await chat.press("🔔 Новости квантума")
        assert await app.db.fetchval("SELECT muted FROM subscriptions") == 0
        stranger = app.chat(user_id=1010)
        await start_as(stranger)
        await app.services.news.create(PostContent(title="Новый робот", body="Текст",
                                                   quantum_code="robo"),
                                       by=ADMIN_ID, today=NOW.date())
        await app.services.news.create(PostContent(title="Новость IT", body="Текст",
                                                   quantum_code="it"),
                                       by=ADMIN_ID, today=NOW.date())
        await app.deliver()
    assert len(sent_to(app, chat.user_id, "Новый робот")) == 1
    assert sent_to(app, chat.user_id, "Новость IT") == []
    assert sent_to(app, stranger.user_id, "Новый робот") == []


async def test_unsubscribe_from_a_notification_and_back(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        chat, _ = await family(app)
        await app.services.news.create(PostContent(title="Соревнования", body="Текст",
                                                   quantum_code="robo"),
                                       by=ADMIN_ID, today=NOW.date())
        await app.deliver()
        note = sent_to(app, chat.user_id, "Соревнования")[0]
        note_id = note["message_id"]
        assert chat.labels(note_id) == ["📰 Все новости", "🔕 Отписаться"]
        await chat.press("🔕 Отписаться", message_id=note_id)
        assert toast(chat) == "Больше не присылаем новости этого квантума."
        assert chat.calls("editMessageReplyMarkup") and not chat.calls("editMessageText")
        assert chat.labels(note_id) == ["📰 Все новости", "🔔 Снова присылать"]
        assert sent_to(app, chat.user_id, "Соревнования")[0]["text"] == note["text"]
        await app.services.news.create(PostContent(title="Ещё робот", body="Текст",
                                                   quantum_code="robo"),
                                       by=ADMIN_ID, today=NOW.date())
        await app.deliver()
        assert sent_to(app, chat.user_id, "Ещё робот") == []
        await chat.press("🔔 Снова присылать", message_id=note_id)
        assert toast(chat) == "Подписались: новые проекты квантума придут сюда."
        assert chat.labels(note_id) == ["📰 Все новости", "🔕 Отписаться"]
        await app.services.news.create(PostContent(title="Третий робот", body="Текст",
                                                   quantum_code="robo"),
                                       by=ADMIN_ID, today=NOW.date())
        await app.deliver()
        assert len(sent_to(app, chat.user_id, "Третий робот")) == 1
        await chat.press("📰 Все новости", message_id=note_id)
        assert chat.last_text().startswith("📰 Новости")
        assert chat.last()["message_id"] != note_id  # the notification stays as it came
        assert sent_to(app, chat.user_id, "Соревнования")[0]["text"] == note["text"]


async def test_the_settings_list_of_subscriptions(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        chat, _ = await family(app)
        await chat.send("/menu")
        await chat.press("⚙️ Настройки")
        assert chat.labels() == ["🌐 Язык", "👤 Учусь или родитель", "🔔 Напоминания",
                                 "📰 Подписки на новости", "🏠 Меню"]
        await chat.press("📰 Подписки на новости")
        assert chat.last_text().startswith("📰 Подписки на новости\n\nО новых проектах")
        assert chat.labels() == ["✅ Робоквантум", "📚 Все квантумы", "⬅️ Настройки",
                                 "🏠 Меню"]
        await chat.press("✅ Робоквантум")
        assert toast(chat) == "Больше не присылаем новости этого квантума."
        assert chat.labels()[0] == "▫️ Робоквантум"
        await chat.press("▫️ Робоквантум")
        assert chat.labels()[0] == "✅ Робоквантум"
        await chat.press("⬅️ Настройки")
        assert chat.last_text().startswith("⚙️ Настройки")


async def test_the_settings_list_when_following_nothing(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", lang="en")
    await chat.send("/menu")
    await chat.press("⚙️ Settings")
    await chat.press("📰 News subscriptions")
    assert "You aren't following any quantum yet" in chat.last_text()
    assert chat.labels() == ["📚 All quanta", "⬅️ Settings", "🏠 Menu"]


# ---- forged and stale buttons ---------------------------------------------------------------


@pytest.mark.parametrize("data", [
    NewsFeed(quantum="mars").pack(), "nq:abc", "np:abc:0::0", "pa:1:x",
    NewsSubscribe(quantum="mars", on=True).pack(),
    NewsSubscribe(quantum="robo", on=True, back="elsewhere").pack(),
    f"np:{2**64}:0::0", "ns:robo:maybe:card",
])
async def test_forged_buttons_are_stale_and_write_nothing(app: App, data: str) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(data)
    assert toast(chat) == ""  # the menu below says it: no toast repeating it
    assert chat.last_text().startswith(STALE)
    assert "📚 Все квантумы" in chat.labels()
    assert await app.db.fetchval("SELECT count(*) FROM subscriptions") == 0


async def test_forged_post_and_partner_ids_are_answered_kindly(app: App) -> None:
    await post(app, "Настоящая новость", quantum="robo")
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(NewsPost(id=424242, page=3, quantum="mars").pack())
    assert toast(chat) == ""  # the feed says it: no toast repeating it
    assert chat.last_text().startswith("Этой новости больше нет — вот свежие.")
    assert "1. Настоящая новость" in chat.labels()
    await chat.press_data(PartnerPage(id=77).pack())
    assert toast(chat) == ""
    assert chat.last_text().startswith("Этого партнёра уже нет в списке")
    assert chat.labels() == ["◀️ К новостям", "🏠 Меню"]
    await chat.press_data(NewsPost(id=424242, partner=77).pack())
    assert chat.last_text().startswith("Этой новости больше нет — вот свежие.\n\n📰 Новости")


# ---- speed ----------------------------------------------------------------------------------


async def test_a_feed_page_is_read_once_until_the_news_changes(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    await chat.press("Дальше ▶️")
    await chat.press("◀️ Назад")
    reads: list[str] = []
    for name in ("feed", "version", "published", "quanta_with_posts", "partners"):
        original = getattr(NewsRepo, name)

        def counting(*args: Any, _name: str = name, _original: Any = original,
                     **kwargs: Any) -> Any:
            reads.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(NewsRepo, name, counting)
    for _ in range(3):
        await chat.press("Дальше ▶️")
        await chat.press("◀️ Назад")
    assert reads == []
    views = app.services.news_views
    assert views.hits > views.misses
    # a new post is seen at once (the commit makes the counter read again)
    await post(app, "Самая свежая", hours=30)
    await chat.press("Дальше ▶️")
    assert "version" in reads
    assert chat.labels()[0] == "6. Новость 3"  # was «6. Новость 2»: every post moved on
    await chat.press("◀️ Назад")
    assert "1. Самая свежая" in chat.labels()


async def test_the_feed_sees_a_change_made_by_another_process(app: App) -> None:
    await seven(app)
    chat = app.chat()
    await start_as(chat)
    await chat.send("/news")
    views = app.services.news_views
    views.poll = 0.0  # as if a second had passed
    # written by another process: only the counter tells
    async with aiosqlite.connect(app.db.path) as other:
        await other.execute("UPDATE posts SET title = 'Исправлено' WHERE title = 'Новость 7'")
        await other.commit()
    await chat.press("Дальше ▶️")
    await chat.press("◀️ Назад")
    assert chat.labels()[0] == "1. Исправлено"


async def test_a_long_title_is_cut_after_a_whole_word_on_its_buttons(app: App) -> None:
    await post(app, "Наша команда — в финале «РобоФеста»", quantum="robo")
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.press("📰 Новости")
    assert "1. Наша команда — в…" in chat.labels()
    await chat.send("/start q_robo")
    assert "📰 Наша команда — в…" in chat.labels()
