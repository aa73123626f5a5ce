"""Button presses offered only to the routers that can take them (and typed messages likewise:
bot/routing_messages.py).

aiogram offers a press to every router before the one that takes it, and each checks all its
handlers' filters: most of the bot's own time for a press to a router far down the list. A
CallbackData filter matches only data that starts with its class's prefix and separator, so a
router whose press handlers all want other prefixes cannot take the press.
`PressDispatcher.propagate_event`, aiogram's entry point for every event inside an update,
hands a press straight to the dispatcher's routers that can take it (`Router.propagate_event`,
in their order) where aiogram would hand it to each in turn, so the same handler runs.
`PressRouter.propagate_event` does the same for a router with many routers under it (staff's
fourteen, whose handlers a press to the last of them would otherwise all check). Within each
router aiogram routes as always: outer and inner middlewares, filters, flags, SkipHandler,
`event_router`, the routers under it.

What this relies on in aiogram, checked by tests/test_routing.py (aiogram's minor version is
pinned in pyproject.toml, so an upgrade is a deliberate change):
- `observer.handlers`, each handler's `filters`, each filter's `callback` (the object given to
  `register`), `CallbackQueryFilter.callback_data` and a CallbackData class's `__prefix__` and
  `__separator__`, read when the first press arrives. Should any go, no router is passed
  over: presses are slower, never misrouted, and the tests fail;
- `CallbackData.unpack` refusing data whose first part is not the class's prefix;
- `Dispatcher.propagate_event(update_type, event, **data)` called for every event, as
  `Router.propagate_event` is for every router under the dispatcher: the dispatcher's part of
  it (set `event_router`, check the filters of its own observer, offer the event to its
  routers until one takes it) is what `propagate_event` below does for a press or a message.
  Where the dispatcher has outer middlewares or handlers for presses (or messages), or a
  message comes without the conversation state aiogram's FSM middleware reads, aiogram does
  it all;
- `Router.propagate_event(update_type, event, **kwargs)` likewise for a router: set
  `event_router`, run its outer middlewares, check its own observer's filters, offer the event
  to its handlers, then to its routers until one takes it. `PressRouter` does that for a press
  where the router has no outer middleware and no press handler of its own (only the routers
  under it take presses); otherwise aiogram does it all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.routing_messages import MessageRoutes

Prefix = tuple[str, str]  # a CallbackData class's separator and prefix


def press_prefixes(router: Router) -> frozenset[Prefix] | None:
    """The callback data prefixes the router's press handlers (and those of the routers under
    it) can match; None if it may take any press: a handler without a CallbackData filter, or
    an outer middleware, which runs for every press that reaches its router."""
    observer = router.callback_query
    if len(observer.outer_middleware):
        return None
    found: set[Prefix] = set()
    for handler in observer.handlers:
        wanted = {
            (kind.__separator__, kind.__prefix__)
            for f in getattr(handler, "filters", None) or ()
            if isinstance(check := getattr(f, "callback", None), CallbackQueryFilter)
            and isinstance(kind := getattr(check, "callback_data", None), type)
            and issubclass(kind, CallbackData)
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


def head(data: str, separator: str) -> str:
    """What CallbackData.unpack compares with a class's prefix."""
    return data.split(separator, 1)[0]


class PressRoutes:
    """For callback data, the routers (in their order) that may have a handler for it."""

    def __init__(self, routers: Iterable[Router]) -> None:
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
            return self._wanting.get((sep, head(data, sep)), self.anything)
        chosen = set(self.anything)
        for sep in self.separators:
            chosen.update(self._wanting.get((sep, head(data, sep)), ()))
        return tuple(router for router in self.routers if router in chosen)


class IndexedPresses:
    """The dispatcher or a router whose routers are indexed by the presses they can take:
    when the first press arrives, and again when more routers are included."""

    sub_routers: list[Router]
    _press_routes: PressRoutes | None = None

    def press_routes(self) -> PressRoutes:
        routes = self._press_routes
        if routes is None or routes.routers != tuple(self.sub_routers):
            routes = self._press_routes = PressRoutes(self.sub_routers)
        return routes


class PressDispatcher(IndexedPresses, Dispatcher):
    """aiogram's Dispatcher, but a press goes only to the routers PressRoutes names for its
    data, and a message only to those MessageRoutes names for it in its conversation state
    (bot/routing_messages.py), in their usual order. Routers are indexed when the first press
    or message arrives, and again when more are included."""

    _message_routes: MessageRoutes | None = None

    def message_routes(self) -> MessageRoutes:
        routes = self._message_routes
        if routes is None or routes.routers != tuple(self.sub_routers):
            routes = self._message_routes = MessageRoutes(self.sub_routers)
        return routes

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        if update_type == "callback_query" and isinstance(event, CallbackQuery):
            observer: TelegramEventObserver = self.callback_query
        elif (update_type == "message" and isinstance(event, Message)
              and "raw_state" in kwargs):
            observer = self.message
        else:
            return await super().propagate_event(update_type, event, **kwargs)
        if len(observer.outer_middleware) or observer.handlers:
            return await super().propagate_event(update_type, event, **kwargs)
        kwargs["event_router"] = self
        passed, data = await observer.check_root_filters(event, **kwargs)
        if not passed:
            return UNHANDLED
        kwargs.update(data)
        if isinstance(event, CallbackQuery):
            routers = self.press_routes().for_data(event.data)
        else:
            routers = await self.message_routes().for_message(event, kwargs["raw_state"])
        for router in routers:
            response = await router.propagate_event(update_type=update_type, event=event,
                                                    **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED


class PressRouter(IndexedPresses, Router):
    """aiogram's Router, but a press goes only to those of its routers that PressRoutes names
    for its data, in their usual order: what PressDispatcher does for the dispatcher's routers,
    for a router with routers of its own. Indexed when the first press arrives, and again when
    more routers are included."""

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        observer = self.callback_query
        if (update_type != "callback_query" or not isinstance(event, CallbackQuery)
                or len(observer.outer_middleware) or observer.handlers):
            return await super().propagate_event(update_type, event, **kwargs)
        kwargs["event_router"] = self
        passed, data = await observer.check_root_filters(event, **kwargs)
        if not passed:
            return UNHANDLED
        kwargs.update(data)
        for router in self.press_routes().for_data(event.data):
            response = await router.propagate_event(update_type=update_type, event=event,
                                                    **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED
