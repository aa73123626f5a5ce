"""Reading typed texts with the real catalogue and FAQ, straight through the scoring (so a
failure is a failure, not a «nothing»), for the understanding's tests."""

from __future__ import annotations

from bot.services.catalogue import Catalogue
from bot.services.faq import load_faq
from bot.services.understanding import Understood
from bot.services.understanding.matcher import Index, build
from bot.services.understanding.scoring import understand
from bot.settings import DEFAULT_FAQ


def real_index(catalogue: Catalogue) -> Index:
    return build(catalogue, load_faq(DEFAULT_FAQ, catalogue))


def read(index: Index, text: str, locale: str = "ru") -> Understood:
    return understand(index, text, locale)


def codes(understood: Understood) -> list[str]:
    return [hit.code for hit in understood.quanta]


def reasons(understood: Understood) -> set[str]:
    return {b.typed.lower() for hit in understood.quanta for b in hit.because}
