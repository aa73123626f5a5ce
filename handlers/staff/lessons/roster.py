"""«👥 Состав группы» under a group's lessons: the confirmed children with their ages and the
family's phone, then the waitlist in its order. Staff only; each opening is recorded for
/audit."""

from __future__ import annotations

from datetime import date

from aiogram import html
from aiogram.types import CallbackQuery

from bot.i18n import T
from bot.services.dates import age_on
from bot.services.staff_data import Roster
from bot.ui.callbacks import LessonList
from bot.ui.callbacks_staff import GroupRoster
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.flow import Flow
from handlers.staff.lessons.form import LessonForm
from storage.roster import Member

SHOWN = 40  # people of each list in the text; the rest as a count


def lines_of(t: T, people: list[Member], today: date) -> list[str]:
    lines = [t("roster-line", n=number, name=html.quote(m.child_name),
               age=age_on(m.birth_date, today), phone=html.quote(m.phone or "—"),
               offered="yes" if m.status == "offered" else "no")
             for number, m in enumerate(people[:SHOWN], 1)]
    if len(people) > SHOWN:
        lines.append(t("roster-more", n=len(people) - SHOWN))
    return lines


def roster_screen(t: T, roster: Roster, today: date, page: int) -> Screen:
    group = roster.group
    programme = roster.programme.title(t.locale) if roster.programme else ""
    lines = [t("roster-title", programme=html.quote(programme),
               group=html.quote(group.title(t.locale)), code=html.quote(group.code)), "",
             t("roster-confirmed", n=len(roster.confirmed), capacity=group.capacity)]
    lines += lines_of(t, roster.confirmed, today) or [t("roster-none")]
    if roster.waiting:
        lines += ["", t("roster-waiting", n=len(roster.waiting)),
                  *lines_of(t, roster.waiting, today)]
    builder = Buttons()
    builder.button(text=t("btn-ls-list"), callback_data=LessonList(group=group.id, page=page))
    home_button(builder, t)
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


async def open_roster(query: CallbackQuery, callback_data: GroupRoster, flow: Flow) -> None:
    roster = await flow.services.staff_data.roster(flow.user.id, callback_data.group)
    if roster is None:
        form = LessonForm(flow)
        form.toast(flow.t("stale-button"))
        await form.groups(flow.t("ls-group-gone"))
        return
    await flow.show(roster_screen(flow.t, roster, flow.today, max(callback_data.page, 0)))
