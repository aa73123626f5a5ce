"""«📭 Кому не доставлено» after a lesson change and after a closure: besides a family that
blocked the bot, one nobody of whom has started it and one whose message failed otherwise, each
with its own reason, the youngest child's family first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.local.limits import ApiError, bad_request
from bot.ui.callbacks import LessonOpen
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import NOW, enrol, load_timetable

FAILS = 5002  # Telegram refuses every message to this parent («chat not found»)
GONE = 5003  # this parent's account is gone: nobody in the family can be told


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


def refuse(method: str, params: dict[str, Any]) -> ApiError | None:
    return bad_request("chat not found") if params.get("chat_id") == FAILS else None


async def families(app: App) -> dict[str, int]:
    """Three families in robo-a1: one reached, one whose messages fail, one with nobody."""
    ids = await load_timetable(app)
    for user_id, name, years in ((5001, "Маша Петрова", 8), (FAILS, "Ваня Сидоров", 10),
                                 (GONE, "Лиза Орлова", 12)):
        await start_as(app.chat(user_id=user_id, first_name=name.split()[0] + "-мама"),
                       "parent")
        await enrol(app, user_id, ids["robo-a1"], name, years)
    async with app.db.transaction() as conn:
        await conn.execute("DELETE FROM users WHERE id = ?", (GONE,))  # its member goes too
    await app.deliver()
    app.emulator.failures.append(refuse)
    return ids


async def admin_chat(app: App, lang: str) -> LocalChat:
    admin = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await admin.send("/start")
    return admin


REPORT = {
    "ru": ("1. Ваня Сидоров, 10 лет\nРодитель: Ваня-мама · +79123456789\nСообщение не дошло\n"
           "2. Лиза Орлова, 12 лет\nРодители: не знаем · +79123456789\n"
           "Никто из семьи не запускал бота"),
    "en": ("1. Ваня Сидоров, 10\nParent: Ваня-мама · +79123456789\n"
           "The message did not arrive\n"
           "2. Лиза Орлова, 12\nParents: unknown · +79123456789\n"
           "Nobody in the family has started the bot"),
}
TITLE = {
    "ru": ("📭 Кому не доставлено · {}\nСемьи: получили 1, не получили 2.\n"
           "Сначала — семьи самых младших.\n\n"),
    "en": ("📭 Not reached · {}\nFamilies reached: 1, not reached: 2.\n"
           "The youngest children's families first.\n\n"),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_lesson_change_lists_who_never_started_the_bot_and_whose_message_failed(
    app: App, lang: str,
) -> None:
    ids = await families(app)
    lesson = await app.db.fetchval(
        "SELECT id FROM lessons WHERE group_id = ? AND starts_at > ? ORDER BY starts_at",
        (ids["robo-a1"], NOW.astimezone(UTC).isoformat()))
    await app.services.lesson_changes.change(lesson, 0, "cancel", by=ADMIN_ID,
                                             reason="Педагог заболел")
    await app.deliver()
    assert app.chats[5001].last_text().startswith("❌")
    assert not app.emulator.sent(FAILS)[-1]["text"].startswith("❌")  # refused
    admin = await admin_chat(app, lang)
    await admin.press_data(LessonOpen(id=lesson).pack())
    await admin.press("📭 Кому не доставлено" if lang == "ru" else "📭 Not reached")
    subject = "изменение занятия" if lang == "ru" else "lesson change"
    assert admin.last_text() == TITLE[lang].format(subject) + REPORT[lang]
    row = await app.db.fetchone("SELECT status, last_error FROM outbox WHERE chat_id = ? AND"
                                " kind = 'lesson'", (FAILS,))
    assert row is not None and tuple(row) == ("failed", "Bad Request: chat not found")


async def test_a_closure_lists_the_same_reasons(app: App) -> None:
    await families(app)
    await app.services.timetable.add_many([{
        "starts_on": date(NOW.year, 12, 1), "ends_on": date(NOW.year, 12, 5),
        "reason": "Ремонт", "reason_en": "Repairs", "quanta": []}])
    await app.deliver()
    admin = await admin_chat(app, "ru")
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("📭 Кому не доставлено")
    assert admin.last_text() == TITLE["ru"].format("закрытие") + REPORT["ru"]
