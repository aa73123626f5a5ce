"""aiogram FSM storage kept in SQLite, so a half-filled form survives a restart; and the
event isolation that handles a person's updates one at a time.

A write-through cache spares a disk read on every update: this process is the database's only
writer (a second one refuses to start).
"""

from __future__ import annotations

import asyncio
import copy
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar, Token
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StateType, StorageKey

from storage.fsm import FsmRepo

CACHE_SIZE = 20_000


def storage_key(key: StorageKey) -> str:
    return (f"{key.bot_id}:{key.chat_id}:{key.user_id}:{key.thread_id or ''}:"
            f"{key.business_connection_id or ''}:{key.destiny}")


def user_part(key: str) -> str:
    """The user id in a storage key (bot:chat:user:thread:business:destiny)."""
    return key.split(":")[2]


PLAIN = frozenset({str, int, float, bool, type(None)})


def copied(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a conversation's data, which is JSON (dicts, lists, strings, numbers,
    booleans, None: it is stored as JSON), made without `copy.deepcopy`'s bookkeeping: about
    six times cheaper, and a step copies its form's data several times. Anything else in it
    is left to `copy.deepcopy`."""
    return {key: item if type(item) in PLAIN else _copied(item) for key, item in data.items()}


def _copied(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in PLAIN else _copied(item)
                for key, item in value.items()}
    if kind is list:
        return [item if type(item) in PLAIN else _copied(item) for item in value]
    return copy.deepcopy(value)


# While an update is handled, its state changes are collected and written once at the end
# (a handler often sets the state, then the data, then updates it again). The collection is the
# update's own: concurrent updates of other users never flush or discard each other's changes.
Entry = tuple[str | None, dict[str, Any]]
_collecting: ContextVar[dict[str, Entry] | None] = ContextVar("fsm_collecting", default=None)


class Collection:
    """One update's collected changes: what to write, when it began (in forgets), and how to
    stop collecting."""

    __slots__ = ("began", "changes", "token")

    def __init__(self, changes: dict[str, Entry], began: int,
                 token: Token[dict[str, Entry] | None]) -> None:
        self.changes = changes
        self.began = began
        self.token = token


class SQLiteStorage(BaseStorage):
    def __init__(self, repo: FsmRepo) -> None:
        self.repo = repo
        self._cache: OrderedDict[str, Entry] = OrderedDict()
        # users whose conversations were deleted (/forget), by when: an update that began
        # before that must not write their state back
        self._forgets = 0
        self._forgotten: dict[str, int] = {}

    @asynccontextmanager
    async def collecting(self) -> AsyncIterator[None]:
        """Write this update's state changes in one transaction when it is done. If the
        update fails, or that write does, its changes are dropped and the conversation stays
        as last written: a form is never spent by a write that did not commit."""
        collection = self.collect()
        try:
            yield
        except BaseException:
            self.discard(collection)
            raise
        await self.commit(collection)

    # `collecting` in three steps, for a middleware to run without a context manager's cost
    def collect(self) -> Collection:
        """From now on, in this context, state changes are collected rather than written."""
        changes: dict[str, Entry] = {}
        return Collection(changes, self._forgets, _collecting.set(changes))

    def discard(self, collection: Collection) -> None:
        """The update failed: its changes are dropped."""
        _collecting.reset(collection.token)
        self._drop(collection.changes)

    async def commit(self, collection: Collection) -> None:
        """The update is done: its changes are written in one transaction (dropped if that
        fails), but not those of users forgotten since it began."""
        _collecting.reset(collection.token)
        changes = collection.changes
        if not changes:
            return
        changes = {
            key: entry for key, entry in changes.items()
            if self._forgotten.get(user_part(key), -1) < collection.began
        }
        try:
            await self._write(changes)
        except BaseException:
            self._drop(changes)
            raise

    def _drop(self, changes: dict[str, Entry]) -> None:
        """Forget cached entries that were never written; the next read loads the stored
        ones."""
        for key in changes:
            self._cache.pop(key, None)

    async def _write(self, changes: dict[str, Entry]) -> None:
        if changes:
            await self.repo.save_many(dict(changes))

    def forget_user(self, user_id: int, *, running_too: bool = True) -> None:
        """Drop every cached conversation of this user (their stored ones were deleted), and
        (unless `running_too` is false: the update running is their own and goes on) what
        updates already running would write for them."""
        if running_too:
            self._forgets += 1
            self._forgotten[str(user_id)] = self._forgets
        for key in [k for k in self._cache if user_part(k) == str(user_id)]:
            del self._cache[key]

    async def _load(self, key: str) -> Entry:
        entry = self._cache.get(key)
        if entry is None:
            entry = await self.repo.load(key)
            self._cache[key] = entry
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return entry

    async def _save(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        old = await self._load(key)
        if old == (state, data):
            return
        changes = _collecting.get()
        if changes is None:
            await self.repo.save(key, state, data)
            self._cache[key] = (state, data)
        else:
            self._cache[key] = (state, data)
            changes[key] = (state, data)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        skey = storage_key(key)
        _, data = await self._load(skey)
        await self._save(skey, name, data)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._load(storage_key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        skey = storage_key(key)
        state, _ = await self._load(skey)
        await self._save(skey, state, copied(dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(storage_key(key))
        return copied(data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """As aiogram's (its get_data, update and set_data), with one lookup."""
        skey = storage_key(key)
        state, old = await self._load(skey)
        new = copied(old)
        new.update(data)
        await self._save(skey, state, copied(new))
        return new.copy()

    async def close(self) -> None:
        self._cache.clear()


class EventIsolation(BaseEventIsolation):
    """One update at a time per conversation (a double tap waits for the first tap's
    answer), as aiogram's SimpleEventIsolation does, but without its generator-based context
    manager built for every update, and without keeping a lock for everyone ever seen: a
    conversation's lock goes once no update holds it or waits for it."""

    def __init__(self) -> None:
        self._turns: dict[StorageKey, Turn] = {}

    def lock(self, key: StorageKey) -> Turn:  # type: ignore[override]
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = Turn(self._turns, key)
        return turn

    @property
    def held(self) -> int:
        """Conversations with an update being handled or waiting."""
        return len(self._turns)

    async def close(self) -> None:
        self._turns.clear()


class Turn:
    """A conversation's lock while updates hold it or wait for it; `async with` it."""

    __slots__ = ("_lock", "_turns", "key", "users")

    def __init__(self, turns: dict[StorageKey, Turn], key: StorageKey) -> None:
        self._turns = turns
        self.key = key
        self._lock = asyncio.Lock()
        self.users = 0  # updates holding it or waiting for it

    async def __aenter__(self) -> None:
        self.users += 1
        try:
            await self._lock.acquire()
        except BaseException:
            self._leave()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._lock.release()
        self._leave()

    def _leave(self) -> None:
        self.users -= 1
        if not self.users and self._turns.get(self.key) is self:
            del self._turns[self.key]
