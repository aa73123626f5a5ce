"""A press is offered only to the routers whose buttons can match it (bot/routing.py): the
same handler takes it as with aiogram's own routing, for every kind of button the bot makes and
for junk; the other routers' handlers are not even checked; and what bot/routing.py relies on
in aiogram is still there."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery
from aiogram.types import User as TgUser

import bot.dispatcher
import handlers.staff
from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.routing import PressRouter, head, press_prefixes
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui import callbacks, callbacks_groups, callbacks_journal, callbacks_staff
from bot.ui.callbacks import CataloguePage, LessonGroups, LessonList, Nav, QuantumCard
from bot.ui.callbacks_groups import GroupOpen
from storage.db import Database
from storage.quanta import QuantaRepo
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App, make_app
from tests.helpers.lessons import load_timetable

NAVS = ("applications", "broadcast", "catalogue", "children", "home", "language", "lessons",
        "quiz", "result", "settings", "staff", "subscriptions", "nothing")
ACTIONS = ("add", "list", "open", "start", "cancel", "forget", "zzz")


def presses(modules: tuple[ModuleType, ...] = (callbacks,)) -> list[str]:
    """Every CallbackData class (of `modules`) with a few values, and data no button
    carries."""
    out = ["", "garbage", "n", "n:", ":", "nf", "nf:1:x:y", "zz:1"]
    for kind in (getattr(module, name) for module in modules for name in dir(module)):
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


def record(router: Router, log: list[str], monkeypatch: pytest.MonkeyPatch,
           kind: str = "callback_query") -> None:
    """Log the name of each handler of the kind (presses, messages) that runs."""
    for handler in router.observers[kind].handlers:
        async def call(*args: Any, _original: Any = handler.call,
                       _name: str = handler.callback.__qualname__, **kwargs: Any) -> Any:
            log.append(_name)
            return await _original(*args, **kwargs)

        monkeypatch.setattr(handler, "call", call)
    for sub in router.sub_routers:
        record(sub, log, monkeypatch, kind)


async def started(app: App, user_id: int) -> LocalChat:
    """A parent after a sign-in, or staff after /start."""
    chat = app.chat(user_id=user_id)
    if user_id == ADMIN_ID:
        await chat.send("/start")
    else:
        await start_as(chat, "parent")
    return chat


async def handled(app: App, data: list[str], monkeypatch: pytest.MonkeyPatch
                  ) -> list[tuple[int, str, tuple[str, ...]]]:
    log: list[str] = []
    record(app.dp, log, monkeypatch)
    out = []
    for user_id in (1001, ADMIN_ID):
        chat = await started(app, user_id)
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
    # and the buttons of staff's groups, roster and journal: presses staff's router takes
    data = presses((callbacks, callbacks_groups, callbacks_staff, callbacks_journal))
    assert len(data) > 200
    app, db = await fresh_app(settings, catalogue, texts, tmp_path / "ours.sqlite3")
    try:
        ours = await handled(app, data, monkeypatch)
    finally:
        await db.close()
    monkeypatch.setattr(bot.dispatcher, "PressDispatcher", Dispatcher)
    monkeypatch.setattr(handlers.staff, "PressRouter", Router)
    app, db = await fresh_app(settings, catalogue, texts, tmp_path / "theirs.sqlite3")
    try:
        theirs = await handled(app, data, monkeypatch)
    finally:
        await db.close()
    assert ours == theirs
    # and it was not vacuous: most presses reached a handler
    assert sum(1 for _, _, names in ours if names) > len(ours) * 0.8


def checked_routers(router: Router, log: list[str], monkeypatch: pytest.MonkeyPatch,
                    kind: str = "callback_query") -> None:
    """Log the name of the router each time one of its handlers' filters is checked."""
    for handler in router.observers[kind].handlers:
        async def check(*args: Any, _original: Any = handler.check, _name: str = router.name,
                        **kwargs: Any) -> tuple[bool, dict[str, Any]]:
            log.append(_name)
            result: tuple[bool, dict[str, Any]] = await _original(*args, **kwargs)
            return result

        monkeypatch.setattr(handler, "check", check)
    for sub in router.sub_routers:
        checked_routers(sub, log, monkeypatch, kind)


