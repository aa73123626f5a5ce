"""How the offline demo shows a chat in the terminal: the bot's messages as text (Telegram
HTML as terminal styles), their buttons numbered, edits as edits, pop-ups as 💬 lines, and the
files the bot sends saved into a folder the demo names."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any, TextIO

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.local.emulator import Emulator

BOLD, ITALIC, UNDERLINE, DIM, RESET = "\033[1m", "\033[3m", "\033[4m", "\033[2m", "\033[0m"
STYLES = {"b": BOLD, "strong": BOLD, "i": ITALIC, "em": ITALIC, "u": UNDERLINE, "a": UNDERLINE}
LINK_MARK = " ↗"  # after a link button's label
KEY_MARK = " ⌨ "  # before a row of the keyboard under the input field


def render_html(html: str, color: bool) -> str:
    """Telegram HTML as terminal text: bold and italics as ANSI styles on a terminal."""

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if not color or name not in STYLES:
            return ""
        return RESET if closing else STYLES[name]

    return unescape(re.sub(r"<(/?)([a-zA-Z-]+)[^>]*>", tag, html))


class Files:
    """The documents the bot sent (an .ics, a CSV, /mydata's JSON) and the pictures it drew (a
    ticket's QR code), written into `folder` once each; without a folder, a new one in the
    temporary directory at the first file. The files stay after the demo ends, so people can
    open them."""

    def __init__(self, emulator: Emulator, folder: Path | None = None) -> None:
        self.emulator = emulator
        self.folder = folder
        self.saved: dict[str, Path] = {}

    def save(self, document: dict[str, Any]) -> Path | None:
        file_id = str(document.get("file_id"))
        if file_id in self.saved:
            return self.saved[file_id]
        data = self.emulator.files.get(file_id)
        if data is None:
            return None
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="kvantorium-demo-files-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        name = Path(str(document.get("file_name") or "file")).name or "file"
        path = self.folder / name
        number = 1
        while path.exists():  # a file sent twice (today's schedule, then next week's)
            number += 1
            path = self.folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        path.write_bytes(data)
        self.saved[file_id] = path
        return path


@dataclass
class View:
    """What every person's transcript shares: the demo's language, the terminal, the files."""

    texts: Texts
    locale: str
    out: TextIO
    color: bool
    files: Files
    width: int = field(default_factory=lambda: min(shutil.get_terminal_size((72, 20)).columns,
                                                   72))

    def t(self, key: str, **kwargs: Any) -> str:
        return self.texts.get(self.locale, key, **kwargs)

    def say(self, key: str, **kwargs: Any) -> None:
        """One of the demo's own lines (not the bot's)."""
        self.out.write("  " + self.t(key, **kwargs) + "\n")

    def header(self, label: str) -> str:
        line = f"── {label} " + "─" * max(4, self.width - len(label) - 4)
        return f"{DIM}{line}{RESET}" if self.color else line


def mark(message: dict[str, Any]) -> str:
    """A short fingerprint of a message as it is now: whether it changed since it was shown
    (kept from one run to the next, where the shown text itself is not)."""
    content = json.dumps(message, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(content.encode(), digest_size=8).hexdigest()


def first_of_album(message: dict[str, Any]) -> bool:
    """An album shows as its first message; a message of no album is its own first."""
    return "media_group_id" not in message or "album_size" in message


class Transcript:
    """One person's chat: prints what changed in it since that person last looked (in this
    run, or, by `seen_before`'s marks, in an earlier one on the same database)."""

    def __init__(self, chat: LocalChat, view: View,
                 seen_before: dict[int, str] | None = None) -> None:
        self.chat, self.view = chat, view
        self.shown: dict[int, str] = {}
        self.before = dict(seen_before or {})  # marks of the messages seen in earlier runs
        self.changed_since: set[int] = set()  # seen in an earlier run, edited since

    def unseen(self) -> list[tuple[dict[str, Any], str]]:
        """The bot's messages new or changed since last shown, with their text."""
        changed = []
        for message in self.chat.messages():
            if not first_of_album(message):
                continue
            message_id = message["message_id"]
            body = self.body(message)
            if message_id in self.before:  # looked at now for the first time in this run
                if self.before.pop(message_id) == mark(message):
                    self.shown[message_id] = body
                else:
                    self.changed_since.add(message_id)
            if self.shown.get(message_id) != body:
                changed.append((message, body))
        return changed

    def show_changes(self, *, toasts: bool = True) -> None:
        """What changed; with `toasts`, the pop-ups of the person's own last action too."""
        out = self.view.out
        if toasts:
            for call in self.chat.calls("answerCallbackQuery"):
                text = call.params.get("text")
                if text:
                    out.write(f"  💬 {text}  ({self.view.t('demo-toast')})\n")
        for message, body in self.unseen():
            message_id = message["message_id"]
            edited = message_id in self.shown or message_id in self.changed_since
            label = self.view.t("demo-edited" if edited else "demo-bot")
            out.write(f"{self.view.header(label)}\n{body}\n")
            self.shown[message_id] = body
            self.changed_since.discard(message_id)
        out.flush()

    def seen(self) -> dict[int, str]:
        """The marks of the messages shown as they are now (or seen in an earlier run and not
        looked at since): what the next run on the same database counts as read."""
        marks = {}
        for message in self.chat.messages():
            message_id = message["message_id"]
            if message_id in self.before:
                marks[message_id] = self.before[message_id]
            elif message_id in self.shown and self.shown[message_id] == self.body(message):
                marks[message_id] = mark(message)
        return marks

    def body(self, message: dict[str, Any]) -> str:
        html = message.get("html") or message.get("text") or message.get("caption") or ""
        lines = [render_html(str(html), self.view.color)] if html else []
        if "document" in message:
            document = message["document"]
            saved = self.view.files.save(document)
            where = f"  {self.view.t('demo-file-saved', path=str(saved))}" if saved else ""
            lines.insert(0, f"📎 {document['file_name']}{where}")
        if "album_size" in message:
            lines.insert(0, self.view.t("demo-album", count=message["album_size"]))
        elif "photo" in message:
            # a picture the bot drew (an event ticket's QR code) is saved as a file is
            sizes = message["photo"]
            saved = self.view.files.save({"file_id": sizes[-1]["file_id"],
                                          "file_name": "ticket.png"})
            where = f"  {self.view.t('demo-file-saved', path=str(saved))}" if saved else ""
            lines.insert(0, self.view.t("demo-photo") + where)
        if "venue" in message:
            venue = message["venue"]
            lines.insert(0, self.view.t("demo-venue", title=venue["title"],
                                        address=venue["address"], **venue["location"]))
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        number = 0
        if rows:
            lines.append("")
        for row in rows:
            cells = []
            for button in row:
                number += 1
                mark = LINK_MARK if button.get("url") else ""
                cells.append(f"[{number}] {button['text']}{mark}")
            lines.append("   " + "   ".join(cells))
        keys = message.get("reply_keyboard") or []  # under the input field, numbered on
        if keys:
            lines.append("")
        for row in keys:
            cells = []
            for key in row:
                number += 1
                cells.append(f"[{number}] {key if isinstance(key, str) else key.get('text')}")
            lines.append(KEY_MARK + "   ".join(cells))
        return "\n".join(lines)
