"""Children scan posters: someone who has not said who they are and comes by a poster's link
(`?start=q_…`, `?start=quiz`) is taken for a pupil, spoken to as «ты», and the screen they came
for carries a one-tap «👪 Я родитель» that switches to the parent's voice and shows the same
screen again."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import T, Texts, voice
from bot.services.catalogue import Catalogue
from bot.services.news_views import NewsViews
from bot.settings import Settings
from bot.ui.callbacks import PosterSwitch
from bot.ui.keyboards import Screen
from handlers import quanta, quiz
from handlers.common import show
from handlers.menu import home_screen
from storage.families import FamilyRepo
from storage.users import User, UserRepo


async def as_pupil(user: User, users: UserRepo, texts: Texts) -> tuple[User, T] | None:
    """A newcomer by a poster's link becomes a pupil; None if they had said who they are (or
    are staff, who are nobody's pupil by default)."""
    if user.family_role is not None or user.is_staff:
        return None
    user = await users.set_family_role(user.id, "pupil") or user
    return user, texts.bind(user.language, you=voice(user.family_role))


def with_switch(t: T, screen: Screen, then: str) -> Screen:
    """The screen, its title first, with a line at the end saying «ты» and a row to switch
    to the parent's voice (a new markup: cached screens are shared)."""
    text, markup = screen
    rows = list(markup.inline_keyboard) if isinstance(markup, InlineKeyboardMarkup) else []
    switch = InlineKeyboardButton(text=t("btn-i-am-parent"),
                                  callback_data=PosterSwitch(then=then).pack())
    return (f"{text}\n\n{t('poster-voice')}",
            InlineKeyboardMarkup(inline_keyboard=[*rows, [switch]]))


async def switch_to_parent(
    query: CallbackQuery, callback_data: PosterSwitch, state: FSMContext, user: User,
    users: UserRepo, families: FamilyRepo, texts: Texts, catalogue: Catalogue,
    news_views: NewsViews, settings: Settings,
) -> None:
    """«👪 Я родитель» under a poster's screen: the parent's voice, the same screen again. Only
    someone still a pupil by default may: a pupil's account in a family stays a pupil."""
    if user.family_role == "pupil" and await families.member(user.id) is None:
        user = await users.set_family_role(user.id, "parent") or user
    t = texts.bind(user.language, you=voice(user.family_role))
    quantum = catalogue.get(callback_data.then.removeprefix("q_"))
    if callback_data.then == "quiz":
        await quiz.begin(query, state, t)
    elif callback_data.then.startswith("q_") and quantum is not None:
        await show(query, await quanta.card_with_news(t, user, quantum, "c0", news_views,
                                                      settings))
    else:
        await show(query, home_screen(t, user, note=t("role-saved")))
