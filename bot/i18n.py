"""Fluent texts from locales/<lang>/*.ftl and a translator bound to one recipient."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

from bot.settings import LOCALES, PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"


class MissingText(LookupError):
    pass


class Texts:
    """All bundles, loaded once. `get` raises on a missing key or a formatting error, so a
    broken text is caught by the tests rather than shown to a child."""

    def __init__(self, directory: Path = LOCALES_DIR, locales: tuple[str, ...] = LOCALES):
        self.locales = locales
        self._bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, set[str]] = {}
        for locale in locales:
            bundle = FluentBundle([locale], use_isolating=False)
            files = sorted((directory / locale).glob("*.ftl"))
            if not files:
                raise FileNotFoundError(f"no .ftl files in {directory / locale}")
            # without source positions (spans): nothing reads them, and they slow parsing
            parser = FluentParser(with_spans=False)
            for path in files:
                resource = parser.parse(path.read_text("utf-8"))
                for entry in resource.body:
                    if isinstance(entry, ast.Junk):
                        junk = (entry.content or "").strip()[:60]
                        raise ValueError(f"{path}: cannot parse {junk!r}")
                bundle.add_resource(resource)
            self._bundles[locale] = bundle
            self.keys[locale] = set(bundle._messages)
        # translators by language and defaults: every update binds one, and a handful of
        # them serve everyone
        self._bound: dict[tuple[Any, ...], T] = {}

    def get(self, locale: str, key: str, **kwargs: Any) -> str:
        bundle = self._bundles.get(locale) or self._bundles[self.locales[0]]
        if not bundle.has_message(key):
            raise MissingText(f"{locale}: no text {key!r}")
        message = bundle.get_message(key)
        if message.value is None:
            raise MissingText(f"{locale}: text {key!r} has no value")
        text, errors = bundle.format_pattern(message.value, kwargs)
        if errors:
            raise MissingText(f"{locale}: text {key!r}: {errors[0]}")
        return str(text)

    def has(self, locale: str, key: str) -> bool:
        return key in self.keys.get(locale, ())

    def bind(self, locale: str, **defaults: Any) -> T:
        """The translator for `locale` with these defaults; the same one each time (a T does
        not change), unless a default cannot be a dictionary key."""
        key = (locale, *defaults.items())
        try:
            bound = self._bound.get(key)
        except TypeError:  # an unhashable default
            return T(self, locale if locale in self._bundles else self.locales[0], defaults)
        if bound is None:
            if len(self._bound) >= 1024:
                self._bound.clear()
            bound = self._bound[key] = T(
                self, locale if locale in self._bundles else self.locales[0], defaults)
        return bound


@dataclass(frozen=True)
class T:
    """A translator for one recipient: `t("key", name=...)`. Defaults such as `you`
    ("ty" for pupils, "vy" for everyone else) reach every text."""

    texts: Texts
    locale: str
    defaults: dict[str, Any] = field(default_factory=dict)

    def __call__(self, key: str, **kwargs: Any) -> str:
        return self.texts.get(self.locale, key, **{**self.defaults, **kwargs})

    @cached_property
    def reader(self) -> tuple[object, ...]:
        """What a rendered screen depends on besides its own key: the texts, the language
        and the defaults (such as the voice)."""
        return (id(self.texts), self.locale, *sorted(self.defaults.items()))


def voice(family_role: str | None) -> str:
    """Pupils are spoken to as «ты», parents, staff and anyone unknown as «вы»: the family
    capacity decides, whatever else the person is."""
    return "ty" if family_role == "pupil" else "vy"


def locale_for(language_code: str | None, russian_codes: frozenset[str], default: str) -> str:
    """The language for a new user, from Telegram's language_code."""
    if not language_code:
        return default
    base = language_code.lower().replace("_", "-").split("-")[0]
    return "ru" if base in russian_codes else "en"
