"""Typed words understood without a network or a language model: a quantum named, interests,
a question every family asks, an age. The heavy part (stemmer, typo matcher, the index) lives
in `matcher` and `scoring`, imported and built on the first text, not at the bot's start;
see `scoring` for what wins when a text could be read several ways.

What a text is understood as depends only on the text, its language and the index, which
does not change while the bot runs: the latest texts' readings are remembered (people type
the same few questions — «сколько стоит», «где вы находитесь» — again and again)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from bot.services.catalogue import Catalogue
from bot.services.faq import Faq
from bot.services.understanding.results import Because, QuantumHit, Understood

if TYPE_CHECKING:
    from bot.services.understanding.matcher import Index

__all__ = ["Because", "QuantumHit", "Understanding", "Understood"]

log = logging.getLogger(__name__)

# the last index built, with the very catalogue and FAQ it was built from: another dispatcher
# of the same process (the tests assemble one per test) reuses it rather than building anew
_BUILT: dict[str, tuple[Catalogue, Faq, Index]] = {}
_BUILDING = threading.Lock()
RECENT = 2048  # texts whose readings are remembered, the least recently typed going first


class Understanding:
    """Cheap to construct at start; the index is built once, on the first text."""

    def __init__(self, catalogue: Catalogue, faq: Faq, *, recent: int = RECENT) -> None:
        self._catalogue = catalogue
        self._faq = faq
        self._index: Index | None = None
        self._lock = threading.Lock()  # two first texts at once build it once
        self._recent: OrderedDict[tuple[str, str], Understood] = OrderedDict()
        self._recent_size = recent

    def _ready(self) -> Index:
        with self._lock, _BUILDING:
            if self._index is None:
                built = _BUILT.get("index")
                if built is not None and built[0] is self._catalogue and built[1] is self._faq:
                    self._index = built[2]
                else:
                    from bot.services.understanding.matcher import build

                    self._index = build(self._catalogue, self._faq)
                    _BUILT["index"] = (self._catalogue, self._faq, self._index)
            return self._index

    async def understand(self, text: str, locale: str) -> Understood:
        found = self._recent.get((text, locale))
        if found is not None:
            self._recent.move_to_end((text, locale))
            return found
        index = self._index
        if index is None:
            index = await asyncio.to_thread(self._ready)
        return self._remember(text, locale, self._match(index, text, locale))

    def understand_now(self, text: str, locale: str) -> Understood:
        """The engine itself, on this thread (nothing remembered)."""
        return self._match(self._index or self._ready(), text, locale)

    def _remember(self, text: str, locale: str, understood: Understood) -> Understood:
        self._recent[(text, locale)] = understood
        if len(self._recent) > self._recent_size:
            self._recent.popitem(last=False)
        return understood

    @staticmethod
    def _match(index: Index, text: str, locale: str) -> Understood:
        from bot.services.understanding.scoring import understand

        try:
            return understand(index, text, locale)
        except Exception:  # a child's odd message gets «не понял», never a traceback
            log.exception("a typed text could not be understood")
            return Understood("nothing")
