"""The list of coming events (/events, «🎪 События», paged) and an event's card (a press, or a
poster's `?start=ev_<code>`)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.services.event_booking_rules import closed
from bot.ui.callbacks_events import EventList, EventOpen
from bot.ui.keyboards import Screen, ScreenCache
from handlers.events import screens
from handlers.flow import Flow
from storage.events import Event


async def list_screen(flow: Flow, page: int = 0, note: str | None = None) -> Screen:
    views = flow.services.event_booking.views
    found = await views.coming(flow.user.id, flow.now, flow.today, page, screens.PAGE_SIZE)
    if found.filtered:
        note = "\n".join(filter(None, [note, flow.t("ev-list-filtered")]))
    if found.nothing_fits:
        note = "\n".join(filter(None, [note, flow.t("ev-list-nothing-fits")]))
    return screens.list_screen(reader(flow), found.events, found.page, found.total, note)


def reader(flow: Flow) -> screens.Reader:
    return screens.Reader(flow.t, flow.zone, flow.catalogue, flow.user.is_staff, flow.now)


async def events_command(message: Message, flow: Flow) -> None:
    """/events: a new message with the list."""
    await flow.state.clear()
    await flow.send(await list_screen(flow))


async def list_pressed(query: CallbackQuery, callback_data: EventList, flow: Flow) -> None:
    await flow.state.clear()
    await flow.show(await list_screen(flow, callback_data.page))


# cards of people with no registration for the event, by everything they show: the event
# as read (its counts too), whether registration is closed, staff or not, the reader's texts
cards = ScreenCache()


async def card(flow: Flow, event: Event) -> Screen:
    mine = await flow.services.event_booking.views.on_card(event.id, flow.user.id)
    seen = reader(flow)
    if mine:
        return screens.card_screen(seen, event, mine)
    return cards.get(flow.t, ("card", event, closed(event, seen.now), seen.staff, seen.zone),
                     lambda: screens.card_screen(seen, event, []))


async def open_card(query: CallbackQuery, callback_data: EventOpen, flow: Flow) -> None:
    event = await flow.services.event_booking.views.get(callback_data.event)
    if event is None:
        await flow.show(await list_screen(flow, note=flow.t("ev-not-found")))
        return
    await flow.state.clear()
    await flow.show(await card(flow, event))


async def open_by_code(flow: Flow, code: str) -> None:
    """`/start ev_<code>` from a poster: the card, or the list with «не найдено»."""
    event = await flow.services.event_booking.views.by_code(code[:64])
    if event is None:
        await flow.send(await list_screen(flow, note=flow.t("ev-not-found")))
        return
    await flow.send(await card(flow, event))
