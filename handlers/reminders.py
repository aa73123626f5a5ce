"""«⚙️ Настройки → 🔔 Напоминания»: which lead times each person gets, per child, quiet
hours, or no reminders at all.

The screen says what is chosen and when the next reminder comes. With one child (a pupil's
own account always) the lead times are ticked right there; with several, each child has a
button to their own screen. Writing a setting is all a handler does: the database's triggers
mark the person's groups, and the planner plans their reminders again within seconds.

A button pressed from an old message or forged (a child not the person's, an unknown lead or
action) changes nothing: it shows the current screen with a toast. Someone with no children
to hear of gets the screen that says how reminders come about.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from aiogram import Router, html
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services import reminder_preview as preview
from bot.settings import Settings
from bot.ui.callbacks import Nav, ReminderMenu
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.common import show
from storage.absences import AbsenceRepo
from storage.clock import utcnow
from storage.lessons import LessonRepo
from storage.reminders import LEADS, Prefs, RemindedChild, ReminderRepo
from storage.users import User

LABEL_LIMIT = 24  # Telegram shows more, but a phone's row does not


def clip(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[:LABEL_LIMIT - 1] + "…"


@dataclass(frozen=True)
class View:
    """What a reminders screen is drawn from, and where its settings are written."""

    t: T
    user: User
    reminders: ReminderRepo
    lessons: LessonRepo
    absences: AbsenceRepo
    settings: Settings

    def evening_clock(self) -> str:
        return f"{self.settings.reminder_evening_at:%H:%M}"


# ---- screens ------------------------------------------------------------------------------


def lead_buttons(builder: Buttons, view: View, child: RemindedChild, leads: Sequence[str]
                 ) -> None:
    """One toggle per lead time, ✅ when chosen: the evening on its own row, then pairs."""
    t = view.t
    for lead in LEADS:
        mark = "✅" if lead in leads else "▫️"
        label = t(f"btn-rset-{lead}", time=view.evening_clock())
        builder.button(text=clip(f"{mark} {label}"),
                       callback_data=ReminderMenu(action="lead", child=child.id, lead=lead))


def empty_screen(t: T) -> Screen:
    """No children to hear of: how reminders come about, and the way to the catalogue."""
    builder = Buttons()
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-rset-settings"), callback_data=Nav(to="settings"))
    home_button(builder, t)
    builder.adjust(1, 2)
    return f"{t('rset-title')}\n\n{t('rset-empty')}", builder.as_markup()


async def main_screen(view: View, children: Sequence[RemindedChild]) -> Screen:
    """On: what is chosen for each child, the quiet hours, the next reminder, and the
    toggles. Off: that it is off, and the way to turn it on."""
    t, settings = view.t, view.settings
    prefs = await view.reminders.prefs(view.user.id)
    builder = Buttons()
    lines = [t("rset-title"), ""]
    if not prefs.enabled:
        lines.append(t("rset-off"))
        builder.button(text=t("btn-rset-on"), callback_data=ReminderMenu(action="on"))
        builder.button(text=t("btn-rset-settings"), callback_data=Nav(to="settings"))
        home_button(builder, t)
        builder.adjust(1, 2)
        return "\n".join(lines), builder.as_markup()
    names = preview.child_names(children)
    single = children[0] if len(children) == 1 else None
    lines.append(t("rset-hint-toggles" if single else "rset-hint-children"))
    for child in children:
        leads = preview.chosen(prefs, child)
        if child.pupil and single:
            lines.append(t("rset-self", leads=preview.leads_in_words(t, leads)) if leads
                         else t("rset-self-none"))
        else:
            lines.append(t("rset-child", name=html.quote(names[child.id]),
                           leads=preview.leads_in_words(t, leads)))
    lines.append(quiet_line(t, prefs))
    now = utcnow()
    upcoming = await preview.next_reminder(
        view.lessons, view.absences, view.user.id, prefs, children, now=now, zone=settings.zone,
        evening_at=settings.reminder_evening_at,
    )
    lines += ["", *preview.upcoming_lines(t, upcoming, names, now, settings.zone)]
    if single:
        lead_buttons(builder, view, single, preview.chosen(prefs, single))
        sizes = [1, 2, 2]
    else:
        for child in children:
            label = t("btn-rset-child", name=names[child.id],
                      leads=preview.leads_short(t, preview.chosen(prefs, child)))
            builder.button(text=clip(label),
                           callback_data=ReminderMenu(action="child", child=child.id))
        sizes = [1] * len(children)
    builder.button(text=t("btn-rset-quiet", on="yes" if prefs.quiet.on else "no"),
                   callback_data=ReminderMenu(action="quiet"))
    builder.button(text=t("btn-rset-off"), callback_data=ReminderMenu(action="off"))
    builder.button(text=t("btn-rset-settings"), callback_data=Nav(to="settings"))
    home_button(builder, t)
    builder.adjust(*sizes, 2, 2)
    return "\n".join(lines), builder.as_markup()


def quiet_line(t: T, prefs: Prefs) -> str:
    quiet = prefs.quiet
    if not quiet.on:
        return t("rset-quiet-off")
    return t("rset-quiet-on", **{"from": f"{quiet.start:%H:%M}", "until": f"{quiet.end:%H:%M}"})


def child_screen(view: View, prefs: Prefs, child: RemindedChild, name: str) -> Screen:
    """One child's lead times to tick, what is chosen, and the way back."""
    t = view.t
    leads = preview.chosen(prefs, child)
    chosen = (t("rset-child-chosen", leads=preview.leads_in_words(t, leads)) if leads
              else t("rset-child-nothing"))
    text = "\n".join([t("rset-child-title", name=html.quote(name)), "", t("rset-child-ask"),
                      chosen])
    builder = Buttons()
    lead_buttons(builder, view, child, leads)
    builder.button(text=t("btn-rset-back"), callback_data=ReminderMenu(action="open"))
    home_button(builder, t)
    builder.adjust(1, 2, 2, 2)
    return text, builder.as_markup()


