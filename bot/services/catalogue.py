"""The technopark's catalogue of quanta: a TOML file, validated, then kept in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bot.services.data_files import DataFileError, load_model

# Interests the quiz asks about; each quantum lists the ones it feeds.
Tag = Literal[
    "build", "code", "fly", "space", "nature", "brain", "design",
    "energy", "light", "vehicles", "virtual", "maps", "micro", "science",
]
TAGS: tuple[str, ...] = Tag.__args__  # type: ignore[attr-defined]

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
# a word or two a family might type about the quantum («дрон», «3D-печать»)
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class QuantumText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # emoji + space + name must fit a 24-character button
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=21)]
    short: Line
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1200)
    ]
    # the same, told to a parent about their child («вы», «ребёнок»); the pupil's «ты»
    # text is for pupils
    description_parent: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1200)
    ] | None = None
    activities: list[Line] = Field(min_length=1, max_length=8)
    projects: list[Line] = Field(min_length=1, max_length=8)
    # what typed words are understood by (on top of the name, activities and projects):
    # general words about the subject, and other names that open the card
    keywords: list[Word] = Field(default_factory=list, max_length=40)
    aliases: list[Word] = Field(default_factory=list, max_length=12)

    def description_for(self, you: str) -> str:
        """The description in the reader's voice: «ty» for pupils, «vy» for everyone else."""
        return self.description_parent if you != "ty" and self.description_parent else (
            self.description
        )


class Quantum(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # used in public links (/start q_<code>) and button data: short ASCII only
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]{1,15}$")]
    emoji: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2)]
    age_min: int = Field(ge=5, le=18)
    age_max: int = Field(ge=5, le=18)
    tags: list[Tag] = Field(min_length=1, max_length=6)
    ru: QuantumText
    en: QuantumText

    @model_validator(mode="after")
    def _ages(self) -> Quantum:
        if self.age_min > self.age_max:
            raise ValueError("age_min is greater than age_max")
        return self

    def text(self, locale: str) -> QuantumText:
        return self.en if locale == "en" else self.ru

    def title(self, locale: str) -> str:
        return f"{self.emoji} {self.text(locale).name}"


class CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    quantum: list[Quantum] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _unique(self) -> CatalogueFile:
        seen: set[str] = set()
        for quantum in self.quantum:
            if quantum.code in seen:
                raise ValueError(f"code {quantum.code!r} appears twice")
            seen.add(quantum.code)
        return self


class CatalogueError(Exception):
    """The catalogue file is unreadable or invalid; the message names the file and field."""


@dataclass(frozen=True)
class Catalogue:
    quanta: tuple[Quantum, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {q.code: q for q in self.quanta})

    def get(self, code: str) -> Quantum | None:
        by_code: dict[str, Quantum] = object.__getattribute__(self, "_by_code")
        return by_code.get(code)

    def index(self, code: str) -> int:
        return next(i for i, q in enumerate(self.quanta) if q.code == code)


def load_catalogue(path: Path) -> Catalogue:
    try:
        parsed = load_model(path, CatalogueFile, label="Catalogue", setting="CATALOGUE_PATH",
                            items="quantum", key="code")
    except DataFileError as exc:
        raise CatalogueError(str(exc)) from None
    return Catalogue(tuple(parsed.quantum))
