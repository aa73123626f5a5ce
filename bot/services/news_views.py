"""The news as readers browse it, kept in memory until posts or partners change.

The feed is read far more often than it is written: a post goes out, then many families
page through it. Every change to posts and partners bumps the 'news' counter in the database
(triggers, so staff writing from another process count too). The counter is read again after
this process commits a write, and at most `poll` seconds apart otherwise; while it stands,
what was read — pages of posts, the quanta and partners that have posts, and the screens made
of them — stands, so a feed page costs no database read.

Who follows which quantum is not part of it (it changes with a toggle or an enrolment, not
with the news): the screens that show a subscription take the person's state as part of their
key, and that state is remembered apart — until this process commits any write (a toggle is
one) or the family's data moves (enrolments, members, groups: `FamilyMarks`, read at most
`poll` seconds apart for everyone).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from bot.services.family_marks import FamilyMarks, Mark
from storage.news import NewsRepo, Page, Partner, Post

Key = tuple[Any, ...]
T = TypeVar("T")
MISSING = object()  # a cached "there is none" differs from "not cached"


class NewsViews:
    def __init__(self, news: NewsRepo, *, poll: float = 1.0, size: int = 4096) -> None:
        self.news = news
        self.poll = poll
        self.size = size
        self._version = -1
        self._checked_at = float("-inf")
        self._commits = -1
        self._entries: OrderedDict[Key, Any] = OrderedDict()
        # each person's state, with the mark it was read under
        self._following: dict[tuple[int, date], tuple[Mark, dict[str, bool]]] = {}
        self._marks = FamilyMarks(news.db, poll=poll)
        self.hits = 0
        self.misses = 0

    async def _fresh(self) -> None:
        """Drop everything if the news changed since it was read."""
        db = self.news.db
        now = time.monotonic()
        if db.commits == self._commits and now - self._checked_at < self.poll:
            return
        self._commits = db.commits
        self._checked_at = now
        version = await self.news.version()
        if version != self._version:
            self._entries.clear()
            self._version = version

    async def _remember(self, key: Key, make: Callable[[], Awaitable[T]]) -> T:
        await self._fresh()
        found = self._entries.get(key, MISSING)
        if found is not MISSING:
            self._entries.move_to_end(key)
            self.hits += 1
            return found  # type: ignore[no-any-return]
        self.misses += 1
        value = await make()
        self._entries[key] = value
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value

    async def count(self, *, quantum: str | None = None, partner: int | None = None) -> int:
        """How many published posts (of one quantum or partner)."""
        async def make() -> int:
            return (await self.news.feed(0, 0, quantum=quantum, partner=partner)).total

        return await self._remember(("count", quantum, partner), make)

    async def page(self, offset: int, limit: int, *, quantum: str | None = None,
                   partner: int | None = None) -> Page:
        """NewsRepo.feed, remembered."""
        return await self._remember(
            ("page", offset, limit, quantum, partner),
            lambda: self.news.feed(offset, limit, quantum=quantum, partner=partner),
        )

    async def post(self, post_id: int) -> Post | None:
        """A published post, or None (unknown, a draft, taken out of the feed)."""
        return await self._remember(("post", post_id), lambda: self.news.published(post_id))

    async def quanta_with_posts(self) -> list[tuple[str, int]]:
        return await self._remember(("quanta",), self.news.quanta_with_posts)

    async def partners(self) -> list[Partner]:
        return await self._remember(("partners",), self.news.partners)

    async def partner(self, partner_id: int) -> Partner | None:
        return await self._remember(("partner", partner_id),
                                    lambda: self.news.partner(partner_id))

    async def following(self, user_id: int, today: date) -> dict[str, bool]:
        """NewsRepo.following, remembered while nothing it reads changed."""
        mark = await self._marks.mark()
        found = self._following.get((user_id, today))
        if found is not None and found[0] == mark:
            return found[1]
        if len(self._following) >= self.size:
            self._following.clear()
        state = await self.news.following(user_id, today)
        self._following[(user_id, today)] = (mark, state)
        return state

    async def screen(self, key: Key, make: Callable[[], Awaitable[T]]) -> T:
        """A screen made of the news (its key says which, in what language and voice), made
        again only when the news changes."""
        return await self._remember(("screen", *key), make)
