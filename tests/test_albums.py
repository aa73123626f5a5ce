"""A photo album sent outside a form (one message per photo, sharing a media_group_id) is
answered once, not once a photo; photos sent one by one are each answered."""

from __future__ import annotations

import pytest

from bot.local.chat import LocalChat
from bot.services.albums import Albums
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App

NOT_TEXT = {"ru": "Такое я пока не разбираю 🙂", "en": "I can't read that yet 🙂"}


def answers(chat: LocalChat, since: int) -> list[str]:
    return chat.texts()[since:]


@pytest.mark.parametrize(("role", "lang"), [("parent", "ru"), ("pupil", "en")])
async def test_an_album_gets_one_answer(app: App, role: str, lang: str) -> None:
    chat = app.chat(user_id=6101, language_code=lang)
    await start_as(chat, role, lang)
    before = len(chat.messages())
    await chat.send_album(3)
    [answer] = answers(chat, before)
    assert answer.startswith(NOT_TEXT[lang])
    assert chat.labels()  # with the menu
    # another album is answered again, once; a photo on its own each time
    await chat.send_album(2)
    await chat.send_photo()
    await chat.send_photo()
    assert [text.startswith(NOT_TEXT[lang]) for text in answers(chat, before)] == [True] * 4


async def test_ten_photos_to_staff_get_one_menu(app: App) -> None:
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    before = len(admin.messages())
    await admin.send_album(10)
    [answer] = answers(admin, before)
    assert answer.startswith(NOT_TEXT["ru"]) and "\n\n🏠 Меню\n" in answer
    assert "🔎 Найти" in admin.labels()  # the staff's menu, once


def test_the_memory_of_albums_stays_small() -> None:
    albums = Albums(size=3)
    assert albums.first(1, "a") and not albums.first(1, "a")
    assert albums.first(2, "a")  # another person's album of the same id
    assert albums.first(1, None) and albums.first(1, None)  # no album: always answered
    for name in ("b", "c", "d"):
        assert albums.first(1, name)
    assert albums.first(1, "a")  # the oldest was forgotten to keep three
    assert len(albums._answered) == 3
