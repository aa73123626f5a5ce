"""Children scan posters: someone who has not said who they are and comes by a poster's link
(`?start=q_…`, `?start=quiz`) is taken for a pupil, spoken to as «ты», and the screen they came
for carries a one-tap «👪 Я родитель» that switches to the parent's voice and shows the same
screen again."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import T
from bot.ui.callbacks import PosterSwitch
from bot.ui.keyboards import Screen
from handlers import quanta, quiz
from handlers.flow import Flow
from handlers.menu import home_screen


async def as_pupil(flow: Flow) -> bool:
    """A newcomer by a poster's link becomes a pupil, spoken to as one from now (True); False
    if they had said who they are (or are staff, who are nobody's pupil by default)."""
    user = flow.user
    if user.family_role is not None or user.is_staff:
        return False
    flow.speak_as(await flow.services.families.set_role(user.id, "pupil") or user)
    return True


def with_switch(t: T, screen: Screen, then: str) -> Screen:
    """The screen, its title first, with a line at the end saying «ты» and a row to switch
    to the parent's voice (a new markup: cached screens are shared)."""
    text, markup = screen
    rows = list(markup.inline_keyboard) if isinstance(markup, InlineKeyboardMarkup) else []
    switch = InlineKeyboardButton(text=t("btn-i-am-parent"),
                                  callback_data=PosterSwitch(then=then).pack())
    return (f"{text}\n\n{t('poster-voice')}",
            InlineKeyboardMarkup(inline_keyboard=[*rows, [switch]]))


async def switch_to_parent(query: CallbackQuery, callback_data: PosterSwitch, flow: Flow) -> None:
    """«👪 Я родитель» under a poster's screen: the parent's voice, the same screen again. Only
    someone still a pupil by default may: a pupil's account in a family stays a pupil."""
    user, families = flow.user, flow.services.families
    if user.family_role == "pupil" and await families.member(user.id) is None:
        user = await families.set_role(user.id, "parent") or user
    flow.speak_as(user)
    t = flow.t
    quantum = flow.catalogue.get(callback_data.then.removeprefix("q_"))
    if callback_data.then == "quiz":
        await quiz.begin(query, t)
    elif callback_data.then.startswith("q_") and quantum is not None:
        await flow.show(await quanta.card_for(flow, quantum, "c0"))
    else:
        await flow.show(home_screen(t, user, note=t("role-saved")))
