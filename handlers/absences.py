"""«🙅 Не придём» under a class reminder: a child will miss a lesson (or will come after all);
the teacher hears of it. The press is answered with a toast, and the reminder's button for
that child turns into the way back («↩️ Всё-таки придём») and again. The use case and its
notices to the teacher are bot.services.absences'."""

from __future__ import annotations

import contextlib

from aiogram import F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import T
from bot.services.absences import Result
from bot.services.kinship import short_name
from bot.services.telegram_text import TELEGRAM_ALERT, shorten
from bot.ui.callbacks import Absence
from handlers.flow import Flow
from storage.absences import Report

REFUSALS = ("not-yours", "not-in-group", "gone", "off", "started")


async def mark_absent(query: CallbackQuery, callback_data: Absence, flow: Flow) -> None:
    """«🙅 Не придём»."""
    result = await flow.services.absences.mark(
        flow.user.id, callback_data.lesson, callback_data.child)
    await answer(query, flow, result)


async def take_back(query: CallbackQuery, callback_data: Absence, flow: Flow) -> None:
    """«↩️ Всё-таки придём»."""
    result = await flow.services.absences.undo(
        flow.user.id, callback_data.lesson, callback_data.child)
    await answer(query, flow, result)


async def answer(query: CallbackQuery, flow: Flow, result: Result) -> None:
    """The toast, and the reminder's buttons as they now stand."""
    flow.toast(shorten(toast(flow.t, result), TELEGRAM_ALERT))
    if flow.answer is not None:
        # a refusal must be read: it changed nothing, the buttons stay as they were
        flow.answer.show_alert = result.outcome in REFUSALS
    if result.report is not None and result.outcome in (
        "recorded", "already", "taken-back", "not-absent"
    ):
        await mark(query, flow.t, result.report, absent=result.absent)


def toast(t: T, result: Result) -> str:
    """The answer on the pressed button (plain text: no HTML)."""
    report = result.report
    name = short_name(report.child_name) if report else ""
    relation = "child" if report and report.pupil else "parent"
    return t(f"absence-{result.outcome}", name=name, relation=relation)


async def mark(query: CallbackQuery, t: T, report: Report, *, absent: bool) -> None:
    """The reminder as it now stands: the child's button flipped and, while they are marked
    absent, a line saying so. Another message (a forged press) is left alone."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = message.reply_markup.inline_keyboard
    ours = [data for row in rows for b in row
            if (data := _absence(b)) is not None and data.lesson == report.lesson.id]
    if not any(data.child == report.child_id for data in ours):
        return
    single = len(ours) == 1
    keyboard = [[_flipped(t, b, report, absent, single) for b in row] for row in rows]
    markup = InlineKeyboardMarkup(inline_keyboard=keyboard)
    line = t("absence-line", name=html.quote(short_name(report.child_name)),
             relation="child" if report.pupil else "parent")
    lines = [x for x in (message.html_text or "").split("\n") if x != line]
    if absent:
        lines.append(line)
    with contextlib.suppress(TelegramBadRequest):
        if message.text is not None:
            await message.edit_text("\n".join(lines), reply_markup=markup)
        else:
            await message.edit_reply_markup(reply_markup=markup)


def _key(report: Report, undo: bool) -> Absence:
    return Absence(lesson=report.lesson.id, child=report.child_id, undo=undo)


def _absence(button: InlineKeyboardButton) -> Absence | None:
    if not button.callback_data:
        return None
    try:
        return Absence.unpack(button.callback_data)
    except (TypeError, ValueError):
        return None


def _flipped(t: T, button: InlineKeyboardButton, report: Report, absent: bool, single: bool
             ) -> InlineKeyboardButton:
    data = _absence(button)
    if data is None or data.lesson != report.lesson.id or data.child != report.child_id:
        return button
    if single:
        text = t("btn-absent-undo" if absent else "btn-absent")
    else:
        # the name as the button gave it: the first, or the whole where two children share it
        name = (report.child_name if report.child_name in (button.text or "")
                else short_name(report.child_name))
        text = t("btn-absent-undo-child" if absent else "btn-absent-child", name=name)
    return InlineKeyboardButton(text=text, callback_data=_key(report, absent).pack())


def router() -> Router:
    r = Router(name="absences")
    r.callback_query.register(take_back, Absence.filter(F.undo))
    r.callback_query.register(mark_absent, Absence.filter(~F.undo))
    return r
