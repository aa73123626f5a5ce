"""Events as families see them: /events and «🎪 События» (the coming events), an event's card
(also from a poster's `?start=ev_<code>`), the registration form (children → adults → phone →
consent → summary → the choice when seats run short), «🙅 Не придём», the answer to a seat
offered from the waitlist, and a parent's consent to a young pupil's registration.

states: the form's states; screens: what is shown; steps: the form;
cards: the list and the card; answers: what comes after registering."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks_event_booking import (
    EbAdults,
    EbCancel,
    EbChild,
    EbConsent,
    EbGo,
    EbOffer,
    EbRegister,
    EbTyped,
    EbWho,
)
from bot.ui.callbacks_events import EventList, EventOpen
from handlers.events import answers, cards, children, steps
from handlers.events.states import EventSignup

__all__ = ["EventSignup", "router"]


def router() -> Router:
    r = Router(name="events")
    in_form = StateFilter(*EventSignup.__states__)
    r.message.register(cards.events_command, Command("events"))
    cb = r.callback_query.register
    cb(cards.list_pressed, EventList.filter())
    cb(cards.open_card, EventOpen.filter())
    cb(children.register, EbRegister.filter())
    cb(children.who_pressed, EbWho.filter())
    cb(children.child_pressed, EbChild.filter(), StateFilter(EventSignup.children))
    cb(children.typed_pressed, EbTyped.filter(), StateFilter(EventSignup.children))
    cb(steps.adults_pressed, EbAdults.filter(), StateFilter(EventSignup.adults))
    cb(steps.consent_pressed, EbGo.filter(F.action == "consent"), StateFilter(EventSignup.consent))
    cb(steps.submit, EbGo.filter(F.action == "submit"), StateFilter(EventSignup.summary))
    cb(steps.submit, EbGo.filter(F.action.in_({"split", "wait"})), StateFilter(EventSignup.choose))
    cb(steps.leave, EbGo.filter(F.action == "leave"))
    for kind in (EbChild, EbTyped, EbAdults, EbGo):
        cb(children.out_of_turn, kind.filter(), in_form)
    cb(steps.stale, EbChild.filter())
    cb(steps.stale, EbTyped.filter())
    cb(steps.stale, EbAdults.filter())
    cb(steps.stale, EbGo.filter())
    cb(answers.cancel_pressed, EbCancel.filter())
    cb(answers.offer_pressed, EbOffer.filter())
    cb(answers.consent_answered, EbConsent.filter())
    typed = r.message.register
    not_command = ~F.text.startswith("/")
    typed(steps.name_typed, StateFilter(EventSignup.name), not_command)
    typed(children.birth_typed, StateFilter(EventSignup.birth), not_command)
    typed(steps.phone_typed, StateFilter(EventSignup.phone), not_command)
    typed(children.typed_for_buttons, in_form, not_command)
    return r
