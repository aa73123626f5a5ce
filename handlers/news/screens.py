"""What the news screens show: the feed's pages, the quantum filter, the partners, a post in
full and the subscriptions in the settings. Pure: the handlers read, these render."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.filters.callback_data import CallbackData

from bot.i18n import T
from bot.services.catalogue import Catalogue, Quantum
from bot.services.news import Shown, meta_line, shown
from bot.services.telegram_text import HtmlError, to_plain
from bot.ui.callbacks import (
    Nav,
    NewsFeed,
    NewsFilter,
    NewsPost,
    NewsSubscribe,
    PartnerPage,
    Partners,
)
from bot.ui.keyboards import Buttons, Screen, button_label, home_button, page_count, pager
from storage.news import Page, Partner, Post

PAGE_SIZE = 5  # posts on a feed page
CHOICES_PAGE = 8  # quanta or partners on a page: four rows of two
LEAD = 110  # characters of a post's first line in a list
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Look:
    """How the news is shown to one reader: in their language and voice, with the
    catalogue's quanta, on the technopark's clock."""

    t: T
    catalogue: Catalogue
    zone: ZoneInfo


def first_line(body: str) -> str:
    """The start of a post's text, plain, for a list."""
    try:
        plain = to_plain(body)
    except HtmlError:
        plain = TAGS.sub("", body)
    line = next((part.strip() for part in plain.splitlines() if part.strip()), "")
    if len(line) > LEAD:
        line = line[:LEAD].rsplit(" ", 1)[0].rstrip(",.;:—- ") + "…"
    return html.quote(line)


def day_of(post: Post, zone: ZoneInfo) -> date | None:
    return post.published_at.astimezone(zone).date() if post.published_at else None


def entry(look: Look, number: int, post: Post) -> str:
    """One post in a list: its number and title, its first line, where it belongs and when."""
    t, catalogue, zone = look.t, look.catalogue, look.zone
    lines = [f"<b>{number}. {html.quote(post.title)}</b>"]
    lead = first_line(post.body)
    if lead:
        lines.append(lead)
    meta = meta_line(t, post, catalogue, day_of(post, zone))
    if meta:
        lines.append(meta)
    return "\n".join(lines)


def post_buttons(builder: Buttons, posts: Sequence[Post], first: int,
                 opened: NewsPost) -> None:
    """A button per post, numbered as in the list; each opens the post and leads back here."""
    for number, post in enumerate(posts, start=first):
        builder.button(text=button_label(f"{number}. {post.title}"),
                       callback_data=opened.model_copy(update={"id": post.id}))


def feed_screen(look: Look, found: Page, page: int, quantum: Quantum | None) -> Screen:
    """A page of the feed (of one quantum, if filtered), newest first."""
    t = look.t
    if not found.posts:
        return empty_feed(t, quantum)
    code = quantum.code if quantum else ""
    total = page_count(found.total, PAGE_SIZE)
    builder = Buttons()
    if quantum is None:
        title = t("news-title", page=page + 1, pages=total)
    else:
        title = t("news-title-quantum", quantum=html.quote(quantum.text(t.locale).name),
                  page=page + 1, pages=total)
    first = page * PAGE_SIZE + 1
    parts = [title, *(entry(look, n, post)
                      for n, post in enumerate(found.posts, start=first)), t("news-hint")]
    post_buttons(builder, found.posts, first, NewsPost(id=0, page=page, quantum=code))
    sizes = [1] * len(found.posts)
    nav = pager(builder, t, page, total, lambda n: NewsFeed(page=n, quantum=code))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-news-filter"), callback_data=NewsFilter(page=0))
    if quantum is None:
        builder.button(text=t("btn-news-partners"), callback_data=Partners(page=0))
    else:
        builder.button(text=t("btn-news-all"), callback_data=NewsFeed(page=0))
    home_button(builder, t)
    builder.adjust(*sizes, 2, 1)
    return "\n\n".join(parts), builder.as_markup()


def empty_feed(t: T, quantum: Quantum | None) -> Screen:
    """No posts (in this quantum): what to do instead."""
    builder = Buttons()
    if quantum is None:
        text = f"{t('news-title', page=1, pages=1)}\n\n{t('news-empty')}"
        builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    else:
        title = t("news-title-quantum", quantum=html.quote(quantum.text(t.locale).name),
                  page=1, pages=1)
        text = f"{title}\n\n{t('news-empty-quantum')}"
        builder.button(text=t("btn-news-all"), callback_data=NewsFeed(page=0))
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()


def choices_end(builder: Buttons, t: T, choices: Sequence[object], page: int,
                page_data: Callable[[int], CallbackData], back: str) -> None:
    """Under a page of `choices` two a row: its pager, the way back to the feed, home."""
    total = page_count(len(choices), CHOICES_PAGE)
    sizes = [2] * math.ceil(len(choices[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]) / 2)
    nav = pager(builder, t, page, total, page_data)
    if nav:
        sizes.append(nav)
    builder.button(text=back, callback_data=NewsFeed(page=0))
    home_button(builder, t)
    sizes.append(2)
    builder.adjust(*sizes)


