"""«📰 Новости» and /news: the feed of project news, a post in full, partners' projects,
subscriptions to a quantum's news.

screens: what is shown; feed: the feed, the filter, the partners and a post (opened, or
shared by link); subscriptions: the «🔔» toggles and the settings' list. This module says
which press or command goes where."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.ui.callbacks import (
    Nav,
    NewsFeed,
    NewsFilter,
    NewsPost,
    NewsSubscribe,
    PartnerPage,
    Partners,
)
from handlers.news import feed, subscriptions
from handlers.news.feed import SHARED_PREFIX, open_shared

__all__ = ["SHARED_PREFIX", "open_shared", "router"]


def router() -> Router:
    r = Router(name="news")
    r.message.register(feed.feed, Command("news"))
    cb = r.callback_query.register
    cb(feed.feed, NewsFeed.filter())
    cb(feed.open_post, NewsPost.filter())
    cb(feed.open_filter, NewsFilter.filter())
    cb(feed.open_partners, Partners.filter())
    cb(feed.open_partner, PartnerPage.filter())
    cb(subscriptions.toggle, NewsSubscribe.filter())
    cb(subscriptions.settings_list, Nav.filter(F.to == "subscriptions"))
    return r
