"""Free text that shows nothing, and links that open something other than a web page or
Telegram: refused with the reason, the same question asked again and nothing written — for a
question, an answer, a post's title and text, a broadcast and the sign-up's school."""

from __future__ import annotations

from datetime import date

import pytest

from bot.local.chat import LocalChat
from storage.news import PostContent
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.questions import count, replies
from tests.helpers.signup import born, load_groups, open_form
from tests.helpers.staff import staff_chat

# zero-width spaces and joiners, the word joiner, a byte order mark, a soft hyphen, a tag
# character, the Hangul filler and a blank Braille pattern — alone or among spaces
INVISIBLE = ["\u200b", "\u2060\ufeff", " \u200b \u200d\n\u2060 ", "\u00ad", "\U000e0041",
             "\u3164 \u2800"]
BAD_LINKS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
             "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd"]
GOOD_LINKS = ["http://example.org", "HTTPS://example.org/a?b=1", "tg://resolve?domain=durov"]

SAYS = {
    "ru": {
        "ask": "В вопросе одни невидимые символы — его не прочитать.",
        "asked": "✅ Вопрос отправлен",
        "answer": "В ответе одни невидимые символы — его не прочитать.",
        "answered": "✅ Ответ на вопрос №1 отправлен автору.",
        "title": "В заголовке одни невидимые символы — напишите его словами.",
        "text": "В тексте одни невидимые символы — читатели ничего не увидят.",
        "bc": "В объявлении одни невидимые символы — получатели ничего не увидят.",
        "link": "Ссылка {} не подходит: можно только http://, https:// и tg://.",
        "school": "В названии школы одни невидимые символы.",
        "name": "В имени одни невидимые символы.",
        "cancel": "✖️ Отмена", "answer-btn": "✍️ Ответить", "new-post": "➕ Новый пост",
        "step": "📝 Новый пост · шаг {} из 5", "bc-ask": "📣 Новая рассылка",
        "audience": "👥 Кому отправить?",
    },
    "en": {
        "ask": "Your question is only invisible characters, so nobody could read it.",
        "asked": "✅ Your question has been sent",
        "answer": "The answer is only invisible characters, so nobody could read it.",
        "answered": "✅ The answer to question #1 has been sent to its author.",
        "title": "The title is only invisible characters: write it in words.",
        "text": "The text is only invisible characters, so readers would see nothing.",
        "bc": "The announcement is only invisible characters, so recipients would see nothing.",
        "link": "The link {} won't work here: only http://, https:// and tg:// links are "
                "allowed.",
        "school": "That's only invisible characters.",
        "name": "That name is only invisible characters.",
        "cancel": "✖️ Cancel", "answer-btn": "✍️ Answer", "new-post": "➕ New post",
        "step": "📝 New post · step {} of 5", "bc-ask": "📣 New broadcast",
        "audience": "👥 Who gets it?",
    },
}
LANGS = ["ru", "en"]


def shown(link: str) -> str:
    """A refused link as the message names it: without the spaces and control characters."""
    return link.replace("\t", "").strip()


def link_entity(text: str, url: str) -> list[dict[str, object]]:
    """A link made with the Telegram app's formatting menu over the whole text."""
    return [{"type": "text_link", "offset": 0, "length": len(text), "url": url}]


# ---- a question, an answer ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_a_question_that_shows_nothing_is_refused(app: App, lang: str) -> None:
    says = SAYS[lang]
    await staff_chat(app, 5100, "Staff", lang)
    parent = app.chat(user_id=5101, language_code=lang)
    await start_as(parent, "parent", lang)
    await parent.send("/ask")
    for typed in INVISIBLE:
        await parent.send(typed)
        assert parent.last_text().startswith(says["ask"]), typed
        assert parent.labels() == [says["cancel"]]
    await parent.send_photo("\u200b\u2060")  # a photo's caption is the question
    assert parent.last_text().startswith(says["ask"])
    assert await count(app, "SELECT count(*) FROM questions") == 0
    assert await count(app, "SELECT count(*) FROM outbox") == 0
    await parent.send("\u200bКогда\u2060 день открытых дверей?")  # still asking
    assert parent.last_text().startswith(says["asked"])
    assert await count(app, "SELECT count(*) FROM questions") == 1


async def answering(app: App, lang: str, user_id: int) -> LocalChat:
    """A member of staff who pressed «Ответить» under a new question."""
    staff = await staff_chat(app, user_id, "Staff", lang)
    parent = app.chat(user_id=user_id + 1, language_code=lang)
    await start_as(parent, "parent", lang)
    await parent.send("/ask")
    await parent.send("Как записаться?")
    await app.deliver()
    await staff.press(SAYS[lang]["answer-btn"])
    return staff


