"""The chat harness: the real dispatcher, real SQLite, the in-process Bot API emulator."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher

from bot.app import bot_defaults
from bot.catalogue import Catalogue, load_catalogue
from bot.dispatcher import Repos, Services, assemble
from bot.emulator import Emulator
from bot.i18n import Texts
from bot.local_chat import LocalChat
from bot.local_session import DEMO_TOKEN, LocalSession
from bot.settings import DEFAULT_CATALOGUE, Settings
from storage.db import Database
from storage.quanta import QuantaRepo

ADMIN_ID = 9001


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's own .env or environment."""
    for name in list(os.environ):
        if name in {"BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_PATH", "ADMIN_IDS", "TIMEZONE",
                    "DEFAULT_LOCALE", "CATALOGUE_PATH", "RUSSIAN_LANGUAGE_CODES"}:
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def texts() -> Texts:
    return Texts()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(DEFAULT_CATALOGUE)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        database_path=tmp_path / "bot.sqlite3",
        admin_ids=frozenset({ADMIN_ID}),
        send_rate=1000,
        send_rate_per_chat=100,
    )


@pytest.fixture
async def db(settings: Settings, catalogue: Catalogue) -> AsyncIterator[Database]:
    database = await Database.open(settings.database_path)
    await QuantaRepo(database).sync(q.model_dump() for q in catalogue.quanta)
    yield database
    await database.close()


@dataclass
class App:
    """One running bot: the dispatcher, its Bot and the emulated Telegram around it."""

    dp: Dispatcher
    bot: Bot
    emulator: Emulator
    repos: Repos
    db: Database
    settings: Settings
    services: Services
    chats: dict[int, LocalChat] = field(default_factory=dict)

    async def deliver(self) -> None:
        """Let the sender deliver everything due, then refresh broadcasts' progress."""
        await self.services.sender.drain()
        await self.services.broadcasting.tick()

    def chat(
        self, user_id: int = 1001, language_code: str | None = "ru", first_name: str = "Аня",
        username: str | None = None,
    ) -> LocalChat:
        chat = LocalChat(self.dp, self.bot, self.emulator, user_id=user_id,
                         first_name=first_name, language_code=language_code, username=username)
        self.chats[user_id] = chat
        return chat


def make_app(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts,
    emulator: Emulator | None = None,
) -> App:
    emulator = emulator or Emulator()
    bot = Bot(DEMO_TOKEN, session=LocalSession(emulator), default=bot_defaults())
    dp, repos, services = assemble(bot, db, settings, catalogue, texts)
    return App(dp=dp, bot=bot, emulator=emulator, repos=repos, db=db, settings=settings,
               services=services)


@pytest.fixture
def app(db: Database, settings: Settings, catalogue: Catalogue, texts: Texts) -> App:
    return make_app(db, settings, catalogue, texts)


@pytest.fixture
def chat(app: App) -> LocalChat:
    return app.chat()


@pytest.fixture
def en_chat(app: App) -> LocalChat:
    return app.chat(user_id=1002, language_code="en", first_name="Anna")


@pytest.fixture
def project_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parent.parent
