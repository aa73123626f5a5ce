"""«⚙️ Настройки → 🔔 Напоминания»: which lead times each person gets, per child, quiet
hours, or no reminders at all.

The screen says what is chosen and when the next reminder comes. With one child (a pupil's
own account always) the lead times are ticked right there; with several, each child has a
button to their own screen. Writing a setting is all a handler does: the database's triggers
mark the person's groups, and the planner plans their reminders again within seconds.

Each action has its handler, chosen by its ReminderMenu filter; each returns the screen to
show, or None for a press that changes nothing. A button pressed from an old message or forged
(a child not the person's, an unknown lead or action) changes nothing: it shows the current
screen with a toast. Someone with no children
to hear of gets the screen that says how reminders come about.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from aiogram import F, Router, html
from aiogram.types import CallbackQuery

from bot.i18n import T
from bot.services import reminder_preview as preview
from bot.ui.callbacks import Nav, ReminderMenu
from bot.ui.callbacks_rollcall import RollQuiet
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from handlers.flow import Flow
from storage.reminders import LEADS, Prefs, RemindedChild

# ---- screens ------------------------------------------------------------------------------


def lead_buttons(builder: Buttons, flow: Flow, child: RemindedChild, leads: Sequence[str]
                 ) -> None:
    """One toggle per lead time, ✅ when chosen: the evening on its own row, then pairs."""
    t = flow.t
    evening = f"{flow.settings.reminder_evening_at:%H:%M}"
    for lead in LEADS:
        mark = "✅" if lead in leads else "▫️"
        label = t(f"btn-rset-{lead}", time=evening)
        builder.button(text=button_label(f"{mark} {label}"),
                       callback_data=ReminderMenu(action="lead", child=child.id, lead=lead))


def absent_button(builder: Buttons, t: T, child: RemindedChild, quiet: set[int]) -> None:
    """«🔔 Если не пришёл: вкл/выкл»: the roll call's notice of this child (on by default)."""
    builder.button(text=t("btn-rc-quiet", on="no" if child.id in quiet else "yes"),
                   callback_data=RollQuiet(child=child.id))


def empty_screen(t: T) -> Screen:
    """No children to hear of: how reminders come about, and the way to the catalogue."""
    builder = Buttons()
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-rset-settings"), callback_data=Nav(to="settings"))
    home_button(builder, t)
    builder.adjust(1, 2)
    return f"{t('rset-title')}\n\n{t('rset-empty')}", builder.as_markup()


