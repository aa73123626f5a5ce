"""The form's start and «Кто придёт?»: «✍️ Записаться» (someone who has not said who they are
is asked first, as the sign-up asks), a known child toggled (refused at once when outside the
ages or registered already), a child typed in (their birth date checked against the ages at
once) and taken out again, and text where a button is expected."""

from __future__ import annotations

import asyncio

from aiogram import html
from aiogram.types import CallbackQuery, Message

from bot.services.event_booking_rules import MAX_CHILDREN, ChildIn, closed, fits
from bot.services.telegram_text import Refused
from bot.services.validators import parse_birth_date
from bot.ui.callbacks_event_booking import EbChild, EbRegister, EbTyped, EbWho
from handlers.events import screens, steps
from handlers.events.cards import list_screen
from handlers.events.picking import (
    Family,
    misfit,
    misfit_alone,
    show_children,
    taken,
    taken_ids,
)
from handlers.events.states import EventSignup
from handlers.flow import Flow
from storage.events import Event
from storage.users import FamilyRole


async def register(query: CallbackQuery, callback_data: EbRegister, flow: Flow) -> None:
    """«✍️ Записаться» on a card: refused kindly when closed; someone who has not said who
    they are is asked first (a pupil registers themself and a young one's seat waits for a
    parent); else the first question."""
    views = flow.services.event_booking.views
    found, family = await asyncio.gather(views.for_form(callback_data.event),
                                         views.children(flow.user.id))
    event = await usable(flow, found)
    if event is None:
        return
    if flow.user.family_role is None:
        await flow.send(screens.who_screen(flow.t, event.id))
        return
    await begin(flow, event, family)


async def who_pressed(query: CallbackQuery, callback_data: EbWho, flow: Flow) -> None:
    """«👪 Записываю ребёнка» / «🧒 Записать себя»: the role said once (a role chosen before
    stands), then the form."""
    user = flow.user
    if user.family_role is None:
        role: FamilyRole = "pupil" if callback_data.relation == "child" else "parent"
        flow.speak_as(await flow.services.families.set_role(user.id, role) or user)
    event = await open_event(flow, callback_data.event)
    if event is not None:
        await begin(flow, event)


async def open_event(flow: Flow, event_id: int) -> Event | None:
    return await usable(flow, await flow.services.event_booking.views.for_form(event_id))


async def usable(flow: Flow, event: Event | None) -> Event | None:
    """The event, when registration is open; else the person is told why not."""
    if event is None:
        await flow.send(await list_screen(flow, note=flow.t("ev-not-found")))
        return None
    if closed(event, flow.now):
        key = "eb-cancelled-event" if event.status != "open" else "eb-closed"
        await flow.send(screens.back_screen(flow.t, flow.t(key), event.id))
        return None
    return event


async def begin(flow: Flow, event: Event, family: Family | None = None) -> None:
    """The form's first question (`family`: the person's, when read already)."""
    views = flow.services.event_booking.views
    family_id, children, own = family or await views.children(flow.user.id)
    relation = "child" if flow.user.family_role == "pupil" else "parent"
    await flow.state.set_state(EventSignup.children)
    await flow.state.set_data({"event": event.id, "relation": relation, "picked": [],
                               "typed": [], "family": family_id})
    if relation == "child" and own is not None:
        await flow.state.update_data(picked=[own.id])
        await steps.after_children(flow)
    elif relation == "child":
        await steps.ask_name(flow)
    else:
        await show_children(flow, children=children)


async def child_pressed(query: CallbackQuery, callback_data: EbChild, flow: Flow) -> None:
    """A child of the family ticked or taken out (the screen changes in place), «➕ Другой
    ребёнок», or «Дальше»."""
    found = await steps.form_and_family(flow)
    if found is None:
        return
    event, data, family = found
    if callback_data.child == 0:
        await steps.ask_name(flow)
        return
    if callback_data.child < 0:
        await steps.after_children(flow, (event, data), family)
        return
    _, children, _ = family
    child = next((c for c in children if c.id == callback_data.child), None)
    if child is None:
        await flow.send(screens.back_screen(flow.t, flow.t("eb-gone")))
        return
    picked = set(data.get("picked", []))
    if child.id in picked:
        await flow.state.update_data(picked=sorted(picked - {child.id}))
        await show_children(flow, children=children, edit=True)
        return
    there = await taken_ids(flow, event.id, children)
    note = await refusal(flow, event, ChildIn(child.name, child.birth_date, child.id), there)
    if note is None:
        await flow.state.update_data(picked=sorted(picked | {child.id}))
        await show_children(flow, children=children, there=there, edit=True)
        return
    await show_children(flow, note[0], note[1], children=children, there=there, edit=True)


async def refusal(flow: Flow, event: Event, kid: ChildIn, there: set[int] | None = None
                  ) -> tuple[str, list[Event]] | None:
    """Why this child may not be added (outside the ages, or registered already), with the
    events that fit them; None when they may. `there`: the family's children registered
    already, when read (a known child is looked up in it)."""
    if not fits(event, kid.birth_date, flow.zone):
        return await misfit(flow, event, kid, "parent")
    if (kid.child_id in there if there is not None and kid.child_id is not None
            else await taken(flow, event.id, [kid])):
        return "⚠️ " + flow.t("eb-already", children=html.quote(kid.name)), []
    return None


async def typed_pressed(query: CallbackQuery, callback_data: EbTyped, flow: Flow) -> None:
    """A typed child pressed: out of the selection."""
    found = await steps.form_event(flow)
    if found is None:
        return
    typed = list(found[1].get("typed", []))
    if 0 <= callback_data.n < len(typed):
        typed.pop(callback_data.n)
        await flow.state.update_data(typed=typed)
    await show_children(flow, edit=True)


async def birth_typed(message: Message, flow: Flow) -> None:
    found = await steps.form_event(flow)
    if found is None:
        return
    event, data = found
    relation = data.get("relation", "parent")
    try:
        born = parse_birth_date(message.text or "", flow.today)
    except Refused as exc:
        text = flow.t("eb-ask-birth", relation=relation)
        await flow.send(("⚠️ " + flow.t(exc.key, **exc.kwargs) + "\n\n" + text, None))
        return
    kid = ChildIn(str(data.get("name", "")), born)
    if relation == "child" and not fits(event, born, flow.zone):
        await misfit_alone(flow, event, kid)
        return
    typed = list(data.get("typed", []))
    if len(typed) + len(data.get("picked", [])) >= MAX_CHILDREN:
        await show_children(flow, "⚠️ " + flow.t("eb-too-many", max=MAX_CHILDREN))
        return
    note = None if relation == "child" else await refusal(flow, event, kid)
    if note is not None:
        await show_children(flow, note[0], note[1])
        return
    typed.append({"name": kid.name, "birth": born.isoformat()})
    await flow.state.update_data(typed=typed)
    if relation == "child":
        await steps.after_children(flow)
        return
    await show_children(flow)


async def out_of_turn(query: CallbackQuery, flow: Flow) -> None:
    """A button of another step of the form: the open question again."""
    await typed_for_buttons(query, flow)


async def typed_for_buttons(message: Message | CallbackQuery, flow: Flow) -> None:
    """Text where a button is expected: the form's step again, under a note."""
    step = (await flow.state.get_state() or "").split(":")[-1]
    if step == "children":
        await show_children(flow, flow.t("form-use-buttons"))
    else:
        await steps.step_again(flow, step)