@pytest.mark.parametrize("lang", LANGS)
async def test_an_answer_that_shows_nothing_is_refused(app: App, lang: str) -> None:
    says = SAYS[lang]
    staff = await answering(app, lang, 5200)
    for typed in [*INVISIBLE, "<b>\u200b</b>", "&#8203;&#x2060;"]:
        await staff.send(typed)
        assert staff.last_text().startswith(says["answer"]), typed
        assert staff.labels() == [says["cancel"]]
    await staff.send_formatted("\u200b\u200b", [{"type": "bold", "offset": 0, "length": 2}])
    assert staff.last_text().startswith(says["answer"])
    assert await replies(app) == 0
    assert await count(app, "SELECT count(*) FROM questions WHERE answer IS NOT NULL") == 0
    await staff.send("Через Навигатор")
    assert staff.last_text() == says["answered"]


@pytest.mark.parametrize("lang", LANGS)
async def test_an_answer_with_a_link_that_is_not_a_web_page_is_refused(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    staff = await answering(app, lang, 5300)
    for link in BAD_LINKS:
        await staff.send(f'Запишитесь <a href="{link}">здесь</a>')
        assert staff.last_text().startswith(says["link"].format(shown(link))), link
        assert staff.labels() == [says["cancel"]]
        await staff.send_formatted("Запишитесь здесь", link_entity("Запишитесь здесь", link))
        assert staff.last_text().startswith(says["link"].format(shown(link))), link
    # a character reference hides nothing
    await staff.send('<a href="&#106;avascript:alert(1)">здесь</a>')
    assert staff.last_text().startswith(says["link"].format("javascript:alert(1)"))
    assert await replies(app) == 0
    await staff.send(f'<a href="{GOOD_LINKS[2]}">Telegram</a> или <a href="{GOOD_LINKS[1]}">'
                     "сайт</a>")
    assert staff.last_text() == says["answered"]


@pytest.mark.parametrize("link", GOOD_LINKS)
async def test_web_and_telegram_links_in_an_answer_go(app: App, link: str) -> None:
    staff = await answering(app, "ru", 5400)
    await staff.send_formatted("Запишитесь здесь", link_entity("Запишитесь здесь", link))
    assert staff.last_text() == SAYS["ru"]["answered"]
    await app.deliver()
    assert f'href="{link}"' in app.chats[5401].last()["html"]


# ---- a post ---------------------------------------------------------------------------------


async def new_post(app: App, lang: str) -> LocalChat:
    admin = app.chat(user_id=ADMIN_ID, language_code=lang)
    await admin.send("/start")
    await admin.send("/post")
    await admin.press(SAYS[lang]["new-post"])
    return admin


@pytest.mark.parametrize("lang", LANGS)
async def test_a_post_that_shows_nothing_is_refused(app: App, lang: str) -> None:
    says = SAYS[lang]
    admin = await new_post(app, lang)
    for typed in INVISIBLE:
        await admin.send(typed)
        assert admin.last_text().startswith(says["title"]), typed
        assert says["step"].format(1) in admin.last_text()
    await admin.send("Роботы")
    for typed in [*INVISIBLE, "<i>\u200b</i>"]:
        await admin.send(typed)
        assert admin.last_text().startswith(says["text"]), typed
        assert says["step"].format(2) in admin.last_text()
    await admin.send_photo("\u2060\u200b")  # the text as a photo's caption
    assert admin.last_text().startswith(says["text"])
    await admin.send("\u200bТекст")
    assert admin.last_text().startswith(says["step"].format(3))
    assert await count(app, "SELECT count(*) FROM posts") == 0
    assert await count(app, "SELECT count(*) FROM outbox") == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_a_post_with_a_link_that_is_not_a_web_page_is_refused(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    admin = await new_post(app, lang)
    await admin.send("Роботы")
    for link in BAD_LINKS:
        await admin.send(f'Подробнее <a href="{link}">здесь</a>')
        assert admin.last_text().startswith(says["link"].format(shown(link))), link
        assert says["step"].format(2) in admin.last_text()
        await admin.send_photo("Подробнее", link_entity("Подробнее", link))
        assert admin.last_text().startswith(says["link"].format(shown(link))), link
    for link in GOOD_LINKS:
        await admin.send(f'Подробнее <a href="{link}">здесь</a>')
        assert admin.last_text().startswith(says["step"].format(3)), link
        await admin.press("✖️ Отмена" if lang == "ru" else "✖️ Cancel")
        await admin.send("/post")
        await admin.press(says["new-post"])
        await admin.send("Роботы")
    assert await count(app, "SELECT count(*) FROM posts") == 0


async def test_a_post_written_before_links_were_checked_is_not_saved_with_its_link(
    app: App,
) -> None:
    draft = PostContent(title="Старый пост", body='Старый <a href="javascript:alert(1)">пост</a>',
                        photo=None, quantum_code=None, partner_id=None)
    await app.services.news.create(draft, by=ADMIN_ID, today=date.today())
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.send("/post")
    await admin.press(1)
    await admin.press("✏️ Изменить")
    await admin.press("Заголовок")
    await admin.send("Новый заголовок")
    assert admin.last_text().startswith(SAYS["ru"]["link"].format("javascript:alert(1)"))
    assert "💾 Сохранить" not in admin.labels()
    await admin.press("Текст")
    await admin.send('Новый <a href="https://example.org">пост</a>')
    await admin.press("💾 Сохранить")
    assert admin.last_text().startswith("💾 Сохранено.")
    [post] = (await app.repos.news.feed(0, 10)).posts
    assert (post.title, post.body) == ("Новый заголовок",
                                       'Новый <a href="https://example.org">пост</a>')


# ---- a broadcast ----------------------------------------------------------------------------


async def broadcasting(app: App, lang: str) -> LocalChat:
    pupil = app.chat(user_id=5500, language_code=lang)
    await start_as(pupil, "pupil", lang)
    admin = app.chat(user_id=ADMIN_ID, language_code=lang)
    await admin.send("/start")
    await admin.send("/broadcast")
    assert admin.last_text().startswith(SAYS[lang]["bc-ask"])
    return admin


@pytest.mark.parametrize("lang", LANGS)
async def test_a_broadcast_that_shows_nothing_is_refused(app: App, lang: str) -> None:
    says = SAYS[lang]
    admin = await broadcasting(app, lang)
    for typed in [*INVISIBLE, "<b>\u200b</b>"]:
        await admin.send(typed)
        assert admin.last_text().startswith(says["bc"]), typed
    await admin.send_formatted("\u200b", [{"type": "bold", "offset": 0, "length": 1}])
    assert admin.last_text().startswith(says["bc"])
    assert await count(app, "SELECT count(*) FROM broadcasts") == 0
    assert await count(app, "SELECT count(*) FROM outbox") == 0
    # a photo needs no caption; one that shows nothing is left off
    await admin.send_photo("\u200b\u2060")
    assert admin.last_text().startswith(says["audience"])
    await admin.press("👁 Предпросмотр" if lang == "ru" else "👁 Preview")
    preview = admin.messages()[-2]
    assert preview["photo"] and not preview["caption"]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_broadcast_with_a_link_that_is_not_a_web_page_is_refused(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    admin = await broadcasting(app, lang)
    for link in BAD_LINKS:
        await admin.send(f'День открытых дверей: <a href="{link}">запись</a>')
        assert admin.last_text().startswith(says["link"].format(shown(link))), link
        await admin.send_photo("Запись", link_entity("Запись", link))
        assert admin.last_text().startswith(says["link"].format(shown(link))), link
    # one bad link among good ones is enough
    await admin.send(f'<a href="{GOOD_LINKS[0]}">a</a> <a href="{BAD_LINKS[0]}">b</a>')
    assert admin.last_text().startswith(says["link"].format(BAD_LINKS[0]))
    assert await count(app, "SELECT count(*) FROM broadcasts") == 0
    assert await count(app, "SELECT count(*) FROM outbox") == 0
    links = " ".join(f'<a href="{link}">{n}</a>' for n, link in enumerate(GOOD_LINKS))
    await admin.send(f"Ссылки: {links}")
    assert admin.last_text().startswith(says["audience"])


# ---- the sign-up -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_a_name_or_school_that_shows_nothing_is_refused(app: App, lang: str) -> None:
    says = SAYS[lang]
    await load_groups(app)
    chat = app.chat(language_code=lang)
    await start_as(chat, "parent", lang)
    await open_form(chat, lang)
    await chat.send("\u200b \u2060")
    assert says["name"] in chat.last_text()
    await chat.send("Иванова Мария")
    await chat.send(born(10))
    for typed in INVISIBLE:
        await chat.send(typed)
        assert says["school"] in chat.last_text(), typed
    await chat.send("Школа № 5")
    assert says["school"] not in chat.last_text()
    assert await count(app, "SELECT count(*) FROM children") == 0
