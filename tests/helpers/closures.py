"""Families told of closures, for the closures' tests: a Russian and an English family and
the admin, a closure in December, and the closure notices a chat received."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import NOW, enrol, load_timetable


async def families(app: App) -> tuple[LocalChat, LocalChat, LocalChat]:
    """A Russian parent (robo-a1), an English one (it-a1), and the admin."""
    groups = await load_timetable(app)
    ru = app.chat(user_id=5001, first_name="Ольга")
    en = app.chat(user_id=5002, language_code="en", first_name="Kate")
    await start_as(ru, "parent")
    await start_as(en, "parent", "en")
    await enrol(app, 5001, groups["robo-a1"], "Маша Петрова", years=8)
    await enrol(app, 5002, groups["it-a1"], "Tom Smith", years=14)
    admin = app.chat(user_id=ADMIN_ID, first_name="Админ")
    await admin.send("/start")
    return ru, en, admin


def december(first: int, last: int, **more: object) -> dict[str, object]:
    return {"starts_on": NOW.date().replace(month=12, day=first),
            "ends_on": NOW.date().replace(month=12, day=last),
            "reason": "Ремонт", "reason_en": "Repairs", "quanta": [], **more}


def closure_texts(chat: LocalChat) -> list[str]:
    return [text for text in chat.texts()
            if text.startswith(("📅 Занятия", "✅ Занятия снова", "📅 Занятие",
                                "✅ Занятие", "📅 Lesson", "✅ Lessons", "✅ The lesson",
                                "📅 The lesson"))]
