"""/closures: the coming holidays and breaks, and a new one added from the chat.

➕ → the days (typed, see `period`) → the reason (typed, or a usual one pressed) → the whole
technopark or only some quanta (buttons) → a preview with how many lessons fall inside → ✅ →
the lessons inside are off, and the staff member sees how many. The form lives in the FSM and
is cleared only after the closure is written; /cancel or ✖️ leaves it with nothing saved.
Families get no message of their own about a closure: their schedule shows the lessons as
cancelled, with the reason.

ClosureStep actions: add, list, cancel, r-<n> (one of the usual reasons), all (the whole
technopark), q-<code> (tick a quantum), p-<page> (a page of quanta), preview, quanta (back
from the preview), confirm.
"""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import date
from typing import Any

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from babel.dates import format_date

from bot.i18n import T
from bot.services.catalogue import Catalogue
from bot.services.closure_import import REASON_LIMIT
from bot.services.dates import date_range, today
from bot.services.telegram_text import Refused, visible_text
from bot.settings import Settings
from bot.ui.callbacks import ClosureStep, StaffWeek
from bot.ui.keyboards import Buttons, Screen, clamp_page, home_button, page_count, page_number
from handlers.common import send, show
from handlers.staff.timetable.period import days_in, parse_period
from storage.timetable import Closure, TimetableRepo
from storage.users import User

QUANTA_PAGE = 6  # quanta on one screen of the «for whom» question
LIST_SHOWN = 25  # closures listed; the rest are counted
# reasons offered as buttons (any other is typed)
USUAL_REASONS = ("closure-reason-holiday", "closure-reason-break", "closure-reason-sanitary")


class ClosureForm(StatesGroup):
    dates = State()
    reason = State()
    quanta = State()
    confirm = State()


# ---- what is shown -------------------------------------------------------------------------


def period_text(starts_on: date, ends_on: date, locale: str, *, year: bool = False) -> str:
    """«4 ноября», «23–27 марта», «31 декабря 2026 – 8 января 2027» (with `year`, always
    with the year)."""
    if starts_on == ends_on:
        return format_date(starts_on, "d MMMM y" if year else "d MMMM", locale=locale)
    if year and starts_on.year == ends_on.year:
        return f"{date_range(starts_on, ends_on, locale)} {starts_on.year}"
    return date_range(starts_on, ends_on, locale)


def quanta_text(t: T, codes: list[str] | tuple[str, ...], catalogue: Catalogue) -> str:
    if not codes:
        return t("closure-whole")
    names = []
    known = {q.code: n for n, q in enumerate(catalogue.quanta)}
    for code in sorted(codes, key=lambda c: (known.get(c, len(known)), c)):  # as in the catalogue
        quantum = catalogue.get(code)
        names.append(quantum.text(t.locale).name if quantum else code)
    return html.quote(", ".join(names))


def list_screen(t: T, closures: list[Closure], catalogue: Catalogue, note: str | None = None
                ) -> Screen:
    lines = [t("closure-list-title")]
    if not closures:
        lines.append(t("closure-list-empty"))
    for closure in closures[:LIST_SHOWN]:
        dates = period_text(closure.starts_on, closure.ends_on, t.locale)
        reason = html.quote(closure.reason)
        if closure.quanta:
            lines.append(t("closure-line-quanta", dates=dates, reason=reason,
                           quanta=quanta_text(t, closure.quanta, catalogue)))
        else:
            lines.append(t("closure-line", dates=dates, reason=reason))
    if len(closures) > LIST_SHOWN:
        lines.append(t("closure-list-more", count=len(closures) - LIST_SHOWN))
    lines += ["", t("closure-list-hint")]
    builder = Buttons()
    builder.button(text=t("btn-closure-add"), callback_data=ClosureStep(action="add"))
    builder.button(text=t("btn-staff-week"), callback_data=StaffWeek(week=0))
    home_button(builder, t)
    builder.adjust(2, 1)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def ask_dates(t: T, problem: str | None = None) -> Screen:
    question = t("closure-ask-dates")
    return (f"{problem}\n\n{question}" if problem else question), None


