"""Feature routers, built fresh for every dispatcher; and the dispatcher that offers a button
press only to the routers that can take it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, TelegramObject


def get_routers() -> list[Router]:
    from handlers import (
        absences,
        consent,
        consent_renewal,
        fallback,
        family,
        news,
        quanta,
        questions,
        quiz,
        reminders,
        schedule,
        signup,
        staff,
        start,
    )

    # the most used first (every message walks the list until a handler matches; a press
    # only visits the routers PressRoutes names for its callback data); catch-all handlers
    # last
    return [
        start.router(), schedule.router(), news.router(), quanta.router(), quiz.router(),
        signup.router(), family.router(), consent.router(), questions.router(),
        reminders.router(), consent_renewal.router(), absences.router(), staff.router(),
        fallback.router(),
    ]


# ---- presses ------------------------------------------------------------------------------

Prefix = tuple[str, str]  # a CallbackData class's separator and prefix


def press_prefixes(router: Router) -> frozenset[Prefix] | None:
    """The callback data prefixes the router's press handlers (and those of the routers under
    it) can match; None if it may take any press: a handler without a CallbackData filter, or
    an outer middleware, which runs for every press that reaches the router."""
    observer = router.callback_query
    if len(observer.outer_middleware):
        return None
    found: set[Prefix] = set()
    for handler in observer.handlers:
        wanted = {
            (f.callback.callback_data.__separator__, f.callback.callback_data.__prefix__)
            for f in handler.filters or ()
            if isinstance(f.callback, CallbackQueryFilter)
        }
        if not wanted:
            return None
        if len(wanted) == 1:  # two different prefixes at once: it never matches
            found |= wanted
    for sub in router.sub_routers:
        below = press_prefixes(sub)
        if below is None:
            return None
        found |= below
    return frozenset(found)


class PressRoutes:
    """For callback data, the routers (in their order) that may have a handler for it.

    aiogram offers a press to every router before the one that takes it, each checking all
    its handlers' filters and copying the whole handler context several times: the larger part
    of the bot's own time for a press to a router far down the list. A CallbackData filter
    matches only data starting with its class's prefix and separator, so routers whose
    handlers all want other prefixes are passed over without changing which handler runs."""

    def __init__(self, routers: list[Router]) -> None:
        self.routers = tuple(routers)
        prefixes = [(router, press_prefixes(router)) for router in self.routers]
        self.anything = tuple(router for router, found in prefixes if found is None)
        known = {prefix for _, found in prefixes if found for prefix in found}
        self.separators = tuple(sorted({sep for sep, _ in known}))
        self._wanting: dict[Prefix, tuple[Router, ...]] = {
            prefix: tuple(router for router, found in prefixes
                          if found is None or prefix in found)
            for prefix in known
        }

    def for_data(self, data: str | None) -> tuple[Router, ...]:
        if not data:
            return self.anything
        if len(self.separators) == 1:
            sep = self.separators[0]
            return self._wanting.get((sep, data.split(sep, 1)[0]), self.anything)
        chosen = set(self.anything)
        for sep in self.separators:
            chosen.update(self._wanting.get((sep, data.split(sep, 1)[0]), ()))
        return tuple(router for router in self.routers if router in chosen)


def has_root_filters(observer: TelegramEventObserver) -> bool:
    """Whether `observer.filter(...)` was given any (checking none passes, with no data)."""
    root = getattr(observer, "_handler", None)
    return root is None or bool(root.filters)


class FeatureDispatcher(Dispatcher):
    """aiogram's Dispatcher, but a press goes only to the routers PressRoutes names for its
    data, in their usual order, so the same handler runs as when every router is asked.
    Routers are indexed when the first press arrives, and again when more are included.

    A press is also handed down with fewer copies of its context than aiogram makes (one per
    router rather than five): where neither the dispatcher nor a router has outer
    middlewares for presses, wrapping the next step in them is skipped. Filters, inner
    middlewares, handler flags, SkipHandler and `event_router` work as in aiogram."""

    _press_routes: PressRoutes | None = None

    def press_routes(self) -> PressRoutes:
        routes = self._press_routes
        if routes is None or routes.routers != tuple(self.sub_routers):
            routes = self._press_routes = PressRoutes(self.sub_routers)
        return routes

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        if not isinstance(event, CallbackQuery) or len(self.callback_query.outer_middleware):
            return await super().propagate_event(update_type, event, **kwargs)
        kwargs["event_router"] = self
        return await self._offer(self, update_type, event, kwargs,
                                 self.press_routes().for_data(event.data))

    async def _propagate_event(
        self,
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **kwargs: Any,
    ) -> Any:
        if not isinstance(event, CallbackQuery) or observer is None:
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        # inside the dispatcher's own outer middlewares for presses
        return await self._offer(self, update_type, event, kwargs,
                                 self.press_routes().for_data(event.data))

    async def _offer(
        self, router: Router, update_type: str, event: CallbackQuery, kwargs: dict[str, Any],
        below: Iterable[Router],
    ) -> Any:
        """Router._propagate_event for a press, `kwargs` being this router's own copy of the
        context, asking the routers `below` it."""
        observer = router.callback_query
        if has_root_filters(observer):
            result, data = await observer.check_root_filters(event, **kwargs)
            if not result:
                return UNHANDLED
            kwargs.update(data)
        if observer.handlers:
            response = await observer.trigger(event, **kwargs)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
        response = UNHANDLED
        for sub in below:
            if len(sub.callback_query.outer_middleware):
                response = await sub.propagate_event(update_type=update_type, event=event,
                                                     **kwargs)
            else:
                response = await self._offer(sub, update_type, event,
                                             {**kwargs, "event_router": sub}, sub.sub_routers)
            if response is not UNHANDLED:
                break
        return response
