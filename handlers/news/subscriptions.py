"""«🔔 Новости квантума»: following a quantum's news or not, from its card, a post, a news
notification, or «⚙️ Настройки → 📰 Подписки на новости».

A toggle changes only its own button: the message it is on (a card, a post, a notification
whose text stays as it was sent) keeps everything else. In the settings the list is redrawn.
A quantum that is not in the catalogue (a forged or old button) writes nothing.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui.callbacks import NewsSubscribe
from bot.ui.keyboards import Screen
from handlers import fallback
from handlers.common import show
from handlers.news import screens
from storage.news import NewsRepo
from storage.users import User

# where a toggle can be: a quantum's card, a post opened in full, a news notification, the
# settings' list
PLACES = frozenset({"card", "post", "note", "settings"})


def toggle_button(t: T, code: str, on: bool, back: str) -> InlineKeyboardButton:
    """The toggle after the choice `on` was made, in the place `back`."""
    if back == "note":
        # a notification: «stop» (as sent), or after stopping «send them again»
        label = t("btn-news-unsubscribe" if on else "btn-news-resume")
        data = NewsSubscribe(quantum=code, on=not on, back=back)
    else:
        label, data = screens.follow_button(t, code, on, back)
    return InlineKeyboardButton(text=label, callback_data=data.pack())


def is_toggle_of(button: InlineKeyboardButton, code: str) -> bool:
    data = button.callback_data or ""
    if not data.startswith(f"{NewsSubscribe.__prefix__}:"):
        return False
    try:
        return NewsSubscribe.unpack(data).quantum == code
    except (TypeError, ValueError):
        return False


def swapped(markup: InlineKeyboardMarkup | None, code: str, button: InlineKeyboardButton
            ) -> InlineKeyboardMarkup | None:
    """The keyboard with the toggle of `code` replaced by `button`; None if it has none."""
    if markup is None:
        return None
    found = False
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        new_row = []
        for old in row:
            if is_toggle_of(old, code):
                new_row.append(button)
                found = True
            else:
                new_row.append(old)
        rows.append(new_row)
    return InlineKeyboardMarkup(inline_keyboard=rows) if found else None


async def toggle(
    query: CallbackQuery, callback_data: NewsSubscribe, t: T, user: User, news: NewsRepo,
    catalogue: Catalogue, settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    quantum = catalogue.get(callback_data.quantum)
    if quantum is None or callback_data.back not in PLACES:
        await fallback.stale_button(query, t, user, callback_answer)
        return
    on = callback_data.on
    await news.subscribe(user.id, quantum.code, on)
    callback_answer.text = t("news-followed" if on else "news-unfollowed")
    if callback_data.back == "settings":
        await show(query, await settings_screen(t, user, news, catalogue, settings))
        return
    message = query.message
    if not isinstance(message, Message):
        return  # too old to change: the toast says what was done
    markup = swapped(message.reply_markup, quantum.code,
                     toggle_button(t, quantum.code, on, callback_data.back))
    if markup is None:
        return
    try:
        await message.edit_reply_markup(reply_markup=markup)
    except TelegramBadRequest as exc:  # pressed twice: already as it should be
        if "not modified" not in exc.message:
            raise


async def settings_screen(t: T, user: User, news: NewsRepo, catalogue: Catalogue,
                          settings: Settings) -> Screen:
    following = await news.following(user.id, dates.today(settings.zone))
    return screens.subscriptions_screen(t, following, catalogue)


async def settings_list(query: CallbackQuery, t: T, user: User, news: NewsRepo,
                        catalogue: Catalogue, settings: Settings) -> None:
    """«⚙️ Настройки → 📰 Подписки на новости»."""
    await show(query, await settings_screen(t, user, news, catalogue, settings))
