"""/closures: the coming holidays and breaks, and a new one added from the chat.

➕ → the days (typed, see `period`) → the reason (typed, or a usual one pressed) → the whole
technopark or only some quanta (buttons) → a preview with how many lessons fall inside → ✅ →
the lessons inside are off, and the staff member sees how many. The form lives in the FSM and
is cleared only after the closure is written; /cancel or ✖️ leaves it with nothing saved.
Families are told (one message a person, listing their children's lessons); the preview
has 🇬🇧 for an optional reason in English. A stored closure is changed through the same
form (closure_edit: its screen, ✏️, 🗑).

One handler per step and kind of button (the routes are in the package's `__init__`); the
closures are read and written by `bot.services.timetable`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.services.telegram_text import Refused
from bot.services.timetable import ClosureGone, ClosureTaken
from bot.ui.callbacks import ClosureStep
from bot.ui.keyboards import Screen, clamp_page, page_number
from handlers.flow import Flow
from handlers.staff.timetable.closure_screens import (
    QUANTA_PAGE,
    REASON_ACTIONS,
    USUAL_REASONS,
    ask_dates,
    ask_reason,
    ask_reason_en,
    card_screen,
    changed_text,
    confirm_screen,
    list_screen,
    quanta_screen,
)
from handlers.staff.timetable.period import parse_period, parse_reason
from handlers.staff.timetable.states import ClosureForm, closure_of

# ---- the screens with what they read -------------------------------------------------------


async def listing(flow: Flow, note: str | None = None, page: int = 0,
                  removed: int | None = None) -> Screen:
    closures = await flow.services.timetable.closures(flow.today)
    return list_screen(flow.t, closures, flow.catalogue, note=note, page=page, removed=removed)


async def preview(flow: Flow, data: dict[str, Any]) -> Screen:
    found = await flow.services.timetable.preview(closure_of(data), flow.today,
                                                  data.get("editing"))
    return confirm_screen(flow.t, data, flow.catalogue, found)


async def to_confirm(flow: Flow) -> Screen:
    """The preview, the form waiting for ✅ (a changed closure's questions lead back here)."""
    await flow.state.set_state(ClosureForm.confirm)
    return await preview(flow, await flow.state.get_data())


async def current_step(flow: Flow) -> Screen:
    """The question or screen the form is at, or the list when there is no form."""
    step = await flow.open_step(ClosureForm)
    data = await flow.state.get_data()
    if step == "dates":
        return ask_dates(flow.t, editing=data.get("editing") is not None)
    if step == "reason":
        return ask_reason(flow.t, data)
    if step == "reason_en":
        return ask_reason_en(flow.t, editing=data.get("editing") is not None,
                             current=data.get("reason_en", ""))
    if step == "quanta":
        return quanta_screen(flow.t, data, flow.catalogue)
    if step == "confirm":
        return await preview(flow, data)
    return await listing(flow)


async def to_quanta(flow: Flow, data: dict[str, Any], reason: str) -> Screen:
    data = {**data, "reason": reason, "quanta": data.get("quanta", []), "page": 0}
    await flow.state.set_data(data)
    await flow.state.set_state(ClosureForm.quanta)
    return quanta_screen(flow.t, data, flow.catalogue)


# ---- handlers ------------------------------------------------------------------------------


async def closures_command(message: Message, flow: Flow) -> None:
    await flow.state.clear()
    await flow.send(await listing(flow))


async def open_list(query: CallbackQuery, flow: Flow) -> None:
    await flow.show(await listing(flow))


async def add(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.dates)
    await flow.state.set_data({})
    await flow.send(ask_dates(flow.t))


async def dates_typed(message: Message, flow: Flow) -> None:
    t = flow.t
    try:
        starts_on, ends_on = parse_period(message.text or "", flow.today)
    except Refused as exc:
        editing = (await flow.state.get_data()).get("editing") is not None
        await flow.send(ask_dates(t, t(exc.key, **exc.kwargs), editing=editing))
        return
    await flow.state.update_data({"from": starts_on.isoformat(), "until": ends_on.isoformat()})
    if (await flow.state.get_data()).get("editing") is not None:
        await flow.send(await to_confirm(flow))
        return
    await flow.state.set_state(ClosureForm.reason)
    await flow.send(ask_reason(t, await flow.state.get_data()))


async def reason_typed(message: Message, flow: Flow) -> None:
    t = flow.t
    data = await flow.state.get_data()
    try:
        reason = parse_reason(message.text or "")
    except Refused as exc:
        await flow.send(ask_reason(t, data, t(exc.key, **exc.kwargs)))
        return
    stale = data.get("reason_en", "")
    if data.get("editing") is None or not stale or reason == data.get("reason"):
        # the same reason again keeps its English one
        english = stale if reason == data.get("reason") else ""
        await flow.send(await reason_given(flow, data, reason, english))
        return
    # a changed closure's new reason: its English one translated the old, so it is asked
    # for again (kept with «↩️ Не менять»), never dropped unseen
    await flow.state.update_data(reason=reason)
    await flow.state.set_state(ClosureForm.reason_en)
    await flow.send(ask_reason_en(t, t("closure-reason-en-stale", reason=html.quote(reason)),
                                  editing=True, current=stale))


async def reason_chosen(query: CallbackQuery, callback_data: ClosureStep, flow: Flow) -> None:
    """One of the usual reasons pressed (routed only for REASON_ACTIONS)."""
    key = USUAL_REASONS[REASON_ACTIONS.index(callback_data.action)]
    reason, english = flow.texts.get("ru", key), flow.texts.get("en", key)
    await flow.show(await reason_given(flow, await flow.state.get_data(), reason, english))


async def reason_given(flow: Flow, data: dict[str, Any], reason: str, english: str
                       ) -> Screen:
    """A new closure goes on to whom it closes for; a changed one back to its preview."""
    if data.get("editing") is None:
        return await to_quanta(flow, {**data, "reason_en": english}, reason)
    await flow.state.update_data(reason=reason, reason_en=english)
    return await to_confirm(flow)


async def buttons_expected(message: Message, flow: Flow) -> None:
    """Text typed where the form waits for a button: the same screen again, with a hint."""
    text, markup = await current_step(flow)
    await flow.send((f"{flow.t('closure-use-buttons')}\n\n{text}", markup))


async def toggle(query: CallbackQuery, callback_data: ClosureStep, flow: Flow) -> None:
    data = await flow.state.get_data()
    code = callback_data.action.removeprefix("q-")
    if flow.catalogue.get(code) is not None:
        chosen = set(data.get("quanta", [])) ^ {code}
        data = {**data, "quanta": sorted(chosen)}
        await flow.state.update_data(quanta=data["quanta"])
    await flow.show(quanta_screen(flow.t, data, flow.catalogue))


async def whole(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.update_data(quanta=[])
    await flow.show(quanta_screen(flow.t, await flow.state.get_data(), flow.catalogue))


async def page(query: CallbackQuery, callback_data: ClosureStep, flow: Flow) -> None:
    number = page_number(callback_data.action.removeprefix("p-"))
    quanta = len(flow.catalogue.quanta)
    await flow.state.update_data(page=clamp_page(number, quanta, QUANTA_PAGE))
    await flow.show(quanta_screen(flow.t, await flow.state.get_data(), flow.catalogue))


async def to_preview(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.confirm)
    await flow.show(await preview(flow, await flow.state.get_data()))


async def back_to_quanta(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.quanta)
    await flow.show(quanta_screen(flow.t, await flow.state.get_data(), flow.catalogue))


async def confirm(query: CallbackQuery, flow: Flow) -> None:
    t = flow.t
    closure = closure_of(await flow.state.get_data())
    editing = (await flow.state.get_data()).get("editing")
    if closure["ends_on"] < flow.today:  # the preview waited past the closure's last day
        await flow.state.set_state(ClosureForm.dates)
        await flow.send(ask_dates(t, t("closure-dates-past"), editing=editing is not None))
        return
    if editing is not None:
        await save_change(query, flow, int(editing), closure)
        return
    added = await flow.services.timetable.add(closure, flow.user.id, flow.today)
    # the form is spent only now that the closure is written
    await flow.state.clear()
    await spend(query)
    note = t("closure-updated" if added.updated else "closure-done", count=added.count)
    await flow.send(await listing(flow, f"{note} {t('closure-told', told=added.told)}"))


async def spend(query: CallbackQuery) -> None:
    """The preview's buttons are spent."""
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)


async def save_change(query: CallbackQuery, flow: Flow, closure_id: int,
                      closure: dict[str, Any]) -> None:
    t = flow.t
    try:
        changed = await flow.services.timetable.change(closure_id, closure)
    except ClosureGone:
        await flow.state.clear()
        await flow.send(await listing(flow, t("closure-gone")))
        return
    except ClosureTaken:
        text, markup = await preview(flow, await flow.state.get_data())
        await flow.send((f"{t('closure-taken')}\n\n{text}", markup))
        return
    await flow.state.clear()
    await spend(query)
    stored = await flow.services.timetable.closure(closure_id)
    count = 0 if stored is None else await flow.services.timetable.off_by(closure_id)
    note = " ".join([changed_text(t, changed.off, changed.back, count),
                     t("closure-told", told=changed.told)])
    if stored is None:
        await flow.send(await listing(flow, note))
        return
    await flow.send(card_screen(t, stored, flow.catalogue, count, note))


async def cancel(query: CallbackQuery, flow: Flow) -> None:
    note = None
    if await flow.open_step(ClosureForm) is not None:
        editing = (await flow.state.get_data()).get("editing") is not None
        await flow.state.clear()
        note = flow.t("closure-change-cancelled" if editing else "closure-cancelled")
    await flow.show(await listing(flow, note))


async def outdated(query: CallbackQuery, flow: Flow) -> None:
    """A form button from an old message, pressed at another step, or forged: the step the
    form is at (or the list) as a new message, nothing changed."""
    flow.toast(flow.t("closure-outdated"))
    await flow.send(await current_step(flow))
