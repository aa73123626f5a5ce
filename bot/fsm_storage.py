"""aiogram FSM storage kept in SQLite, so a half-filled form survives a restart.

A write-through cache spares a disk read on every update: this process is the database's only
writer (a second one refuses to start).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage.fsm import FsmRepo

CACHE_SIZE = 20_000


def storage_key(key: StorageKey) -> str:
    return ":".join(
        str(part) for part in (
            key.bot_id, key.chat_id, key.user_id, key.thread_id or "",
            key.business_connection_id or "", key.destiny,
        )
    )


# While an update is handled, its state changes are collected and written once at the end
# (a handler often sets the state, then the data, then updates it again).
_collecting: ContextVar[bool] = ContextVar("fsm_collecting", default=False)


class SQLiteStorage(BaseStorage):
    def __init__(self, repo: FsmRepo) -> None:
        self.repo = repo
        self._cache: OrderedDict[str, tuple[str | None, dict[str, Any]]] = OrderedDict()
        self._dirty: dict[str, tuple[str | None, dict[str, Any]]] = {}

    @asynccontextmanager
    async def collecting(self) -> AsyncIterator[None]:
        """Write this update's state changes in one transaction when it is done."""
        token = _collecting.set(True)
        try:
            yield
        finally:
            _collecting.reset(token)
            await self.flush()

    async def flush(self) -> None:
        if self._dirty:
            batch, self._dirty = self._dirty, {}
            await self.repo.save_many(batch)

    async def _load(self, key: str) -> tuple[str | None, dict[str, Any]]:
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
        self._cache[key] = (state, data)
        self._dirty[key] = (state, data)
        if not _collecting.get():
            await self.flush()

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
        await self._save(skey, state, copy.deepcopy(dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(storage_key(key))
        return copy.deepcopy(data)

    async def close(self) -> None:
        self._cache.clear()
