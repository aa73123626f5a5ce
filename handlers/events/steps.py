"""The registration form (one handler per
question and kind of button), «🙅 Не придём», the answer to a seat offered from the waitlist,
and a parent's consent to a young pupil's registration. The rules are
bot.services.event_booking's."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiogram import html
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.fsm_storage import SQLiteStorage, storage_key
from bot.i18n import T
from bot.services import consent_texts
from bot.services.event_booking_rules import (
    MAX_CHILDREN,
    Booked,
    ChildIn,
    Request,
    closed,
    consent_step,
    fits,
)
from bot.services.telegram_text import Refused
from bot.services.validators import parse_name, parse_phone
from bot.ui.callbacks_event_booking import EbAdults, EbGo
from bot.ui.keyboards import Buttons, Screen
from handlers.common import invite_link
from handlers.consent_renewal import consent_body
from handlers.events import picking, screens
from handlers.events.cards import list_screen
from handlers.events.picking import Family
from handlers.events.states import EventSignup
from handlers.flow import Flow
from handlers.signup.screens import phone_keyboard
from storage.events import Event

# ---- the form ---------------------------------------------------------------------------------


async def stale(query: CallbackQuery, flow: Flow) -> None:
    """A form's button after the form was left: the list."""
    await flow.send(await list_screen(flow, note=flow.t("eb-stale")))


async def form_event(flow: Flow) -> tuple[Event, dict[str, Any]] | None:
    """The form's event, still open; otherwise the form is left with a kind word."""
    data = await flow.state.get_data()
    event = await flow.services.event_booking.views.for_form(int(data.get("event") or 0))
    return await still_open(flow, event, data)


async def form_and_family(flow: Flow
                          ) -> tuple[Event, dict[str, Any], Family] | None:
    """`form_event`, and the person's family and its children read at the same time."""
    data = await flow.state.get_data()
    views = flow.services.event_booking.views
    event, family = await asyncio.gather(views.for_form(int(data.get("event") or 0)),
                                         views.children(flow.user.id))
    found = await still_open(flow, event, data)
    return None if found is None else (*found, family)


async def still_open(flow: Flow, event: Event | None, data: dict[str, Any]
                     ) -> tuple[Event, dict[str, Any]] | None:
    if event is None or closed(event, flow.now):
        await flow.state.clear()
        await flow.send(screens.back_screen(flow.t, flow.t("eb-closed"),
                                            event.id if event else None))
        return None
    return event, data


async def ask_name(flow: Flow, note: str | None = None) -> None:
    data = await flow.state.get_data()
    await flow.state.set_state(EventSignup.name)
    text = flow.t("eb-ask-name", relation=data.get("relation", "parent"))
    await flow.send(((note + "\n\n" if note else "") + text, None))


async def name_typed(message: Message, flow: Flow) -> None:
    try:
        name = parse_name(message.text or "")
    except Refused as exc:
        await ask_name(flow, "⚠️ " + flow.t(exc.key, **exc.kwargs))
        return
    data = await flow.state.update_data(name=name)
    await flow.state.set_state(EventSignup.birth)
    await flow.send((flow.t("eb-ask-birth", relation=data.get("relation", "parent")), None))


async def chosen(flow: Flow, data: dict[str, Any], family: Family | None = None
                 ) -> list[ChildIn]:
    """The children chosen in the form (`family`: the person's, when read already)."""
    _, children, _ = family or await flow.services.event_booking.views.children(flow.user.id)
    picked = set(data.get("picked", []))
    known = [ChildIn(c.name, c.birth_date, c.id) for c in children if c.id in picked]
    return known + [ChildIn(c["name"], date.fromisoformat(c["birth"]))
                    for c in data.get("typed", [])]


