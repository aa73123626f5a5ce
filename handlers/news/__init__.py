"""«📰 Новости» and /news: the feed of project news, a post in full, partners' projects,
subscriptions to a quantum's news."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="news")
