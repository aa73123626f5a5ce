"""One closure: its screen from the list (📅 a closure's button), ✏️ (the closure form filled
with it, at its preview: 📅 the days, 💬 the reason, 🇬🇧 in English, 🎯 for whom, then ✅), and
🗑 (how many lessons come back, then «🗑 Да, удалить» or «↩️ Не удалять»). Families are told
of the change or the removal by the timetable service, in the same transaction."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.services.telegram_text import Refused
from bot.services.timetable import ClosureGone
from bot.ui.callbacks_closures import ClosureAct, ClosureOpen, ClosurePage
from bot.ui.keyboards import Screen
from handlers.flow import Flow
from handlers.staff.timetable.closure_screens import (
    ask_dates,
    ask_reason,
    ask_reason_en,
    card_screen,
    remove_screen,
)
from handlers.staff.timetable.closures import listing, outdated, to_confirm
from handlers.staff.timetable.period import parse_reason
from handlers.staff.timetable.states import ClosureForm, data_of


async def card(flow: Flow, closure_id: int, page: int = 0) -> Screen:
    closure = await flow.services.timetable.closure(closure_id)
    if closure is None:
        return await listing(flow, flow.t("closure-gone"))
    count = await flow.services.timetable.off_by(closure.id)
    return card_screen(flow.t, closure, flow.catalogue, count, page=page)


async def open_closure(query: CallbackQuery, callback_data: ClosureOpen, flow: Flow) -> None:
    await flow.show(await card(flow, callback_data.id, callback_data.page))


async def closures_page(query: CallbackQuery, callback_data: ClosurePage, flow: Flow) -> None:
    await flow.show(await listing(flow, page=callback_data.page))


async def edit(query: CallbackQuery, callback_data: ClosureAct, flow: Flow) -> None:
    closure = await flow.services.timetable.closure(callback_data.id)
    if closure is None:
        await flow.show(await listing(flow, flow.t("closure-gone")))
        return
    await flow.state.set_data(data_of(closure))
    await flow.show(await to_confirm(flow))


async def ask_remove(query: CallbackQuery, callback_data: ClosureAct, flow: Flow) -> None:
    closure = await flow.services.timetable.closure(callback_data.id)
    if closure is None:
        await flow.show(await listing(flow, flow.t("closure-gone")))
        return
    count = await flow.services.timetable.off_by(closure.id)
    await flow.show(remove_screen(flow.t, closure, count))


async def remove(query: CallbackQuery, callback_data: ClosureAct, flow: Flow) -> None:
    t = flow.t
    try:
        removed = await flow.services.timetable.remove(callback_data.id)
    except ClosureGone:
        await flow.show(await listing(flow, t("closure-gone")))
        return
    note = " ".join([t("closure-removed", back=removed.back),
                     t("closure-told", told=removed.told)])
    await flow.show(await listing(flow, note, removed=callback_data.id))


# ---- a changed closure's questions, from its preview -------------------------------------


async def ask_days(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.dates)
    await flow.send(ask_dates(flow.t, editing=True))


async def ask_why(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.reason)
    await flow.send(ask_reason(flow.t, await flow.state.get_data()))


async def ask_english(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.set_state(ClosureForm.reason_en)
    data = await flow.state.get_data()
    await flow.send(ask_reason_en(flow.t, editing=data.get("editing") is not None,
                                  current=data.get("reason_en", "")))


async def unchanged(query: CallbackQuery, flow: Flow) -> None:
    """«↩️ Не менять» at a changed closure's question: its preview, nothing changed."""
    if (await flow.state.get_data()).get("editing") is None:  # a new closure's: forged
        await outdated(query, flow)
        return
    await flow.show(await to_confirm(flow))


async def no_english(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.update_data(reason_en="")
    await flow.show(await to_confirm(flow))


async def english_typed(message: Message, flow: Flow) -> None:
    t = flow.t
    try:
        reason = parse_reason(message.text or "")
    except Refused as exc:
        data = await flow.state.get_data()
        await flow.send(ask_reason_en(t, t(exc.key, **exc.kwargs),
                                      editing=data.get("editing") is not None,
                                      current=data.get("reason_en", "")))
        return
    await flow.state.update_data(reason_en=reason)
    await flow.send(await to_confirm(flow))
