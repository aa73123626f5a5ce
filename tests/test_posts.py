"""Project news from the staff's side (/post): writing, the preview, publishing now or when
due (a restart in between included), changing, unpublishing, what is refused, who may not
post — and the families' side of it: the notification, once. Plus `import partners`."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services.catalogue import Catalogue
from bot.services.partner_import import parse_partners_csv
from bot.services.telegram_text import Refused
from bot.settings import Settings
from bot.ui.callbacks import PostAdmin
from handlers.staff.posts.draft import parse_title, parse_when
from storage.db import Database
from storage.news import PostContent
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App, make_app
from tests.helpers.process import call
from tests.helpers.reminders import MOSCOW, NOW, family, local

TITLE = "Наши роботы — призёры «Робофеста»"
BODY = "Команда собрала <b>манипулятор</b> по кейсу партнёра & заняла первое место."
SHOWN_BODY = "Команда собрала манипулятор по кейсу партнёра & заняла первое место."


@pytest.fixture(autouse=True)
def _clock() -> Any:
    """Monday 30 November 2026, 9:00 in Moscow; robo-a1 runs until February."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def staff(app: App, lang: str = "ru") -> LocalChat:
    admin = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await admin.send("/start")
    return admin


async def write(admin: LocalChat, title: str = TITLE, body: str = BODY,
                quantum: str | None = "🤖 Робоквантум", partner: str | None = None) -> None:
    """/post → ➕ → title → text → no photo → quantum → partner: up to the preview."""
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    assert admin.last_text().startswith("📝 Новый пост · шаг 1 из 5")
    await admin.send(title)
    assert admin.last_text().startswith("📝 Новый пост · шаг 2 из 5")
    await admin.send(body)
    assert admin.last_text().startswith("📝 Новый пост · шаг 3 из 5")
    await admin.press("Без фото")
    assert admin.last_text().startswith("📝 Новый пост · шаг 4 из 5")
    await admin.press(quantum or "Без квантума")
    assert admin.last_text().startswith("📝 Новый пост · шаг 5 из 5")
    await admin.press(partner or "Без партнёра")


def received(chat: LocalChat, title: str = TITLE) -> list[str]:
    return [text for text in chat.texts() if text.startswith(title)]


async def post_rows(app: App) -> list[tuple[int, str]]:
    rows = await app.db.fetchall("SELECT chat_id, status FROM outbox WHERE kind = 'post'"
                                 " ORDER BY chat_id")
    return [(row[0], row[1]) for row in rows]


# ---- writing, the preview, publishing now ---------------------------------------------------


async def test_write_preview_and_publish_now(app: App) -> None:
    parent, _ = await family(app)
    follower = app.chat(user_id=1500)
    await start_as(follower, "pupil")
    await app.services.news.subscribe(follower.user_id, "robo", True)
    # the parent follows the quantum as well: still one notification
    await app.services.news.subscribe(parent.user_id, "robo", True)
    admin = await staff(app)
    await write(admin)
    post, control = admin.messages()[-2:]
    assert post["text"] == f"{TITLE}\n\n{SHOWN_BODY}\n\n🤖 Робоквантум · 30 ноября"
    assert post["html"].startswith(f"<b>{TITLE}</b>\n\nКоманда собрала <b>манипулятор</b>")
    assert "&amp;" in post["html"]
    assert control["text"] == (
        "☝️ Так пост увидят читатели.\n"
        "🔔 Получателей уведомления: 2 — семьи квантума и подписчики.\n\n"
        "Опубликовать?"
    )
    assert admin.labels() == ["🚀 Опубликовать сейчас", "⏰ Запланировать", "✏️ Изменить",
                              "✖️ Отмена"]
    await admin.press("🚀 Опубликовать сейчас")
    assert "text" not in admin.answers()[-1].params  # the card says it: no toast repeating it
    card = admin.last_text()
    assert card.startswith("🚀 Опубликован. Получателей уведомления: 2.")
    assert "✅ Опубликован пн, 30 ноября, 09:00" in card
    assert "Квантум: 🤖 Робоквантум" in card
    assert "🙈 Снять с публикации" in admin.labels()
    # the preview's buttons are spent: the card took their place
    assert admin.last()["message_id"] == control["message_id"]
    await app.deliver()
    assert received(parent) == [f"{TITLE}\n\n{SHOWN_BODY}\n\n🤖 Робоквантум · 30 ноября"]
    assert parent.labels() == ["📰 Все новости", "🔕 Отписаться"]
    assert len(received(follower)) == 1
    assert len(received(admin)) == 1  # the preview only
    feed = await app.repos.news.feed(0, 10)
    assert [p.title for p in feed.posts] == [TITLE]
    assert await post_rows(app) == [(parent.user_id, "sent"), (follower.user_id, "sent")]


