"""`python -m bot import groups|closures|partners|events FILE.csv`: check every row, write all or
nothing.

Groups: their schedules become dated lessons, rooms two groups share at the same time are
warned of, and the seats a raised capacity adds are offered to the waitlist. Closures: the
lessons inside them are put off. Partners: added, or updated by name. Events: added, or
updated by code (the people registered for one that moves are told). Prints what it did;
returns the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.cli.words import counted
from bot.i18n import Texts
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.closure_notices import ClosureTexts
from bot.services.group_import import parse_groups_csv, patterns, plan_lessons
from bot.services.news import News, TextPostNotices
from bot.services.partner_import import parse_partners_csv
from bot.services.programme_import import CapacityBelowSeats, import_programmes
from bot.services.schedule import GroupPattern, Slot, parse_time, room_clashes
from bot.services.timetable import Timetable
from bot.settings import Settings
from storage.db import Database
from storage.lessons import LessonRepo
from storage.news import NewsRepo
from storage.programmes import ProgrammeRepo
from storage.quanta import QuantaRepo
from storage.timetable import TimetableRepo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None


async def import_file(
    settings: Settings, catalogue: Catalogue, path: Path, what: str = "groups"
) -> int:
    """The `import` command: 0 when imported, 1 with every problem listed."""
    if what == "closures":
        return await import_closures(settings, catalogue, path)
    if what == "partners":
        return await import_partners(settings, catalogue, path)
    if what == "events":
        return await import_events(settings, catalogue, path)
    data = read(path)
    if data is None:
        return 1
    result = parse_groups_csv(data, {q.code for q in catalogue.quanta})
    if result.errors:
        return refused(path, result.errors)
    plan_lessons(result.groups, settings.zone)
    db = await Database.open(settings.database_path)
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        clashes = await room_clashes_with(db, patterns(result.groups))
        try:
            imported = await import_programmes(
                db, result.programmes, result.groups, dates.today(settings.zone)
            )
        except CapacityBelowSeats as exc:
            return refused(path, [
                f"line {result.lines[g.code]}: group {g.code} already has {g.held} seats taken"
                f" (applied, in Навигатор, confirmed or offered); capacity {g.capacity} is"
                f" fewer — keep it at {g.held} or more" for g in exc.groups
            ])
        if imported.to_offer:
            # the new seats go to the waitlist in order, as when a seat frees, before a
            # newcomer can take them (the offers' texts need the bot's wiring, hence late)
            from bot.dispatcher import Repos

            enrolment = Repos.create(db, settings=settings).enrolment
            await enrolment.offer_seats(list(imported.to_offer))
    finally:
        await db.close()
    lessons = sum(len(g.get("lessons", ())) for g in result.groups)
    print(f"Imported {counted(imported.programmes, 'programme')} and"
          f" {counted(imported.groups, 'group')} from {path}"
          + (f" ({counted(lessons, 'lesson')} in their schedules)." if lessons else "."))
    if imported.to_offer:
        print(f"Free seats offered to the waitlist of: {', '.join(imported.to_offer.values())}.")
    for first, second, room, slot in clashes:
        print(f"warning: groups {first} and {second} are both in {room!r} on "
              f"{WEEKDAYS[slot.weekday]} around {slot.starts:%H:%M}", file=sys.stderr)
    return 0


async def room_clashes_with(db: Database, imported: list[GroupPattern]
                            ) -> list[tuple[str, str, str, Slot]]:
    """Rooms the imported groups share at the same time, among themselves or with the groups
    already stored that the file leaves as they are."""
    codes = {g.code for g in imported}
    groups = [g for g in await ProgrammeRepo(db).all_groups() if g.code not in codes]
    slots = await TimetableRepo(db).slots(g.id for g in groups)
    stored = [
        GroupPattern(g.code, g.room, g.starts_on, g.ends_on, [
            Slot(s.weekday, parse_time(s.starts), parse_time(s.ends), s.room)
            for s in slots[g.id]
        ]) for g in groups if slots[g.id]
    ]
    # a clash between two stored groups the file leaves alone is not this file's news
    return [clash for clash in room_clashes(stored + imported)
            if clash[0] in codes or clash[1] in codes]


async def import_closures(settings: Settings, catalogue: Catalogue, path: Path) -> int:
    data = read(path)
    if data is None:
        return 1
    closures, errors = parse_closures_csv(data, {q.code for q in catalogue.quanta})
    if errors:
        return refused(path, errors)
    db = await Database.open(settings.database_path)
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        # families whose children's lessons the closures put off are told, as from the chat
        timetable = Timetable(db, LessonRepo(db), TimetableRepo(db),
                              ClosureTexts(Texts(), settings.zone))
        off, told = await timetable.add_many(closures)
    finally:
        await db.close()
    verb, them = "falls" if off == 1 else "fall", "it" if len(closures) == 1 else "them"
    print(f"Imported {counted(len(closures), 'closure')} from {path};"
          f" {counted(off, 'lesson')} {verb} inside {them}.")
    if told:
        print("Families told of their children's cancelled lessons:"
              f" {counted(told, 'message')} queued.")
    return 0


async def import_partners(settings: Settings, catalogue: Catalogue, path: Path) -> int:
    data = read(path)
    if data is None:
        return 1
    partners, errors = parse_partners_csv(data)
    if errors:
        return refused(path, errors)
    db = await Database.open(settings.database_path)
    try:
        # the notices' texts are never rendered here: importing partners publishes nothing
        news = News(NewsRepo(db), TextPostNotices(Texts(), catalogue, settings.zone))
        added, updated = await news.import_partners(partners)
    finally:
        await db.close()
    print(f"Imported partners from {path}: {added} added, {updated} updated.")
    return 0


async def import_events(settings: Settings, catalogue: Catalogue, path: Path) -> int:
    from bot.services.event_admin import EventAdmin
    from bot.services.event_booking import EventBooking
    from bot.services.event_import import parse_events_csv

    data = read(path)
    if data is None:
        return 1
    drafts, errors = parse_events_csv(data, {q.code for q in catalogue.quanta}, settings.zone)
    if errors:
        return refused(path, errors)
    db = await Database.open(settings.database_path)
    try:
        texts = Texts()
        booking = EventBooking(db, texts, settings.zone, settings.reminder_evening_at)
        admin = EventAdmin(db, texts, settings.zone, booking)
        added, updated, told = await admin.import_drafts(drafts)
    finally:
        await db.close()
    print(f"Imported events from {path}: {added} added, {updated} updated.")
    if told:
        print(f"People registered for the events moved: {counted(told, 'message')} queued.")
    return 0


def refused(path: Path, errors: list[str]) -> int:
    for error in errors:
        print(f"{path}: {error}", file=sys.stderr)
    print(f"Nothing was imported from {path}.", file=sys.stderr)
    return 1
