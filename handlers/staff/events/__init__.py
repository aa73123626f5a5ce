"""Staff and events: «➕ Новое событие» (a form in the chat), an event's screen for staff and
what is done from it. `form` asks and saves, `manage` shows and acts; the use cases are
bot/services/event_admin.py's. The list of events (`EventList`) and /events are the families'
part's. What is routed where:"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks_event_admin import (
    EaAct,
    EaCount,
    EaForm,
    EaKind,
    EaPast,
    EaPeople,
    EaQuantum,
)
from bot.ui.callbacks_events import EventManage, EventNew
from handlers.staff.events import form, manage
from handlers.staff.events.states import EventEdit


def router() -> Router:
    r = Router(name="staff-events")
    r.message.register(manage.past_command, Command("pastevents"))
    r.callback_query.register(form.begin, EventNew.filter())
    r.callback_query.register(form.kind_chosen, EaKind.filter())
    r.callback_query.register(form.count_chosen, EaCount.filter())
    r.callback_query.register(form.quantum_ticked, EaQuantum.filter())
    r.callback_query.register(form.form_move, EaForm.filter())
    r.message.register(form.typed, StateFilter(*EventEdit.__all_states__), F.text)
    r.callback_query.register(manage.open_event, EventManage.filter())
    r.callback_query.register(manage.open_event, EaPeople.filter())
    r.callback_query.register(manage.act, EaAct.filter())
    r.callback_query.register(manage.past, EaPast.filter())
    return r
