"""A typed message is offered only to the routers whose handlers could take it
(bot/routing_messages.py): a text outside any form goes straight to the chat, a command to the
routers with that command, a text in a form to the form's router; a router with a filter it
cannot judge is always offered the message; the same handler answers as with aiogram's own
routing; and what it reads of aiogram's filters is still there."""

from __future__ import annotations

import hashlib
import inspect
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Chat, Message, TelegramObject
from aiogram.types import User as TgUser

import bot.dispatcher
from bot.i18n import Texts
from bot.routing import PressDispatcher
from bot.routing_messages import MessageRoutes, command_of, message_profile
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App, feature_routers
from tests.helpers.signup import born, load_groups, open_form
from tests.test_routing import checked_routers, fresh_app, record, started


def typed(text: str | None = None, caption: str | None = None) -> Message:
    return Message(message_id=1, date=datetime(2025, 1, 1, tzinfo=UTC),
                   chat=Chat(id=1, type="private"),
                   from_user=TgUser(id=1, is_bot=False, first_name="Аня"),
                   text=text, caption=caption)


async def chosen(routes: MessageRoutes, text: str, state: str | None = None) -> list[str]:
    return [str(router.name) for router in await routes.for_message(typed(text), state)]


def handlers_of(router: Router) -> list[Any]:
    out = list(router.message.handlers)
    for sub in router.sub_routers:
        out.extend(handlers_of(sub))
    return out


def callbacks_of(handler: Any) -> list[Any]:
    return [f.callback for f in handler.filters or ()]


def takes_text_outside_forms(handler: Any) -> bool:
    """No command filter, and every state filter admits «no form»."""
    checks = callbacks_of(handler)
    return (not any(isinstance(c, Command) for c in checks)
            and all(None in c.states or "*" in c.states
                    for c in checks if isinstance(c, StateFilter)))


async def test_the_real_routers_are_narrowed_as_their_handlers_say() -> None:
    routers = feature_routers()
    routes = MessageRoutes(routers)
    names = [str(router.name) for router in routers]
    # a text outside any form: the routers with a handler for such a text, chat among them
    outside = [str(router.name) for router in routers
               if any(takes_text_outside_forms(h) for h in handlers_of(router))]
    assert outside == ["chat", "fallback"]
    assert await chosen(routes, "хочу собирать роботов") == outside
    assert await chosen(routes, "  сколько стоит /help") == outside
    # a command: the routers with that command, besides those taking any text
    with_help = [str(router.name) for router in routers if any(
        isinstance(c, Command) and "help" in c.commands
        for h in handlers_of(router) for c in callbacks_of(h))]
    assert with_help == ["start"]
    assert await chosen(routes, "/help") == ["start", "chat", "fallback"]
    assert await chosen(routes, " /help@kvantorium_bot please") == ["start", "chat", "fallback"]
    assert await chosen(routes, "/start q_robo") == ["start", "chat", "fallback"]
    assert await chosen(routes, "/broadcast") == ["staff", "chat", "fallback"]
    assert await chosen(routes, "/HELP") == ["chat", "fallback"]  # case counts in /help
    assert await chosen(routes, "/nonsense") == ["chat", "fallback"]
    # a text in a sign-up step: the sign-up router, not the chat
    in_form = await chosen(routes, "Иванова Мария", "Signup:name")
    assert "signup" in in_form and "chat" not in in_form
    assert in_form == ["signup", "fallback"]
    assert await chosen(routes, "/cancel", "Signup:name") == ["start", "signup", "fallback"]
    assert await chosen(routes, "10:00", "LessonChange:time") == ["staff", "fallback"]
    # the sign-up router is never offered a text outside its form
    assert "signup" not in await chosen(routes, "Иванова Мария")
    assert "signup" in names


async def handler(event: TelegramObject) -> None:
    return None


async def anything(message: Message) -> bool:
    return True


class Form(StatesGroup):
    one = State()
    two = State()


