"""The door's handlers: a ticket's link (from /start), /checkin and a typed code, «✅
Отметить приход», «🎟 Мой билет», and the stars and comment after the event. The use cases
are bot.services.event_door's; every staff step checks the role again."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Message

from bot.services.event_door import COMMENT_LIMIT, Door
from bot.ui.callbacks_event_door import CheckIn, DoorNext, FeedbackSkip, FeedbackStars
from bot.ui.callbacks_events import TicketShow
from handlers.events_door import screens
from handlers.events_door.states import DoorForm
from handlers.fallback import not_understood, stale, unknown_command
from handlers.flow import Flow


async def show_door(flow: Flow, door: Door) -> None:
    """A new message: the check-in, the ticket, or «билет не найден» naming nobody."""
    t = flow.t
    if door.outcome == "check-in" and door.registration and door.event:
        text, markup = screens.check_in_screen(t, door.registration, door.event, flow.zone,
                                               flow.now)
        if door.others:  # a code several events share: the nearest is shown
            text += "\n\n" + t("door-other-events", count=door.others)
        await flow.send((text, markup))
    elif door.outcome == "ticket" and door.registration and door.event:
        await flow.send(screens.ticket_screen(t, door.registration, door.event, flow.zone))
    else:
        await flow.send(screens.message_screen(t, "door-not-found"))


async def open_link(message: Message, token: str, flow: Flow) -> None:
    """`?start=in_<token>`: a ticket's QR scanned."""
    await show_door(flow, await flow.services.event_door.open_link(flow.user, token))


async def checkin_command(message: Message, command: CommandObject, flow: Flow) -> None:
    """/checkin CODE (staff); a bare /checkin asks for the code. Anyone else gets the answer
    to an unknown command, as for every staff command."""
    if not flow.user.is_staff:
        await unknown_command(message, flow)
        return
    typed = (command.args or "").strip()
    if not typed:
        await ask_code(flow)
        return
    await by_code(flow, typed)


async def next_ticket(query: CallbackQuery, callback_data: DoorNext, flow: Flow) -> None:
    """«🎟 Следующий билет» under a check-in: the next code asked, as a bare /checkin does. A
    forged press by anyone not on staff gets what every staff button gives them."""
    if not flow.user.is_staff:
        await stale(flow)
        return
    await ask_code(flow)


async def ask_code(flow: Flow) -> None:
    await flow.state.set_state(DoorForm.code)
    await flow.send(screens.code_question(flow.t))


async def typed_code(message: Message, flow: Flow) -> None:
    """The code typed after a bare /checkin."""
    if not flow.user.is_staff:  # no longer staff since the question
        await flow.state.clear()
        await not_understood(message, flow)
        return
    await by_code(flow, message.text or "")


async def by_code(flow: Flow, typed: str) -> None:
    door = await flow.services.event_door.open_code(flow.user, typed[:64], flow.now)
    if door.outcome == "not-found":  # asked again: a code is easy to mistype
        await flow.state.set_state(DoorForm.code)
        await flow.send(screens.code_question(flow.t, "door-code-unknown"))
        return
    await flow.state.clear()
    await show_door(flow, door)


async def check_in(query: CallbackQuery, callback_data: CheckIn, flow: Flow) -> None:
    """«✅ Отметить приход»: marked once; pressed again (or by another phone) it says when; a
    cancelled event's is not marked. A forged press by anyone not on staff gets what every
    staff button gives them."""
    t = flow.t
    done = await flow.services.event_door.check_in(flow.user, callback_data.registration,
                                                   flow.now)
    if done.outcome == "not-staff":
        await stale(flow)
        return
    if done.registration is None or done.event is None:
        await flow.send(screens.message_screen(t, "door-not-found"))
        return
    if done.outcome == "cancelled":  # the screen's warning says so: no toast repeating it
        await flow.show(screens.check_in_screen(t, done.registration, done.event, flow.zone,
                                                flow.now))
        return
    at = screens.checked_time(t, done.registration.checked_in_at or flow.now, done.event,
                              flow.now, flow.zone)
    note = t("door-done" if done.outcome == "done" else "door-already", at=at)
    # the screen says it: no toast repeating it
    await flow.show(screens.check_in_screen(t, done.registration, done.event, flow.zone,
                                            flow.now, note=note))


TICKET_REFUSED = {"not-found": "door-not-found", "cancelled": "door-ticket-cancelled",
                  "over": "door-ticket-over", "waiting": "door-ticket-waiting"}


async def ticket_show(query: CallbackQuery, callback_data: TicketShow, flow: Flow) -> None:
    """«🎟 Мой билет»: the ticket (its QR code) sent again through the outbox, at most once a
    minute; why not, when not."""
    outcome = await flow.services.event_door.ticket_again(flow.user, callback_data.registration,
                                                          flow.now)
    if outcome in ("sent", "recent"):
        flow.toast(flow.t("door-ticket-sent" if outcome == "sent" else "door-ticket-recent"))
        return
    await flow.send(screens.message_screen(flow.t, TICKET_REFUSED[outcome]))


async def stars(query: CallbackQuery, callback_data: FeedbackStars, flow: Flow) -> None:
    """1–5 stars under «Как вам?»: saved (a new press changes them), then a comment asked."""
    event = await flow.services.event_door.rate(flow.user, callback_data.registration,
                                                callback_data.stars, flow.now)
    if event is None:
        await flow.send(screens.message_screen(flow.t, "door-feedback-gone"))
        return
    current = await flow.state.get_state()
    if current is None or current == DoorForm.comment.state:  # another form is not dropped
        await flow.state.set_state(DoorForm.comment)
        await flow.state.update_data(registration=callback_data.registration)
    flow.toast(flow.t("door-stars-saved"))
    await flow.show(screens.rated_screen(flow.t, callback_data.registration,
                                         callback_data.stars, event.title(flow.t.locale)))


async def skip(query: CallbackQuery, callback_data: FeedbackSkip, flow: Flow) -> None:
    if await flow.open_step(DoorForm) == "comment":
        await flow.state.clear()
    await flow.show(screens.message_screen(flow.t, "door-thanks"))


async def typed_comment(message: Message, flow: Flow) -> None:
    """A few words after the stars (up to COMMENT_LIMIT characters)."""
    data = await flow.state.get_data()
    registration = int(data.get("registration") or 0)
    result = await flow.services.event_door.comment(flow.user, registration,
                                                    message.text or "")
    if result in ("too-long", "empty"):
        await flow.send(screens.comment_again(
            flow.t, "door-comment-long" if result == "too-long" else "door-comment-empty",
            registration, limit=COMMENT_LIMIT, length=len(message.text or "")))
        return
    await flow.state.clear()
    await flow.send(screens.message_screen(
        flow.t, "door-comment-saved" if result == "ok" else "door-feedback-gone"))

