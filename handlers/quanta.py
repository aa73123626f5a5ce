"""The catalogue of quanta: pages of buttons and a card per quantum.

A card opened from the catalogue or the quiz also shows the quantum's latest news (titles as
buttons opening the posts) and the «🔔 Новости квантума» toggle; those change with the news
and the reader, so that card is remembered by NewsViews rather than rendered once. Below them
come the quantum's next events (remembered by EventViews until they change or the first
starts), each a button opening the event's card."""

from __future__ import annotations

import math
from collections.abc import Sequence

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue, Quantum
from bot.services.news_views import NewsViews
from bot.settings import Settings
from bot.ui.callbacks import (
    CataloguePage,
    Nav,
    NewsPost,
    QuantumCard,
    QuantumTimetable,
    SignupStart,
)
from bot.ui.callbacks_events import EventOpen
from bot.ui.keyboards import (
    Buttons,
    Screen,
    ScreenCache,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers import fallback
from handlers.flow import Flow
from handlers.news import screens as news_screens
from storage.events import Event
from storage.news import Post
from storage.users import User

PAGE_SIZE = 8  # four rows of two
LATEST = 3  # the newest posts of a quantum on its card
EVENTS = 3  # the quantum's coming events on its card


def pages(catalogue: Catalogue) -> int:
    return page_count(len(catalogue.quanta), PAGE_SIZE)


# the catalogue does not change while the bot runs: each screen is rendered once
screens = ScreenCache()


def catalogue_screen(t: T, catalogue: Catalogue, page: int = 0) -> Screen:
    total = pages(catalogue)
    page = clamp_page(page, len(catalogue.quanta), PAGE_SIZE)
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
    """The card without its news (a deep link from a poster)."""
    return screens.get(t, ("card", id(quantum), back), lambda: render_card(t, quantum, back))


async def card_with_news(
    t: T, user: User, quantum: Quantum, back: str, views: NewsViews, settings: Settings,
) -> Screen:
    """The card with the quantum's latest posts and the reader's news toggle."""
    today = dates.today(settings.zone)
    following = (await views.following(user.id, today)).get(quantum.code, False)

    async def make() -> Screen:
        latest = await views.page(0, LATEST, quantum=quantum.code)
        return render_card(t, quantum, back, latest.posts, following, settings)

    voice = t.defaults.get("you", "vy")
    return await views.screen(("card", quantum.code, back, t.locale, voice, following), make)


async def card_for(flow: Flow, quantum: Quantum, back: str) -> Screen:
    """The card as every way to it shows it: the news part and the coming events."""
    services = flow.services
    events = await services.event_booking.views.for_quantum(quantum.code, flow.now, EVENTS)
    screen = await card_with_news(flow.t, flow.user, quantum, back, services.news_views,
                                  flow.settings)
    return with_events(flow.t, screen, events, flow.settings)


def with_events(t: T, screen: Screen, events: Sequence[Event], settings: Settings) -> Screen:
    """The card with its coming events added: a line each (title, when) and a button each,
    above the way back. The card itself stays as remembered."""
    text, markup = screen
    if not events or not isinstance(markup, InlineKeyboardMarkup):
        return screen
    lines = ["", f"<b>{t('card-events')}</b>"]
    buttons = []
    for event in events:
        title = event.title(t.locale)
        when = dates.weekday_and_time(event.starts_at, settings.zone, t.locale)
        lines.append(f"• {html.quote(title)} — {html.quote(when)}")
        buttons.append([InlineKeyboardButton(
            text=button_label(f"🎪 {title}"),
            callback_data=EventOpen(event=event.id).pack())])
    rows = markup.inline_keyboard
    keyboard = [*rows[:-1], *buttons, *rows[-1:]]
    return "\n".join([text, *lines]), InlineKeyboardMarkup(inline_keyboard=keyboard)


def news_lines(t: T, posts: Sequence[Post], settings: Settings) -> list[str]:
    lines = ["", f"<b>{t('card-news')}</b>"]
    for post in posts:
        day = news_screens.day_of(post, settings.zone)
        when = f" — {dates.short_date(day, t.locale)}" if day else ""
        lines.append(f"• {html.quote(post.title)}{when}")
    return lines


def render_card(t: T, quantum: Quantum, back: str, latest: Sequence[Post] = (),
                following: bool | None = None, settings: Settings | None = None) -> Screen:
    """The card; with `following` given, its news part too (`latest`, the toggle)."""
    text = card_text(t, quantum)
    builder = Buttons()
    builder.button(text=t("btn-signup"), callback_data=SignupStart(code=quantum.code))
    builder.button(text=t("btn-tt-quantum"), callback_data=QuantumTimetable(code=quantum.code))
    sizes = [2]
    if latest and settings is not None:
        text = "\n".join([text, *news_lines(t, latest, settings)])
        for post in latest:
            builder.button(text=button_label(f"📰 {post.title}"),
                           callback_data=NewsPost(id=post.id, quantum=quantum.code))
            sizes.append(1)
    if following is not None:
        label, data = news_screens.follow_button(t, quantum.code, following, "card")
        builder.button(text=label, callback_data=data)
        sizes.append(1)
    if back == "r":
        builder.button(text=t("btn-back-result"), callback_data=Nav(to="result"))
    else:
        page = int(back[1:]) if back[1:].isdigit() and len(back) <= 7 else 0
        builder.button(text=t("btn-back-catalogue"), callback_data=CataloguePage(page=page))
    home_button(builder, t)
    builder.adjust(*sizes, 2)
    return text, builder.as_markup()


async def open_catalogue(event: Message | CallbackQuery, flow: Flow) -> None:
    """/quanta and «Квантумы»."""
    await flow.show(catalogue_screen(flow.t, flow.catalogue))


async def open_page(query: CallbackQuery, callback_data: CataloguePage, flow: Flow) -> None:
    await flow.show(catalogue_screen(flow.t, flow.catalogue, callback_data.page))


async def open_card(query: CallbackQuery, callback_data: QuantumCard, flow: Flow) -> None:
    quantum = flow.catalogue.get(callback_data.code)
    if quantum is None:  # removed from the catalogue since, or forged
        await fallback.stale(flow)
        return
    await flow.show(await card_for(flow, quantum, callback_data.back))


def router() -> Router:
    r = Router(name="quanta")
    r.message.register(open_catalogue, Command("quanta"))
    r.callback_query.register(open_catalogue, Nav.filter(F.to == "catalogue"))
    r.callback_query.register(open_page, CataloguePage.filter())
    r.callback_query.register(open_card, QuantumCard.filter())
    return r