async def test_write_and_publish_in_english(app: App) -> None:
    parent, _ = await family(app, "en")
    admin = await staff(app, "en")
    await admin.send("/post")
    assert admin.last_text().startswith("📝 Posts · 0 in all")
    await admin.press("➕ New post")
    assert admin.last_text().startswith("📝 New post · step 1 of 5")
    await admin.send("Robots at Robofest")
    await admin.send("The team built a <i>manipulator</i>.")
    await admin.press("No photo")
    await admin.press("🤖 Robotics Quantum")
    await admin.press("No partner")
    post, control = admin.messages()[-2:]
    assert post["text"] == ("Robots at Robofest\n\nThe team built a manipulator.\n\n"
                            "🤖 Robotics Quantum · 30 November")
    assert control["text"].startswith("☝️ This is how readers will see the post.\n"
                                      "🔔 Notified: 1")
    await admin.press("🚀 Publish now")
    assert admin.last_text().startswith("🚀 Published. Notified: 1.")
    await app.deliver()
    assert received(parent, "Robots at Robofest") == [
        "Robots at Robofest\n\nThe team built a manipulator.\n\n🤖 Robotics Quantum · 30 November"
    ]


async def test_a_post_without_a_quantum_notifies_nobody(app: App) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await write(admin, quantum=None)
    assert "Без квантума: пост появится в ленте, уведомлений не будет." in admin.last_text()
    await admin.press("🚀 Опубликовать сейчас")
    assert admin.last_text().startswith("🚀 Опубликован в ленте.")
    await app.deliver()
    assert received(parent) == []
    assert (await app.repos.news.feed(0, 10)).total == 1


async def test_a_double_tap_publishes_once(app: App) -> None:
    await family(app)
    admin = await staff(app)
    await write(admin)
    control = admin.last()["message_id"]
    await admin.press("🚀 Опубликовать сейчас")
    await admin.press_data("ps:publish:", message_id=control)
    assert admin.last_text().startswith("Этот черновик уже закрыт — вот список постов.")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 1
    assert len(await post_rows(app)) == 1


