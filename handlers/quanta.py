"""The catalogue of quanta: pages of buttons and a card per quantum."""

from __future__ import annotations

import math

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services.catalogue import Catalogue, Quantum
from bot.ui.callbacks import CataloguePage, Nav, QuantumCard, QuantumTimetable, SignupStart
from bot.ui.keyboards import Buttons, Screen, ScreenCache, home_button, pager
from handlers import fallback
from handlers.common import send, show
from storage.users import User

PAGE_SIZE = 8  # four rows of two


def pages(catalogue: Catalogue) -> int:
    return max(1, math.ceil(len(catalogue.quanta) / PAGE_SIZE))


# the catalogue does not change while the bot runs: each screen is rendered once
screens = ScreenCache()


def catalogue_screen(t: T, catalogue: Catalogue, page: int = 0) -> Screen:
    total = pages(catalogue)
    page = min(max(page, 0), total - 1)
    key = ("catalogue", id(catalogue), page)
    return screens.get(t, key, lambda: render_catalogue(t, catalogue, page, total))


def render_catalogue(t: T, catalogue: Catalogue, page: int, total: int) -> Screen:
    builder = Buttons()
    chunk = catalogue.quanta[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    for quantum in chunk:
        builder.button(
            text=quantum.title(t.locale),
            callback_data=QuantumCard(code=quantum.code, back=f"c{page}"),
        )
    sizes = [2] * math.ceil(len(chunk) / 2)
    nav = pager(builder, t, page, total, lambda n: CataloguePage(page=n))
    if nav:
        sizes.append(nav)
    home_button(builder, t)
    sizes.append(1)
    builder.adjust(*sizes)
    text = t("catalogue-title", count=len(catalogue.quanta), page=page + 1, pages=total)
    return text, builder.as_markup()


def card_text(t: T, quantum: Quantum) -> str:
    text = quantum.text(t.locale)
    lines = [
        f"<b>{quantum.title(t.locale)}</b>",
        f"<i>{html.quote(text.short)}</i>",
        "",
        html.quote(text.description_for(t.defaults.get("you", "vy"))),
        "",
        f"<b>{t('card-activities')}</b>",
        *(f"• {html.quote(item)}" for item in text.activities),
        "",
        f"<b>{t('card-projects')}</b>",
        *(f"• {html.quote(item)}" for item in text.projects),
        "",
        t("card-age", min=quantum.age_min, max=quantum.age_max),
    ]
    return "\n".join(lines)


def card_screen(t: T, quantum: Quantum, *, back: str) -> Screen:
    return screens.get(t, ("card", id(quantum), back), lambda: render_card(t, quantum, back))


def render_card(t: T, quantum: Quantum, back: str) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-signup"), callback_data=SignupStart(code=quantum.code))
    builder.button(text=t("btn-tt-quantum"), callback_data=QuantumTimetable(code=quantum.code))
    if back == "r":
        builder.button(text=t("btn-back-result"), callback_data=Nav(to="result"))
    else:
        page = int(back[1:]) if back[1:].isdigit() else 0
        builder.button(text=t("btn-back-catalogue"), callback_data=CataloguePage(page=page))
    home_button(builder, t)
    builder.adjust(2)
    return card_text(t, quantum), builder.as_markup()


async def catalogue_command(message: Message, t: T, catalogue: Catalogue) -> None:
    await send(message, catalogue_screen(t, catalogue))


async def open_catalogue(query: CallbackQuery, t: T, catalogue: Catalogue) -> None:
    await show(query, catalogue_screen(t, catalogue))


async def open_page(
    query: CallbackQuery, callback_data: CataloguePage, t: T, catalogue: Catalogue
) -> None:
    await show(query, catalogue_screen(t, catalogue, callback_data.page))


async def open_card(
    query: CallbackQuery, callback_data: QuantumCard, t: T, user: User, catalogue: Catalogue,
    callback_answer: CallbackAnswer,
) -> None:
    quantum = catalogue.get(callback_data.code)
    if quantum is None:  # removed from the catalogue since, or forged
        await fallback.stale_button(query, t, user, callback_answer)
        return
    await show(query, card_screen(t, quantum, back=callback_data.back))


def router() -> Router:
    r = Router(name="quanta")
    r.message.register(catalogue_command, Command("quanta"))
    r.callback_query.register(open_catalogue, Nav.filter(F.to == "catalogue"))
    r.callback_query.register(open_page, CataloguePage.filter())
    r.callback_query.register(open_card, QuantumCard.filter())
    return r
