"""«Кто придёт?» as the form shows it: the family's children (those registered for the event
already marked, by anyone), the children typed in (pressed to take them out), and a child
outside the event's ages refused with their age, the range and the coming events that fit."""

from __future__ import annotations

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.event_booking_rules import ChildIn, event_day, same_child
from bot.ui.callbacks_events import EventOpen
from bot.ui.keyboards import button_label
from handlers.events import screens
from handlers.events.states import EventSignup
from handlers.flow import Flow
from storage.clock import age_on
from storage.events import Event
from storage.families import Child

# the person's family, its children, and the child record that is the person's own
Family = tuple[int | None, list[Child], Child | None]


async def taken(flow: Flow, event_id: int, children: list[ChildIn]) -> list[ChildIn]:
    """Those of these children who hold a place at the event already (a seat, an offer or
    the waitlist: one waiting for a parent's consent may still be agreed to)."""
    seats = [s for s in await flow.services.event_booking.views.taken(
        event_id, [c.birth_date for c in children],
        [c.child_id for c in children if c.child_id is not None]) if s.status != "consent"]
    return [c for c in children if any(same_child(s, c) for s in seats)]


async def taken_ids(flow: Flow, event_id: int, children: list[Child]) -> set[int]:
    """Those of the family's children who hold a place at the event already."""
    known = [ChildIn(c.name, c.birth_date, c.id) for c in children]
    return {c.child_id for c in await taken(flow, event_id, known) if c.child_id is not None}


async def show_children(flow: Flow, note: str | None = None,
                        extra: list[Event] | None = None, *, children: list[Child] | None = None,
                        there: set[int] | None = None, edit: bool = False) -> None:
    """«Кто придёт?» with the choice so far, under a note; `extra`: events to go to instead.
    `children`, `there`: the family's children and those registered already, when read by
    the caller; `edit`: in place of the message pressed (a child ticked or taken out), else
    a new message."""
    data = await flow.state.get_data()
    if children is None:
        _, children, _ = await flow.services.event_booking.views.children(flow.user.id)
    if there is None:
        there = await taken_ids(flow, int(data.get("event") or 0), children)
    await flow.state.set_state(EventSignup.children)
    text, markup = screens.children_screen(
        flow.t, children, set(data.get("picked", [])), [c["name"] for c in data.get("typed", [])],
        data.get("relation", "parent"), there)
    if note:
        text = note + "\n\n" + text
    screen = (text, with_events(flow, markup, extra or []))
    await (flow.show(screen) if edit else flow.send(screen))


def with_events(flow: Flow, markup: object, events: list[Event]) -> InlineKeyboardMarkup | None:
    """The markup with a row per event that fits (a new markup: the rows are shared)."""
    rows = list(markup.inline_keyboard) if isinstance(markup, InlineKeyboardMarkup) else []
    for event in events:
        label = button_label(flow.t("btn-eb-fitting", title=event.title(flow.t.locale)))
        rows.insert(0, [InlineKeyboardButton(text=label,
                                             callback_data=EventOpen(event=event.id).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


async def misfit(flow: Flow, event: Event, child: ChildIn, relation: str
                 ) -> tuple[str, list[Event]]:
    """What a child outside the ages is told (their age on the event's day, the range) and
    the coming events that fit them."""
    age = age_on(child.birth_date, event_day(event, flow.zone))
    fitting = await flow.services.event_booking.views.fitting(
        child.birth_date, flow.now, flow.zone, event.id)
    text = flow.t("eb-misfit", relation=relation, child=html.quote(child.name), age=age,
                  ages=screens.ages(flow.t, event), fitting="yes" if fitting else "no")
    return "⚠️ " + text, fitting


async def misfit_alone(flow: Flow, event: Event, child: ChildIn) -> None:
    """A pupil registering themself outside the ages: the date asked again (a typo in the
    year is common), or another event."""
    note, fitting = await misfit(flow, event, child, "child")
    await flow.state.set_state(EventSignup.birth)
    text, markup = screens.back_screen(flow.t, note + "\n\n" + flow.t("eb-misfit-again"))
    await flow.send((text, with_events(flow, markup, fitting)))


