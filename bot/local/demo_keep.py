"""The local Telegram's chats kept beside a kept demo database, so they outlast the run.

Telegram keeps a chat's messages whatever the bot does; the emulator holds them in memory. With
`--database demo.sqlite3` the demo writes them, after each line and at its end, to
`demo-telegram.json` beside it: each person's newest messages (KEPT a chat), their keyboard
under the input field, which of the bot's messages they had seen (by marks, see
`demo_view.mark`), and the bytes of the files in messages not seen yet. The next run on that
database reads them back: what was delivered to someone not on screen is counted and shown when
the demo switches to them, and its buttons still work. A file that cannot be read is set aside
(the demo starts with empty chats and says so), never a reason not to start."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.local.emulator import Emulator
from bot.local.updates import ChatState

VERSION = 1
KEPT = 200  # messages a chat keeps, the newest
FILE_NUMBER = re.compile(r"^(?:doc|photo|album)(\d+)$")

Seen = dict[int, dict[int, str]]  # by person, the marks of their messages seen


@dataclass(frozen=True)
class Kept:
    seen: Seen = field(default_factory=dict)
    on_screen: list[int] = field(default_factory=list)  # who was, the last last


def kept_path(database: Path) -> Path:
    return database.with_name(database.stem + "-telegram.json")


def snapshot(emulator: Emulator, kept: Kept) -> dict[str, Any]:
    seen = kept.seen
    bot_id = emulator.me["id"]
    chats, files = [], {}
    by_chat: dict[int, list[int]] = {}
    for chat_id, message_id in emulator.messages:
        by_chat.setdefault(chat_id, []).append(message_id)
    for chat_id, state in sorted(emulator.chats.items()):
        ids = sorted(by_chat.get(chat_id, []))[-KEPT:]
        if not ids:
            continue
        messages = [emulator.messages[(chat_id, m)] for m in ids]
        marks = {str(m): mark for m, mark in seen.get(chat_id, {}).items() if m in ids}
        for message in messages:
            if message["from"]["id"] == bot_id and str(message["message_id"]) not in marks:
                for file_id in file_ids(message):
                    data = emulator.files.get(file_id)
                    if data is not None:
                        files[file_id] = base64.b64encode(data).decode()
        chats.append({"user": state.user, "blocked": state.blocked, "next_id": state.next_id,
                      "keyboard": state.keyboard, "keyboard_message": state.keyboard_message,
                      "messages": messages, "seen": marks})
    return {"version": VERSION, "chats": chats, "files": files,
            "on_screen": kept.on_screen}


def file_ids(message: dict[str, Any]) -> list[str]:
    ids = [str(message["document"]["file_id"])] if "document" in message else []
    ids += [str(size["file_id"]) for size in message.get("photo") or []]
    return ids


def save(path: Path, emulator: Emulator, kept: Kept) -> None:
    """Written whole to a side file, then put in place: a run stopped midway leaves the last
    complete one."""
    data = json.dumps(snapshot(emulator, kept), ensure_ascii=False, default=str)
    part = path.with_name(path.name + ".part")
    part.write_text(data, "utf-8")
    os.replace(part, path)


def load(path: Path, emulator: Emulator) -> Kept | None:
    """The kept chats put back into the emulator; what each person had seen and who was on
    screen. Nothing kept: empty; None when the file could not be read (it is set aside as
    `.bad`)."""
    if not path.exists():
        return Kept()
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != VERSION:
            raise ValueError("an unknown version")
        return restore(data, emulator)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        emulator.chats.clear()
        emulator.messages.clear()
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".bad"))
        return None


def restore(data: dict[str, Any], emulator: Emulator) -> Kept:
    seen: Seen = {}
    bot_id, numbers = emulator.me["id"], [0]
    for chat in data["chats"]:
        user = dict(chat["user"])
        chat_id = int(user["id"])
        emulator.chats[chat_id] = ChatState(
            user=user, blocked=bool(chat["blocked"]), next_id=int(chat["next_id"]),
            keyboard=chat["keyboard"], keyboard_message=chat["keyboard_message"])
        for message in chat["messages"]:
            if message["from"]["id"] == bot_id:
                message["from"] = emulator.me  # the emulator knows its own by identity
                for file_id in [*file_ids(message), str(message.get("media_group_id"))]:
                    number = FILE_NUMBER.match(file_id)
                    numbers.append(int(number.group(1)) if number else 0)
            emulator.messages[(chat_id, int(message["message_id"]))] = message
        seen[chat_id] = {int(m): str(mark) for m, mark in chat["seen"].items()}
    for file_id, data64 in data["files"].items():
        emulator.files[str(file_id)] = base64.b64decode(data64)
    # files and albums sent from now on take numbers the kept ones do not have
    emulator.skip_file_ids(max(numbers))
    return Kept(seen, [int(user_id) for user_id in data["on_screen"]])