async def test_a_press_is_checked_only_by_the_routers_that_can_take_it(
    app: App, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The speed-up is in place: no other router's handlers are even asked."""
    chat = app.chat()
    await start_as(chat, "parent")
    checked: list[str] = []
    handled_by: list[str] = []
    checked_routers(app.dp, checked, monkeypatch)
    record(app.dp, handled_by, monkeypatch)
    for data, router, handler in [
        (CataloguePage(page=0).pack(), "quanta", "open_page"),
        (QuantumCard(code="robo", back="c0").pack(), "quanta", "open_card"),
        (Nav(to="home").pack(), "start", "nav_home"),
        ("zz:1", "fallback", "stale_button"),
    ]:
        checked.clear()
        handled_by.clear()
        await chat.press_data(data)
        assert set(checked) == {router}, data
        assert handled_by == [handler], data


async def test_a_staff_press_is_checked_only_by_the_staff_routers_that_can_take_it(
    app: App, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Within staff's router too: a press to its last routers is not checked by the others."""
    groups = await load_timetable(app)
    chat = await started(app, ADMIN_ID)
    checked: list[str] = []
    handled_by: list[str] = []
    checked_routers(app.dp, checked, monkeypatch)
    record(app.dp, handled_by, monkeypatch)
    for data, router, handler in [
        (GroupOpen(group=groups["robo-l1"]).pack(), "staff-groups", "open_group"),
        (LessonList(group=groups["robo-l1"], page=0).pack(), "staff-lessons", "open_list"),
        (LessonGroups(page=0).pack(), "staff-lessons", "open_groups"),
    ]:
        checked.clear()
        handled_by.clear()
        await chat.press_data(data)
        assert set(checked) == {router}, data
        assert handled_by == [handler], data


def test_the_dispatcher_overrides_no_private_part_of_aiogram(app: App) -> None:
    for ours, theirs in ((type(app.dp), Dispatcher), (PressRouter, Router)):
        mine = [kind for kind in ours.__mro__ if not kind.__module__.startswith("aiogram")]
        overridden = {
            f"{kind.__name__}.{name}" for kind in mine for name in vars(kind)
            if name.startswith("_") and not name.startswith("__") and hasattr(theirs, name)
        }
        assert overridden == set()
    staff = next(r for r in app.dp.sub_routers if r.name == "staff")
    assert isinstance(staff, PressRouter)


def test_the_prefixes_are_read_from_what_aiogram_registered() -> None:
    """What bot/routing.py reads of aiogram's handlers: should aiogram change any of it, no
    router would be passed over (slower, never misrouted) and this fails."""
    async def handler() -> None:
        return None

    inner = Router(name="inner")
    inner.callback_query.register(handler, QuantumCard.filter(), F.message)
    outer = Router(name="outer")
    outer.callback_query.register(handler, F.data, CataloguePage.filter(F.page == 1))
    outer.include_router(inner)
    assert press_prefixes(outer) == frozenset({(":", "c"), (":", "q")})
    assert press_prefixes(inner) == frozenset({(":", "q")})

    takes_any = Router(name="any")
    takes_any.callback_query.register(handler, F.data == "x")
    assert press_prefixes(takes_any) is None
    above = Router(name="above")
    above.callback_query.register(handler, Nav.filter())
    above.include_router(takes_any)
    assert press_prefixes(above) is None


async def test_a_button_filter_takes_only_data_with_its_prefix() -> None:
    """aiogram's CallbackData filter still refuses data whose first part is another prefix,
    for every kind of button and junk."""
    kinds = [kind for kind in vars(callbacks).values()
             if isinstance(kind, type) and issubclass(kind, CallbackData)
             and kind is not CallbackData]
    assert len(kinds) > 40
    someone = TgUser(id=1, is_bot=False, first_name="Аня")
    taken = 0
    for data in presses():
        press = CallbackQuery(id="1", from_user=someone, chat_instance="1", data=data)
        for kind in kinds:
            if await kind.filter()(press):
                assert head(data, kind.__separator__) == kind.__prefix__, (kind.__name__, data)
                taken += 1
    assert taken > len(presses()) * 0.8


# Router.propagate_event, Router._propagate_event and the observers' check_root_filters of the
# aiogram pinned in pyproject.toml: PressDispatcher.propagate_event does the dispatcher's part
# of them for a press
AIOGRAM_ROUTING = "acc88ab9df2c39d8"


def test_aiogram_routes_as_the_press_dispatcher_assumes() -> None:
    parameters = list(inspect.signature(Dispatcher.propagate_event).parameters)
    assert parameters == ["self", "update_type", "event", "kwargs"]
    source = "".join(inspect.getsource(method) for method in (
        Router.propagate_event, Router._propagate_event,
        TelegramEventObserver.check_root_filters))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == AIOGRAM_ROUTING, (
        "aiogram's routing changed: check that PressDispatcher.propagate_event still does "
        "the dispatcher's part of it, then update AIOGRAM_ROUTING")
