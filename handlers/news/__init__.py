"""«📰 Новости» and /news: the feed of project news, a post in full, partners' projects,
subscriptions to a quantum's news.

The feed pages through the published posts, newest first, editing its message in place; a
page number past the end (forged, or from before posts were taken down) shows the last page.
A post opens as a new message — it may be a photo, and a text message cannot become one —
with the way back to the page it came from. Everything read for these screens comes through
NewsViews, so browsing costs no database read while the news stands.

screens: what is shown; subscriptions: the «🔔» toggles and the settings' list; this module:
the handlers, which read and hand over to the screens.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, MaybeInaccessibleMessage, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue, Quantum
from bot.services.news_views import NewsViews
from bot.settings import Settings
from bot.ui.callbacks import (
    Nav,
    NewsFeed,
    NewsFilter,
    NewsPost,
    NewsSubscribe,
    PartnerPage,
    Partners,
)
from bot.ui.keyboards import Screen, clamp_page
from handlers import fallback
from handlers.common import send, show
from handlers.news import screens, subscriptions
from storage.news import Post
from storage.users import User

SHARED_PREFIX = "news_"  # /start news_<id>: a post shared by link


def voice_of(t: T) -> str:
    return str(t.defaults.get("you", "vy"))


def with_note(screen: Screen, note: str) -> Screen:
    text, markup = screen
    return f"{note}\n\n{text}", markup


async def feed_page(t: T, views: NewsViews, catalogue: Catalogue, settings: Settings,
                    page: int = 0, quantum: Quantum | None = None) -> Screen:
    """A page of the feed, the nearest that exists, as remembered."""
    code = quantum.code if quantum else None
    page = clamp_page(page, await views.count(quantum=code), screens.PAGE_SIZE)

    async def make() -> Screen:
        found = await views.page(page * screens.PAGE_SIZE, screens.PAGE_SIZE, quantum=code)
        return screens.feed_screen(t, found, page, quantum, catalogue, settings.zone)

    return await views.screen(("feed", code, page, t.locale, voice_of(t)), make)


async def partner_page(t: T, views: NewsViews, catalogue: Catalogue, settings: Settings,
                       partner_id: int, page: int) -> Screen | None:
    """A partner's page, or None when there is no such partner."""
    partner = await views.partner(partner_id)
    if partner is None:
        return None
    page = clamp_page(page, await views.count(partner=partner_id), screens.PAGE_SIZE)

    async def make() -> Screen:
        found = await views.page(page * screens.PAGE_SIZE, screens.PAGE_SIZE,
                                 partner=partner_id)
        listed = [p for p in await views.partners() if p.posts]
        index = next((i for i, p in enumerate(listed) if p.id == partner_id), 0)
        return screens.partner_screen(t, partner, found, page, index // screens.CHOICES_PAGE,
                                      catalogue, settings.zone)

    return await views.screen(("partner", partner_id, page, t.locale, voice_of(t)), make)


async def partners_page(t: T, views: NewsViews, page: int) -> Screen:
    async def make() -> Screen:
        listed = [p for p in await views.partners() if p.posts]
        return screens.partners_screen(
            t, listed, clamp_page(page, len(listed), screens.CHOICES_PAGE))

    return await views.screen(("partners", page, t.locale, voice_of(t)), make)


NOTICE_PREFIXES = (f"{NewsFeed.__prefix__}:", f"{NewsSubscribe.__prefix__}:")


def is_notice(message: MaybeInaccessibleMessage | None) -> bool:
    """A new post's notification: its buttons lead only to the feed and its toggle (every
    screen has other buttons, such as «🏠 Меню»)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    prefixes = NOTICE_PREFIXES
    return all((button.callback_data or "").startswith(prefixes)
               for row in message.reply_markup.inline_keyboard for button in row)


# ---- the feed ------------------------------------------------------------------------------


async def news_command(message: Message, t: T, news_views: NewsViews, catalogue: Catalogue,
                       settings: Settings) -> None:
    await send(message, await feed_page(t, news_views, catalogue, settings))


async def open_feed(
    query: CallbackQuery, callback_data: NewsFeed, t: T, user: User, news_views: NewsViews,
    catalogue: Catalogue, settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    quantum = catalogue.get(callback_data.quantum) if callback_data.quantum else None
    if callback_data.quantum and quantum is None:  # forged, or gone from the catalogue
        await fallback.stale_button(query, t, user, callback_answer)
        return
    screen = await feed_page(t, news_views, catalogue, settings, callback_data.page, quantum)
    if is_notice(query.message):
        await send(query, screen)  # the notification stays as it came
    else:
        await show(query, screen)


async def open_filter(query: CallbackQuery, callback_data: NewsFilter, t: T,
                      news_views: NewsViews, catalogue: Catalogue) -> None:
    """The quanta that have posts (those still in the catalogue), in the catalogue's order."""
    async def make() -> Screen:
        having = {code for code, _ in await news_views.quanta_with_posts()}
        quanta = [q for q in catalogue.quanta if q.code in having]
        page = clamp_page(callback_data.page, len(quanta), screens.CHOICES_PAGE)
        return screens.filter_screen(t, quanta, page)

    await show(query, await news_views.screen(
        ("filter", callback_data.page, t.locale, voice_of(t)), make))


