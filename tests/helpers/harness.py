"""The chat harness: one running bot — the real dispatcher from the shared assembly, real
SQLite with real migrations, and the in-process emulated Bot API around it. Tests talk to it
as people would, through `LocalChat`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from aiogram import Bot, Dispatcher, Router

from bot.app import bot_defaults
from bot.dispatcher import Repos, Services, assemble
from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from storage.db import Database

ADMIN_ID = 9001


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


@cache
def feature_routers() -> tuple[Router, ...]:
    """The feature routers, built once for the test run (building them is most of a
    dispatcher's cost: aiogram inspects every handler's and filter's signature)."""
    from handlers import get_routers

    return tuple(get_routers())


def lent_routers() -> tuple[Router, ...]:
    """The run's routers, taken back from the previous test's dispatcher: a router holds no
    state of its own (no middlewares, no data), only which dispatcher includes it."""
    routers = feature_routers()
    for router in routers:
        router._parent_router = None
    return routers


def make_app(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts,
    emulator: Emulator | None = None,
) -> App:
    emulator = emulator or Emulator()
    bot = Bot(DEMO_TOKEN, session=LocalSession(emulator), default=bot_defaults())
    dp, repos, services = assemble(bot, db, settings, catalogue, texts, lent_routers())
    return App(dp=dp, bot=bot, emulator=emulator, repos=repos, db=db, settings=settings,
               services=services)
