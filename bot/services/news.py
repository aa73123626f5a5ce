"""Project news: the use cases (write, schedule, change, publish and unpublish a post, with
the notifications they queue in the same transaction; add or import partners; follow a
quantum's news or stop), a post as readers see it — in the feed, opened in full, in a
notification, in the staff's preview — and the limits it must fit at writing time.

Publishing a post (now or when due) queues one notification per person (a subscriber, or a
family with a child in one of the quantum's running groups, unless they turned it off), in
their language, once even if they qualify twice. Unpublishing cancels the notifications not
yet sent.

A post is its title (plain text), its body (Telegram HTML, checked as broadcasts are) and a
last line with its quantum, partner and date. With a photo it is the photo's caption, so the
whole must fit Telegram's 1 024 characters; without, 4 096. Telegram counts what the reader
sees (tags do not count) in UTF-16 units; the limit is checked in every language the bot
speaks, since the last line is the reader's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite
from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.telegram_text import TELEGRAM_CAPTION, TELEGRAM_TEXT, readable, tg_len
from bot.ui.callbacks import NewsFeed, NewsSubscribe
from bot.ui.keyboards import clamp_page
from storage import news_writes as rows
from storage.clock import utcnow
from storage.enrolments import Recipient
from storage.news import NewsRepo, Page, Partner, PartnerRow, Post, PostContent
from storage.outbox import enqueue

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
    partner = post.partner_in(t.locale)
    if partner:
        parts.append(t("news-partner", partner=html.quote(partner)))
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



class News:
    """The news's use cases, each in one transaction with the notifications it causes; and
    the reads the staff's desk and the subscriptions need (the feed families browse is read
    through `NewsViews`)."""

    def __init__(self, repo: NewsRepo, notices: TextPostNotices) -> None:
        self.repo = repo
        self.db = repo.db
        self.notices = notices

    # ---- writing -----------------------------------------------------------------------------

    async def create(self, content: PostContent, *, by: int,
                     publish_at: datetime | None = None, today: date) -> Post:
        """A new post, published now (its notifications queued) or scheduled."""
        now = utcnow()
        scheduled = publish_at is not None and publish_at > now
        async with self.db.transaction() as conn:
            post_id = await rows.insert(
                conn, content, by=by, status="scheduled" if scheduled else "published",
                publish_at=publish_at if scheduled else None, now=now)
            post = await rows.post(conn, post_id)
            if not scheduled:
                await self._notify(conn, post, today)
        return post

    async def edit(self, post_id: int, version: int, content: PostContent) -> Post:
        """Change a post's content as staff saw it at `version` (readers see the edit; the
        notifications already delivered stay). Raises PostGone, PostStale."""
        async with self.db.transaction() as conn:
            await rows.current(conn, post_id, version)
            await rows.change(conn, post_id, content, utcnow())
            return await rows.post(conn, post_id)

    async def publish(self, post_id: int, version: int, *, at: datetime | None = None,
                      today: date) -> Post:
        """Publish now (a draft, a scheduled or an unpublished post) or schedule for `at`.
        A post published before goes back to the feed in its old place, unannounced.
        Raises PostGone, PostStale."""
        now = utcnow()
        async with self.db.transaction() as conn:
            before = await rows.current(conn, post_id, version)
            if at is not None and at > now:
                await rows.schedule(conn, post_id, at, now)
                return await rows.post(conn, post_id)
            await rows.publish(conn, post_id, now)
            post = await rows.post(conn, post_id)
            if before.published_at is None:
                await self._notify(conn, post, today)
            return post

    async def unpublish(self, post_id: int, version: int) -> Post:
        """Out of the feed (a scheduled one is not published); notifications still queued
        are cancelled, those delivered stay. Raises PostGone, PostStale."""
        async with self.db.transaction() as conn:
            await rows.current(conn, post_id, version)
            await rows.unpublish(conn, post_id, utcnow())
            await rows.cancel_notices(conn, post_id)
            return await rows.post(conn, post_id)

    async def publish_due(self, today: date) -> list[Post]:
        """The scheduled posts whose time has come go out, with their notifications (the
        scheduler's job; the database is the truth, so a restart loses none)."""
        now = utcnow()
        published = []
        async with self.db.transaction() as conn:
            for post_id in await rows.due(conn, now):
                await rows.publish_scheduled(conn, post_id, now)
                post = await rows.post(conn, post_id)
                await self._notify(conn, post, today)
                published.append(post)
        return published

    async def _notify(self, conn: aiosqlite.Connection, post: Post, today: date) -> int:
        """One notification per reader of the post's quantum (none without a quantum)."""
        if post.quantum_code is None:
            return 0
        told = 0
        for reader in await rows.audience(conn, post.quantum_code, today):
            person = Recipient(reader.user_id, reader.language, reader.family_role)
            told += await enqueue(
                conn, kind="post", chat_id=person.user_id,
                payload=self.notices.post_published(post, person),
                dedupe_key=f"post:{post.id}:{person.user_id}", family_id=reader.family_id,
            )
        return told

    # ---- partners and subscriptions ----------------------------------------------------------

    async def add_partner(self, name: str, description: str = "") -> Partner:
        """The partner of that name (a new description, if given, replaces its own)."""
        async with self.db.transaction() as conn:
            return await rows.add_partner(conn, name, description, utcnow())

    async def import_partners(self, partners: Iterable[PartnerRow]) -> tuple[int, int]:
        """Partners from a file, all in one transaction, by name: (added, updated)."""
        now = utcnow()
        added = updated = 0
        async with self.db.transaction() as conn:
            for partner in partners:
                if await rows.put_partner(conn, partner, now):
                    added += 1
                else:
                    updated += 1
        return added, updated

    async def subscribe(self, user_id: int, quantum: str, on: bool) -> None:
        """Follow a quantum's news (or turn it off: also for a family enrolled in it)."""
        async with self.db.transaction() as conn:
            await rows.subscribe(conn, user_id, quantum, on, utcnow())

    # ---- reading -----------------------------------------------------------------------------

    async def get(self, post_id: int) -> Post | None:
        return await self.repo.get(post_id)

    async def by_staff(self, page: int, size: int) -> tuple[int, Page]:
        """A page of the staff's list, the nearest that exists, and its number."""
        page = clamp_page(page, await self.repo.staff_count(), size)
        return page, await self.repo.by_staff(page * size, size)

    async def audience(self, quantum: str, today: date) -> int:
        """How many people a new post in this quantum reaches (the staff's preview)."""
        return await self.repo.audience(quantum, today)

    async def partners(self) -> list[Partner]:
        return await self.repo.partners()

    async def partner(self, partner_id: int) -> Partner | None:
        return await self.repo.partner(partner_id)

    async def following(self, user_id: int, today: date) -> dict[str, bool]:
        return await self.repo.following(user_id, today)
