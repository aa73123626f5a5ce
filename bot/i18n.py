"""Fluent texts from locales/<lang>/*.ftl and a translator bound to one recipient."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

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
            for path in files:
                resource = FluentResource(path.read_text("utf-8"))
                for entry in resource.body:
                    if isinstance(entry, ast.Junk):
                        junk = (entry.content or "").strip()[:60]
                        raise ValueError(f"{path}: cannot parse {junk!r}")
                bundle.add_resource(resource)
            self._bundles[locale] = bundle
            self.keys[locale] = set(bundle._messages)

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
        return T(self, locale if locale in self._bundles else self.locales[0], defaults)


@dataclass(frozen=True)
class T:
    """A translator for one recipient: `t("key", name=...)`. Defaults such as `you`
    ("ty" for pupils, "vy" for everyone else) reach every text."""

    texts: Texts
    locale: str
    defaults: dict[str, Any] = field(default_factory=dict)

    def __call__(self, key: str, **kwargs: Any) -> str:
        return self.texts.get(self.locale, key, **{**self.defaults, **kwargs})


def voice(role: str | None) -> str:
    """Pupils are spoken to as «ты», parents, staff and anyone unknown as «вы»."""
    return "ty" if role == "pupil" else "vy"


def locale_for(language_code: str | None, russian_codes: frozenset[str], default: str) -> str:
    """The language for a new user, from Telegram's language_code."""
    if not language_code:
        return default
    base = language_code.lower().replace("_", "-").split("-")[0]
    return "ru" if base in russian_codes else "en"
