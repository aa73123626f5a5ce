"""The bare aiogram twin of benchmarks/flows.py, and the feeding that records what each update
made the bot call.

`feed` feeds a batch of updates to a harness (ours or the twin), timed as `Harness.feed` times
it, and keeps, per update, the Bot API calls it made (method and params, the emulator's record).
`Twin` is a plain `Dispatcher()` with one `Router`: a message handler and a press handler that,
for each update, make the calls ours made for the same update, the way any bare bot makes them
(`message.answer(text, reply_markup=kb)`, `query.answer(text)`, `query.message.edit_text(...)`,
`message.answer_document(...)`), from texts and keyboards prepared before the round (`replay`).
The twin runs on its own emulator, in the same process; its chats and message ids are its own
(`Ids` maps ours to its).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from pyinstrument import Profiler

from benchmarks.common import ANSWER, EDIT, SEND, Harness, Sample
from bot.local.emulator import Call
from storage.db import Database

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply
# params the twin sets itself (the chat, the message, the text, the keyboard) or leaves to
# its Bot's defaults (parse_mode: HTML, as ours)
OWN = frozenset({"chat_id", "message_id", "callback_query_id", "text", "caption", "reply_markup",
                 "parse_mode", "document", "document_name", "document_data", "photo",
                 "photo_name", "photo_data"})
# (chat, our message id) → the twin's message id for it
Ids = dict[tuple[int, int], int]


@dataclass
class Fed:
    """A batch of updates fed: the timing, and per update the Bot API calls it made."""

    updates: list[Update]
    sample: Sample
    calls: list[list[Call]]
    commits: int = 0  # write transactions committed meanwhile (ours)


async def feed(h: Harness, updates: Sequence[Update], db: Database | None = None,
               profiler: Profiler | None = None) -> Fed:
    """Feed the updates one after another; time only that (after a gc.collect, as
    `Harness.feed`)."""
    emulator = h.emulator
    emulator.record = True
    emulator.calls.clear()
    by_method, errors = Counter(emulator.calls_by_method), Counter(emulator.errors)
    emulator_before = emulator.seconds
    commits = db.commits if db is not None else 0
    marks: list[int] = []
    gc.collect()
    if profiler is not None:
        profiler.start()
    started = time.perf_counter()
    for update in updates:
        marks.append(len(emulator.calls))
        await h.dp.feed_update(h.bot, update)
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
    marks.append(len(emulator.calls))
    calls = [emulator.calls[a:b] for a, b in zip(marks, marks[1:], strict=False)]
    emulator.calls.clear()
    sample = Sample(updates=len(updates), seconds=elapsed,
                    emulator_seconds=emulator.seconds - emulator_before,
                    calls=emulator.calls_by_method - by_method, errors=emulator.errors - errors)
    return Fed(list(updates), sample, calls,
               (db.commits - commits) if db is not None else 0)


# ---- what the twin does for one update ----------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One Bot API call to make, as ours made it."""

    method: str
    text: str | None = None
    markup: Markup | None = None
    chat_id: int | None = None  # None: the update's own chat
    message_id: int | None = None  # the twin's message; None: the message pressed
    file: BufferedInputFile | str | None = None
    options: dict[str, Any] = field(default_factory=dict)


def markup_of(raw: Any) -> Markup | None:
    """The keyboard ours sent, as the aiogram object a bare bot builds."""
    if not isinstance(raw, dict):
        return None
    if "inline_keyboard" in raw:
        return InlineKeyboardMarkup.model_validate(raw)
    if "keyboard" in raw:
        return ReplyKeyboardMarkup.model_validate(raw)
    if "remove_keyboard" in raw:
        return ReplyKeyboardRemove.model_validate(raw)
    return ForceReply.model_validate(raw)


def file_of(params: dict[str, Any], key: str) -> BufferedInputFile | str:
    data = params.get(f"{key}_data")
    if isinstance(data, bytes):
        return BufferedInputFile(data, str(params.get(f"{key}_name") or key))
    return str(params.get(key))


def action_of(call: Call, chat: int, pressed: int | None, ids: Ids) -> Action:
    """The twin's action for one of our calls in `chat`, for an update that pressed our
    message `pressed` (None: a message update)."""
    params = call.params
    options = {key: value for key, value in params.items() if key not in OWN}
    if call.method != ANSWER and "parse_mode" not in params:
        options["parse_mode"] = None  # ours sent plain text: so does the twin
    target = int(params.get("chat_id") or chat)
    message_id = params.get("message_id")
    their: int | None = None
    if message_id is not None and not (target == chat and int(message_id) == pressed):
        their = ids.get((target, int(message_id)), int(message_id))
    file = None
    if call.method in ("sendDocument", "sendPhoto"):
        file = file_of(params, "document" if call.method == "sendDocument" else "photo")
    return Action(call.method, params.get("text", params.get("caption")),
                  markup_of(params.get("reply_markup")), None if target == chat else target,
                  their, file, options)


