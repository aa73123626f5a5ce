"""«🗓 Расписание» and /schedule: a family's (a pupil's own) lessons, the next lesson of each
child, the lessons as a calendar file; and a quantum's group timetable for anyone.

My schedule opens on this week and the next together — what the family needs to plan — as a
two-week window that ◀️ ▶️ move one week at a time, from four weeks back to eight ahead (a
number outside that, forged or from an old message, shows the current window). Weeks run
Monday to Sunday in the technopark's zone. Lessons of applications still being decided show,
marked; lessons off are struck through with their reason.

screens: what is shown; this module: the handlers, which read through the schedule's services
(`flow.services.schedule_views`, `quantum_timetable`) and hand over to the screens. /schedule
and the weeks' buttons are one handler.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.services import dates
from bot.services.calendar import calendar_file, file_name
from bot.services.schedule_views import Week
from bot.ui.callbacks import QuantumTimetable, ScheduleIcs, ScheduleNext, ScheduleWeek
from bot.ui.callbacks_schedule import ScheduleOpen
from bot.ui.keyboards import Screen
from handlers import fallback, quanta
from handlers.flow import Flow
from handlers.schedule import screens


async def empty(flow: Flow) -> Screen:
    views = flow.services.schedule_views
    in_family = await views.in_family(flow.user.id)
    ended = in_family and await views.ended_ahead(flow.user.id, flow.now)
    return screens.empty_screen(flow.t, flow.user, in_family=in_family, ended=ended)


async def stale(query: CallbackQuery, flow: Flow) -> None:
    await fallback.stale_button(query, flow.t, flow.user)


async def my_schedule(flow: Flow, shown: Week) -> Screen:
    """The two weeks shown (with their marks), or what to do when nothing is scheduled at
    all."""
    views, zone = flow.services.schedule_views, flow.zone
    today = dates.today(zone)
    if not shown.items and not await views.has_any(
        flow.user.id, dates.week_start(today, screens.FIRST_WEEK)
    ):
        return await empty(flow)
    notes = await flow.services.lesson_notes.shown([item.lesson.id for item in shown.items])
    return screens.week_screen(flow.t, shown.items, shown.number, today, zone, notes)


async def week_screen(flow: Flow, week: int) -> Screen:
    user, views = flow.user, flow.services.schedule_views
    shown = await views.week(user.id, week, flow.now, flow.zone, flow.t.locale)
    return await views.screen(
        (user.id, shown.number, flow.t.locale, user.family_role, flow.today,
         *sorted(shown.marks.items())),
        lambda: my_schedule(flow, shown),
    )


async def open_week(
    event: Message | CallbackQuery, flow: Flow, callback_data: ScheduleWeek | None = None
) -> None:
    """/schedule (this week and the next, as a new message) and ◀️ ▶️ (in place)."""
    await flow.show(await week_screen(flow, 0 if callback_data is None else callback_data.week))


async def open_anew(query: CallbackQuery, flow: Flow) -> None:
    """«🗓 Расписание» under a reminder or a notice: this week and the next as a new message;
    the notice stays as it is."""
    await flow.send(await week_screen(flow, 0))


async def open_next(query: CallbackQuery, flow: Flow) -> None:
    # the countdown is said to the minute: the screen stands for that minute
    now = flow.now.replace(second=0, microsecond=0)
    views = flow.services.schedule_views

    async def make() -> Screen:
        items = await views.next_for_user(flow.user.id, now)
        if not items:
            return await empty(flow)
        return screens.next_screen(flow.t, items, now, flow.zone)

    key = ("next", flow.user.id, flow.t.locale, flow.user.family_role, now)
    await flow.show(await views.screen(key, make))


async def to_calendar(query: CallbackQuery, callback_data: ScheduleIcs, flow: Flow) -> None:
    """The calendar file of one child, or of the whole family (child 0); asked first whose,
    when there is a choice (child ASK). A child who is not the user's to see (a forged
    button) gets the out-of-date answer and no file."""
    t, user = flow.t, flow.user
    child = callback_data.child
    if child < 0 and child != screens.ASK:
        await stale(query, flow)
        return
    items = await flow.services.schedule_views.for_calendar(
        user.id, child_id=child if child > 0 else None)
    children = {item.child_id: item.child_name for item in items}
    if not items:
        if child > 0:
            await stale(query, flow)
        else:
            await flow.show(await empty(flow))
        return
    if child == screens.ASK and len(children) > 1:
        await flow.show(screens.ics_pick_screen(t, children))
        return
    name = None if child == 0 else next(iter(children.values()))
    data = calendar_file(items, t, flow.zone, child=name)
    document = BufferedInputFile(data, filename=file_name(name, next(iter(children))))
    # only lessons of applications that are over: the file is for taking them out
    caption = ("ics-caption-removed" if all(item.enrolment == "ended" for item in items)
               else "ics-caption")
    await flow.bot.send_document(user.id, document, caption=t(caption),
                                 reply_markup=screens.ics_buttons(t).as_markup())


async def quantum_timetable(query: CallbackQuery, callback_data: QuantumTimetable, flow: Flow
                            ) -> None:
    """From a quantum's card: every running group of its programmes, when it meets."""
    catalogue = flow.catalogue
    quantum = catalogue.get(callback_data.code)
    if quantum is None:
        await stale(query, flow)
        return
    groups = await flow.services.quantum_timetable.groups(quantum.code, flow.today)
    index = next((i for i, q in enumerate(catalogue.quanta) if q.code == quantum.code), 0)
    await flow.show(screens.quantum_timetable_screen(flow.t, quantum, groups,
                                                     index // quanta.PAGE_SIZE))


def router() -> Router:
    r = Router(name="schedule")
    r.message.register(open_week, Command("schedule"))
    r.callback_query.register(open_week, ScheduleWeek.filter())
    r.callback_query.register(open_anew, ScheduleOpen.filter())
    r.callback_query.register(open_next, ScheduleNext.filter())
    r.callback_query.register(to_calendar, ScheduleIcs.filter())
    r.callback_query.register(quantum_timetable, QuantumTimetable.filter())
    return r
