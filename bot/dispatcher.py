"""The one dispatcher factory shared by `main()`, the demo, the tests and the benchmarks.
It does no I/O: everything it needs is passed in."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Dispatcher, F
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.catalogue import Catalogue
from bot.fsm_storage import SQLiteStorage
from bot.i18n import Texts
from bot.middlewares import InFlight, Throttle, UserContext
from bot.settings import Settings
from handlers import get_routers
from storage.db import Database
from storage.fsm import FsmRepo
from storage.quiz import QuizRepo
from storage.users import UserRepo


@dataclass
class Repos:
    users: UserRepo
    quiz: QuizRepo

    @classmethod
    def create(cls, db: Database) -> Repos:
        return cls(users=UserRepo(db), quiz=QuizRepo(db))


def build_dispatcher(
    *,
    settings: Settings,
    db: Database,
    catalogue: Catalogue,
    texts: Texts,
    repos: Repos | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    repos = repos or Repos.create(db)
    dp = Dispatcher(
        storage=SQLiteStorage(FsmRepo(db)),
        # one update at a time per user: double taps and repeats are handled in order
        events_isolation=events_isolation or SimpleEventIsolation(),
        settings=settings,
        db=db,
        catalogue=catalogue,
        texts=texts,
        users=repos.users,
        quiz_repo=repos.quiz,
    )
    inflight = InFlight()
    dp["inflight"] = inflight
    dp.update.outer_middleware(inflight)
    dp.update.outer_middleware(UserContext(repos.users, texts, settings))
    dp.update.outer_middleware(Throttle(settings.user_updates_per_minute))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    # a private bot: group chats are not its place
    dp.message.filter(F.chat.type == "private")
    dp.include_routers(*get_routers())
    return dp
