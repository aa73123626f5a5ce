"""No dead ends in staff's reading of children's data: /find with a name typed, its results,
the application cards opened from them (their decisions, and the way back to the results),
/audit's pages of the record and /export's file."""

from __future__ import annotations

import re

import pytest

from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from storage.db import Database
from tests.helpers.crawl import crawl
from tests.helpers.harness import ADMIN_ID, App, make_app
from tests.helpers.signup import load_groups, sign_up

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py


@pytest.fixture
def app(db: Database, settings: Settings, catalogue: Catalogue, texts: Texts) -> App:
    """A crawl presses far faster than a person: no flood control here."""
    return make_app(db, settings.model_copy(update={"user_updates_per_minute": 0}), catalogue,
                    texts)


def shown(app: App) -> str:
    """Every screen and caption shown so far, without its markup."""
    return re.sub("<[^>]+>", "", "\n".join(
        str(call.params.get("text") or call.params.get("caption")) for call in app.emulator.calls
        if call.method in ("sendMessage", "editMessageText", "sendDocument")))


async def test_finding_families_and_the_record_meet_no_dead_end(app: App) -> None:
    await load_groups(app)
    for user_id, name in ((1101, "Петров Пётр"), (1102, "Петрова Анна"), (1103, "Сидоров Ян")):
        await sign_up(app.chat(user_id=user_id), name=name)
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    # the menu leads everywhere: the staff's crawl presses it. First the results and the
    # cards, back and forth; then the decisions too (after which the pending list is where
    # a card leads, and an older card's way back asks for the search again)
    presses, answered = 0, set[str]()
    for skip in (("n:home", "ad:"), ("n:home",)):
        await admin.send("/find петров")
        pressed, typed = await crawl(app, admin, skip=skip)
        presses, answered = presses + pressed, answered | typed
    assert presses >= 15 and {"FindForm:query", "Review:reason"} <= answered
    results = [call.method for call in app.emulator.calls
               if call.method in ("sendMessage", "editMessageText")
               and str(call.params.get("text")).startswith(("🔎 <b>Нашёл", "🔎 <b>Никого"))]
    # cards led back to the results (edited in place), and every showing is in the record
    assert "editMessageText" in results, "no card led back to the results"
    assert await app.db.fetchval(
        "SELECT count(*) FROM staff_access WHERE kind LIKE 'search_%'") == len(results)
    # a record of more than a page
    for _ in range(15):
        await app.services.staff_data.find(ADMIN_ID, "Сидоров")
    for command in ("/audit", "/export"):
        await admin.send(command)
        more, _ = await crawl(app, admin, skip=("n:home",))
        assert admin.buttons(), command  # the file comes with the way on
        presses += more
    seen = shown(app)
    for screen in ("🔎 Нашёл 2 семьи по имени", "📋 Заявка №1", "Почему отклоняем?",
                   "🕵️ Журнал доступа к данным детей", "Страница 2 из 2",
                   "📄 Выгрузка заявок: 3 заявки"):
        assert screen in seen, screen