async def test_a_router_with_a_filter_it_cannot_judge_is_always_offered() -> None:
    commands = Router(name="commands")
    commands.message.register(handler, Command("go", "Stop", prefix="/!"))
    commands.message.register(handler, Command("quiet", ignore_case=True), F.text)
    pattern = Router(name="pattern")
    pattern.message.register(handler, Command(re.compile(r"x\d+")))
    magic = Router(name="magic")
    magic.message.register(handler, F.text.startswith("/"))
    custom = Router(name="custom")
    custom.message.register(handler, Command("go"))
    custom.message.register(handler, anything)
    form = Router(name="form")
    form.message.register(handler, StateFilter(Form.one), anything)
    form.message.register(handler, Form.two, F.text)  # a bare State: not judged, offered
    group = Router(name="group")
    group.message.register(handler, StateFilter(Form), anything)
    everywhere = Router(name="everywhere")
    everywhere.message.register(handler, StateFilter("*"), Command("go"))
    outer = Router(name="outer")
    outer.message.outer_middleware(lambda h, event, data: h(event, data))
    below = Router(name="below")
    below.message.register(handler, F.text)
    above = Router(name="above")
    above.message.register(handler, Command("up"))
    above.include_router(below)
    silent = Router(name="silent")
    routes = MessageRoutes([commands, pattern, magic, custom, form, group, everywhere, outer,
                            above, silent])
    always = ["magic", "custom", "form", "outer", "above"]
    assert await chosen(routes, "hello") == always
    # a regular expression among a filter's commands may take any name with its prefix
    assert await chosen(routes, "/go") == ["commands", "pattern", "magic", "custom", "form",
                                           "everywhere", "outer", "above"]
    assert await chosen(routes, "!go") == ["commands", *always]
    assert await chosen(routes, "/stop") == ["pattern", *always]  # not «Stop»: case counts
    assert await chosen(routes, "/QUIET now") == ["commands", "pattern", *always]
    assert await chosen(routes, "/x12") == ["pattern", *always]
    assert await chosen(routes, "hello", "Form:one") == ["magic", "custom", "form", "group",
                                                          "outer", "above"]
    assert await chosen(routes, "/go", "Form:two") == [
        "commands", "pattern", "magic", "custom", "form", "group", "everywhere", "outer",
        "above"]
    assert await routes.for_message(typed(caption="/go"), None) == await routes.for_message(
        typed("/go"), None)
    assert message_profile(silent) == ()


def test_a_command_is_read_as_aiogram_reads_it() -> None:
    for text in ["/start", "/start q_robo", "  /help@bot x", "\u2003/x", "hello /go", "/",
                 "/@bot", "!go", "/Help@Other_Bot", "a\u00a0b"]:
        found = Command.extract_command(text)
        assert command_of(typed(text)) == (found.prefix, found.command), text
    assert command_of(typed(" \n ")) is None
    assert command_of(typed(caption="/go x")) == ("/", "go")
    assert command_of(typed()) is None
    start = CommandStart()
    assert (start.prefix, start.commands, start.ignore_case) == ("/", ("start",), False)
    folded = Command("HeLp", ignore_case=True, prefix="/!")
    assert (folded.prefix, folded.commands, folded.ignore_case) == ("/!", ("help",), True)


SAID = ["хочу собирать роботов", "/help", "/HELP", " /menu", "/start", "/broadcast",
        "Завтра занятий нет", "/cancel", "/lessons", "/zzz", "/help@other_bot", "сколько стоит",
        "ывапр", "/cancel"]


async def conversation(app: App, monkeypatch: pytest.MonkeyPatch
                       ) -> list[tuple[int, str, tuple[str, ...]]]:
    """What handled each message: outside forms, for a parent and for staff, and through a
    sign-up form step by step."""
    await load_groups(app)
    log: list[str] = []
    record(app.dp, log, monkeypatch, "message")
    out = []
    for user_id in (1001, ADMIN_ID):
        chat = await started(app, user_id)
        for text in SAID:
            log.clear()
            await chat.send(text)
            out.append((user_id, text, tuple(log)))
        await open_form(chat)
        for text in ["Иванова Мария", born(10), "Школа № 5", "4", "/help", "+79123456789",
                     "/cancel", "хочу собирать роботов"]:
            log.clear()
            await chat.send(text)
            out.append((user_id, text, tuple(log)))
        log.clear()
        await chat.send_sticker()
        out.append((user_id, "sticker", tuple(log)))
    return out


