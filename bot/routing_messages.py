"""Typed messages offered only to the routers that could take them.

aiogram offers a message to every router before the one that takes it, and each checks its
handlers' filters in turn: a text typed outside any form passes some forty command and state
filters in fifteen routers before the chat router near the end takes it. Two kinds of filter
are decided by what every message carries before routing, and decide alike for every message
that carries the same:
- a `Command` filter (CommandStart among them) refuses a text or caption whose first word does
  not begin with one of its `prefix` characters, or names none of its `commands` (compared
  case-folded when `ignore_case`; a regular expression among them may match any name);
- a `StateFilter` refuses a conversation state (`raw_state`, put in the data by aiogram's FSM
  middleware before routing) that none of its `states` admits (`"*"`: any; `None`: no form).
A handler with such a filter that refuses cannot take the message; a router none of whose
handlers (its own and those of the routers under it) can take it is passed over. Any other
filter (`F` rules, the bot's own coroutines) might take anything, and so might a router with
an outer middleware on messages, which runs for every message that reaches it: when unsure,
the router is offered the message.

What this relies on in aiogram, checked by tests/test_routing_messages.py (aiogram's minor
version is pinned in pyproject.toml): `observer.handlers`, each handler's `filters`, each
filter's `callback`; `Command`'s public `prefix`, `commands` (case-folded strings when
`ignore_case`) and `ignore_case`, and its way of reading a command (`extract_command`: the
first word of the text or caption, its first character the prefix, then the name up to «@»);
`StateFilter.states` and its call with `raw_state`. Routers are indexed when the first message
arrives, and again when more are included at the dispatcher (bot/routing.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.types import Message

# what decides which routers may take a message: the command prefix (None: no command), the
# command's name as some case-sensitive command filter knows it (else None), its case-folded
# name as some case-insensitive filter knows it (else None), and the conversation state
Key = tuple[str | None, str | None, str | None, str | None]

# distinct (command, state) pairs remembered; beyond it, routes are worked out afresh
CACHE_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Needs:
    """What one handler's filters (those decided before routing) need of a message."""

    commands: tuple[Command, ...] = ()
    states: tuple[StateFilter, ...] = ()


ANYTHING = Needs()  # a handler or middleware that might take any message


def handler_needs(filters: Iterable[object]) -> Needs:
    commands: list[Command] = []
    states: list[StateFilter] = []
    for f in filters:
        check = getattr(f, "callback", None)
        # aiogram's own classes only: a subclass may take more than they do
        if type(check) in (Command, CommandStart):
            commands.append(check)  # type: ignore[arg-type]
        elif type(check) is StateFilter:
            states.append(check)
    return Needs(tuple(commands), tuple(states))


def message_profile(router: Router) -> tuple[Needs, ...]:
    """The needs of every message handler of the router and of those under it; ANYTHING for an
    outer middleware on messages. A router with no message handlers takes no message."""
    observer = router.message
    if len(observer.outer_middleware):
        return (ANYTHING,)
    found = [handler_needs(getattr(handler, "filters", None) or ())
             for handler in observer.handlers]
    for sub in router.sub_routers:
        found.extend(message_profile(sub))
    return tuple(found)


def command_of(message: Message) -> tuple[str, str] | None:
    """The prefix and name a Command filter reads from the message (Command.extract_command):
    None for a message without text or caption, or with only spaces."""
    text = message.text or message.caption
    if not text:
        return None
    first = text.split(maxsplit=1)
    if not first:
        return None
    return first[0][0], first[0][1:].partition("@")[0]


def command_refuses(check: Command, key: Key) -> bool:
    prefix, name, folded, _ = key
    if prefix is None or prefix not in check.prefix:
        return True
    if any(isinstance(wanted, re.Pattern) for wanted in check.commands):
        return False
    return (folded if check.ignore_case else name) not in check.commands


async def state_refuses(check: StateFilter, message: Message, key: Key) -> bool:
    return not await check(message, raw_state=key[3])


async def may_take(profile: tuple[Needs, ...], message: Message, key: Key) -> bool:
    for needs in profile:
        if any(command_refuses(check, key) for check in needs.commands):
            continue
        for check in needs.states:
            if await state_refuses(check, message, key):
                break
        else:
            return True
    return False


class MessageRoutes:
    """For a message in a conversation state, the routers (in their order) that may have a
    handler for it."""

    def __init__(self, routers: Iterable[Router]) -> None:
        self.routers = tuple(routers)
        self.profiles = tuple((router, message_profile(router)) for router in self.routers)
        commands = [check for _, profile in self.profiles for needs in profile
                    for check in needs.commands]
        self.prefixes = frozenset(c for check in commands for c in check.prefix)
        self.names = frozenset(name for check in commands if not check.ignore_case
                               for name in check.commands if isinstance(name, str))
        self.folded = frozenset(name for check in commands if check.ignore_case
                                for name in check.commands if isinstance(name, str))
        self._chosen: dict[Key, tuple[Router, ...]] = {}

    def key(self, message: Message, raw_state: str | None) -> Key:
        command = command_of(message)
        if command is None or command[0] not in self.prefixes:
            return None, None, None, raw_state
        prefix, name = command
        folded = name.casefold()
        return (prefix, name if name in self.names else None,
                folded if folded in self.folded else None, raw_state)

    async def for_message(self, message: Message, raw_state: str | None) -> tuple[Router, ...]:
        key = self.key(message, raw_state)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = tuple([router for router, profile in self.profiles
                            if await may_take(profile, message, key)])
            if len(self._chosen) >= CACHE_LIMIT:
                self._chosen.clear()
            self._chosen[key] = chosen
        return chosen
