"""«⚙️ Настройки → 🔔 Напоминания»: which lead times each person gets, per child, quiet
hours, or no reminders at all.

The screen says what is chosen and when the next reminder comes. With one child (a pupil's
own account always) the lead times are ticked right there; with several, each child has a
button to their own screen. Writing a setting is all a handler does: the database's triggers
mark the person's groups, and the planner plans their reminders again within seconds.

Each action has its handler, chosen by its ReminderMenu filter; each returns the screen to
show, or None for a press that changes nothing. A lead time ticked (the press made most) is
one use case that writes and reads what the screen shows in the same trip to the database
(`toggle_lead`). A button pressed from an old message or forged (a child not the person's, an
unknown lead or action) changes nothing: it shows the current screen with a toast. Someone
with no children to hear of gets the screen that says how reminders come about. The screens
themselves are handlers.reminder_screens'.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from aiogram import F, Router
from aiogram.types import CallbackQuery

from bot.services.reminder_settings import Standing
from bot.ui.callbacks import ReminderMenu
from bot.ui.keyboards import Screen
from handlers import reminder_screens as screens
from handlers.flow import Flow
from storage.reminders import RemindedChild

# ---- screens ------------------------------------------------------------------------------


def empty_screen(flow: Flow) -> Screen:
    return screens.empty_screen(flow.t, flow.settings.reminder_evening_at)


def screen_of(flow: Flow, standing: Standing) -> Screen:
    """The screen a standing is of: the main one, or one child's."""
    evening_at = flow.settings.reminder_evening_at
    if standing.child is None:
        return screens.main_screen(flow.t, standing, evening_at=evening_at, now=flow.now,
                                   zone=flow.zone)
    return screens.child_screen(flow.t, standing, standing.child, evening_at=evening_at)


async def current(flow: Flow, children: list[RemindedChild],
                  child: RemindedChild | None = None) -> Screen:
    """The main screen (or `child`'s) as it stands now."""
    return screen_of(flow, await flow.services.reminder_settings.standing(
        flow.user.id, children, now=flow.now, child=child))


async def open_settings(flow: Flow, child_id: int) -> None:
    """The screen a child's «не пришёл» toggle was on, as it now stands."""
    children = await flow.services.reminder_settings.children(flow.user.id)
    if not children:
        await flow.show(empty_screen(flow))
        return
    screen = None
    if len(children) > 1:
        screen = await open_child(flow, children, ReminderMenu(action="child", child=child_id))
    await flow.show(screen or await current(flow, children))


# ---- actions: each returns the screen to show, or None for a press that changes nothing ----

Action = Callable[[Flow, list[RemindedChild], ReminderMenu], Awaitable[Screen | None]]
Handler = Callable[[CallbackQuery, ReminderMenu, Flow], Awaitable[None]]


def find(children: Sequence[RemindedChild], child_id: int) -> RemindedChild | None:
    return next((child for child in children if child.id == child_id), None)


async def open_menu(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                    ) -> Screen | None:
    return await current(flow, children)


async def open_child(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                     ) -> Screen | None:
    child = find(children, data.child)
    if child is None:
        return None
    return await current(flow, children, child)


async def toggle_quiet(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                       ) -> Screen | None:
    on = await flow.services.reminder_settings.toggle_quiet(flow.user.id)
    flow.toast(flow.t("rset-saved-quiet-on" if on else "rset-saved-quiet-off"))
    return await current(flow, children)


async def switch_off(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                     ) -> Screen | None:
    await flow.services.reminder_settings.switch(flow.user.id, False)
    flow.toast(flow.t("rset-saved-off"))
    return await current(flow, children)


async def switch_on(flow: Flow, children: list[RemindedChild], data: ReminderMenu
                    ) -> Screen | None:
    await flow.services.reminder_settings.switch(flow.user.id, True)
    flow.toast(flow.t("rset-saved-on"))
    return await current(flow, children)


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
            await flow.show(empty_screen(flow))
            return
        screen = await action(flow, children, callback_data)
        if screen is None:
            flow.toast(flow.t("rset-stale"))
            screen = await current(flow, children)
        await flow.show(screen)

    handler.__name__ = handler.__qualname__ = action.__name__
    return handler


async def toggle_lead(query: CallbackQuery, callback_data: ReminderMenu, flow: Flow) -> None:
    """A lead time ticked or unticked for a child (as `pressed` would handle it): written,
    and the screen drawn from what the same trip to the database read after the write —
    the main screen with one child, the child's own with several."""
    toggled = await flow.services.reminder_settings.toggle_lead(
        flow.user.id, callback_data.child, callback_data.lead, now=flow.now)
    if not toggled.children:
        await flow.show(empty_screen(flow))
        return
    if toggled.after is None:
        flow.toast(flow.t("rset-stale"))
        await flow.show(await current(flow, toggled.children))
        return
    await flow.show(screen_of(flow, toggled.after))


def router() -> Router:
    r = Router(name="reminders")
    press = r.callback_query.register
    press(pressed(open_menu), ReminderMenu.filter(F.action == "open"))
    press(pressed(open_child), ReminderMenu.filter(F.action == "child"))
    press(toggle_lead, ReminderMenu.filter(F.action == "lead"))
    press(pressed(toggle_quiet), ReminderMenu.filter(F.action == "quiet"))
    press(pressed(switch_off), ReminderMenu.filter(F.action == "off"))
    press(pressed(switch_on), ReminderMenu.filter(F.action == "on"))
    press(pressed(unknown), ReminderMenu.filter())  # last: an action we never produced
    return r
