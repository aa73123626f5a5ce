"""Welcome, deep links, the main menu, the family capacity and language, help, cancel."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.ui.callbacks import LangChoice, Nav, PosterSwitch, RoleChoice
from bot.ui.keyboards import Buttons, home_button
from handlers import events_door, family, poster, quanta, quiz
from handlers import news as news_handlers
from handlers.common import send, show
from handlers.events import cards as events
from handlers.flow import Flow
from handlers.menu import (
    LANGUAGES,
    desk_screen,
    home_screen,
    language_screen,
    role_screen,
    settings_screen,
)
from handlers.questions import AskStates
from handlers.staff.questions import AnswerStates
from storage.users import FAMILY_ROLES, User


async def start(
    message: Message, command: CommandObject, flow: Flow, first_contact: bool = False
) -> None:
    """/start, with an optional deep-link payload from a poster or QR code."""
    await flow.state.clear()
    payload = (command.args or "").strip()
    if payload.startswith("q_"):
        quantum = flow.catalogue.get(payload.removeprefix("q_"))
        if quantum is not None:
            pupil = await poster.as_pupil(flow)
            screen = await quanta.card_for(flow, quantum, "c0")
            await flow.send(poster.with_switch(flow.t, screen, payload) if pupil else screen)
            return
    if payload.startswith(news_handlers.SHARED_PREFIX):
        await news_handlers.open_shared(message, payload, flow)
        return
    if payload == "quiz":
        pupil = await poster.as_pupil(flow)
        t = flow.t
        await quiz.begin(message, t,
                         decorate=(lambda s: poster.with_switch(t, s, "quiz")) if pupil else None)
        return
    if payload.startswith("in_"):  # an event ticket's QR code
        await events_door.steps.open_link(message, payload[3:], flow)
        return
    if payload.startswith("ev_") and len(payload) > 3:
        await events.open_by_code(flow, payload[3:])
        return
    if payload.startswith("fam_") and len(payload) > 4:
        await family.join_family(message, payload[4:], flow)
        return
    t, user = flow.t, flow.user
    name = message.from_user.first_name if message.from_user else ""
    name = short_name(name)
    greeting = t(
        "welcome-new" if first_contact or (user.family_role is None and not user.is_staff)
        else "welcome-back",
        name=name, named="yes" if name else "no",
    )
    await send(message, home_screen(t, user, note=greeting))


def short_name(name: str) -> str:
    return html.quote(name.strip()[:32]) if name.strip() else ""


async def menu_command(message: Message, state: FSMContext, t: T, user: User) -> None:
    await state.clear()
    await send(message, home_screen(t, user))


async def help_command(message: Message, t: T, user: User) -> None:
    builder = Buttons()
    home_button(builder, t)
    text = t("help-text")
    if user.is_staff:
        text += "\n\n" + t("help-staff")
        if user.is_admin:
            text += "\n" + t("help-admin")
    await send(message, (text, builder.as_markup()))


async def language_command(message: Message, t: T) -> None:
    await send(message, language_screen(t))


async def cancel_command(message: Message, state: FSMContext, t: T, user: User) -> None:
    current = await state.get_state()
    await state.clear()
    note = t("cancel-done" if current else "cancel-nothing")
    await send(message, home_screen(t, user, note=note))


async def nav_home(
    query: CallbackQuery, state: FSMContext, t: T, user: User
) -> None:
    # a quiz, or a question being typed, ends on the way home (a half-filled form does not)
    if await state.get_state() in (*quiz.QuizStates.__state_names__,
                                   *AskStates.__state_names__, *AnswerStates.__state_names__):
        await state.clear()
    await show(query, home_screen(t, user))


async def nav_settings(query: CallbackQuery, t: T, user: User) -> None:
    await show(query, settings_screen(t, user))


async def nav_language(query: CallbackQuery, t: T) -> None:
    await show(query, language_screen(t))


async def nav_role(query: CallbackQuery, t: T) -> None:
    await show(query, role_screen(t))


async def nav_desk(query: CallbackQuery, t: T, user: User) -> None:
    """The work of staff, for a member of staff who is also a parent or a pupil."""
    await show(query, desk_screen(t, user) if user.is_staff else home_screen(t, user))


async def choose_role(query: CallbackQuery, callback_data: RoleChoice, flow: Flow) -> None:
    """Pupil or parent: the voice and the family screens. Staff capacity is not chosen here,
    and inside a family the place held there decides: a pupil's own account does not become a
    parent by pressing a button (a parent consents and may erase the family)."""
    t, user, families = flow.t, flow.user, flow.services.families
    role = next((r for r in FAMILY_ROLES if r == callback_data.role), None)
    if role is None:
        await flow.show(home_screen(t, user))  # a forged value changes nothing
        return
    member = await families.member(user.id)
    held = None if member is None else ("pupil" if member[1] == "child" else "parent")
    if held is not None and held != role:
        # the screen says it: a toast saying it again would be said twice
        await flow.show(home_screen(t, user, note=t("role-held", held=held)))
        return
    flow.speak_as(await families.set_role(user.id, role) or user)
    await flow.show(home_screen(flow.t, flow.user, note=flow.t("role-saved")))


async def choose_language(query: CallbackQuery, callback_data: LangChoice, flow: Flow) -> None:
    user = flow.user
    code = callback_data.code if callback_data.code in LANGUAGES else user.language
    flow.speak_as(await flow.services.families.set_language(user.id, code) or user)
    await flow.show(home_screen(flow.t, flow.user, note=flow.t("language-saved")))


def router() -> Router:
    r = Router(name="start")
    r.message.register(start, CommandStart())
    r.message.register(menu_command, Command("menu"))
    r.message.register(help_command, Command("help"))
    r.message.register(language_command, Command("language"))
    r.message.register(cancel_command, Command("cancel"))
    r.callback_query.register(nav_home, Nav.filter(F.to == "home"))
    r.callback_query.register(nav_settings, Nav.filter(F.to == "settings"))
    r.callback_query.register(nav_language, Nav.filter(F.to == "language"))
    r.callback_query.register(nav_role, Nav.filter(F.to == "role"))
    r.callback_query.register(nav_desk, Nav.filter(F.to == "desk"))
    r.callback_query.register(choose_role, RoleChoice.filter())
    r.callback_query.register(poster.switch_to_parent, PosterSwitch.filter())
    r.callback_query.register(choose_language, LangChoice.filter())
    return r
