"""The feed's handlers: /news and «📰 Новости» (one handler), its pages and the quantum
filter, the partners, a post in full and a post shared by link.

The feed pages through the published posts, newest first, editing its message in place; a
page number past the end (forged, or from before posts were taken down) shows the last page.
A post opens as a new message — it may be a photo, and a text message cannot become one —
with the way back to the page it came from. Everything read for these screens comes through
NewsViews, so browsing costs no database read while the news stands."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import CallbackQuery, MaybeInaccessibleMessage, Message
from aiogram.utils.deep_linking import create_start_link

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Quantum
from bot.services.news_views import NewsViews
from bot.ui.callbacks import NewsFeed, NewsFilter, NewsPost, NewsSubscribe, PartnerPage, Partners
from bot.ui.keyboards import Screen, clamp_page
from handlers import fallback
from handlers.common import send
from handlers.flow import Flow
from handlers.news import screens
from handlers.news.screens import Look
from storage.news import Post
from storage.users import User

SHARED_PREFIX = "news_"  # /start news_<id>: a post shared by link
NOTICE_PREFIXES = (f"{NewsFeed.__prefix__}:", f"{NewsSubscribe.__prefix__}:")


@dataclass(frozen=True, slots=True)
class Reading:
    """What showing the news to one person takes: how it looks to them, who they are, the
    news as remembered, and the bot (a post goes out as a new message, with its link)."""

    look: Look
    user: User
    views: NewsViews
    bot: Bot

    @classmethod
    def of(cls, flow: Flow) -> Reading:
        return cls(Look(flow.t, flow.catalogue, flow.zone), flow.user,
                   flow.services.news_views, flow.bot)

    @property
    def t(self) -> T:
        return self.look.t

    def key(self, *what: object) -> tuple[object, ...]:
        """A screen's key: what it shows, in this person's language and voice."""
        return (*what, self.t.locale, str(self.t.defaults.get("you", "vy")))


def with_note(screen: Screen, note: str) -> Screen:
    text, markup = screen
    return f"{note}\n\n{text}", markup


async def feed_page(r: Reading, page: int = 0, quantum: Quantum | None = None) -> Screen:
    """A page of the feed, the nearest that exists, as remembered."""
    code = quantum.code if quantum else None
    page = clamp_page(page, await r.views.count(quantum=code), screens.PAGE_SIZE)

    async def make() -> Screen:
        found = await r.views.page(page * screens.PAGE_SIZE, screens.PAGE_SIZE, quantum=code)
        return screens.feed_screen(r.look, found, page, quantum)

    return await r.views.screen(r.key("feed", code, page), make)


async def partner_page(r: Reading, partner_id: int, page: int) -> Screen | None:
    """A partner's page, or None when there is no such partner."""
    partner = await r.views.partner(partner_id)
    if partner is None:
        return None
    page = clamp_page(page, await r.views.count(partner=partner_id), screens.PAGE_SIZE)

    async def make() -> Screen:
        found = await r.views.page(page * screens.PAGE_SIZE, screens.PAGE_SIZE,
                                   partner=partner_id)
        listed = [p for p in await r.views.partners() if p.posts]
        index = next((i for i, p in enumerate(listed) if p.id == partner_id), 0)
        return screens.partner_screen(r.look, partner, found, page,
                                      index // screens.CHOICES_PAGE)

    return await r.views.screen(r.key("partner", partner_id, page), make)


async def partners_page(r: Reading, page: int) -> Screen:
    async def make() -> Screen:
        listed = [p for p in await r.views.partners() if p.posts]
        return screens.partners_screen(
            r.t, listed, clamp_page(page, len(listed), screens.CHOICES_PAGE))

    return await r.views.screen(r.key("partners", page), make)


def is_notice(message: MaybeInaccessibleMessage | None) -> bool:
    """A new post's notification: its buttons lead only to the feed and its toggle (every
    screen has other buttons, such as «🏠 Меню»)."""
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return all((button.callback_data or "").startswith(NOTICE_PREFIXES)
               for row in message.reply_markup.inline_keyboard for button in row)


async def stale_button(query: CallbackQuery, flow: Flow) -> None:
    """A forged button, or one of a quantum gone from the catalogue."""
    await fallback.stale_button(query, flow.t, flow.user)


# ---- the feed ------------------------------------------------------------------------------


async def feed(event: Message | CallbackQuery, flow: Flow,
               callback_data: NewsFeed | None = None) -> None:
    """/news (the first page) and the feed's buttons (a page, of one quantum if filtered)."""
    wanted = callback_data or NewsFeed()
    quantum = flow.catalogue.get(wanted.quantum) if wanted.quantum else None
    if isinstance(event, CallbackQuery) and wanted.quantum and quantum is None:
        await stale_button(event, flow)  # forged, or gone from the catalogue
        return
    screen = await feed_page(Reading.of(flow), wanted.page, quantum)
    if isinstance(event, CallbackQuery) and is_notice(event.message):
        await flow.send(screen)  # the notification stays as it came
    else:
        await flow.show(screen)


async def open_filter(query: CallbackQuery, callback_data: NewsFilter, flow: Flow) -> None:
    """The quanta that have posts (those still in the catalogue), in the catalogue's order."""
    r = Reading.of(flow)

    async def make() -> Screen:
        having = {code for code, _ in await r.views.quanta_with_posts()}
        quanta = [q for q in flow.catalogue.quanta if q.code in having]
        page = clamp_page(callback_data.page, len(quanta), screens.CHOICES_PAGE)
        return screens.filter_screen(r.t, quanta, page)

    await flow.show(await r.views.screen(r.key("filter", callback_data.page), make))


async def open_partners(query: CallbackQuery, callback_data: Partners, flow: Flow) -> None:
    await flow.show(await partners_page(Reading.of(flow), callback_data.page))


async def open_partner(query: CallbackQuery, callback_data: PartnerPage, flow: Flow) -> None:
    r = Reading.of(flow)
    screen = await partner_page(r, callback_data.id, callback_data.page)
    if screen is None:  # forged, or removed since
        screen = with_note(await partners_page(r, 0), flow.t("news-partner-gone"))
    await flow.show(screen)


# ---- a post in full -----------------------------------------------------------------------


async def send_post(r: Reading, post: Post, came_from: NewsPost) -> None:
    """The post as a new message (a photo with its caption, or a text) with its buttons."""
    following = None
    if post.quantum_code and r.look.catalogue.get(post.quantum_code) is not None:
        today = dates.today(r.look.zone)
        following = (await r.views.following(r.user.id, today)).get(post.quantum_code, False)
    link = await create_start_link(r.bot, f"{SHARED_PREFIX}{post.id}")
    view, (text, markup) = screens.post_screen(r.look, post, came_from, following=following,
                                               link=link)
    if view.photo:
        await r.bot.send_photo(r.user.id, view.photo, caption=text, reply_markup=markup)
    else:
        await r.bot.send_message(r.user.id, text, reply_markup=markup)


async def open_post(query: CallbackQuery, callback_data: NewsPost, flow: Flow) -> None:
    r = Reading.of(flow)
    quantum = flow.catalogue.get(callback_data.quantum) if callback_data.quantum else None
    came_from = callback_data.model_copy(update={"quantum": quantum.code if quantum else ""})
    post = await r.views.post(callback_data.id)
    if post is not None:
        await send_post(r, post, came_from)
        return
    # taken out of the feed since (or forged): back where it was listed, saying so
    screen = None  # the screen says the post is gone: no toast repeating it
    if came_from.partner:
        screen = await partner_page(r, came_from.partner, came_from.page)
    if screen is None:
        screen = await feed_page(r, came_from.page, quantum)
    await flow.show(with_note(screen, flow.t("news-post-gone")))


async def open_shared(message: Message, payload: str, flow: Flow) -> None:
    """/start news_<id>: the post, or — unknown, not published — the feed, saying so."""
    r = Reading.of(flow)
    number = payload.removeprefix(SHARED_PREFIX)
    post = None
    if number.isascii() and number.isdigit() and len(number) <= 18:
        post = await r.views.post(int(number))
    if post is None:
        await send(message, with_note(await feed_page(r), r.t("news-post-gone")))
        return
    await send_post(r, post, NewsPost(id=post.id))