def filter_screen(t: T, quanta: Sequence[Quantum], page: int) -> Screen:
    """The quanta that have posts, to filter the feed by, and «all»."""
    total = page_count(len(quanta), CHOICES_PAGE)
    chunk = quanta[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    builder = Buttons()
    for quantum in chunk:
        builder.button(text=quantum.title(t.locale),
                       callback_data=NewsFeed(page=0, quantum=quantum.code))
    choices_end(builder, t, quanta, page, lambda n: NewsFilter(page=n), t("btn-news-all"))
    return t("news-filter-title", page=page + 1, pages=total), builder.as_markup()


def partners_screen(t: T, partners: Sequence[Partner], page: int) -> Screen:
    """The partners whose projects have posts, with how many."""
    builder = Buttons()
    if not partners:
        builder.button(text=t("btn-news-back"), callback_data=NewsFeed(page=0))
        home_button(builder, t)
        builder.adjust(2)
        return t("news-partners-empty"), builder.as_markup()
    total = page_count(len(partners), CHOICES_PAGE)
    chunk = partners[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    lines = [t("news-partners-title", page=page + 1, pages=total), ""]
    lines += [t("news-partner-line", partner=html.quote(p.name_in(t.locale)), count=p.posts)
              for p in chunk]
    for partner in chunk:
        builder.button(text=button_label(partner.name_in(t.locale)),
                       callback_data=PartnerPage(id=partner.id))
    choices_end(builder, t, partners, page, lambda n: Partners(page=n), t("btn-news-back"))
    return "\n".join(lines), builder.as_markup()


def partner_screen(look: Look, partner: Partner, found: Page, page: int,
                   partners_page: int) -> Screen:
    """A partner: who they are, and their projects as a list, a button each."""
    t = look.t
    total = page_count(found.total, PAGE_SIZE)
    parts = [f"🤝 <b>{html.quote(partner.name_in(t.locale))}</b>"]
    about = partner.description_in(t.locale).strip()
    if about:
        parts.append(html.quote(about))
    builder = Buttons()
    sizes: list[int] = []
    if found.posts:
        first = page * PAGE_SIZE + 1
        parts.append(t("news-partner-posts", page=page + 1, pages=total))
        parts += [entry(look, n, post)
                  for n, post in enumerate(found.posts, start=first)]
        post_buttons(builder, found.posts, first, NewsPost(id=0, page=page, partner=partner.id))
        sizes += [1] * len(found.posts)
        nav = pager(builder, t, page, total, lambda n: PartnerPage(id=partner.id, page=n))
        if nav:
            sizes.append(nav)
    else:
        parts.append(t("news-partner-no-posts"))
    builder.button(text=t("btn-news-partners-all"), callback_data=Partners(page=partners_page))
    home_button(builder, t)
    sizes.append(2)
    builder.adjust(*sizes)
    return "\n\n".join(parts), builder.as_markup()


def follow_button(t: T, code: str, following: bool, back: str) -> tuple[str, NewsSubscribe]:
    """The toggle of a quantum's news: its label and what pressing it does."""
    if following:
        return t("btn-news-unfollow"), NewsSubscribe(quantum=code, on=False, back=back)
    return t("btn-news-follow"), NewsSubscribe(quantum=code, on=True, back=back)


def share_url(link: str, title: str) -> str:
    """Telegram's «share» page for a post's deep link."""
    return f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(title, safe='')}"


def post_screen(look: Look, post: Post, came_from: NewsPost, *, following: bool | None,
                link: str | None) -> tuple[Shown, Screen]:
    """A post in full with the way back to where it was opened from; the toggle of its
    quantum's news (`following`: None for a post of no quantum); a share button."""
    t = look.t
    view = shown(t, post, look.catalogue, look.zone)
    builder = Buttons()
    sizes: list[int] = []
    if post.quantum_code and following is not None:
        label, data = follow_button(t, post.quantum_code, following, "post")
        builder.button(text=label, callback_data=data)
        sizes.append(1)
    if link:
        builder.button(text=t("btn-news-share"), url=share_url(link, post.title))
        sizes.append(1)
    back = (PartnerPage(id=came_from.partner, page=came_from.page) if came_from.partner
            else NewsFeed(page=came_from.page, quantum=came_from.quantum))
    builder.button(text=t("btn-news-back"), callback_data=back)
    home_button(builder, t)
    sizes.append(2)
    builder.adjust(*sizes)
    return view, (view.html, builder.as_markup())


def subscriptions_screen(t: T, following: dict[str, bool], catalogue: Catalogue) -> Screen:
    """«Подписки на новости»: each quantum the person hears of (or turned off), a toggle."""
    known = [(q, following[q.code]) for q in catalogue.quanta if q.code in following]
    builder = Buttons()
    lines = [t("news-subs-title"), ""]
    if known:
        lines += [t("news-subs-intro"), "", t("news-subs-hint")]
        for quantum, on in known:
            mark = "✅" if on else "▫️"
            builder.button(text=button_label(f"{mark} {quantum.text(t.locale).name}"),
                           callback_data=NewsSubscribe(quantum=quantum.code, on=not on,
                                                       back="settings"))
    else:
        lines += [t("news-subs-empty"), "", t("news-subs-hint")]
    sizes = [2] * math.ceil(len(known) / 2)
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-rset-settings"), callback_data=Nav(to="settings"))
    home_button(builder, t)
    builder.adjust(*sizes, 1, 2)
    return "\n".join(lines), builder.as_markup()
