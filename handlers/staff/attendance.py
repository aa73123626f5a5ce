"""Attendance for staff: «📊 Посещаемость» on a group's screen and /attendance for all groups
(a chart of eight weeks and who missed two lessons in a row), and «⬇️ Журнал за месяц» (this
month's or the previous one's journal as a workbook). Under the staff router: a press or a
command from anyone else is «out of date» / unknown, and nothing is drawn or sent.

A chart or a journal takes seconds (and waits its turn behind another one): the press is
answered at once («Рисую график…»), a typed /attendance shows the chat's «sending a photo»."""

from __future__ import annotations

import contextlib
from datetime import date

from aiogram import F, Router, html
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.i18n import T
from bot.services.attendance_chart import ChartFailed
from bot.services.journal import Chart
from bot.services.journal_files import month_name, parse_month, previous_month
from bot.ui.callbacks_groups import GroupAct, GroupOpen
from bot.ui.callbacks_journal import JournalFile, JournalMonths
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.fallback import stale
from handlers.flow import Flow

MISSED_SHOWN = 12  # names in the caption; a caption holds 1024 characters


def way_on(t: T, group: int, journal: bool = True) -> Buttons:
    builder = Buttons()
    if journal:
        builder.button(text=t("btn-journal"), callback_data=JournalMonths(group=group))
    if group:
        builder.button(text=t("btn-journal-back"), callback_data=GroupOpen(group=group))
    home_button(builder, t)
    builder.adjust(1, 2)
    return builder


def caption(t: T, chart: Chart, group_name: str | None) -> str:
    lines = [t("journal-caption-group", group=html.quote(group_name)) if group_name
             else t("journal-caption-all")]
    if group_name is None and chart.groups > chart.shown:
        lines.append(t("journal-caption-shown", shown=chart.shown, groups=chart.groups))
    lines.append("")
    if chart.missed:
        lines.append(t("journal-missed-head"))
        lines += [t("journal-missed-line", name=html.quote(m.name), group=html.quote(m.group))
                  for m in chart.missed[:MISSED_SHOWN]]
        if len(chart.missed) > MISSED_SHOWN:
            lines.append(t("journal-missed-more", count=len(chart.missed) - MISSED_SHOWN))
    else:
        lines.append(t("journal-missed-none"))
    return "\n".join(lines)


async def working(flow: Flow, toast: str, action: ChatAction) -> None:
    """Long work ahead: a press is answered now rather than after it (the answer the
    middleware would give is switched off); a typed command gets the chat's action."""
    with contextlib.suppress(TelegramAPIError):  # only a courtesy: the work goes on
        if isinstance(flow.event, CallbackQuery) and flow.answer is not None:
            flow.answer.disable()
            await flow.event.answer(toast)
        else:
            await flow.bot.send_chat_action(flow.user.id, action)


async def show_chart(flow: Flow, group: int) -> None:
    t, attendance = flow.t, flow.services.journal
    if group and not await attendance.group_exists(group):
        await flow.send((t("journal-group-gone"), way_on(t, 0, journal=False).as_markup()))
        return
    await working(flow, t("journal-chart-drawing"), ChatAction.UPLOAD_PHOTO)
    try:
        chart = await attendance.chart(t.locale, group or None)
    except ChartFailed:
        await flow.send((t("journal-chart-failed"), way_on(t, group).as_markup()))
        return
    if chart is None:
        await flow.send((t("journal-no-marks"), way_on(t, group).as_markup()))
        return
    name = await attendance.group_name(group, t.locale) if group else None
    await flow.bot.send_photo(
        flow.user.id, BufferedInputFile(chart.png, filename="attendance.png"),
        caption=caption(t, chart, name), reply_markup=way_on(t, group).as_markup(),
    )


async def group_stats(query: CallbackQuery, callback_data: GroupAct, flow: Flow) -> None:
    await show_chart(flow, callback_data.group)


async def all_groups(message: Message, flow: Flow) -> None:
    await show_chart(flow, 0)


def months_screen(t: T, group: int, group_name: str | None, today: date) -> Screen:
    builder = Buttons()
    this = today.replace(day=1)
    for month in (this, previous_month(this)):
        builder.button(text=month_name(month, t.locale).capitalize(),
                       callback_data=JournalFile(group=group, month=month.year * 100
                                                 + month.month))
    if group:
        builder.button(text=t("btn-journal-back"), callback_data=GroupOpen(group=group))
    home_button(builder, t)
    builder.adjust(2)
    text = t("journal-pick-month", group=html.quote(group_name) if group_name else "none")
    return text, builder.as_markup()


async def pick_month(query: CallbackQuery, callback_data: JournalMonths, flow: Flow) -> None:
    group = callback_data.group
    if group < 0 or (group and not await flow.services.journal.group_exists(group)):
        await stale(flow)
        return
    name = await flow.services.journal.group_name(group, flow.t.locale) if group else None
    await flow.show(months_screen(flow.t, group, name, flow.today))


async def send_journal(query: CallbackQuery, callback_data: JournalFile, flow: Flow) -> None:
    t, group, attendance = flow.t, callback_data.group, flow.services.journal
    month = parse_month(f"{callback_data.month // 100:04d}-{callback_data.month % 100:02d}")
    if month is None or group < 0 or (group and not await attendance.group_exists(group)):
        await stale(flow)
        return
    await working(flow, t("journal-file-making"), ChatAction.UPLOAD_DOCUMENT)
    found = await attendance.journal(flow.user.id, month, "xlsx", t.locale, group or None)
    named = month_name(month, t.locale)
    markup = way_on(t, group, journal=False).as_markup()
    if not found.lessons:
        await flow.send((t("journal-file-empty", month=named), markup))
        return
    await flow.bot.send_document(
        flow.user.id, BufferedInputFile(found.data, filename=f"journal-{month:%Y-%m}.xlsx"),
        caption=t("journal-file-caption", month=named, lessons=found.lessons,
                  hours=found.person_hours),
        reply_markup=markup,
    )


def router() -> Router:
    r = Router(name="staff-attendance")
    r.callback_query.register(group_stats, GroupAct.filter(F.action == "stats"))
    r.message.register(all_groups, Command("attendance"))
    r.callback_query.register(pick_month, JournalMonths.filter())
    r.callback_query.register(send_journal, JournalFile.filter())
    return r
