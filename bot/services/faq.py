"""The questions every family asks: a technopark's TOML file of answers, checked at start as
the catalogue is, then kept in memory. Each entry holds how people ask it in each language
(what typed words are matched against), the answer, and the buttons under it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from bot.services.catalogue import Catalogue
from bot.services.data_files import DataFileError, load_model
from bot.services.telegram_text import LONE_AMPERSAND, HtmlError, check_typed

# what a button under an answer opens; "q:<code>" opens a quantum's card
BUTTONS = ("signup", "catalogue", "quiz", "events", "news", "schedule", "map", "ask")
QUANTUM_BUTTON = re.compile(r"^q:([a-z][a-z0-9]{1,15})$")

Phrasing = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Answer = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1500)]
# what Telegram would refuse in an answer, said to whoever edits the file
HTML_PROBLEMS = {
    "bare-lt": "a bare < (write &lt;)",
    "unsupported": "a tag Telegram does not take: <{tag}> (use <b>, <i>, <a href>)",
    "unclosed": "<{tag}> is never closed",
    "unexpected-end": "</{tag}> closes nothing open",
    "no-href": "a link without href",
    "bad-link": "the link {link!r} is not an http(s) or tg one",
}
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class FaqText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phrasings: list[Phrasing] = Field(min_length=3, max_length=40)
    answer: Answer  # told to a parent («вы»)
    answer_child: Answer | None = None  # told to a pupil («ты»); `answer` when absent

    @field_validator("answer", "answer_child")
    @classmethod
    def _telegram_html(cls, value: str | None) -> str | None:
        """An answer Telegram would refuse is found here, not when a family asks."""
        if value is None:
            return value
        if LONE_AMPERSAND.search(value):
            raise ValueError("a lone & (write &amp;)")
        try:
            check_typed(value)
        except HtmlError as exc:
            problem = HTML_PROBLEMS.get(exc.problem, exc.problem)
            raise ValueError(problem.format(tag=exc.tag, link=exc.link)) from None
        return value

    def answer_for(self, you: str) -> str:
        return self.answer_child if you == "ty" and self.answer_child else self.answer


class FaqEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
    buttons: list[str] = Field(default_factory=list, max_length=4)
    # «❓ Спросить у сотрудников» under the answer, in case it is not what was asked; false
    # for small talk (a greeting, thanks), where it would only puzzle
    ask_staff: bool = True
    ru: FaqText
    en: FaqText

    @field_validator("buttons")
    @classmethod
    def _buttons(cls, value: list[str]) -> list[str]:
        for button in value:
            if button not in BUTTONS and not QUANTUM_BUTTON.match(button):
                raise ValueError(f"unknown button {button!r} (one of {', '.join(BUTTONS)}, "
                                 "or q:<quantum code>)")
        if len(set(value)) != len(value):
            raise ValueError("a button appears twice")
        return value

    def text(self, locale: str) -> FaqText:
        return self.en if locale == "en" else self.ru


class Place(BaseModel):
    """The technopark on the map: the pin sent under «где вы находитесь»."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    title_ru: Line
    title_en: Line
    address_ru: Line
    address_en: Line

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_ru

    def address(self, locale: str) -> str:
        return self.address_en if locale == "en" else self.address_ru


class FaqFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    place: Place | None = None
    entry: list[FaqEntry] = Field(min_length=1, max_length=100)


class FaqError(Exception):
    """The FAQ file is unreadable or invalid; the message names the file and field."""


@dataclass(frozen=True)
class Faq:
    entries: tuple[FaqEntry, ...]
    place: Place | None = None

    def get(self, entry_id: str) -> FaqEntry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)


def load_faq(path: Path, catalogue: Catalogue) -> Faq:
    try:
        parsed = load_model(path, FaqFile, label="FAQ", setting="FAQ_PATH", items="entry",
                            key="id")
    except DataFileError as exc:
        raise FaqError(str(exc)) from None
    first: dict[str, int] = {}
    for number, entry in enumerate(parsed.entry, start=1):
        field = f"FAQ {path}: field entry[{number}] (id {entry.id!r})"
        if entry.id in first:
            raise FaqError(f"{field}.id: the id of entry[{first[entry.id]}] too; ids are unique.")
        first[entry.id] = number
        if "map" in entry.buttons and parsed.place is None:
            raise FaqError(f"{field}.buttons: a «map» button needs the [place] table.")
        for button in entry.buttons:
            found = QUANTUM_BUTTON.match(button)
            if found and catalogue.get(found.group(1)) is None:
                raise FaqError(f"{field}.buttons: no quantum {found.group(1)!r} in the catalogue.")
    return Faq(tuple(parsed.entry), parsed.place)


_loaded: dict[tuple[str, int, int], tuple[Catalogue, Faq]] = {}


def faq_for(path: Path, catalogue: Catalogue) -> Faq:
    """`load_faq`, once per file version and catalogue: every dispatcher assembled in one
    process (the tests build one per test) shares the same FAQ, and so its understanding's
    index (built once per FAQ and catalogue)."""
    stat = path.stat() if path.exists() else None
    key = (str(path.resolve()), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    known = _loaded.get(key)
    if known is not None and known[0] is catalogue:
        return known[1]
    faq = load_faq(path, catalogue)
    _loaded.clear()  # one file at a time is all a process needs
    _loaded[key] = (catalogue, faq)
    return faq