async def after_children(flow: Flow, found: tuple[Event, dict[str, Any]] | None = None,
                         family: Family | None = None) -> None:
    """«Дальше»: the adults, the phone, the consent or the summary, whichever comes next
    (`found`, `family`: the form's event and data, the person's family, when the caller read
    them)."""
    found = found or await form_event(flow)
    if found is None:
        return
    event, data = found
    kids = await chosen(flow, data, family)
    misfits = [c for c in kids if not fits(event, c.birth_date, flow.zone)]
    if misfits and data.get("relation") == "child":
        await picking.misfit_alone(flow, event, misfits[0])
        return
    if misfits or not kids:
        # the event's ages changed meanwhile: those children out, the others kept
        note, fitting = (await picking.misfit(flow, event, misfits[0], "parent")
                         if misfits else (None, []))
        await flow.state.update_data(
            picked=[c.child_id for c in kids if c not in misfits and c.child_id],
            typed=[{"name": c.name, "birth": c.birth_date.isoformat()} for c in kids
                   if c not in misfits and c.child_id is None])
        await picking.show_children(flow, note, fitting)
        return
    if event.companions > 0:
        await flow.state.set_state(EventSignup.adults)
        await flow.send(await adults_question(flow, event, kids))
        return
    await ask_phone(flow, event, kids)


async def adults_question(flow: Flow, event: Event, kids: list[ChildIn]) -> Screen:
    """The adults of the whole registration: `companions` may come with each child, those
    registered before included; the number registered now shown and kept."""
    mine = await flow.services.event_booking.views.mine(event.id, flow.user.id)
    before = len(mine[1]) if mine else 0
    current = mine[0].companions if mine else None
    most = event.companions * max(before + len(kids), 1)
    await flow.state.update_data(most_adults=most,
                                 adults=current if current is not None else 0)
    return screens.adults_screen(flow.t, most, current)


async def adults_pressed(query: CallbackQuery, callback_data: EbAdults, flow: Flow) -> None:
    found = await form_and_family(flow)
    if found is None:
        return
    event, data, family = found
    kids = await chosen(flow, data, family)
    most = int(data.get("most_adults") or event.companions)
    if not 0 <= callback_data.n <= most:
        await flow.send(await adults_question(flow, event, kids))
        return
    await flow.state.update_data(adults=callback_data.n)
    await ask_phone(flow, event, kids)


async def ask_phone(flow: Flow, event: Event, kids: list[ChildIn] | None = None) -> None:
    """The phone, unless the family gave one before (`event`, `kids`: the form's, read in
    this update; the children read when not given)."""
    phone = await flow.services.event_booking.views.phone(flow.user.id)
    if phone:
        await flow.state.update_data(phone=phone)
        await ask_consent(flow, event, kids)
        return
    await flow.state.set_state(EventSignup.phone)
    await flow.send((flow.t("eb-ask-phone"), None))
    await flow.bot.send_message(flow.user.id, flow.t("btn-share-phone"),
                                reply_markup=phone_keyboard(flow.t))


async def phone_typed(message: Message, flow: Flow) -> None:
    typed = message.contact.phone_number if message.contact else message.text or ""
    try:
        phone = parse_phone(typed)
    except Refused as exc:
        await flow.send(("⚠️ " + flow.t(exc.key, **exc.kwargs) + "\n\n" + flow.t("eb-ask-phone"),
                         None))
        return
    await flow.state.update_data(phone=phone)
    await message.answer(flow.t("signup-phone-saved", phone=phone),
                         reply_markup=ReplyKeyboardRemove())
    await ask_consent(flow)


async def ask_consent(flow: Flow, event: Event | None = None,
                      kids: list[ChildIn] | None = None) -> None:
    """As the sign-up (the rule is `consent_step`'s): a parent consents for a child new to the
    technopark, a pupil of 14+ for themself; a younger pupil's parents are asked once the
    registration is made. (`event`, `kids`: the form's, when read in this update.)"""
    data = await flow.state.get_data()
    kids = kids if kids is not None else await chosen(flow, data)
    relation = data.get("relation", "parent")
    step = consent_step(relation, [c.birth_date for c in kids],
                        all(c.child_id is not None for c in kids), flow.today)
    if step != "ask":
        await flow.state.update_data(consent=step)
        await summary(flow, event, kids)
        return
    await flow.state.set_state(EventSignup.consent)
    text = consent_texts.current(consent_texts.wording_for(relation))
    await flow.state.update_data(consent_version=text.version)
    builder = Buttons()
    builder.button(text=flow.t("btn-eb-consent-yes"), callback_data=EbGo(action="consent"))
    builder.button(text=flow.t("btn-eb-leave"), callback_data=EbGo(action="leave"))
    builder.adjust(1)
    await flow.send((consent_body(flow.t, text), builder.as_markup()))