def ask_reason(t: T, data: dict[str, Any], problem: str | None = None) -> Screen:
    """The reason is typed, or one of the usual ones pressed."""
    starts_on, ends_on = dates_of(data)
    question = t("closure-ask-reason", dates=period_text(starts_on, ends_on, t.locale,
                                                          year=True))
    builder = Buttons()
    for number, key in enumerate(USUAL_REASONS):
        builder.button(text=t(key), callback_data=ClosureStep(action=f"r-{number}"))
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1)
    return (f"{problem}\n\n{question}" if problem else question), builder.as_markup()


def quanta_screen(t: T, data: dict[str, Any], catalogue: Catalogue) -> Screen:
    chosen: list[str] = data.get("quanta", [])
    starts_on, ends_on = dates_of(data)
    pages = page_count(len(catalogue.quanta), QUANTA_PAGE)
    page = clamp_page(int(data.get("page", 0)), len(catalogue.quanta), QUANTA_PAGE)
    text = t("closure-quanta", dates=period_text(starts_on, ends_on, t.locale, year=True),
             reason=html.quote(data["reason"]), who=quanta_text(t, chosen, catalogue))
    builder = Buttons()
    whole = t("btn-closure-whole")
    builder.button(text=f"• {whole}" if not chosen else whole,
                   callback_data=ClosureStep(action="all"))
    shown = catalogue.quanta[page * QUANTA_PAGE:(page + 1) * QUANTA_PAGE]
    for quantum in shown:
        name = quantum.text(t.locale).name
        builder.button(text=f"✅ {name}" if quantum.code in chosen else name,
                       callback_data=ClosureStep(action=f"q-{quantum.code}"))
    paging = 0
    if page > 0:
        builder.button(text=t("btn-closure-page-prev"),
                       callback_data=ClosureStep(action=f"p-{page - 1}"))
        paging += 1
    if page < pages - 1:
        builder.button(text=t("btn-closure-page-next"),
                       callback_data=ClosureStep(action=f"p-{page + 1}"))
        paging += 1
    builder.button(text=t("btn-closure-check"), callback_data=ClosureStep(action="preview"))
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1, *([2] * ((len(shown) + 1) // 2)), *([paging] if paging else []), 2)
    return text, builder.as_markup()


def confirm_screen(t: T, data: dict[str, Any], catalogue: Catalogue, count: int,
                   exists: bool) -> Screen:
    starts_on, ends_on = dates_of(data)
    text = t("closure-preview", dates=period_text(starts_on, ends_on, t.locale, year=True),
             days=days_in(starts_on, ends_on), reason=html.quote(data["reason"]),
             who=quanta_text(t, data.get("quanta", []), catalogue), count=count)
    if exists:
        text += "\n\n" + t("closure-preview-exists")
    builder = Buttons()
    builder.button(text=t("btn-closure-confirm"), callback_data=ClosureStep(action="confirm"))
    builder.button(text=t("btn-closure-quanta"), callback_data=ClosureStep(action="quanta"))
    builder.button(text=t("btn-closure-cancel"), callback_data=ClosureStep(action="cancel"))
    builder.adjust(1, 2)
    return text, builder.as_markup()


# ---- the form's data -----------------------------------------------------------------------


def dates_of(data: dict[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(data["from"]), date.fromisoformat(data["until"])


def closure_of(data: dict[str, Any]) -> dict[str, Any]:
    starts_on, ends_on = dates_of(data)
    return {"starts_on": starts_on, "ends_on": ends_on, "reason": data["reason"],
            "quanta": sorted(data.get("quanta", []))}


def parse_reason(value: str) -> str:
    """Why the technopark is closed, as it will show in the schedule."""
    printable = "".join(c for c in value if c.isspace() or unicodedata.category(c) != "Cc")
    text = visible_text(printable)
    if not any(char.isalnum() for char in text):
        raise Refused("closure-reason-empty")
    if len(text) > REASON_LIMIT:
        raise Refused("closure-reason-too-long", length=len(text), limit=REASON_LIMIT)
    return text


async def exists(timetable: TimetableRepo, closure: dict[str, Any], day: date) -> bool:
    """A closure with these dates and quanta is stored (adding it updates its reason)."""
    return any(
        (c.starts_on, c.ends_on, list(c.quanta))
        == (closure["starts_on"], closure["ends_on"], closure["quanta"])
        for c in await timetable.closures(day)
    )


async def preview(t: T, data: dict[str, Any], timetable: TimetableRepo, catalogue: Catalogue,
                  settings: Settings) -> Screen:
    closure = closure_of(data)
    count = await timetable.lessons_inside(closure["starts_on"], closure["ends_on"],
                                           closure["quanta"])
    known = await exists(timetable, closure, today(settings.zone))
    return confirm_screen(t, data, catalogue, count, known)


async def current_step(t: T, state: FSMContext, timetable: TimetableRepo,
                       catalogue: Catalogue, settings: Settings) -> Screen:
    """The question or screen the form is at, or the list when there is no form."""
    step = await state.get_state()
    data = await state.get_data()
    if step == ClosureForm.dates.state:
        return ask_dates(t)
    if step == ClosureForm.reason.state:
        return ask_reason(t, data)
    if step == ClosureForm.quanta.state:
        return quanta_screen(t, data, catalogue)
    if step == ClosureForm.confirm.state:
        return await preview(t, data, timetable, catalogue, settings)
    return list_screen(t, await timetable.closures(today(settings.zone)), catalogue)


# ---- handlers ------------------------------------------------------------------------------


async def closures_command(
    message: Message, state: FSMContext, t: T, timetable: TimetableRepo, catalogue: Catalogue,
    settings: Settings,
) -> None:
    await state.clear()
    await send(message, list_screen(t, await timetable.closures(today(settings.zone)),
                                    catalogue))


async def open_list(
    query: CallbackQuery, t: T, timetable: TimetableRepo, catalogue: Catalogue,
    settings: Settings,
) -> None:
    await show(query, list_screen(t, await timetable.closures(today(settings.zone)), catalogue))


async def add(query: CallbackQuery, state: FSMContext, t: T) -> None:
    await state.set_state(ClosureForm.dates)
    await state.set_data({})
    await send(query, ask_dates(t))


async def dates_typed(message: Message, state: FSMContext, t: T, settings: Settings) -> None:
    try:
        starts_on, ends_on = parse_period(message.text or "", today(settings.zone))
    except Refused as exc:
        await send(message, ask_dates(t, t(exc.key, **exc.kwargs)))
        return
    await state.update_data({"from": starts_on.isoformat(), "until": ends_on.isoformat()})
    await state.set_state(ClosureForm.reason)
    await send(message, ask_reason(t, await state.get_data()))


async def reason_typed(message: Message, state: FSMContext, t: T, catalogue: Catalogue
                       ) -> None:
    data = await state.get_data()
    try:
        reason = parse_reason(message.text or "")
    except Refused as exc:
        await send(message, ask_reason(t, data, t(exc.key, **exc.kwargs)))
        return
    await send(message, await to_quanta(state, data, reason, t, catalogue))


async def reason_chosen(
    query: CallbackQuery, callback_data: ClosureStep, state: FSMContext, t: T,
    timetable: TimetableRepo, catalogue: Catalogue, settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    number = callback_data.action.removeprefix("r-")
    if not (number.isdecimal() and int(number) < len(USUAL_REASONS)):
        await outdated(query, state, t, timetable, catalogue, settings, callback_answer)
        return
    data = await state.get_data()
    await show(query, await to_quanta(state, data, t(USUAL_REASONS[int(number)]), t, catalogue))


async def to_quanta(state: FSMContext, data: dict[str, Any], reason: str, t: T,
                    catalogue: Catalogue) -> Screen:
    data = {**data, "reason": reason, "quanta": data.get("quanta", []), "page": 0}
    await state.set_data(data)
    await state.set_state(ClosureForm.quanta)
    return quanta_screen(t, data, catalogue)


async def buttons_expected(
    message: Message, state: FSMContext, t: T, timetable: TimetableRepo,
    catalogue: Catalogue, settings: Settings,
) -> None:
    """Text typed where the form waits for a button: the same screen again, with a hint."""
    text, markup = await current_step(t, state, timetable, catalogue, settings)
    await send(message, (f"{t('closure-use-buttons')}\n\n{text}", markup))


async def toggle(
    query: CallbackQuery, callback_data: ClosureStep, state: FSMContext, t: T,
    catalogue: Catalogue,
) -> None:
    data = await state.get_data()
    code = callback_data.action.removeprefix("q-")
    if catalogue.get(code) is not None:
        chosen = set(data.get("quanta", [])) ^ {code}
        data = {**data, "quanta": sorted(chosen)}
        await state.update_data(quanta=data["quanta"])
    await show(query, quanta_screen(t, data, catalogue))


async def whole(query: CallbackQuery, state: FSMContext, t: T, catalogue: Catalogue) -> None:
    await state.update_data(quanta=[])
    await show(query, quanta_screen(t, await state.get_data(), catalogue))


async def page(
    query: CallbackQuery, callback_data: ClosureStep, state: FSMContext, t: T,
    catalogue: Catalogue,
) -> None:
    number = page_number(callback_data.action.removeprefix("p-"))
    await state.update_data(page=clamp_page(number, len(catalogue.quanta), QUANTA_PAGE))
    await show(query, quanta_screen(t, await state.get_data(), catalogue))


async def to_preview(
    query: CallbackQuery, state: FSMContext, t: T, timetable: TimetableRepo,
    catalogue: Catalogue, settings: Settings,
) -> None:
    await state.set_state(ClosureForm.confirm)
    await show(query, await preview(t, await state.get_data(), timetable, catalogue, settings))


async def back_to_quanta(query: CallbackQuery, state: FSMContext, t: T, catalogue: Catalogue
                         ) -> None:
    await state.set_state(ClosureForm.quanta)
    await show(query, quanta_screen(t, await state.get_data(), catalogue))


async def confirm(
    query: CallbackQuery, state: FSMContext, t: T, user: User, timetable: TimetableRepo,
    catalogue: Catalogue, settings: Settings,
) -> None:
    data = await state.get_data()
    closure = closure_of(data)
    day = today(settings.zone)
    if closure["ends_on"] < day:  # the preview waited past the closure's last day
        await state.set_state(ClosureForm.dates)
        await send(query, ask_dates(t, t("closure-dates-past")))
        return
    updated = await exists(timetable, closure, day)
    count = await timetable.add_closures([closure], by=user.id)
    # the form is spent only now that the closure is written
    await state.clear()
    if isinstance(query.message, Message):  # the preview's buttons are spent
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    note = t("closure-updated" if updated else "closure-done", count=count)
    await send(query, list_screen(t, await timetable.closures(day), catalogue, note=note))


async def cancel(
    query: CallbackQuery, state: FSMContext, t: T, timetable: TimetableRepo,
    catalogue: Catalogue, settings: Settings,
) -> None:
    note = None
    if await state.get_state() in ClosureForm.__state_names__:
        await state.clear()
        note = t("closure-cancelled")
    await show(query, list_screen(t, await timetable.closures(today(settings.zone)), catalogue,
                                  note=note))


async def outdated(
    query: CallbackQuery, state: FSMContext, t: T, timetable: TimetableRepo,
    catalogue: Catalogue, settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    """A form button from an old message, pressed at another step, or forged: the step the
    form is at (or the list) as a new message, nothing changed."""
    callback_answer.text = t("closure-outdated")
    await send(query, await current_step(t, state, timetable, catalogue, settings))
