"""`python -m bot demo`: the real dispatcher and storage, chatting in the terminal.

Each bot message is printed with its buttons numbered; typing a number (or a button's exact
label) presses it, anything else is sent as a message. Works from a pipe, one action a line.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
from html import unescape
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from aiogram import Bot

from bot.app import bot_defaults
from bot.dispatcher import Repos, Services, assemble
from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from bot.settings import PROJECT_ROOT, Settings
from storage.db import Database
from storage.quanta import QuantaRepo

SAMPLE_GROUPS = PROJECT_ROOT / "data" / "groups.sample.csv"
SAMPLE_CLOSURES = PROJECT_ROOT / "data" / "closures.sample.csv"
BOLD, ITALIC, UNDERLINE, DIM, RESET = "\033[1m", "\033[3m", "\033[4m", "\033[2m", "\033[0m"
STYLES = {"b": BOLD, "strong": BOLD, "i": ITALIC, "em": ITALIC, "u": UNDERLINE, "a": UNDERLINE}


def render_html(html: str, color: bool) -> str:
    """Telegram HTML as terminal text: bold and italics as ANSI styles on a terminal."""

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if not color or name not in STYLES:
            return ""
        return RESET if closing else STYLES[name]

    return unescape(re.sub(r"<(/?)([a-zA-Z-]+)[^>]*>", tag, html))


class Transcript:
    """Prints what changed in the chat since the last look."""

    def __init__(self, chat: LocalChat, texts: Texts, locale: str, out: TextIO, color: bool):
        self.chat, self.texts, self.locale = chat, texts, locale
        self.out, self.color = out, color
        self.shown: dict[int, str] = {}
        self.width = min(shutil.get_terminal_size((72, 20)).columns, 72)

    def t(self, key: str, **kwargs: Any) -> str:
        return self.texts.get(self.locale, key, **kwargs)

    def header(self, label: str) -> str:
        line = f"── {label} " + "─" * max(4, self.width - len(label) - 4)
        return f"{DIM}{line}{RESET}" if self.color else line

    def show_changes(self) -> None:
        for call in self.chat.calls("answerCallbackQuery"):
            text = call.params.get("text")
            if text:
                self.out.write(f"  💬 {text}  ({self.t('demo-toast')})\n")
        for message in self.chat.messages():
            body = self.body(message)
            previous = self.shown.get(message["message_id"])
            if previous == body:
                continue
            label = self.t("demo-bot") if previous is None else self.t("demo-edited")
            self.out.write(f"{self.header(label)}\n{body}\n")
            self.shown[message["message_id"]] = body
        self.out.flush()

    def body(self, message: dict[str, Any]) -> str:
        html = message.get("html") or message.get("text") or message.get("caption") or ""
        lines = [render_html(str(html), self.color)]
        if "document" in message:
            lines.insert(0, f"📎 {message['document']['file_name']}")
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        number = 0
        if rows:
            lines.append("")
        for row in rows:
            cells = []
            for button in row:
                number += 1
                cells.append(f"[{number}] {button['text']}")
            lines.append("   " + "   ".join(cells))
        return "\n".join(lines)


async def import_sample(repos: Repos, catalogue: Catalogue, zone: ZoneInfo) -> None:
    """The demo's programmes, groups with their timetables, and closures: the sample CSV
    files that ship with the bot."""
    quanta = {q.code for q in catalogue.quanta}
    result = parse_groups_csv(SAMPLE_GROUPS.read_bytes(), quanta)
    if not result.errors:
        plan_lessons(result.groups, zone)
        await import_programmes(repos.programmes.db, result.programmes, result.groups,
                                dates.today(zone))
    closures, errors = parse_closures_csv(SAMPLE_CLOSURES.read_bytes(), quanta)
    if not errors:
        await repos.timetable.add_closures(closures, by=None)


async def deliver(services: Services) -> None:
    """What the bot sends on its own (notices, broadcasts, reminders due) goes out before
    the next line; reminders are planned as the running bot plans them."""
    await services.planner.tick()
    await services.sender.drain()
    await services.broadcasting.tick()


# a line that asks for the reminders planned for the demo's user to arrive now, as they will
# at their time (a demo does not wait until the evening before a lesson)
REMINDERS_NOW = (":reminders", ":напоминания")


async def reminders_now(chat: LocalChat, repos: Repos, services: Services,
                        transcript: Transcript) -> None:
    await services.planner.tick()
    moved = await repos.reminders.due_now(chat.user_id)
    if not moved:
        transcript.out.write("  " + transcript.t("demo-no-reminders") + "\n")
        return
    await deliver(services)
    transcript.show_changes()


async def read_lines(stream: TextIO) -> Any:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        yield line.rstrip("\n")


async def act(chat: LocalChat, line: str, transcript: Transcript) -> None:
    text = line.strip()
    # a number presses a button of the newest message only; otherwise it is an answer
    newest = chat.messages()[-1]["message_id"] if chat.messages() else None
    buttons = chat.buttons(newest) if newest is not None else []
    if text.isdigit() and buttons:
        number = int(text)
        if 1 <= number <= len(buttons):
            await chat.press(number, message_id=newest)
        else:
            transcript.out.write(
                "  " + transcript.t("demo-no-button", number=number, count=len(buttons)) + "\n"
            )
            return
    elif any(b.text == text for b in buttons):
        await chat.press(text, message_id=newest)
    else:
        await chat.send(line)
    transcript.show_changes()


async def run_demo(settings: Settings, catalogue: Catalogue, args: argparse.Namespace) -> int:
    locale = args.lang or settings.default_locale
    user_id: int = args.user_id
    if args.admin:
        if settings.admin_ids:
            user_id = min(settings.admin_ids)
        else:
            settings = settings.model_copy(update={"admin_ids": frozenset({user_id})})
    workdir = None
    if args.database is None:  # a fresh database each run, unless asked to keep one
        workdir = tempfile.TemporaryDirectory(prefix="kvantorium-demo-")
        path = Path(workdir.name) / "demo.sqlite3"
    else:
        path = args.database
    settings = settings.model_copy(update={"database_path": path})
    texts = Texts()
    db = await Database.open(path)
    emulator = Emulator()
    bot = Bot(DEMO_TOKEN, session=LocalSession(emulator), default=bot_defaults())
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        dp, repos, services = assemble(bot, db, settings, catalogue, texts)
        if not await repos.programmes.all():
            await import_sample(repos, catalogue, settings.zone)
        first_name = "Аня" if locale == "ru" else "Anna"
        chat = LocalChat(dp, bot, emulator, user_id=user_id, first_name=first_name,
                         language_code=locale)
        chat.after_action = lambda: deliver(services)
        interactive = sys.stdin.isatty()
        color = sys.stdout.isatty()
        transcript = Transcript(chat, texts, locale, sys.stdout, color)
        sys.stdout.write(texts.get(locale, "demo-banner") + "\n\n")
        if interactive:
            sys.stdout.write("> ")
            sys.stdout.flush()
        async for line in read_lines(sys.stdin):
            if not interactive:
                sys.stdout.write(f"\n> {line}\n")
            if line.strip().lower() in REMINDERS_NOW:
                await reminders_now(chat, repos, services, transcript)
            elif line.strip():
                await act(chat, line, transcript)
            if interactive:
                sys.stdout.write("\n> ")
                sys.stdout.flush()
        if interactive:
            sys.stdout.write("\n")
        await dp.storage.close()
    finally:
        await db.close()
        await bot.session.close()
        if workdir is not None:
            workdir.cleanup()
    return 0
