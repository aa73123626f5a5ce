"""Text as Telegram takes it (bot.services.telegram_text): the length Telegram counts and
shortening to it, the one refusal, staff's text read from a message — examples and properties
without Telegram; then one text whose characters and UTF-16 units differ, at exactly the limit
and one over, judged the same by every input and by the emulated Bot API."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Chat, Message, MessageEntity, PhotoSize
from hypothesis import given
from hypothesis import strategies as st

from bot.local.limits import ApiError, check_alert, check_commands
from bot.services.telegram_text import (
    TELEGRAM_ALERT,
    HtmlError,
    Refused,
    Typed,
    blank_kind,
    check_length,
    check_staff,
    check_typed,
    clip,
    formatted_html,
    from_typed,
    read_staff,
    shorten,
    tg_len,
    to_plain,
)
from bot.ui.keyboards import LABEL_LIMIT, button_label
from tests.helpers.broadcast import compose, people
from tests.helpers.harness import App
from tests.helpers.questions import ANSWERED, SENT, asked, count, replies

FAMILY = "👨‍👩‍👧"  # five characters, eight UTF-16 units
ROBOT = "🤖"  # one character, two units


def sized(units: int) -> str:
    """Text Telegram counts as `units` long, with about half as many characters."""
    rest = units - tg_len(FAMILY)
    return FAMILY + ROBOT * (rest // 2) + "ж" * (rest % 2)


def message(text: str | None = None, entities: list[MessageEntity] | None = None, *,
            caption: str | None = None, photo: bool = False) -> Message:
    sizes = [PhotoSize(file_id=f"p{n}", file_unique_id=f"u{n}", width=n, height=n)
             for n in (90, 800)] if photo else None
    return Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=1, type="private"),
                   text=text, entities=entities if text is not None else None,
                   caption=caption, caption_entities=entities if caption is not None else None,
                   photo=sizes)


# ---- the length Telegram counts ---------------------------------------------------------------


def test_lengths_are_utf16_units() -> None:
    assert [tg_len(text) for text in ("", "ж", ROBOT, FAMILY, "a🤖b")] == [0, 1, 2, 8, 4]
    assert len(sized(4096)) < tg_len(sized(4096)) == 4096
    check_length(sized(3500), 3500, "too-long")
    with pytest.raises(Refused) as refused:
        check_length(sized(3501), 3500, "too-long", extra=1)
    assert (refused.value.key, refused.value.kwargs) == (
        "too-long", {"length": 3501, "limit": 3500, "extra": 1})
    assert isinstance(refused.value, ValueError)


@given(st.text(), st.text())
def test_length_adds_up_and_is_never_shorter_than_the_characters(a: str, b: str) -> None:
    assert tg_len(a + b) == tg_len(a) + tg_len(b)
    assert len(a) <= tg_len(a) <= 2 * len(a)
    assert (tg_len(a) == len(a)) is all(ord(char) < 0x10000 for char in a)


@given(st.text(), st.integers(1, 60))
def test_shortened_text_fits_and_is_a_beginning(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert tg_len(short) <= limit
    if tg_len(text) <= limit:
        assert short == text
    else:
        assert short.endswith("…") and text.startswith(short[:-1])


@given(st.text(), st.integers(1, 60))
def test_check_length_and_shorten_agree(text: str, limit: int) -> None:
    try:
        check_length(text, limit, "k")
    except Refused:
        assert shorten(text, limit) != text
    else:
        assert shorten(text, limit) == text


def test_shortening_examples() -> None:
    assert shorten(ROBOT * 10, 5) == ROBOT * 2 + "…"
    assert shorten("ж" * 100, 10) == "ж" * 9 + "…"
    assert shorten("слово и слово", 8) == "слово и…"
    assert clip("  две\nстроки  ", 20) == "две строки"
    assert clip(FAMILY * 3, 10) == FAMILY + "…"


# ---- staff's text, typed with tags or formatted in the app -------------------------------------


def test_typed_tags_and_formatting_made_in_telegram() -> None:
    assert check_staff(" a & <b>b</b> ", None, "bc") == Typed("a &amp; <b>b</b>", " a & b ", None)
    bold = [MessageEntity(type="bold", offset=0, length=5)]
    # formatted in the app: «<b>» typed beside it is text, not a tag
    sent = message("Жирно и <b>", bold)
    assert formatted_html(sent) == "<b>Жирно</b> и &lt;b&gt;"
    assert read_staff(sent, "bc") == Typed("<b>Жирно</b> и &lt;b&gt;", "Жирно и <b>", None)
    # a link Telegram found by itself is not formatting: the tags typed are read
    url = [MessageEntity(type="url", offset=3, length=19)]
    assert formatted_html(message("<i>https://example.org</i>", url)) is None
    typed = read_staff(message("<i>https://example.org</i>", url), "q")
    assert typed is not None and typed.html == "<i>https://example.org</i>"
    # a photo's caption is read the same way; a photo alone has no text
    assert read_staff(message(caption="Жирно", entities=bold, photo=True), "bc") == Typed(
        "<b>Жирно</b>", "Жирно", None)
    assert read_staff(message(photo=True), "bc") is None


@pytest.mark.parametrize(("raw", "key"), [
    ("Привет <b>всем", "unclosed"), ("<div>x</div>", "unsupported"), ("2 < 3", "bare-lt"),
    ("<a>x</a>", "no-href"), ('<a href="javascript:x">x</a>', "bad-link"),
    ("x</i>", "unexpected-end"),
])
@pytest.mark.parametrize("keys", ["q", "bc"])
def test_what_telegram_would_refuse_is_refused_in_the_callers_words(
    raw: str, key: str, keys: str
) -> None:
    with pytest.raises(Refused) as refused:
        check_staff(raw, None, keys)
    assert refused.value.key == f"{keys}-html-{key}"
    assert set(refused.value.kwargs) == {"tag", "link"}


def test_text_that_shows_nothing_says_why() -> None:
    assert check_staff("  ", None, "bc").blank == "empty"
    assert check_staff("<b>\u200b</b>", None, "bc").blank == "invisible"
    formatted = message("\u200b\u2060", [MessageEntity(type="bold", offset=0, length=2)])
    typed = read_staff(formatted, "bc")
    assert typed is not None and typed.blank == "invisible"


@given(st.text(max_size=60))
def test_staff_text_is_read_as_telegram_reads_it_or_refused(raw: str) -> None:
    try:
        typed = check_staff(raw, None, "bc")
    except Refused as exc:
        assert exc.key.startswith("bc-html-")
        with pytest.raises(HtmlError):
            check_typed(from_typed(raw))
    else:
        assert typed.html == from_typed(raw).strip()
        assert typed.plain == check_typed(from_typed(raw))
        assert typed.blank == blank_kind(typed.plain)
        # what is kept, trimmed, still parses, and is no longer than what was counted
        assert tg_len(to_plain(typed.html)) <= tg_len(typed.plain)


@given(st.text(min_size=1, max_size=40), st.sampled_from(["bold", "italic", "code", "spoiler"]))
def test_formatted_text_reads_back_to_what_was_typed(text: str, kind: str) -> None:
    entity = MessageEntity(type=kind, offset=0, length=tg_len(text))
    typed = read_staff(message(text, [entity]), "q")
    assert typed is not None and typed.plain == text


# ---- one text, at the limit and one over: every input and the emulator agree -----------------


def number(value: int) -> str:
    """A length as the texts show it: 4 097 with a non-breaking space."""
    return f"{value:,}".replace(",", "\u00a0")


async def test_a_question_is_counted_as_telegram_counts(app: App) -> None:
    admin, parent = await asked(app, 6101, "Первый")
    await parent.send("/ask")
    await parent.send(sized(3501))
    assert parent.last_text().startswith(f"Вопрос слишком длинный: {number(3501)} символов")
    await parent.send_photo(sized(801))
    assert parent.last_text().startswith("Подпись к фото слишком длинная: 801 символов")
    await parent.send(sized(3500))
    assert parent.last_text().startswith(SENT)
    await parent.send("/ask")
    await parent.send_photo(sized(800))
    assert parent.last_text().startswith(SENT)
    await app.deliver()  # and Telegram takes both, with the staff's header
    assert sum(sized(3500) in text for text in admin.texts()) == 1
    assert any(sized(800) in (m.get("caption") or "") for m in admin.messages())
    assert await count(app, "SELECT count(*) FROM questions") == 3


async def test_an_answer_is_counted_as_telegram_counts(app: App) -> None:
    admin, parent = await asked(app, 6201, "Вопрос")
    await admin.press("✍️ Ответить")
    await admin.send(sized(3501))
    assert admin.last_text().startswith(f"Слишком длинно: {number(3501)} символов, а можно не "
                                        f"больше {number(3500)}.")
    assert await replies(app) == 0
    await admin.send(f"<b>{sized(3500)}</b>")  # tags do not count
    assert admin.last_text() == ANSWERED
    await app.deliver()
    assert sized(3500) in parent.last_text()


async def test_a_broadcast_is_counted_as_telegram_counts(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, sized(4097))
    assert admin.last_text().startswith(f"Слишком длинно: {number(4097)} символов, а можно не "
                                        f"больше {number(4096)}.")
    await admin.send_photo(sized(1025))
    assert admin.last_text().startswith(f"Слишком длинно: {number(1025)} символов, а можно не "
                                        f"больше {number(1024)}.")
    await admin.send_photo(sized(1024))
    assert admin.last_text().startswith("👥 Кому отправить?")
    await compose(admin, f"<i>{sized(4096)}</i>")
    assert admin.last_text().startswith("👥 Кому отправить?")
    await admin.press("👁 Предпросмотр")  # Telegram takes it
    assert admin.messages()[-2]["text"] == sized(4096)


async def test_a_post_is_counted_as_telegram_counts(app: App) -> None:
    admin = app.chat(user_id=9001, first_name="Админ")
    await admin.send("/start")
    await admin.send("/post")
    await admin.press("➕ Новый пост")
    await admin.send("Т")
    await admin.send("ж" * 5000)
    found = re.search(r"можно: ([\d\u00a0]+) ", admin.last_text())
    assert found is not None
    # what the title and the last line add to the text
    around = int(found[1].replace("\u00a0", "")) - 5000
    await admin.send(sized(4097 - around))
    assert admin.last_text().startswith(f"Пост длиннее, чем можно: {number(4097)} знаков при "
                                        f"пределе {number(4096)}")
    assert "шаг 2 из 5" in admin.last_text()
    await admin.send(sized(4096 - around))
    assert admin.last_text().startswith("📝 Новый пост · шаг 3 из 5")
    for label in ("Без фото", "Без квантума", "Без партнёра"):
        await admin.press(label)
    assert admin.last_text().startswith("☝️ Так пост увидят читатели.")  # Telegram took it


@pytest.mark.parametrize("html", [False, True])
async def test_the_emulated_telegram_counts_the_same(app: App, html: bool) -> None:
    chat = app.chat(user_id=6301)
    await chat.send("/start")
    wrap = "<b>{}</b>" if html else "{}"
    options: dict[str, Any] = {} if html else {"parse_mode": None}
    await app.bot.send_message(chat.user_id, wrap.format(sized(4096)), **options)
    assert chat.last_text() == sized(4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await app.bot.send_message(chat.user_id, wrap.format(sized(4097)), **options)
    await app.bot.send_photo(chat.user_id, "photo", caption=wrap.format(sized(1024)), **options)
    assert chat.last()["caption"] == sized(1024)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await app.bot.send_photo(chat.user_id, "photo", caption=wrap.format(sized(1025)),
                                 **options)


def test_the_emulated_telegram_counts_toasts_and_menus_the_same() -> None:
    check_alert({"text": sized(TELEGRAM_ALERT)})
    with pytest.raises(ApiError, match="MESSAGE_TOO_LONG"):
        check_alert({"text": sized(TELEGRAM_ALERT + 1)})
    # what the bot cuts a toast to, Telegram takes
    check_alert({"text": shorten(sized(500), TELEGRAM_ALERT)})
    check_commands([{"command": "start", "description": sized(256)}])
    with pytest.raises(ApiError, match="BOT_COMMAND_INVALID"):
        check_commands([{"command": "start", "description": sized(257)}])


# ---- button labels: cut at a word boundary -------------------------------------------------


@pytest.mark.parametrize(("label", "shown"), [
    ("№1 · Петров Михаил · Ср/Пт 16:00", "№1 · Петров Михаил…"),
    ("№2 · Орлов Дима · Вт/Чт 15:00", "№2 · Орлов Дима · Вт/Чт…"),
    ("👪 Иванова Мария-Луиза Петровна", "👪 Иванова Мария-Луиза…"),
    ("• Робототехника: первые шаги", "• Робототехника: первые…"),
    ("Короткая кнопка", "Короткая кнопка"),
    ("Ровно двадцать четыре !!", "Ровно двадцать четыре !!"),
    ("Ааааааааааааааааааааааааааааа", "Ааааааааааааааааааааааа…"),  # one word: no boundary
])
def test_a_long_label_is_cut_after_a_whole_word(label: str, shown: str) -> None:
    assert button_label(label) == shown


@given(st.lists(st.text(alphabet="абвгдеёжз/-·№1", min_size=1, max_size=12), min_size=1,
                max_size=8))
def test_a_cut_label_fits_and_ends_with_whole_words(words: list[str]) -> None:
    label = " ".join(words)
    shown = button_label(label)
    assert len(shown) <= LABEL_LIMIT
    if len(label) <= LABEL_LIMIT:
        assert shown == label
        return
    assert shown.endswith("…")
    kept = shown[:-1]
    assert label.startswith(kept)
    # the cut never falls between two letters or digits, unless the first word is too long
    if len(words[0]) < LABEL_LIMIT - 1:
        assert not (kept[-1].isalnum() and label[len(kept)].isalnum())
