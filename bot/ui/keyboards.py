"""Keyboards: the screen type (a text and its buttons), the inline keyboard builder, paging
(the clamp every paged list uses, and the pager) and the way home. Handlers and services both
build screens with these."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import T
from bot.ui.callbacks import Nav

Screen = tuple[str, InlineKeyboardMarkup | None]

LABEL_LIMIT = 24  # Telegram shows more, but a phone's row of buttons does not
# what is left dangling at a cut: separators, and the dash or slash inside «Вт/Чт», «Анна-Мария»
DANGLING = " \t·•,;:–—-/|(«"


def button_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """A button's label of at most `limit` characters: a longer one is cut after the last
    whole word that fits, with «…» (mid-word only when its first word alone is too long)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    if text[limit - 1] != " " and " " in room:
        room = room[: room.rindex(" ")]
    return (room.rstrip(DANGLING) or text[: limit - 1]) + "…"


class Buttons:
    """An inline keyboard built row by row, with aiogram's builder API (`button`, `adjust`,
    `as_markup`) but without its deep copy of every button on each addition, which made
    building a ten-button screen the slowest part of answering."""

    def __init__(self) -> None:
        self._buttons: list[InlineKeyboardButton] = []
        self._sizes: tuple[int, ...] = (1,)

    def button(
        self, *, text: str, callback_data: CallbackData | str | None = None,
        url: str | None = None,
    ) -> None:
        data = callback_data.pack() if isinstance(callback_data, CallbackData) else callback_data
        self._buttons.append(InlineKeyboardButton(text=text, callback_data=data, url=url))

    def add(self, *buttons: InlineKeyboardButton) -> None:
        """Buttons made before (kept by a screen that makes the same ones again and again)."""
        self._buttons.extend(buttons)

    def adjust(self, *sizes: int) -> None:
        """Row sizes in order; the last one repeats for the remaining buttons."""
        self._sizes = tuple(size for size in sizes if size > 0) or (1,)

    def as_markup(self) -> InlineKeyboardMarkup:
        rows: list[list[InlineKeyboardButton]] = []
        start = 0
        for index in range(len(self._buttons)):
            if start >= len(self._buttons):
                break
            size = self._sizes[min(index, len(self._sizes) - 1)]
            rows.append(self._buttons[start : start + size])
            start += size
        return InlineKeyboardMarkup(inline_keyboard=rows)


def page_count(total: int, size: int) -> int:
    """How many pages `total` items fill, `size` to a page; an empty list still has one."""
    return max(1, -(-total // size))


def clamp_page(page: int, total: int, size: int) -> int:
    """A page that exists, to query and to show: a page from a forged or old button (below
    zero, past the end, as large as a button can carry) gives the nearest one. Every paged
    list clamps before it computes an offset, which SQLite would refuse past 2**63."""
    return min(max(page, 0), page_count(total, size) - 1)


def page_number(text: str) -> int:
    """A page carried as text in a button's value (clamp it before use); 0 if not digits."""
    return int(text) if text.isascii() and text.isdigit() else 0


def pager(
    builder: Buttons, t: T, page: int, total: int, to_page: Callable[[int], CallbackData]
) -> int:
    """◀️/▶️ buttons to the neighbouring pages; returns how many were added (a row's size)."""
    added = 0
    if page > 0:
        builder.button(text=t("btn-prev"), callback_data=to_page(page - 1))
        added += 1
    if page < total - 1:
        builder.button(text=t("btn-next"), callback_data=to_page(page + 1))
        added += 1
    return added


def home_button(builder: Buttons, t: T) -> None:
    builder.button(text=t("btn-home"), callback_data=Nav(to="home"))


class ScreenCache:
    """Screens that depend only on their key and on the reader's texts, language and voice,
    rendered once: the catalogue and the quiz do not change while the bot runs, and browsing
    them is most of what people do. Bounded: past `size` screens it starts afresh."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._screens: dict[tuple[object, ...], Screen] = {}

    def get(self, t: T, key: tuple[object, ...], render: Callable[[], Screen]) -> Screen:
        full_key = (*key, *t.reader)
        screen = self._screens.get(full_key)
        if screen is None:
            if len(self._screens) >= self.size:
                self._screens.clear()
            screen = self._screens[full_key] = render()
        return screen



def onward_screen(t: T, text: str, label: str, data: CallbackData) -> Screen:
    """A message that ends a step: one way on (`label`, a text key) and home."""
    builder = Buttons()
    builder.button(text=t(label), callback_data=data)
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()