async def open_partners(query: CallbackQuery, callback_data: Partners, t: T,
                        news_views: NewsViews) -> None:
    await show(query, await partners_page(t, news_views, callback_data.page))


async def open_partner(
    query: CallbackQuery, callback_data: PartnerPage, t: T, news_views: NewsViews,
    catalogue: Catalogue, settings: Settings, callback_answer: CallbackAnswer,
) -> None:
    screen = await partner_page(t, news_views, catalogue, settings, callback_data.id,
                                callback_data.page)
    if screen is None:  # forged, or removed since
        callback_answer.text = t("news-partner-gone")
        screen = with_note(await partners_page(t, news_views, 0), t("news-partner-gone"))
    await show(query, screen)


# ---- a post in full -----------------------------------------------------------------------


async def send_post(
    bot: Bot, t: T, user: User, post: Post, came_from: NewsPost, views: NewsViews,
    catalogue: Catalogue, settings: Settings,
) -> None:
    """The post as a new message (a photo with its caption, or a text) with its buttons."""
    following = None
    if post.quantum_code and catalogue.get(post.quantum_code) is not None:
        today = dates.today(settings.zone)
        following = (await views.following(user.id, today)).get(post.quantum_code, False)
    link = await create_start_link(bot, f"{SHARED_PREFIX}{post.id}")
    view, (text, markup) = screens.post_screen(t, post, came_from, catalogue, settings.zone,
                                               following=following, link=link)
    if view.photo:
        await bot.send_photo(user.id, view.photo, caption=text, reply_markup=markup)
    else:
        await bot.send_message(user.id, text, reply_markup=markup)


async def open_post(
    query: CallbackQuery, callback_data: NewsPost, t: T, user: User,
    news_views: NewsViews, catalogue: Catalogue, settings: Settings, bot: Bot,
    callback_answer: CallbackAnswer,
) -> None:
    quantum = catalogue.get(callback_data.quantum) if callback_data.quantum else None
    came_from = callback_data.model_copy(update={"quantum": quantum.code if quantum else ""})
    post = await news_views.post(callback_data.id)
    if post is not None:
        await send_post(bot, t, user, post, came_from, news_views, catalogue, settings)
        return
    # taken out of the feed since (or forged): back where it was listed, saying so
    callback_answer.text = t("news-post-gone")
    screen = None
    if came_from.partner:
        screen = await partner_page(t, news_views, catalogue, settings, came_from.partner,
                                    came_from.page)
    if screen is None:
        screen = await feed_page(t, news_views, catalogue, settings, came_from.page, quantum)
    await show(query, with_note(screen, t("news-post-gone")))


async def open_shared(
    message: Message, payload: str, t: T, user: User, views: NewsViews, catalogue: Catalogue,
    settings: Settings,
) -> None:
    """/start news_<id>: the post, or — unknown, not published — the feed, saying so."""
    number = payload.removeprefix(SHARED_PREFIX)
    post = None
    if number.isascii() and number.isdigit() and len(number) <= 18:
        post = await views.post(int(number))
    if post is None or message.bot is None:
        screen = await feed_page(t, views, catalogue, settings)
        await send(message, with_note(screen, t("news-post-gone")))
        return
    await send_post(message.bot, t, user, post, NewsPost(id=post.id), views, catalogue,
                    settings)


def router() -> Router:
    r = Router(name="news")
    r.message.register(news_command, Command("news"))
    r.callback_query.register(open_feed, NewsFeed.filter())
    r.callback_query.register(open_post, NewsPost.filter())
    r.callback_query.register(open_filter, NewsFilter.filter())
    r.callback_query.register(open_partners, Partners.filter())
    r.callback_query.register(open_partner, PartnerPage.filter())
    r.callback_query.register(subscriptions.toggle, NewsSubscribe.filter())
    r.callback_query.register(subscriptions.settings_list, Nav.filter(F.to == "subscriptions"))
    return r
