"""An event's screen for staff (`EventManage`) and what is done from it: a message to everyone
registered (the broadcast's own steps take it from the text on), «✏️ Изменить» (the form),
«❌ Отменить событие» (asked first), «⬇️ Список» (a CSV for Excel)."""

from __future__ import annotations

from aiogram import html
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.ui.callbacks_event_admin import EaAct, EaPast, EaPeople
from bot.ui.callbacks_events import EventManage
from handlers.flow import Flow
from handlers.staff.broadcast.compose import BroadcastStates
from handlers.staff.events import form, screens
from handlers.staff.events.show import show_event
from storage.audience import Audience


async def open_event(query: CallbackQuery, callback_data: EventManage | EaPeople,
                     flow: Flow) -> None:
    """The event's screen, or a page of its names; a message to it being written is left."""
    if await flow.state.get_state() in (BroadcastStates.text.state,
                                        BroadcastStates.audience.state):
        await flow.state.clear()
    page = callback_data.page if isinstance(callback_data, EaPeople) else 0
    await show_event(flow, callback_data.event, page=page)


async def act(query: CallbackQuery, callback_data: EaAct, flow: Flow) -> None:
    """The screen's buttons: write, edit, cancel (asked), cancel-yes, list."""
    if not flow.user.is_staff:  # the staff router lets only staff in; checked again here
        flow.toast(flow.t("eva-staff-only"))
        return
    service = flow.services.event_admin
    event = await service.get(callback_data.event)
    if event is None:
        await show_event(flow, callback_data.event)
        return
    action = callback_data.action
    if action == "list":
        data = await service.people_csv(event.id, flow.t.locale)
        assert data is not None
        await flow.bot.send_document(
            flow.user.id, BufferedInputFile(data, filename=f"event-{event.code}.csv"),
            caption=flow.t("eva-list-caption", title=html.quote(event.title(flow.t.locale))))
        await show_event(flow, event.id, new=True)
        return
    if event.status != "open":  # its heading «❌ Событие отменено.» says why nothing is done
        await show_event(flow, event.id)
        return
    if action == "edit":
        await form.edit(flow, event.id)
    elif action in ("cancel", "cancel-yes") and event.ends_at <= flow.now:
        await show_event(flow, event.id, note=flow.t("eva-ended-cancel"))
    elif action == "cancel":
        view = await service.view(event.id)
        registered = view.counts.registrations if view else 0
        await flow.show(screens.cancel_question(flow.t, event, registered))
    elif action == "cancel-yes":
        outcome, told = await service.cancel(event.id)
        note = (flow.t("eva-cancel-done", n=told) if outcome == "cancelled" else
                flow.t("eva-ended-cancel") if outcome == "ended" else None)
        # the screen says it (its heading «❌ Событие отменено.», the note the count): no toast
        await show_event(flow, event.id, note=note)
    elif action == "write":
        await write(flow, event.id)
    else:
        await show_event(flow, event.id)


async def past(event: Message | CallbackQuery, callback_data: EaPast | None, flow: Flow
               ) -> None:
    """«🗂 Идущие и прошедшие» (and /pastevents): the events under way and those ended in the
    last 7 days, each opening its staff screen (who came, the feedback)."""
    page = callback_data.page if callback_data is not None else 0
    found, page, pages = await flow.services.event_admin.started(flow.now, page)
    screen = screens.past_screen(flow.t, found, page, pages, flow.zone)
    await (flow.show(screen) if isinstance(event, CallbackQuery) else flow.send(screen))


async def past_command(message: Message, flow: Flow) -> None:
    await flow.state.clear()
    await past(message, None, flow)


async def write(flow: Flow, event_id: int) -> None:
    """«📣 Написать участникам»: the text typed next goes, through the broadcast's steps, to
    everyone registered (the waitlist too)."""
    event = await flow.services.event_admin.get(event_id)
    assert event is not None
    audience = Audience(event=event_id)
    reach = await flow.services.broadcast_compose.count(audience)
    if reach == 0:
        await show_event(flow, event_id, note=flow.t("eva-write-nobody"), new=True)
        return
    await flow.state.clear()
    await flow.state.set_state(BroadcastStates.text)
    await flow.state.set_data({"audience": audience.as_dict()})
    await flow.send(screens.write_question(flow.t, event, reach, flow.zone))