async def main_screen(flow: Flow, children: Sequence[RemindedChild]) -> Screen:
    """On: what is chosen for each child, the quiet hours, the next reminder, and the
    toggles. Off: that it is off, and the way to turn it on."""
    t, service = flow.t, flow.services.reminder_settings
    prefs = await service.prefs(flow.user.id)
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
    now = flow.now
    upcoming = await service.next_reminder(flow.user.id, prefs, children, now=now)
    awaiting = 0 if upcoming else await service.awaiting(flow.user.id, now)
    lines += ["", *preview.upcoming_lines(t, upcoming, names, now, flow.zone,
                                          awaiting=awaiting)]
    if single:
        lead_buttons(builder, flow, single, preview.chosen(prefs, single))
        absent_button(builder, flow.t, single, await flow.services.attendance.quiet(
            flow.user.id))
        sizes = [1, 2, 2, 1]
    else:
        for child in children:
            label = t("btn-rset-child", name=names[child.id],
                      leads=preview.leads_short(t, preview.chosen(prefs, child)))
            builder.button(text=button_label(label),
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


def child_screen(flow: Flow, prefs: Prefs, child: RemindedChild, name: str,
                 quiet: set[int]) -> Screen:
    """One child's lead times to tick, what is chosen, and the way back."""
    t = flow.t
    leads = preview.chosen(prefs, child)
    chosen = (t("rset-child-chosen", leads=preview.leads_in_words(t, leads)) if leads
              else t("rset-child-nothing"))
    text = "\n".join([t("rset-child-title", name=html.quote(name)), "", t("rset-child-ask"),
                      chosen])
    builder = Buttons()
    lead_buttons(builder, flow, child, leads)
    absent_button(builder, t, child, quiet)
    builder.button(text=t("btn-rset-back"), callback_data=ReminderMenu(action="open"))
    home_button(builder, t)
    builder.adjust(1, 2, 2, 1, 2)
    return text, builder.as_markup()


async def open_settings(flow: Flow, child_id: int) -> None:
    """The screen a child's «не пришёл» toggle was on, as it now stands."""
    children = await flow.services.reminder_settings.children(flow.user.id)
    if not children:
        await flow.show(empty_screen(flow.t))
        return
    screen = None
    if len(children) > 1:
        screen = await open_child(flow, children, ReminderMenu(action="child", child=child_id))
    await flow.show(screen or await main_screen(flow, children))


# ---- actions: each returns the screen to show, or None for a press that changes nothing ----

Action = Callable[[Flow, list[RemindedChild], ReminderMenu], Awaitable[Screen | None]]
Handler = Callable[[CallbackQuery, ReminderMenu, Flow], Awaitable[None]]


def find(children: Sequence[RemindedChild], child_id: int) -> RemindedChild | None:
    return next((child for child in children if child.id == child_id), None)


async def open_menu(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                    ) -> Screen | None:
    return await main_screen(flow, children)


async def open_child(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                     ) -> Screen | None:
    child = find(children, data.child)
    if child is None:
        return None
    prefs = await flow.services.reminder_settings.prefs(flow.user.id)
    return child_screen(flow, prefs, child, preview.child_names(children)[child.id],
                        await flow.services.attendance.quiet(flow.user.id))


async def toggle_lead(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                      ) -> Screen | None:
    child = find(children, data.child)
    if child is None or data.lead not in LEADS:
        return None
    service = flow.services.reminder_settings
    prefs = await service.prefs(flow.user.id)
    leads = set(preview.chosen(prefs, child)) ^ {data.lead}
    if not await service.set_leads(flow.user.id, child.id, sorted(leads)):
        return None
    if len(children) == 1:
        return await main_screen(flow, children)
    prefs = await service.prefs(flow.user.id)
    return child_screen(flow, prefs, child, preview.child_names(children)[child.id],
                        await flow.services.attendance.quiet(flow.user.id))


async def toggle_quiet(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                       ) -> Screen | None:
    on = await flow.services.reminder_settings.toggle_quiet(flow.user.id)
    flow.toast(flow.t("rset-saved-quiet-on" if on else "rset-saved-quiet-off"))
    return await main_screen(flow, children)


async def switch_off(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                     ) -> Screen | None:
    await flow.services.reminder_settings.switch(flow.user.id, False)
    flow.toast(flow.t("rset-saved-off"))
    return await main_screen(flow, children)


async def switch_on(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                    ) -> Screen | None:
    await flow.services.reminder_settings.switch(flow.user.id, True)
    flow.toast(flow.t("rset-saved-on"))
    return await main_screen(flow, children)


async def unknown(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                  ) -> Screen | None:
    """An action we never produced (forged, or from a version long gone)."""
    return None


def pressed(action: Action) -> Handler:
    """The handler of one action: someone with no children to hear of gets the screen that
    says how reminders come about (nothing is written); a press that changes nothing gets
    the current screen with a toast."""

    async def handler(query: CallbackQuery, callback_data: ReminderMenu, flow: Flow) -> None:
        children = await flow.services.reminder_settings.children(flow.user.id)
        if not children:
            await flow.show(empty_screen(flow.t))
            return
        screen = await action(flow, children, callback_data)
        if screen is None:
            flow.toast(flow.t("rset-stale"))
            screen = await main_screen(flow, children)
        await flow.show(screen)

    handler.__name__ = handler.__qualname__ = action.__name__
    return handler


def router() -> Router:
    r = Router(name="reminders")
    press = r.callback_query.register
    press(pressed(open_menu), ReminderMenu.filter(F.action == "open"))
    press(pressed(open_child), ReminderMenu.filter(F.action == "child"))
    press(pressed(toggle_lead), ReminderMenu.filter(F.action == "lead"))
    press(pressed(toggle_quiet), ReminderMenu.filter(F.action == "quiet"))
    press(pressed(switch_off), ReminderMenu.filter(F.action == "off"))
    press(pressed(switch_on), ReminderMenu.filter(F.action == "on"))
    press(pressed(unknown), ReminderMenu.filter())  # last: an action we never produced
    return r