async def consent_pressed(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.update_data(consent="given")
    await summary(flow)


async def summary(flow: Flow, event: Event | None = None, kids: list[ChildIn] | None = None
                  ) -> None:
    """The summary with «✅ Записаться» (`event`, `kids`: the form's, when read in this
    update)."""
    if event is None:
        found = await form_event(flow)
        if found is None:
            return
        event = found[0]
    data = await flow.state.get_data()
    await flow.state.set_state(EventSignup.summary)
    names = [c.name for c in (kids if kids is not None else await chosen(flow, data))]
    await flow.send(screens.summary_screen(flow.t, event, names, data, flow.zone))


async def submit(query: CallbackQuery, callback_data: EbGo, flow: Flow) -> None:
    found = await form_and_family(flow)
    if found is None:
        return
    event, data, family = found
    mode = callback_data.action if callback_data.action in ("split", "wait") else "ask"
    kids = await chosen(flow, data, family)
    request = Request(event.id, flow.user.id, data.get("family"), tuple(kids),
                      companions=int(data.get("adults", 0)), phone=data.get("phone"),
                      mode=mode, consent=data.get("consent") == "parents",  # type: ignore[arg-type]
                      consent_version=data.get("consent_version")
                      if data.get("consent") == "given" else None,
                      consent_as="pupil" if data.get("relation") == "child" else "parent")
    form = form_key(flow)
    booked = await flow.services.event_booking.register(request, flow.now, form)
    t = flow.t
    if booked.outcome == "choose":
        await flow.state.set_state(EventSignup.choose)
        await flow.show(screens.choose_screen(t, booked.free, len(kids)))
        return
    if form is not None and isinstance(flow.state.storage, SQLiteStorage):
        # the form was spent with the registration, in its transaction: what this process
        # holds of it goes, and the clearing below finds nothing left to write
        flow.state.storage.forget_user(flow.user.id, running_too=False)
    await flow.state.clear()
    if booked.outcome == "booked" and booked.pending and not booked.parents_asked:
        code = booked.invite or (await flow.services.families.invite_code(data["family"])
                                 if data.get("family") else "")
        link = await invite_link(flow.bot, code) if code else ""
        text = t("eb-ask-parent", link=link) if link else t(
            "eb-booked-pending", pending=html.quote(", ".join(booked.pending)))
    elif booked.outcome == "booked":
        text = booked_text(t, booked)
    elif booked.outcome == "age":
        text = t("eb-age", children=html.quote(", ".join(booked.names)),
                 ages=screens.ages(t, event))
    elif booked.outcome == "already":
        text = t("eb-already", children=html.quote(", ".join(booked.names)))
    elif booked.outcome == "awaiting":
        await flow.show(screens.awaiting_screen(t, booked, event.id))
        return
    elif booked.outcome == "too_many":
        text = t("eb-too-many", max=MAX_CHILDREN)
    else:
        text = t("eb-closed")
    await flow.show(screens.back_screen(t, text, event.id))


def form_key(flow: Flow) -> str | None:
    """The form's row in the conversations' storage, when that is the bot's own (SQLite)."""
    if isinstance(flow.state.storage, SQLiteStorage):
        return storage_key(flow.state.key)
    return None


def booked_text(t: T, booked: Booked) -> str:
    lines = [t("eb-booked")]
    for key, names in (("seated", booked.seated), ("waiting", booked.waiting),
                       ("pending", booked.pending), ("twice", booked.names)):
        if names:
            lines.append(t(f"eb-booked-{key}", **{key: html.quote(", ".join(names))},
                           position=booked.position))
    return "\n".join(lines)


async def leave(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.clear()
    await flow.show(await list_screen(flow, note=flow.t("eb-left")))


async def step_again(flow: Flow, step: str) -> None:
    """The open question after the children, again."""
    if step == "adults":
        found = await form_event(flow)
        if found is not None:
            await flow.send(await adults_question(flow, found[0],
                                                  await chosen(flow, found[1])))
    elif step == "consent":
        await ask_consent(flow)
    else:
        await summary(flow)
