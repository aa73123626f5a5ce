"""«🗓 Расписание» and /schedule: a family's (a pupil's own) lessons, the next lesson of each
child, the lessons as a calendar file; and a quantum's group timetable for anyone.

My schedule opens on this week and the next together — what the family needs to plan — as a
two-week window that ◀️ ▶️ move one week at a time, from four weeks back to eight ahead (a
number outside that, forged or from an old message, shows the current window). Weeks run
Monday to Sunday in the technopark's zone. Lessons of applications still being decided show,
marked; lessons off are struck through with their reason.

screens: what is shown; this module: the handlers, which read and hand over to the screens.
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services import dates
from bot.services.calendar import calendar_file, file_name
from bot.services.catalogue import Catalogue
from bot.services.schedule_views import ScheduleViews
from bot.settings import Settings
from bot.ui.callbacks import QuantumTimetable, ScheduleIcs, ScheduleNext, ScheduleWeek
from bot.ui.keyboards import Screen
from handlers import fallback, quanta
from handlers.common import send, show
from handlers.schedule import screens
from storage.clock import utcnow
from storage.families import FamilyRepo
from storage.lessons import LessonRepo
from storage.programmes import ProgrammeRepo
from storage.timetable import TimetableRepo
from storage.users import User

CALENDAR_DAYS_BACK = 30  # the calendar file starts this long ago, so a week just past is kept


async def empty(t: T, user: User, families: FamilyRepo) -> Screen:
    return screens.empty_screen(t, user, in_family=await families.family_id(user.id) is not None)


async def my_schedule(
    t: T, user: User, week: int, views: ScheduleViews, families: FamilyRepo, settings: Settings
) -> Screen:
    """Weeks `week` and `week + 1` of the user's children, or what to do when nothing is
    scheduled at all."""
    zone = settings.zone
    if not screens.FIRST_WEEK <= week <= screens.LAST_WEEK:
        week = 0
    today = dates.today(zone)
    monday = dates.week_start(today, week)
    items = await views.for_user(
        user.id, dates.local_midnight(monday, zone),
        dates.local_midnight(monday + timedelta(weeks=2), zone),
    )
    if not items and not await views.has_any(
        user.id, dates.week_start(today, screens.FIRST_WEEK)
    ):
        return await empty(t, user, families)
    return screens.week_screen(t, items, week, today, zone)


async def schedule_command(
    message: Message, t: T, user: User, schedule_views: ScheduleViews, families: FamilyRepo,
    settings: Settings,
) -> None:
    await send(message, await schedule_views.screen(
        (user.id, 0, t.locale, user.family_role, dates.today(settings.zone)),
        lambda: my_schedule(t, user, 0, schedule_views, families, settings),
    ))


async def open_week(
    query: CallbackQuery, callback_data: ScheduleWeek, t: T, user: User,
    schedule_views: ScheduleViews, families: FamilyRepo, settings: Settings,
) -> None:
    week, today = callback_data.week, dates.today(settings.zone)
    await show(query, await schedule_views.screen(
        (user.id, week, t.locale, user.family_role, today),
        lambda: my_schedule(t, user, week, schedule_views, families, settings),
    ))


async def open_next(
    query: CallbackQuery, t: T, user: User, schedule_views: ScheduleViews,
    families: FamilyRepo, settings: Settings,
) -> None:
    # the countdown is said to the minute: the screen stands for that minute
    now = utcnow().replace(second=0, microsecond=0)

    async def make() -> Screen:
        items = await schedule_views.next_for_user(user.id, now)
        if not items:
            return await empty(t, user, families)
        return screens.next_screen(t, items, now, settings.zone)

    key = ("next", user.id, t.locale, user.family_role, now)
    await show(query, await schedule_views.screen(key, make))


async def to_calendar(
    query: CallbackQuery, callback_data: ScheduleIcs, t: T, user: User, lessons: LessonRepo,
    families: FamilyRepo, settings: Settings, bot: Bot, callback_answer: CallbackAnswer,
) -> None:
    """The calendar file of one child, or of the whole family (child 0); asked first whose,
    when there is a choice (child ASK). A child who is not the user's to see (a forged
    button) gets the out-of-date answer and no file."""
    zone = settings.zone
    since = dates.today(zone) - timedelta(days=CALENDAR_DAYS_BACK)
    child = callback_data.child
    if child < 0 and child != screens.ASK:
        await fallback.stale_button(query, t, user, callback_answer)
        return
    items = await lessons.for_calendar(user.id, since, child_id=child if child > 0 else None)
    children = {item.child_id: item.child_name for item in items}
    if not items:
        if child > 0:
            await fallback.stale_button(query, t, user, callback_answer)
        else:
            await show(query, await empty(t, user, families))
        return
    if child == screens.ASK and len(children) > 1:
        await show(query, screens.ics_pick_screen(t, children))
        return
    name = None if child == 0 else next(iter(children.values()))
    data = calendar_file(items, t, zone, child=name)
    document = BufferedInputFile(data, filename=file_name(name, next(iter(children))))
    await bot.send_document(user.id, document, caption=t("ics-caption"),
                            reply_markup=screens.ics_buttons(t).as_markup())


async def quantum_timetable(
    query: CallbackQuery, callback_data: QuantumTimetable, t: T, user: User,
    catalogue: Catalogue, programmes: ProgrammeRepo, timetable: TimetableRepo,
    settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    """From a quantum's card: every running group of its programmes, when it meets."""
    quantum = catalogue.get(callback_data.code)
    if quantum is None:
        await fallback.stale_button(query, t, user, callback_answer)
        return
    today = dates.today(settings.zone)
    found = [
        (programme, group)
        for programme in await programmes.for_quantum(quantum.code)
        for group in await programmes.groups(programme.id, running_on=today)
    ]
    slots = await timetable.slots(group.id for _, group in found)
    groups = [screens.GroupTimes(p, g, slots[g.id]) for p, g in found]
    index = next((i for i, q in enumerate(catalogue.quanta) if q.code == quantum.code), 0)
    await show(query, screens.quantum_timetable_screen(t, quantum, groups,
                                                       index // quanta.PAGE_SIZE))


def router() -> Router:
    r = Router(name="schedule")
    r.message.register(schedule_command, Command("schedule"))
    r.callback_query.register(open_week, ScheduleWeek.filter())
    r.callback_query.register(open_next, ScheduleNext.filter())
    r.callback_query.register(to_calendar, ScheduleIcs.filter())
    r.callback_query.register(quantum_timetable, QuantumTimetable.filter())
    return r