# ---- actions: each returns the screen to show, or None for a press that changes nothing ----

Action = Callable[[View, list[RemindedChild], ReminderMenu, CallbackAnswer],
                  Awaitable[Screen | None]]


def find(children: Sequence[RemindedChild], child_id: int) -> RemindedChild | None:
    return next((child for child in children if child.id == child_id), None)


async def open_menu(view: View, children: list[RemindedChild], data: ReminderMenu,
                    answer: CallbackAnswer) -> Screen | None:
    return await main_screen(view, children)


async def open_child(view: View, children: list[RemindedChild], data: ReminderMenu,
                     answer: CallbackAnswer) -> Screen | None:
    child = find(children, data.child)
    if child is None:
        return None
    prefs = await view.reminders.prefs(view.user.id)
    return child_screen(view, prefs, child, preview.child_names(children)[child.id])


async def toggle_lead(view: View, children: list[RemindedChild], data: ReminderMenu,
                      answer: CallbackAnswer) -> Screen | None:
    child = find(children, data.child)
    if child is None or data.lead not in LEADS:
        return None
    prefs = await view.reminders.prefs(view.user.id)
    leads = set(preview.chosen(prefs, child)) ^ {data.lead}
    if not await view.reminders.set_leads(view.user.id, child.id, sorted(leads)):
        return None
    if len(children) == 1:
        return await main_screen(view, children)
    prefs = await view.reminders.prefs(view.user.id)
    return child_screen(view, prefs, child, preview.child_names(children)[child.id])


async def toggle_quiet(view: View, children: list[RemindedChild], data: ReminderMenu,
                       answer: CallbackAnswer) -> Screen | None:
    on = not (await view.reminders.prefs(view.user.id)).quiet.on
    await view.reminders.set_quiet(view.user.id, on)
    answer.text = view.t("rset-saved-quiet-on" if on else "rset-saved-quiet-off")
    return await main_screen(view, children)


async def switch_off(view: View, children: list[RemindedChild], data: ReminderMenu,
                     answer: CallbackAnswer) -> Screen | None:
    await view.reminders.set_enabled(view.user.id, False)
    answer.text = view.t("rset-saved-off")
    return await main_screen(view, children)


async def switch_on(view: View, children: list[RemindedChild], data: ReminderMenu,
                    answer: CallbackAnswer) -> Screen | None:
    await view.reminders.set_enabled(view.user.id, True)
    answer.text = view.t("rset-saved-on")
    return await main_screen(view, children)


ACTIONS: dict[str, Action] = {
    "open": open_menu, "child": open_child, "lead": toggle_lead, "quiet": toggle_quiet,
    "off": switch_off, "on": switch_on,
}


async def on_press(
    query: CallbackQuery, callback_data: ReminderMenu, t: T, user: User,
    reminders: ReminderRepo, lessons: LessonRepo, absences: AbsenceRepo, settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    view = View(t, user, reminders, lessons, absences, settings)
    children = await reminders.children(user.id)
    if not children:
        # nothing is written for someone with no children to hear of
        await show(query, empty_screen(t))
        return
    action = ACTIONS.get(callback_data.action)
    screen = None if action is None else await action(view, children, callback_data,
                                                      callback_answer)
    if screen is None:
        callback_answer.text = t("rset-stale")
        screen = await main_screen(view, children)
    await show(query, screen)


def router() -> Router:
    r = Router(name="reminders")
    r.callback_query.register(on_press, ReminderMenu.filter())
    return r
