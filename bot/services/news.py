"""A post as readers see it — in the feed, opened in full, in a notification, in the staff's
preview — and the limits it must fit at writing time.

A post is its title (plain text), its body (Telegram HTML, checked as broadcasts are) and a
last line with its quantum, partner and date. With a photo it is the photo's caption, so the
whole must fit Telegram's 1 024 characters; without, 4 096. Telegram counts what the reader
sees (tags do not count) in UTF-16 units; the limit is checked in every language the bot
speaks, since the last line is the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.telegram_text import TELEGRAM_CAPTION, TELEGRAM_TEXT, readable, tg_len
from bot.ui.callbacks import NewsFeed, NewsSubscribe
from storage.enrolments import Recipient
from storage.news import Post

TITLE_LIMIT = 120


@dataclass(frozen=True, slots=True)
class Shown:
    """A post ready to send or edit in: its HTML and its photo, if any."""

    html: str
    photo: str | None


def meta_line(t: T, post: Post, catalogue: Catalogue, when: date | None) -> str:
    """«🤖 Робоквантум · 🤝 Ростех · 12 мая»: where the post belongs, and when."""
    parts = []
    quantum = catalogue.get(post.quantum_code) if post.quantum_code else None
    if quantum is not None:
        parts.append(html.quote(quantum.title(t.locale)))
    if post.partner_name:
        parts.append(t("news-partner", partner=html.quote(post.partner_name)))
    if when is not None:
        parts.append(dates.short_date(when, t.locale))
    return " · ".join(parts)


def shown(t: T, post: Post, catalogue: Catalogue, zone: ZoneInfo,
          when: date | None = None) -> Shown:
    """The post in full. `when` is its date (the day it went out, unless given)."""
    if when is None and post.published_at is not None:
        when = post.published_at.astimezone(zone).date()
    lines = [f"<b>{html.quote(post.title)}</b>", "", post.body]
    meta = meta_line(t, post, catalogue, when)
    if meta:
        lines += ["", meta]
    return Shown("\n".join(lines), post.photo)


def too_long(texts: Texts, post: Post, catalogue: Catalogue, zone: ZoneInfo
             ) -> tuple[int, int] | None:
    """(limit, length) when the post would not fit a message (or a caption, with a photo)
    in some language; None when it fits. The body must be valid HTML with allowed links
    (else Refused, as a broadcast's): a post written before links were checked is caught
    here."""
    limit = TELEGRAM_CAPTION if post.photo else TELEGRAM_TEXT
    longest = 0
    for locale in texts.locales:
        # the longest date a post can carry: a day in September
        text = shown(texts.bind(locale), post, catalogue, zone, date(2026, 9, 30)).html
        longest = max(longest, tg_len(readable(text, "bc")))
    return (limit, longest) if longest > limit else None


class TextPostNotices:
    """A new post's notification: the post itself, with the way to the feed and a button to
    stop hearing of the quantum's news."""

    def __init__(self, texts: Texts, catalogue: Catalogue, zone: ZoneInfo) -> None:
        self.texts = texts
        self.catalogue = catalogue
        self.zone = zone

    def post_published(self, post: Post, person: Recipient) -> dict[str, Any]:
        t = self.texts.bind(person.language, you=voice(person.family_role))
        view = shown(t, post, self.catalogue, self.zone)
        buttons = [[{"text": t("btn-news-all"),
                     "callback_data": NewsFeed(page=0).pack()}]]
        if post.quantum_code:
            buttons.append([{
                "text": t("btn-news-unsubscribe"),
                "callback_data": NewsSubscribe(quantum=post.quantum_code, on=False,
                                               back="note").pack(),
            }])
        payload: dict[str, Any] = {"text": view.html, "buttons": buttons}
        if view.photo:
            payload["photo"] = view.photo
        return payload