async def test_a_message_reaches_the_handler_aiogram_would_choose(
    settings: Settings, catalogue: Catalogue, texts: Texts, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, db = await fresh_app(settings, catalogue, texts, tmp_path / "ours.sqlite3")
    try:
        ours = await conversation(app, monkeypatch)
    finally:
        await db.close()
    with monkeypatch.context() as patched:
        patched.setattr(bot.dispatcher, "PressDispatcher", Dispatcher)
        app, db = await fresh_app(settings, catalogue, texts, tmp_path / "theirs.sqlite3")
        try:
            theirs = await conversation(app, monkeypatch)
        finally:
            await db.close()
    assert ours == theirs
    assert all(names for _, _, names in ours)  # every message was answered by someone


async def test_conversations_go_on_as_before(app: App, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """Only the routers that can take a message even check it, and people get their answers:
    a typed text gets the chat's, a staff command from a parent the unknown-command answer,
    a sign-up step takes the text, /cancel ends the form."""
    await load_groups(app)
    checked: list[str] = []
    checked_routers(app.dp, checked, monkeypatch, "message")
    chat = app.chat()
    await chat.send("/start")
    assert chat.last_text()
    await start_as(chat, "parent")
    checked.clear()
    await chat.send("хочу собирать роботов")
    assert set(checked) == {"chat"}
    assert chat.last_text().startswith("🔎 Вот что может подойти"), chat.last_text()
    checked.clear()
    await chat.send("/broadcast")
    assert set(checked) == {"chat", "fallback"}  # the staff's own filter turned it away
    assert chat.last_text().startswith("Такой команды я не знаю"), chat.last_text()
    await open_form(chat)
    assert "Фамилия и имя ребёнка?" in chat.last_text()
    checked.clear()
    await chat.send("Иванова Мария")
    assert set(checked) == {"signup"}
    assert "Дата рождения ребёнка?" in chat.last_text()
    checked.clear()
    await chat.send("/cancel")
    assert set(checked) == {"start"}
    assert chat.last_text().startswith("Отменено, ничего не сохранено."), chat.last_text()
    checked.clear()
    await chat.send("сколько стоит")
    assert set(checked) == {"chat"}
    assert "бесплатн" in chat.last_text()


async def test_a_message_without_a_conversation_state_goes_the_usual_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No state read (no chat or user to keep it for), an outer middleware or a handler at
    the dispatcher itself: aiogram offers the message to every router, as it always did."""
    async def passing(handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        return await handler(event, data)

    def dispatcher(checked: list[str]) -> PressDispatcher:
        dp = PressDispatcher()
        form = Router(name="form")
        form.message.register(handler, StateFilter(Form.one))
        anyone = Router(name="anyone")
        anyone.message.register(handler, F.text)
        dp.include_routers(form, anyone)
        checked_routers(dp, checked, monkeypatch, "message")
        return dp

    checked: list[str] = []
    dp = dispatcher(checked)
    await dp.propagate_event("message", typed("hello"), raw_state=None)
    assert checked == ["anyone"]
    checked.clear()
    await dp.propagate_event("message", typed("hello"))
    assert checked == ["form", "anyone"]
    for change in ("outer", "handler"):
        checked.clear()
        dp = dispatcher(checked)
        if change == "outer":
            dp.message.outer_middleware(passing)
        else:
            dp.message.register(handler, F.photo)
        await dp.propagate_event("message", typed("hello"), raw_state=None)
        assert checked == ["form", "anyone"], change


# Command.__init__/__call__/extract_command/validate_prefix/validate_command and
# StateFilter.__call__ of the aiogram pinned in pyproject.toml: bot/routing_messages.py reads
# a command and judges these filters as they do
AIOGRAM_FILTERS = "f388538ceeb03f1b"


def test_aiogram_filters_judge_as_the_message_routes_assume() -> None:
    source = "".join(inspect.getsource(method) for method in (
        Command.__init__, Command.__call__, Command.extract_command, Command.validate_prefix,
        Command.validate_command, StateFilter.__call__))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == AIOGRAM_FILTERS, (
        "aiogram's Command or StateFilter changed: check that bot/routing_messages.py still "
        "refuses only what they refuse, then update AIOGRAM_FILTERS")
