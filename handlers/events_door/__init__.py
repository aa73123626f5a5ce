"""At an event's door and after it: the ticket's QR link and /checkin (staff: the check-in
screen; the family: their ticket; anyone else: «билет не найден»), «✅ Отметить приход»,
«🎟 Мой билет», and «Как вам?» — the stars, then a comment or «Пропустить».

`screens` holds what is shown, `steps` the handlers; the use cases are
bot.services.event_door's. The link `?start=in_<token>` is routed by handlers.start. This
router stands outside the staff router's filter: a non-staff /checkin gets the answer to an
unknown command, as every staff command does, and a forged press is answered politely and
changes nothing. What is routed where:"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks_event_door import CheckIn, DoorNext, FeedbackSkip, FeedbackStars
from bot.ui.callbacks_events import TicketShow
from handlers.events_door import steps
from handlers.events_door.states import DoorForm


def router() -> Router:
    r = Router(name="events_door")
    # staff at the door: a typed code, a bare /checkin or «🎟 Следующий билет» asking for one,
    # the mark
    r.message.register(steps.checkin_command, Command("checkin"))
    r.message.register(steps.typed_code, StateFilter(DoorForm.code), F.text)
    r.callback_query.register(steps.check_in, CheckIn.filter())
    r.callback_query.register(steps.next_ticket, DoorNext.filter())
    # families: the ticket again; after the event the stars, a comment or none
    r.callback_query.register(steps.ticket_show, TicketShow.filter())
    r.callback_query.register(steps.stars, FeedbackStars.filter())
    r.callback_query.register(steps.skip, FeedbackSkip.filter())
    r.message.register(steps.typed_comment, StateFilter(DoorForm.comment), F.text)
    return r
