"""«🔔 Новости квантума»: following a quantum's news or not, from its card, a post, a news
notification, or «⚙️ Настройки → 📰 Подписки на новости».

A toggle changes only its own button: the message it is on (a card, a post, a notification
whose text stays as it was sent) keeps everything else. In the settings the list is redrawn.
A quantum that is not in the catalogue (a forged or old button) writes nothing.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import T
from bot.ui.callbacks import NewsSubscribe
from bot.ui.keyboards import Screen
from handlers.flow import Flow
from handlers.news import screens
from handlers.news.feed import stale_button

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


async def toggle(query: CallbackQuery, callback_data: NewsSubscribe, flow: Flow) -> None:
    quantum = flow.catalogue.get(callback_data.quantum)
    if quantum is None or callback_data.back not in PLACES:
        await stale_button(query, flow)
        return
    on = callback_data.on
    await flow.services.news.subscribe(flow.user.id, quantum.code, on)
    flow.toast(flow.t("news-followed" if on else "news-unfollowed"))
    if callback_data.back == "settings":
        await flow.show(await settings_screen(flow))
        return
    message = query.message
    if not isinstance(message, Message):
        return  # too old to change: the toast says what was done
    markup = swapped(message.reply_markup, quantum.code,
                     toggle_button(flow.t, quantum.code, on, callback_data.back))
    if markup is None:
        return
    try:
        await message.edit_reply_markup(reply_markup=markup)
    except TelegramBadRequest as exc:  # pressed twice: already as it should be
        if "not modified" not in exc.message:
            raise


async def settings_screen(flow: Flow) -> Screen:
    following = await flow.services.news.following(flow.user.id, flow.today)
    return screens.subscriptions_screen(flow.t, following, flow.catalogue)


async def settings_list(query: CallbackQuery, flow: Flow) -> None:
    """«⚙️ Настройки → 📰 Подписки на новости»."""
    await flow.show(await settings_screen(flow))
