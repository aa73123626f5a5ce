"""Welcome, deep links, the main menu, the family capacity and language, help, cancel."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T, Texts, voice
from bot.services.catalogue import Catalogue
from bot.services.news_views import NewsViews
from bot.services.telegram_text import TELEGRAM_ALERT, shorten
from bot.settings import Settings
from bot.ui.callbacks import LangChoice, Nav, PosterSwitch, RoleChoice
from bot.ui.keyboards import Buttons, home_button
from handlers import family, poster, quanta, quiz
from handlers import news as news_handlers
from handlers.common import send, show
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
from storage.users import FAMILY_ROLES, User, UserRepo


async def start(
    message: Message, command: CommandObject, state: FSMContext, t: T, user: User,
    catalogue: Catalogue, users: UserRepo, flow: Flow, news_views: NewsViews,
    settings: Settings, texts: Texts, first_contact: bool = False,
) -> None:
    """/start, with an optional deep-link payload from a poster or QR code."""
    await state.clear()
    payload = (command.args or "").strip()
    if payload.startswith("q_"):
        quantum = catalogue.get(payload.removeprefix("q_"))
        if quantum is not None:
            pupil = await poster.as_pupil(user, users, texts)
            user, t = pupil or (user, t)
            screen = await quanta.card_with_news(t, user, quantum, "c0", news_views, settings)
            await send(message, poster.with_switch(t, screen, payload) if pupil else screen)
            return
    if payload.startswith(news_handlers.SHARED_PREFIX):
        await news_handlers.open_shared(message, payload, t, user, news_views, catalogue,
                                        settings)
        return
    if payload == "quiz":
        pupil = await poster.as_pupil(user, users, texts)
        user, t = pupil or (user, t)
        await quiz.begin(message, state, t,
                         decorate=(lambda s: poster.with_switch(t, s, "quiz")) if pupil else None)
        return
    if payload.startswith("fam_") and len(payload) > 4:
        await family.join_family(message, payload[4:], flow)
        return
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


async def choose_role(
    query: CallbackQuery, callback_data: RoleChoice, t: T, user: User, users: UserRepo,
    flow: Flow, texts: Texts, callback_answer: CallbackAnswer,
) -> None:
    """Pupil or parent: the voice and the family screens. Staff capacity is not chosen here,
    and inside a family the place held there decides: a pupil's own account does not become a
    parent by pressing a button (a parent consents and may erase the family)."""
    role = next((r for r in FAMILY_ROLES if r == callback_data.role), None)
    if role is None:
        await show(query, home_screen(t, user))  # a forged value changes nothing
        return
    member = await flow.services.families.member(user.id)
    held = None if member is None else ("pupil" if member[1] == "child" else "parent")
    if held is not None and held != role:
        note = t("role-held", held=held)
        callback_answer.text = shorten(note, TELEGRAM_ALERT)
        await show(query, home_screen(t, user, note=note))
        return
    updated = await users.set_family_role(user.id, role) or user
    t = texts.bind(updated.language, you=voice(updated.family_role))
    callback_answer.text = t("role-saved")
    await show(query, home_screen(t, updated, note=t("role-saved")))


async def choose_language(
    query: CallbackQuery, callback_data: LangChoice, user: User, users: UserRepo,
    texts: Texts, callback_answer: CallbackAnswer,
) -> None:
    code = callback_data.code if callback_data.code in LANGUAGES else user.language
    updated = await users.set_language(user.id, code) or user
    t = texts.bind(updated.language, you=voice(updated.family_role))
    callback_answer.text = t("language-saved")
    await show(query, home_screen(t, updated, note=t("language-saved")))


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