async def act(action: Action, bot: Bot, message: Message | None,
              query: CallbackQuery | None) -> None:
    """Make one call the way a bare aiogram handler makes it."""
    method, text, markup, options = action.method, action.text, action.markup, action.options
    if method == ANSWER and query is not None:
        await query.answer(text, **options)
        return
    if message is None:
        raise RuntimeError(f"{method}: the press has no message to act on")
    chat = action.chat_id or message.chat.id
    if method == SEND:
        if action.chat_id is None:
            await message.answer(text or "", reply_markup=markup, **options)
        else:
            await bot.send_message(chat, text or "", reply_markup=markup, **options)
    elif method == EDIT:
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
        if action.message_id is None:
            await message.edit_text(text or "", reply_markup=inline, **options)
        else:
            await bot.edit_message_text(text or "", chat_id=chat, message_id=action.message_id,
                                        reply_markup=inline, **options)
    elif method == "editMessageReplyMarkup":
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
        if action.message_id is None:
            await message.edit_reply_markup(reply_markup=inline)
        else:
            await bot.edit_message_reply_markup(chat_id=chat, message_id=action.message_id,
                                                reply_markup=inline)
    elif method == "deleteMessage":
        await bot.delete_message(chat, action.message_id or message.message_id)
    elif method == "sendDocument" and action.file is not None:
        await bot.send_document(chat, action.file, caption=text, reply_markup=markup, **options)
    elif method == "sendPhoto" and action.file is not None:
        await bot.send_photo(chat, action.file, caption=text, reply_markup=markup, **options)
    elif method == "sendChatAction":
        await bot.send_chat_action(chat, **options)
    else:
        raise RuntimeError(f"the twin cannot make {method}")


class Twin:
    """A bare aiogram bot that, for each update, makes the calls prepared for it."""

    def __init__(self) -> None:
        self.scripts: dict[int, list[Action]] = {}

    def dispatcher(self, bot: Bot) -> Dispatcher:
        router = Router(name="twin")
        router.message.register(self.on_message)
        router.callback_query.register(self.on_press)
        dp = Dispatcher()
        dp.include_router(router)
        return dp

    async def on_message(self, message: Message, bot: Bot, event_update: Update) -> None:
        for action in self.scripts.pop(event_update.update_id, ()):
            await self.make(action, bot, message, None)

    async def on_press(self, query: CallbackQuery, bot: Bot, event_update: Update) -> None:
        message = query.message if isinstance(query.message, Message) else None
        for action in self.scripts.pop(event_update.update_id, ()):
            await self.make(action, bot, message, query)

    @staticmethod
    async def make(action: Action, bot: Bot, message: Message | None,
                   query: CallbackQuery | None) -> None:
        # ours met the same error for the same call (the emulator counts it): go on, as ours
        try:
            await act(action, bot, message, query)
        except TelegramAPIError:
            return


def counterpart(h: Harness, update: Update, ids: Ids) -> Update:
    """The twin's update for one of ours: the same person, the same text or button data, on
    the twin's copy of the message pressed."""
    if update.message is not None:
        message = update.message
        twin = h.message(message.chat.id, message.text or "")
        assert twin.message is not None
        ids[(message.chat.id, message.message_id)] = twin.message.message_id
        return twin
    query = update.callback_query
    assert query is not None and query.message is not None
    chat, pressed = query.message.chat.id, query.message.message_id
    return h.press(chat, ids.get((chat, pressed), pressed), query.data or "")


def chat_and_pressed(update: Update) -> tuple[int, int | None]:
    if update.message is not None:
        return update.message.chat.id, None
    query = update.callback_query
    assert query is not None and query.message is not None
    return query.message.chat.id, query.message.message_id


async def replay(h: Harness, twin: Twin, ours: Fed, ids: Ids) -> Fed:
    """The twin's turn at a batch ours was fed: the same updates, each making ours' calls."""
    updates = []
    for update, calls in zip(ours.updates, ours.calls, strict=True):
        chat, pressed = chat_and_pressed(update)
        mine = counterpart(h, update, ids)
        twin.scripts[mine.update_id] = [action_of(c, chat, pressed, ids) for c in calls]
        updates.append(mine)
    fed = await feed(h, updates)
    for ours_calls, twin_calls in zip(ours.calls, fed.calls, strict=True):
        for a, b in zip(ours_calls, twin_calls, strict=False):
            if isinstance(a.result, dict) and isinstance(b.result, dict) and (
                    "message_id" in a.result and "message_id" in b.result):
                chat = int(a.result["chat"]["id"])
                ids[(chat, int(a.result["message_id"]))] = int(b.result["message_id"])
    return fed