async def test_cancel_writes_nothing(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.press("✖️ Отмена")
    assert admin.last_text() == "✖️ Пост не сохранён."
    assert admin.labels() == ["📝 Все посты", "🏠 Меню"]
    await admin.send("просто текст")
    assert not admin.last_text().startswith("📝 Новый пост")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 0


async def test_a_failed_write_keeps_the_form(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    await family(app)
    admin = await staff(app)
    await write(admin)
    create = app.services.news.create

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(app.services.news, "create", broken)
    await admin.press("🚀 Опубликовать сейчас")
    assert admin.last_text().startswith("⚠️ Не получилось сохранить")
    monkeypatch.setattr(app.services.news, "create", create)
    await admin.press("🔁 Ещё раз")
    assert admin.last_text().startswith("🚀 Опубликован. Получателей уведомления: 1.")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 1


# ---- a photo, the partner, the limits --------------------------------------------------------


async def test_a_photo_post_is_previewed_as_a_photo_with_its_caption(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send(BODY)
    await admin.send_photo()
    await admin.press("Без квантума")
    await admin.press("Без партнёра")
    post = admin.messages()[-2]
    assert post["photo"][0]["file_id"] == f"photo-{ADMIN_ID}-800"
    assert post["caption"] == f"{TITLE}\n\n{SHOWN_BODY}\n\n30 ноября"
    await admin.press("🚀 Опубликовать сейчас")
    assert "Фото: есть" in admin.last_text()
    published = (await app.repos.news.feed(0, 1)).posts[0]
    assert published.photo == f"photo-{ADMIN_ID}-800"


async def test_a_photo_with_the_text_as_its_caption_answers_both(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send_photo(caption="Жирно", entities=[{"type": "bold", "offset": 0,
                                                      "length": 5}])
    # the photo's question is skipped
    assert admin.last_text().startswith("📝 Новый пост · шаг 4 из 5")
    await admin.press("Без квантума")
    await admin.press("Без партнёра")
    assert admin.messages()[-2]["html"].startswith(f"<b>{TITLE}</b>\n\n<b>Жирно</b>")


async def test_too_long_texts_are_refused_with_the_limit(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send("А" * 5000)
    text = admin.last_text()
    assert text.startswith("Пост длиннее, чем можно: 5\xa0049 знаков при пределе 4\xa0096")
    assert "📝 Новый пост · шаг 2 из 5" in text  # the same question again
    # short enough for a message, too long for a photo's caption
    await admin.send("Б" * 1000)
    assert admin.last_text().startswith("📝 Новый пост · шаг 3 из 5")
    await admin.send_photo()
    text = admin.last_text()
    assert text.startswith("С фото пост идёт подписью, а в ней можно до 1\xa0024 знаков. "
                           "Сейчас 1\xa0049")
    assert "шаг 3 из 5" in text
    assert admin.labels() == ["Без фото", "✖️ Отмена"]
    await admin.press("Без фото")
    await admin.press("Без квантума")
    await admin.press("Без партнёра")
    assert admin.messages()[-2]["text"].startswith(TITLE)
    assert admin.last_text().startswith("☝️ Так пост увидят читатели.")


async def test_malformed_tags_are_refused_with_the_reason(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send("Текст <b>без конца")
    assert admin.last_text().startswith("Тег <b> не закрыт. Добавьте </b>")
    await admin.send("Текст <script>alert(1)</script>")
    assert admin.last_text().startswith("Тег <script> Telegram не поддерживает.")
    await admin.send("Текст </i>")
    assert admin.last_text().startswith("Лишний закрывающий тег </i>.")
    await admin.send("<b> </b>")
    assert admin.last_text().startswith("Текст пустой.")
    await admin.send("Текст с <i>курсивом</i>")
    assert admin.last_text().startswith("📝 Новый пост · шаг 3 из 5")


async def test_titles(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send("    ")
    assert admin.last_text().startswith("Заголовок пустой — напишите его словами.\n\n"
                                        "📝 Новый пост · шаг 1 из 5")
    await admin.send("Я" * 121)
    assert admin.last_text().startswith("Заголовок длинноват: 121 знак, а можно до 120.")
    await admin.send_sticker()
    assert admin.last_text().startswith("Здесь нужен ответ текстом.")
    await admin.send("🚀🤖 Роботы <летят> & всё!")
    assert admin.last_text().startswith("📝 Новый пост · шаг 2 из 5")
    await admin.send("Текст")
    await admin.press("Без фото")
    await admin.press("Без квантума")
    await admin.press("Без партнёра")
    post = admin.messages()[-2]
    assert post["text"].startswith("🚀🤖 Роботы <летят> & всё!\n\nТекст")
    assert post["html"].startswith("<b>🚀🤖 Роботы &lt;летят&gt; &amp; всё!</b>")


async def test_a_new_partner_is_created_while_posting(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send(BODY)
    await admin.press("Без фото")
    await admin.press("Без квантума")
    assert "Партнёров пока нет — добавьте первого." in admin.last_text()
    await admin.press("➕ Новый партнёр")
    assert "Как называется партнёр? До 100 знаков." in admin.last_text()
    await admin.send("   ")
    assert admin.last_text().startswith("Название пустое")
    await admin.send("Ростех")
    assert "Пара слов о партнёре «Ростех»" in admin.last_text()
    await admin.send("Д" * 301)
    assert admin.last_text().startswith("Описание длинновато: 301 знак, а можно до 300.")
    await admin.send("Госкорпорация, даёт кейсы по робототехнике")
    post = admin.messages()[-2]
    assert post["text"].endswith("🤝 Ростех · 30 ноября")
    await admin.press("🚀 Опубликовать сейчас")
    assert "Партнёр: Ростех" in admin.last_text()
    partners = await app.repos.news.partners()
    assert [(p.name, p.description, p.posts) for p in partners] == [
        ("Ростех", "Госкорпорация, даёт кейсы по робототехнике", 1)]
    # the next post picks it from the list; «Пропустить» for a second new one
    await write(admin, title="Второй пост", quantum=None, partner="Ростех")
    assert admin.messages()[-2]["text"].endswith("🤝 Ростех · 30 ноября")
    await admin.press("✏️ Изменить")
    await admin.press("Партнёр")
    await admin.press("➕ Новый партнёр")
    await admin.send("Яндекс Лицей")
    await admin.press("Пропустить")
    assert admin.messages()[-2]["text"].endswith("🤝 Яндекс Лицей · 30 ноября")
    assert [p.name for p in await app.repos.news.partners()] == ["Ростех", "Яндекс Лицей"]
    # a name already there is that partner: no second one, its description kept
    await admin.press("✏️ Изменить")
    await admin.press("Партнёр")
    await admin.press("➕ Новый партнёр")
    await admin.send("РОСТЕХ")
    assert admin.messages()[-2]["text"].endswith("🤝 Ростех · 30 ноября")
    assert [(p.name, p.description) for p in await app.repos.news.partners()] == [
        ("Ростех", "Госкорпорация, даёт кейсы по робототехнике"), ("Яндекс Лицей", "")]


# ---- scheduling ---------------------------------------------------------------------------


async def schedule(admin: LocalChat, when: str) -> None:
    await admin.press("⏰ Запланировать")
    assert admin.last_text().startswith("⏰ Когда опубликовать?\nНапишите дату и время по "
                                        "часам технопарка (Europe/Moscow).")
    await admin.send(when)


async def test_a_scheduled_post_goes_out_when_due(
    app: App, _clock: time_machine.Traveller
) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await write(admin)
    await schedule(admin, "вчера 10:00")
    assert admin.last_text().startswith("Не понял дату и время.")
    await admin.send("30.11 08:00")
    assert admin.last_text().startswith("Это время уже прошло — выберите позже.")
    await admin.send("01.12.2027 10:00")
    assert admin.last_text().startswith("Это больше чем через год — проверьте дату.")
    await admin.send("завтра в 10:00")
    assert admin.last_text().startswith("⏰ Запланирован: выйдет сам в назначенное время")
    assert "⏰ Запланирован на вт, 1 декабря, 10:00" in admin.last_text()
    assert (await app.repos.news.feed(0, 10)).total == 0
    assert await app.services.news.publish_due(NOW.date()) == []
    _clock.move_to(local(NOW.date() + timedelta(days=1), 10))
    out = await app.services.news.publish_due(NOW.date() + timedelta(days=1))
    assert [p.title for p in out] == [TITLE]
    assert await app.services.news.publish_due(NOW.date() + timedelta(days=1)) == []
    await app.deliver()
    assert received(parent) == [f"{TITLE}\n\n{SHOWN_BODY}\n\n🤖 Робоквантум · 1 декабря"]
    assert await post_rows(app) == [(parent.user_id, "sent")]


async def test_a_scheduled_post_survives_a_restart(
    app: App, _clock: time_machine.Traveller, settings: Settings, catalogue: Catalogue,
    texts: Texts,
) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await write(admin)
    await schedule(admin, "18:00")
    assert "⏰ Запланирован на пн, 30 ноября, 18:00" in admin.last_text()
    # a half-written post survives too
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send("Второй пост")
    # the process stops; a new one starts on the same database file
    db = await Database.open(settings.database_path)
    try:
        again = make_app(db, settings, catalogue, texts, app.emulator)
        admin_again = again.chat(user_id=ADMIN_ID, first_name="Админ")
        await admin_again.send("Текст второго поста")
        assert admin_again.last_text().startswith("📝 Новый пост · шаг 3 из 5")
        _clock.move_to(datetime(2026, 11, 30, 18, 0, 20, tzinfo=MOSCOW))
        assert [p.title for p in await again.services.news.publish_due(NOW.date())] == [TITLE]
        assert await again.services.news.publish_due(NOW.date()) == []
        await again.deliver()
        await again.deliver()
    finally:
        await db.close()
    assert len(received(parent)) == 1
    assert await post_rows(app) == [(parent.user_id, "sent")]
    published = (await app.repos.news.feed(0, 10)).posts[0]
    assert published.published_at == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


async def test_a_draft_card_schedules_and_publishes(app: App) -> None:
    """Posts written elsewhere as drafts: their card offers publishing and scheduling."""
    post = await app.services.news.create(PostContent("Черновик", "Текст"), by=ADMIN_ID,
                                          publish_at=NOW + timedelta(days=3), today=NOW.date())
    admin = await staff(app)
    await admin.send("/post")
    assert "⏰ Черновик — выйдет чт, 3 декабря, 09:00" in admin.last_text()
    await admin.press("⏰ Черновик")
    assert admin.labels() == ["✏️ Изменить", "👁 Предпросмотр", "🚀 Опубликовать сейчас",
                              "⏰ Другое время", "⏹ Не публиковать", "📝 Все посты",
                              "🏠 Меню"]  # «🙈 Снять с публикации» is for a published post
    await admin.press("⏰ Другое время")
    await admin.send("02.12 12:30")
    assert "⏰ Запланирован на ср, 2 декабря, 12:30" in admin.last_text()
    await admin.press("🚀 Опубликовать сейчас")
    assert admin.last_text().startswith("🚀 Опубликован в ленте.")
    assert (await app.repos.news.get(post.id)).status == "published"  # type: ignore[union-attr]


# ---- changing and unpublishing -----------------------------------------------------------


async def publish_one(app: App, admin: LocalChat) -> None:
    await write(admin)
    await admin.press("🚀 Опубликовать сейчас")


async def test_changing_a_published_post(app: App) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await publish_one(app, admin)
    await app.deliver()
    await admin.send("/post")
    assert f"✅ {TITLE} — пн, 30 ноября, 09:00" in admin.last_text()
    await admin.press(1)
    await admin.press("✏️ Изменить")
    assert admin.last_text().startswith("✏️ Правка поста\nЧто написать заново?")
    await admin.press("Заголовок")
    await admin.send("Роботы-призёры")
    post, control = admin.messages()[-2:]
    assert post["text"].startswith("Роботы-призёры\n\n")
    assert control["text"].startswith("☝️ Так пост будет выглядеть после правки.")
    await admin.press("✏️ Изменить ещё")
    await admin.press("Квантум")
    await admin.press("Дальше ▶️")
    await admin.press("🔬 Наноквантум")
    await admin.press("💾 Сохранить")
    assert admin.last_text().startswith("💾 Сохранено.")
    assert "Квантум: 🔬 Наноквантум" in admin.last_text()
    feed = await app.repos.news.feed(0, 10)
    assert [(p.title, p.quantum_code) for p in feed.posts] == [("Роботы-призёры", "nano")]
    assert await post_rows(app) == [(parent.user_id, "sent")]  # nobody told again


async def test_a_post_changed_meanwhile_is_shown_again_not_overwritten(app: App) -> None:
    admin = await staff(app)
    await publish_one(app, admin)
    await admin.press("✏️ Изменить")
    await admin.press("Заголовок")
    await admin.send("Моя правка")
    post = (await app.repos.news.feed(0, 1)).posts[0]
    await app.services.news.edit(post.id, post.version, PostContent("Чужая правка", post.body))
    await admin.press("💾 Сохранить")
    assert admin.last_text().startswith("Пост изменили, пока вы с ним работали")
    assert "Чужая правка" in admin.last_text()
    assert (await app.repos.news.feed(0, 1)).posts[0].title == "Чужая правка"
    # an old card's button acts on nothing either
    await admin.send("/post")
    await admin.press(1)
    card = admin.last()["message_id"]
    current = (await app.repos.news.feed(0, 1)).posts[0]
    await app.services.news.edit(current.id, current.version, PostContent("Третья", post.body))
    await admin.press("🙈 Снять с публикации", message_id=card)
    assert admin.last_text().startswith("Пост изменили")
    assert (await app.repos.news.feed(0, 1)).total == 1


async def test_a_card_the_conversation_forgot_is_shown_again(app: App) -> None:
    admin = await staff(app)
    await publish_one(app, admin)
    card = admin.last()["message_id"]
    await admin.send("/broadcast")  # another form takes the conversation's memory
    await admin.press("🙈 Снять с публикации", message_id=card)
    assert admin.last_text().startswith("Вот пост как он сейчас — проверьте и нажмите ещё раз.")
    assert (await app.repos.news.feed(0, 10)).total == 1
    await admin.press("🙈 Снять с публикации")
    assert admin.last_text().startswith("🙈 Снят с публикации")
    assert (await app.repos.news.feed(0, 10)).total == 0


async def test_changing_a_scheduled_post_promises_its_notifications(app: App) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await write(admin)
    await schedule(admin, "завтра 10:00")
    await admin.press("✏️ Изменить")
    await admin.press("Текст")
    await admin.send("Новый текст")
    post, control = admin.messages()[-2:]
    assert post["text"] == f"{TITLE}\n\nНовый текст\n\n🤖 Робоквантум · 1 декабря"
    assert control["text"] == "☝️ Так пост будет выглядеть после правки.\n\nСохранить?"
    await admin.press("💾 Сохранить")
    assert "⏰ Запланирован на вт, 1 декабря, 10:00" in admin.last_text()
    assert await post_rows(app) == []


async def test_unpublishing_cancels_what_is_not_yet_sent(app: App) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await publish_one(app, admin)
    assert await post_rows(app) == [(parent.user_id, "pending")]
    await admin.press("🙈 Снять с публикации")
    assert "text" not in admin.answers()[-1].params  # the card says it: no toast repeating it
    assert admin.last_text().startswith("🙈 Снят с публикации: в ленте его нет.")
    assert "🚀 Опубликовать сейчас" in admin.labels()
    assert (await app.repos.news.feed(0, 10)).total == 0
    assert await post_rows(app) == [(parent.user_id, "cancelled")]
    await app.deliver()
    assert received(parent) == []
    # back in the feed, unannounced
    await admin.press("🚀 Опубликовать сейчас")
    assert admin.last_text().startswith("🚀 Пост снова в ленте")
    assert (await app.repos.news.feed(0, 10)).total == 1
    assert await post_rows(app) == [(parent.user_id, "cancelled")]


async def test_a_delivered_notification_stays_after_unpublishing(app: App) -> None:
    parent, _ = await family(app)
    admin = await staff(app)
    await publish_one(app, admin)
    await app.deliver()
    await admin.press("🙈 Снять с публикации")
    assert await post_rows(app) == [(parent.user_id, "sent")]
    assert len(received(parent)) == 1
    assert (await app.repos.news.feed(0, 10)).total == 0


async def test_the_card_previews_the_post(app: App) -> None:
    admin = await staff(app)
    await publish_one(app, admin)
    await admin.press("👁 Предпросмотр")
    post, card = admin.messages()[-2:]
    assert post["text"] == f"{TITLE}\n\n{SHOWN_BODY}\n\n🤖 Робоквантум · 30 ноября"
    assert card["text"].startswith("☝️ Так пост видят читатели.")
    assert "✏️ Изменить" in admin.labels()


async def test_the_list_pages(app: App) -> None:
    for n in range(8):
        await app.services.news.create(PostContent(f"Пост {n}", "Текст"), by=ADMIN_ID,
                                       today=NOW.date())
    admin = await staff(app)
    await admin.send("/post")
    assert admin.last_text().startswith("📝 Посты · всего 8")
    assert admin.labels()[:6] == [f"✅ Пост {n}" for n in range(7, 1, -1)]
    await admin.press("Дальше ▶️")
    assert admin.labels()[:2] == ["✅ Пост 1", "✅ Пост 0"]
    await admin.press("✅ Пост 0")
    await admin.press("📝 Все посты")
    assert "✅ Пост 0" in admin.labels()


async def test_a_forged_page_shows_the_nearest_page(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    for page in (2**63 - 1, -(2**63)):  # the largest and smallest a button may carry
        await admin.press_data(PostAdmin(action="list", page=page).pack())
        assert admin.last_text().startswith("📝 Посты · всего 0")
        assert admin.labels() == ["➕ Новый пост", "🏠 Меню"]
    for n in range(8):
        await app.services.news.create(PostContent(f"Пост {n}", "Текст"), by=ADMIN_ID,
                                       today=NOW.date())
    await admin.press_data(PostAdmin(action="list", page=2**63 - 1).pack())
    assert admin.last_text().startswith("📝 Посты · всего 8")
    assert admin.labels() == ["✅ Пост 1", "✅ Пост 0", "◀️ Назад", "➕ Новый пост", "🏠 Меню"]
    # a card opened from a forged page leads back to the last page
    await admin.press_data(PostAdmin(action="open", id=1, page=2**63 - 1).pack())
    await admin.press("📝 Все посты")
    assert admin.labels()[:2] == ["✅ Пост 1", "✅ Пост 0"]


async def test_the_staff_menu_opens_the_posts(app: App) -> None:
    admin = await staff(app)
    await admin.send("/menu")
    await admin.press("📝 Посты")
    assert admin.last_text().startswith("📝 Посты · всего 0")
    assert "Постов пока нет" in admin.last_text()


# ---- who may not, and forged buttons ---------------------------------------------------------


async def test_a_pupil_and_a_stranger_cannot_post(app: App) -> None:
    pupil = app.chat(user_id=3001)
    await start_as(pupil, "pupil")
    await pupil.send("/post")
    assert pupil.last_text().startswith("Такой команды я не знаю.")
    stranger = app.chat(user_id=3002, language_code="en")
    await stranger.send("/post")
    assert stranger.last_text().startswith("I don't know that command.")
    for data in ("pm:list:0:0", "pm:new:0:0", "ps:publish:", "ps:quantum:robo", "pm:open:1:0"):
        await pupil.press_data(data)
        assert "text" not in pupil.answers()[-1].params  # the message says it: no toast
        assert pupil.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 0


async def test_forged_and_old_buttons_of_staff(app: App) -> None:
    admin = await staff(app)
    await admin.send("/post")
    await admin.press_data("pm:open:999:0")
    assert admin.last_text().startswith("Такого поста нет — вот список.")
    await admin.press_data("pm:publish:999:0")
    assert "text" not in admin.answers()[-1].params  # the list says it: no toast repeating it
    await admin.press_data("pm:publish:99999999999999999999:0")
    assert "text" not in admin.answers()[-1].params  # the message says it: no toast repeating it
    assert admin.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
    await admin.press_data("ps:save:")
    assert admin.last_text().startswith("Этот черновик уже закрыт")
    # inside a form: a forged quantum and another question's button leave it as it is
    await admin.press("➕ Новый пост")
    await admin.send(TITLE)
    await admin.send(BODY)
    await admin.press("Без фото")
    await admin.press_data("ps:quantum:mars")
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела — вот актуальное меню."
    assert "шаг 4 из 5" in admin.last_text()
    await admin.press_data("ps:partner:99999999999999999999999")
    assert "шаг 4 из 5" in admin.last_text()
    await admin.press_data("ps:publish:")
    assert "шаг 4 из 5" in admin.last_text()
    await admin.press("🤖 Робоквантум")
    await admin.press_data("ps:partner:12345")
    assert admin.last_text().startswith("Этого партнёра уже нет")
    assert await app.db.fetchval("SELECT count(*) FROM posts") == 0


# ---- parsing ---------------------------------------------------------------------------------


MONDAY = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 9:00 in Moscow


@pytest.mark.parametrize(("typed", "moment"), [
    ("28.12 18:00", datetime(2026, 12, 28, 18, 0)),
    ("28.12.2026 18:00", datetime(2026, 12, 28, 18, 0)),
    ("завтра 10:00", datetime(2026, 12, 1, 10, 0)),
    ("завтра в 10.30", datetime(2026, 12, 1, 10, 30)),
    ("tomorrow at 7:05", datetime(2026, 12, 1, 7, 5)),
    ("18:00", datetime(2026, 11, 30, 18, 0)),
    ("18:00 15.01", datetime(2027, 1, 15, 18, 0)),
    ("  сегодня,  23:59 ", datetime(2026, 11, 30, 23, 59)),
])
def test_when_is_read(typed: str, moment: datetime) -> None:
    assert parse_when(typed, MONDAY, MOSCOW) == moment.replace(tzinfo=MOSCOW)


@pytest.mark.parametrize(("typed", "key"), [
    ("", "post-when-format"), ("завтра", "post-when-format"), ("28.12", "post-when-format"),
    ("18:00-19:00", "post-when-format"), ("когда-нибудь 10:00", "post-when-format"),
    ("31.02 10:00", "post-when-no-such-day"), ("28.12 25:00", "post-when-no-such-time"),
    ("сегодня 08:59", "post-when-past"), ("29.11 10:00", "post-when-past"),
    ("01.12.2027 10:00", "post-when-far"), ("1 2 3", "post-when-format"),
])
def test_when_is_refused(typed: str, key: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_when(typed, MONDAY, MOSCOW)
    assert caught.value.key == key


WHEN_KEYS = {"post-when-format", "post-when-no-such-day", "post-when-no-such-time",
             "post-when-past", "post-when-far"}


@given(st.text(max_size=40))
def test_any_when_is_read_or_explained(text: str) -> None:
    try:
        moment = parse_when(text, MONDAY, MOSCOW)
    except Refused as exc:
        assert exc.key in WHEN_KEYS
    else:
        assert MONDAY < moment <= MONDAY + timedelta(days=366)


@given(text=st.text(max_size=200))
def test_any_title_is_read_or_explained(text: str, texts: Texts) -> None:
    try:
        title = parse_title(text)
    except Refused as exc:
        assert exc.key in {"post-title-empty", "post-title-invisible", "post-title-too-long"}
        for locale in ("ru", "en"):
            assert texts.get(locale, exc.key, **exc.kwargs)
    else:
        assert 1 <= len(title) <= 120 and title == title.strip()


# ---- `python -m bot import partners` ---------------------------------------------------------


def run_import(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "partners.csv"
    path.write_bytes(data)
    return call(["import", "partners", str(path)], tmp_path)[0]


def partners_in(database: Path) -> list[tuple[str, str]]:
    if not database.exists():
        return []
    with sqlite3.connect(database) as conn:
        return list(conn.execute("SELECT name, description FROM partners ORDER BY id"))


def test_partners_are_imported_then_updated_by_name(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    bad = run_import(tmp_path, "name;description\nРостех;Госкорпорация\n;Без имени\n"
                     f"{'Я' * 101};Длинно\nРОСТЕХ;Ещё раз\n".encode())
    assert bad.returncode == 1
    assert "line 3: name is empty" in bad.stderr
    assert "line 4: name is longer than 100 characters" in bad.stderr
    assert "line 5: partner 'РОСТЕХ' is already on line 2" in bad.stderr
    assert "Nothing was imported" in bad.stderr
    assert partners_in(database) == []
    # Excel's BOM and commas
    good = run_import(tmp_path, "\ufeffname,description\nРостех,Госкорпорация\n"
                      "Яндекс Лицей,\n".encode())
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip().endswith(": 2 added, 0 updated.")
    again = run_import(tmp_path, "name;description\nростех;Кейсы по робототехнике\n"
                       "УрФУ;Университет\n".encode())
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith(": 1 added, 1 updated.")
    assert partners_in(database) == [("ростех", "Кейсы по робототехнике"),
                                     ("Яндекс Лицей", ""), ("УрФУ", "Университет")]


def test_the_sample_partners_import(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    result = run_import(tmp_path, (root / "data" / "partners.sample.csv").read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(": 4 added, 0 updated.")


def test_partner_rows_are_checked() -> None:
    partners, errors = parse_partners_csv(
        f"name;description\nРостех;{'о' * 301}\n!!!;Знаки\nА;Б;В\n".encode())
    assert partners == []
    assert errors == ["line 2: description is longer than 300 characters",
                      "line 3: name '!!!' has no letters or digits",
                      "line 4: more cells than columns"]
    assert parse_partners_csv(b"name\n")[1] == ["line 1: missing columns: description"]
    assert parse_partners_csv(b"name;description\n")[1] == ["no partners in the file"]
    assert parse_partners_csv("name;description".encode("cp1251"))[0] == []
