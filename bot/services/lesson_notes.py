"""«📝 Что было на занятии»: staff tell a group's families what the group did at a lesson, with
up to ten photos, and the note shows under that lesson in the families' schedule.

A note may be written for a lesson of the group that is on and has started, until 7 days
after it ended; for those 7 days its text can be changed, or the note taken off the schedule.
Writing it and queueing its messages is one transaction: to every parent of a family with a
confirmed child in the group and to those children's own accounts (as a change to a lesson is
told), an album of the photos (sendMediaGroup), then the note's text message with the buttons
an album cannot carry. Outbox rows of kind "note", topic `note:{id}`, keyed
`note:{id}:{chat}:album|text`, with the recipient's family (so /forget blanks them).

The two messages stand on their own, because the outbox sends them as two rows that can fail
or be retried apart: the text message always carries the whole note, and the album only a
short caption naming the lesson («📷 Фото с занятия: …»). An album Telegram refuses loses the
photos and never the note; an album retried after the text arrives second and still says
what it is; nothing ever points at photos that are not there.

Changing the text changes what the schedule shows and, in the same transaction, the text
messages not yet sent (waiting, or waiting to be retried): families not reached yet get the
new text. Messages already delivered, or in flight at that moment, stay as they are. Taking a
note off cancels its messages not yet sent.

Children whose standing consent does not cover photos (bot/services/consent_texts.py: the
consent's `photo` choice under a version whose scope has PHOTOS) are named to staff in the
preview, so photos showing them can be left out.

Reading (the lesson a note is for, a sent note, the preview's counts) goes through the read
connection: it never waits for, or holds up, a write."""

from __future__ import annotations

import html as htmlesc
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import Texts, voice
from bot.services import consent_texts as registry
from bot.services import dates
from bot.services.telegram_text import TELEGRAM_CAPTION, tg_len
from bot.ui.callbacks import Nav
from bot.ui.callbacks_schedule import ScheduleOpen
from storage import consents
from storage import lesson_notes as rows
from storage.clock import utcnow
from storage.db import Database
from storage.lesson_changes import recipients
from storage.lesson_notes import Note
from storage.lesson_rows import Lesson
from storage.outbox import enqueue

WINDOW = timedelta(days=7)  # after the lesson's end: a note may be written, changed, removed
MAX_PHOTOS = 10  # an album's most
MAX_TEXT = 3000  # the note's own text; with its heading it stays under a message's 4096
PICK = 5  # recent lessons offered
PRIORITY = 50
ID_MAX = 2**63 - 1

Outcome = Literal["ok", "not-staff", "gone", "closed", "already", "late", "none"]


@dataclass(frozen=True, slots=True)
class Pick:
    """The lessons a note may be written for now, newest first (with their notes)."""

    outcome: Outcome
    lessons: list[Lesson] = field(default_factory=list)
    notes: dict[int, Note] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Opened:
    outcome: Outcome
    lesson: Lesson | None = None
    note: Note | None = None


@dataclass(frozen=True, slots=True)
class Preview:
    people: int  # accounts that get it
    families: int
    no_photos: list[str]  # confirmed children whose consent does not cover photos


@dataclass(frozen=True, slots=True)
class Done:
    outcome: Outcome
    lesson: Lesson | None = None
    note_id: int = 0
    people: int = 0  # sent: its recipients; a new text: the messages not sent yet it reaches


def _visible(text: str) -> str:
    return htmlesc.unescape(re.sub(r"<[^>]+>", "", text))


