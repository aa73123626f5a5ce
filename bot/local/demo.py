"""`python -m bot demo`: the real dispatcher and storage, chatting in the terminal.

Each bot message is printed with its buttons numbered; typing a button's number or label
presses it (`bot.local.demo_input` says when a line is a press), a link button shows where it
leads, «📱 Отправить мой номер» sends a contact, anything else is sent as a message.
`:as admin`, `:as <id>` and `:as new` switch who is typing; `:reminders` brings the next
lesson's reminders forward; `:photo` sends a photo, `:photo 3` an album of three. Works
from a pipe, one action a line; no line ends the demo. With `--database` the chats are kept
beside it for the next run (`bot.local.demo_keep`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote

from aiogram import Bot

from bot.app import bot_defaults
from bot.dispatcher import Repos, Services, assemble
from bot.i18n import Texts
from bot.local.chat import demo_phone
from bot.local.demo_input import Say, Tap, read
from bot.local.demo_keep import Kept, kept_path, load, save
from bot.local.demo_people import AS, People
from bot.local.demo_reminders import reminders_now
from bot.local.demo_sample import (
    demo_admin,
    import_sample,
    sample_class,
    sample_events,
    sample_news,
    sample_teacher,
)
from bot.local.demo_view import Files, View
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.catalogue import Catalogue
from bot.services.dates import lesson_time, weekday_and_time
from bot.settings import Settings
from storage.db import Database
from storage.demo import known_people, names_taken
from storage.quanta import QuantaRepo

log = logging.getLogger(__name__)

# the demo's administrator when ADMIN_IDS names none (`:as admin` writes as them)
DEMO_ADMIN = 1000
# a line that asks for the current person's reminders to arrive now, as they will at their
# time (a demo does not wait until the evening before a lesson)
REMINDERS_NOW = (":reminders", ":напоминания")
# a line that sends a picture, as if picked in the Telegram app (a number: an album of that
# many, which Telegram hands to the bot one message per photo)
PHOTO = (":photo", ":фото")
ALBUM_MAX = 10


async def deliver(services: Services) -> None:
    """What the bot sends on its own (notices, broadcasts, reminders due, «не пришёл» and
    forgotten registers, an event's lapsed holds and «Как вам?») goes out before the next
    line; reminders are planned and the registers looked at as the running bot's jobs do."""
    await services.planner.tick()
    await services.attendance.tick()
    await services.event_booking.expire_holds()
    await services.event_door.tick()
    await services.sender.drain()
    await services.broadcasting.tick()


async def read_lines(stream: TextIO) -> Any:
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        yield line.rstrip("\n")


class Demo:
    """One line at a time: a demo command, a button pressed, or a message sent."""

    def __init__(self, people: People, view: View, repos: Repos, services: Services) -> None:
        self.people, self.view = people, view
        self.repos, self.services = repos, services
        self.pictures = 0  # pictures sent, so each has file ids of its own

    async def line(self, line: str) -> None:
        """Carry out one line; whatever goes wrong, the demo goes on to the next."""
        try:
            await self.carry_out(line)
        except Exception as exc:
            log.debug("A demo line failed", exc_info=True)
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self.view.say("demo-error", error=error[:200])
        self.view.out.flush()

    async def carry_out(self, line: str) -> None:
        text = line.strip()
        word, _, rest = text.partition(" ")
        if text.lower() in REMINDERS_NOW:
            await self.reminders()
        elif word.lower() == AS:
            await self.people.switch(rest)
        elif word.lower() in PHOTO:
            await self.photos(rest)
            self.people.elsewhere()
        elif text:
            await self.act(line)
            self.people.elsewhere()

    async def reminders(self) -> None:
        person = self.people.current
        brought = await reminders_now(person.id, self.repos.reminders,
                                      self.repos.family_lessons, self.services.planner,
                                      self.repos.lessons)
        if not brought.count:
            if not (await self.repos.reminders.prefs(person.id)).enabled:
                t = self.view.t
                self.view.say("demo-reminders-off", path=" → ".join((
                    "/menu", t("btn-settings"), t("btn-reminders"), t("btn-rset-on"))))
            else:
                self.view.say("demo-no-reminders")
            return
        await deliver(self.services)
        person.transcript.show_changes(toasts=False)
        if brought.early is not None and brought.due_at is not None:
            lesson, zone, locale = brought.early, self.services.planner.zone, self.view.locale
            self.view.say("demo-reminders-early",
                          lesson=lesson_time(lesson.starts_at, lesson.ends_at, zone, locale),
                          due=weekday_and_time(brought.due_at, zone, locale))
        self.people.elsewhere()

    async def photos(self, count: str) -> None:
        """`:photo`: a photo from the person typing; `:photo N`: an album of N (2 to 10)."""
        wanted = int(count) if count.strip().isdigit() else 1
        if not 1 <= wanted <= ALBUM_MAX:
            self.view.say("demo-photo-usage", max=ALBUM_MAX)
            return
        person = self.people.current
        self.pictures += 1
        name = f"demo{self.pictures}-"
        if wanted == 1:
            await person.chat.send_photo(name=name)
        else:
            await person.chat.send_album(wanted, name=name)
        person.transcript.show_changes()

    async def act(self, line: str) -> None:
        person = self.people.current
        chat, transcript = person.chat, person.transcript
        action = read(line, chat)
        if isinstance(action, Say):
            await chat.send(action.text)
        elif isinstance(action, Tap):
            if chat.find_key(action.label).contact:
                self.view.say("demo-contact", name=chat.first_name,
                              phone="+" + demo_phone(chat.user_id))
            await chat.tap(action.label)
        elif action.button.url is not None:  # Telegram opens it; nothing reaches the bot
            self.view.say("demo-link", label=action.button.text,
                          url=unquote(action.button.url))
            return
        else:
            await chat.press(action.number, message_id=action.button.message_id)
        transcript.show_changes()


def keep_chats(path: Path, emulator: Emulator, people: People, view: View) -> None:
    """The chats written beside the kept database; a disk that refuses is told, and the demo
    goes on."""
    try:
        save(path, emulator, Kept(people.seen(), people.on_screen))
    except OSError as exc:
        view.say("demo-kept-unsaved", error=str(exc)[:200])


def files_folder(database: Path | None) -> Path | None:
    """Beside a kept database, a folder named after it; otherwise a temporary one, made at
    the first file."""
    if database is None:
        return None
    return database.with_name(database.stem + "-files")


async def run_demo(settings: Settings, catalogue: Catalogue, args: argparse.Namespace) -> int:
    locale = args.lang or settings.default_locale
    user_id: int = args.user_id
    if not settings.admin_ids:  # the demo's own administrator
        settings = settings.model_copy(update={"admin_ids": frozenset({DEMO_ADMIN})})
    if args.admin:
        user_id = min(settings.admin_ids)
    admin_id = min(settings.admin_ids)
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
    session = LocalSession(emulator)
    bot = Bot(DEMO_TOKEN, session=session, default=bot_defaults())
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        dp, repos, services = assemble(bot, db, settings, catalogue, texts)

        async def directory(chat_id: int) -> tuple[str, str] | None:
            known = await repos.users.get(chat_id)
            return None if known is None else (known.first_name, known.language)

        session.directory = directory
        admin_name = texts.get(locale, "demo-admin-name")
        await demo_admin(repos, admin_id, locale, admin_name)
        if args.lang and await repos.users.get(user_id) is not None:
            # a database kept from a run in another language: asked for, so they read it
            await repos.users.set_language(user_id, args.lang)
        if not await repos.programmes.all():
            await import_sample(repos, catalogue, settings.zone)
            await sample_news(services, texts, locale, catalogue, by=admin_id,
                              zone=settings.zone)
            await sample_teacher(services, repos, admin_id)
            await sample_class(services, repos, admin_id, locale, settings.zone)
            await sample_events(services, repos, texts, catalogue, by=admin_id, locale=locale,
                                zone=settings.zone)
        interactive = sys.stdin.isatty()
        out = sys.stdout
        folder = files_folder(args.database)
        view = View(texts, locale, out, out.isatty(), Files(emulator, folder))
        out.write(texts.get(locale, "demo-banner") + "\n" + texts.get(locale, "demo-commands")
                  + "\n" + texts.get(locale, "demo-commands-photo") + "\n")
        if folder is not None:
            view.say("demo-files", path=str(folder))
        kept = None if args.database is None else kept_path(args.database)
        earlier = Kept() if kept is None else load(kept, emulator)
        if earlier is None:
            view.say("demo-kept-unreadable", path=f"{kept}.bad")
            earlier = Kept()
        people = People(dp, bot, emulator, view, repos.users, admin_id=admin_id,
                        after_action=lambda: deliver(services),
                        names_taken=lambda names: names_taken(db, names),
                        known=lambda limit: known_people(db, limit),
                        seen_before=earlier.seen, on_screen=earlier.on_screen)
        await people.start(user_id, "Аня" if locale == "ru" else "Anna")
        demo = Demo(people, view, repos, services)
        saved: tuple[int, int] | None = None  # the calls and who was on screen when saved
        if interactive:
            out.write("\n> ")
            out.flush()
        async for line in read_lines(sys.stdin):
            if not interactive:
                out.write(f"\n> {line}\n")
            await demo.line(line)
            changed = (len(emulator.calls), people.current.id)
            if kept is not None and changed != saved:  # a run stopped midway loses nothing
                keep_chats(kept, emulator, people, view)
                saved = changed
            if interactive:
                out.write("\n> ")
                out.flush()
        if interactive:
            out.write("\n")
        if kept is not None:
            keep_chats(kept, emulator, people, view)
        await dp.storage.close()
    finally:
        await db.close()
        await bot.session.close()
        if workdir is not None:
            workdir.cleanup()
    return 0
