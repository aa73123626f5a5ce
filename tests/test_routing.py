"""A press is offered only to the routers whose buttons can match it: the same handler takes
it as with aiogram's own routing, for every kind of button the bot makes and for junk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters.callback_data import CallbackData

import handlers
from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui import callbacks
from storage.db import Database
from storage.quanta import QuantaRepo
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App, make_app

NAVS = ("applications", "broadcast", "catalogue", "children", "home", "language", "lessons",
        "quiz", "result", "settings", "staff", "subscriptions", "nothing")
ACTIONS = ("add", "list", "open", "start", "cancel", "forget", "zzz")


def presses() -> list[str]:
    """Every CallbackData class with a few values, and data no button carries."""
    out = ["", "garbage", "n", "n:", ":", "nf", "nf:1:x:y", "zz:1"]
    for name in dir(callbacks):
        kind = getattr(callbacks, name)
        if not (isinstance(kind, type) and issubclass(kind, CallbackData)
                and kind is not CallbackData):
            continue
        variants: list[dict[str, Any]] = [{}]
        for field, info in kind.model_fields.items():
            text = str(info.annotation)
            values: tuple[Any, ...] = (
                NAVS if field == "to" else ACTIONS if field == "action"
                else (0, 1) if "int" in text.lower() else (True,) if "bool" in text
                else ("", "robo"))
            variants = [dict(v, **{field: value}) for v in variants for value in values][:12]
        for chosen in variants:
            try:
                out.append(kind(**chosen).pack())
            except ValueError:
                continue
    return out


def record(router: Router, log: list[str]) -> None:
    for handler in router.callback_query.handlers:
        original = handler.call

        async def call(*args: Any, _original: Any = original,
                       _name: str = handler.callback.__qualname__, **kwargs: Any) -> Any:
            log.append(_name)
            return await _original(*args, **kwargs)

        handler.call = call  # type: ignore[method-assign]
    for sub in router.sub_routers:
        record(sub, log)


async def handled(app: App, data: list[str]) -> list[tuple[int, str, tuple[str, ...]]]:
    log: list[str] = []
    record(app.dp, log)
    out = []
    for user_id in (1001, ADMIN_ID):
        chat = app.chat(user_id=user_id)
        if user_id == ADMIN_ID:
            await chat.send("/start")
        else:
            await start_as(chat, "parent")
        for press in data:
            log.clear()
            await chat.press_data(press)
            out.append((user_id, press, tuple(log)))
    return out


async def fresh_app(settings: Settings, catalogue: Catalogue, texts: Texts, path: Path
                    ) -> tuple[App, Database]:
    db = await Database.open(path)
    await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
    quiet = settings.model_copy(update={"user_updates_per_minute": 0, "database_path": path})
    return make_app(db, quiet, catalogue, texts), db


async def test_a_press_reaches_the_handler_aiogram_would_choose(
    settings: Settings, catalogue: Catalogue, texts: Texts, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = presses()
    assert len(data) > 150
    app, db = await fresh_app(settings, catalogue, texts, tmp_path / "ours.sqlite3")
    try:
        ours = await handled(app, data)
    finally:
        await db.close()
    monkeypatch.setattr(handlers.FeatureDispatcher, "propagate_event",
                        Dispatcher.propagate_event)
    monkeypatch.setattr(handlers.FeatureDispatcher, "_propagate_event",
                        Router._propagate_event)
    app, db = await fresh_app(settings, catalogue, texts, tmp_path / "theirs.sqlite3")
    try:
        theirs = await handled(app, data)
    finally:
        await db.close()
    assert ours == theirs
    # and it was not vacuous: most presses reached a handler
    assert sum(1 for _, _, names in ours if names) > len(ours) * 0.8