class LessonNotes:
    def __init__(self, db: Database, texts: Texts, zone: ZoneInfo) -> None:
        self.db = db
        self.texts = texts
        self.zone = zone

    # ---- reading -------------------------------------------------------------------------

    async def lessons(self, group_id: int, now: datetime) -> Pick:
        """Today's started lesson of the group, else its lessons of the last 7 days."""
        if not 0 < group_id <= ID_MAX or not await rows.group_exists(self.db, group_id):
            return Pick("gone")
        found = await rows.held_lessons(self.db, group_id, now - WINDOW, now, PICK)
        found = [lesson for lesson in found if lesson.ends_at + WINDOW > now]
        if not found:
            return Pick("none")
        notes = await rows.live_of(self.db, [lesson.id for lesson in found])
        return Pick("ok", found, notes)

    async def open(self, lesson_id: int, now: datetime) -> Opened:
        """A lesson a note is written for (and its note, if it has one)."""
        if not 0 < lesson_id <= ID_MAX:
            return Opened("gone")
        lesson = await rows.lesson_in(self.db.reader, lesson_id)
        if lesson is None:
            return Opened("gone")
        note = (await rows.live_of(self.db, [lesson_id])).get(lesson_id)
        if lesson.off or lesson.starts_at > now or lesson.ends_at + WINDOW <= now:
            return Opened("late" if note else "closed", lesson, note)
        return Opened("ok", lesson, note)

    async def note(self, note_id: int, now: datetime) -> Opened:
        """A sent note and its lesson: `ok` to change, `late` past the 7 days, `gone`."""
        if not 0 < note_id <= ID_MAX:
            return Opened("gone")
        reader = self.db.reader
        note = await rows.note_by_id(reader, note_id)
        lesson = None if note is None else await rows.lesson_in(reader, note.lesson_id)
        if note is None or lesson is None or note.removed_at is not None:
            return Opened("gone", lesson)
        return Opened("late" if lesson.ends_at + WINDOW <= now else "ok", lesson, note)

    async def preview(self, group_id: int) -> Preview:
        """Who would get a note to the group, and whose children's photos may not be shown."""
        people = await recipients(self.db.reader, group_id)
        no_photos = []
        for child_id, name in await rows.confirmed_children(self.db, group_id):
            latest = await consents.latest(self.db, child_id)
            if latest is None or not registry.covers(
                    registry.wording_of(latest[0]), latest[1], latest[2], registry.PHOTOS):
                no_photos.append(name)
        return Preview(len(people), len({p["family_id"] for p in people}), no_photos)

    async def shown(self, lesson_ids: Sequence[int]) -> dict[int, str]:
        """The text of the notes on the schedule, by lesson."""
        notes = await rows.live_of(self.db, list(lesson_ids))
        return {lesson_id: note.text for lesson_id, note in notes.items()}

    # ---- writing -------------------------------------------------------------------------

    async def send(self, user_id: int, lesson_id: int, text: str, photos: list[str]) -> Done:
        """Write the note and queue its messages to the group's families, in one go."""
        now = utcnow()
        async with self.db.transaction() as conn:
            if not await rows.is_staff(conn, user_id):
                return Done("not-staff")
            lesson = await rows.lesson_in(conn, lesson_id)
            if lesson is None:
                return Done("gone")
            if lesson.off or lesson.starts_at > now or lesson.ends_at + WINDOW <= now:
                return Done("closed", lesson)
            note_id = await rows.add(conn, lesson_id=lesson_id, text=text,
                                     photos=photos[:MAX_PHOTOS], author_id=user_id, at=now)
            if note_id is None:
                return Done("already", lesson)
            people = 0
            # what a lesson was like goes to the families whose child had joined by the
            # lesson's day (as the calendar file counts a child's lessons), not to newcomers
            day_over = datetime.combine(lesson.day + timedelta(days=1), time(),
                                        tzinfo=self.zone)
            for person in await recipients(conn, lesson.group_id, day_over):
                people += await self._queue(conn, note_id, lesson, text, photos, person)
        return Done("ok", lesson, note_id, people)

    async def _queue(self, conn: Any, note_id: int, lesson: Lesson, text: str,
                     photos: list[str], person: Any) -> int:
        chat, family = person["id"], person["family_id"]
        full, caption = self.message(lesson, text, person["language"], person["family_role"])
        common: dict[str, Any] = {"kind": "note", "chat_id": chat, "family_id": family,
                                  "priority": PRIORITY, "lesson_id": lesson.id,
                                  "topic": f"note:{note_id}"}
        if photos:  # queued first: sent first, unless Telegram makes it wait
            if tg_len(_visible(caption)) > TELEGRAM_CAPTION:
                caption = ""  # a lesson's title past 1 000 characters: the photos alone
            await enqueue(conn, payload={"media": photos, "text": caption},
                          dedupe_key=f"note:{note_id}:{chat}:album", **common)
        return int(await enqueue(conn, payload=self.text_payload(full, person),
                                 dedupe_key=f"note:{note_id}:{chat}:text", **common))

    def text_payload(self, full: str, person: Any) -> dict[str, Any]:
        """The note's text message: the whole note, and the buttons."""
        return {"text": full, "buttons": self.buttons(person)}

    def message(self, lesson: Lesson, text: str, language: str, role: str | None
                ) -> tuple[str, str]:
        """The note as a family reads it (the text message), and its album's caption."""
        t = self.texts.bind(language, you=voice(role))
        words = {
            "programme": html.quote(lesson.title(t.locale)),
            "group": html.quote(lesson.group_title(t.locale)),
            "when": dates.lesson_time(lesson.starts_at, lesson.ends_at, self.zone, t.locale),
        }
        return (t("note-message", text=html.quote(text), **words),
                t("note-album-caption", **words))

    def buttons(self, person: Any) -> list[list[dict[str, str]]]:
        t = self.texts.bind(person["language"], you=voice(person["family_role"]))
        return [[{"text": t("btn-note-schedule"), "callback_data": ScheduleOpen().pack()},
                 {"text": t("btn-home"), "callback_data": Nav(to="home").pack()}]]

    async def edit(self, user_id: int, note_id: int, text: str) -> Done:
        """A new text for the note (the photos stay): the schedule shows it from now on, and
        its messages not sent yet carry it."""
        return await self._change(user_id, note_id, text)

    async def remove(self, user_id: int, note_id: int) -> Done:
        """The note off the schedule; its messages not yet sent are cancelled."""
        return await self._change(user_id, note_id, None)

    async def _change(self, user_id: int, note_id: int, text: str | None) -> Done:
        now = utcnow()
        if not 0 < note_id <= ID_MAX:
            return Done("gone")
        async with self.db.transaction() as conn:
            if not await rows.is_staff(conn, user_id):
                return Done("not-staff")
            note = await rows.note_by_id(conn, note_id)
            lesson = None if note is None else await rows.lesson_in(conn, note.lesson_id)
            if note is None or lesson is None or note.removed_at is not None:
                return Done("gone", lesson)
            if lesson.ends_at + WINDOW <= now:
                return Done("late", lesson, note_id)
            queued = 0
            if text is None:
                await rows.remove(conn, note_id, user_id, now)
                await rows.cancel_queued(conn, note_id)
            else:
                await rows.set_text(conn, note_id, text, user_id, now)
                queued = await self._rewrite_queued(conn, note_id, lesson, text)
        return Done("ok", lesson, note_id, queued)

    async def _rewrite_queued(self, conn: Any, note_id: int, lesson: Lesson, text: str) -> int:
        """The note's text messages not sent yet carry the new text (inside the edit's
        transaction: the sender claims rows in one of its own, so none is half-changed).
        Returns how many."""
        rewritten = 0
        for person in await rows.queued_texts(conn, note_id):
            full, _ = self.message(lesson, text, person["language"], person["family_role"])
            payload = self.text_payload(full, person)
            rewritten += await rows.set_queued(conn, person["outbox_id"], payload)
        return rewritten
