"""Fluent texts from locales/<lang>/*.ftl and a translator bound to one recipient."""

from __future__ import annotations

import re
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
    """All bundles. `get` raises on a missing key or a formatting error, so a broken text is
    caught by the tests rather than shown to a child.

    The .ftl files are read at start, but each text is parsed the first time it is asked for:
    Fluent's syntax trees of every text in both languages cost about 13 MB and 2 s of CPU,
    and a running bot uses a fraction of them. The files are cut into their entries by the
    lines that begin one (an identifier and «=» at the start of a line: every other line of an
    entry is indented, and the locales hold no terms); `load_all` parses every text at once,
    as the tests do to check them."""

    def __init__(self, directory: Path = LOCALES_DIR, locales: tuple[str, ...] = LOCALES):
        self.locales = locales
        self._bundles: dict[str, FluentBundle] = {}
        # the source of each text not parsed yet, by locale and key
        self._sources: dict[str, dict[str, str]] = {}
        self.keys: dict[str, set[str]] = {}
        for locale in locales:
            files = sorted((directory / locale).glob("*.ftl"))
            if not files:
                raise FileNotFoundError(f"no .ftl files in {directory / locale}")
            sources: dict[str, str] = {}
            for path in files:
                for key, source in entries(path.read_text("utf-8")):
                    if key in sources:
                        raise ValueError(f"{path}: {key!r} is defined twice")
                    sources[key] = source
            self._bundles[locale] = FluentBundle([locale], use_isolating=False)
            self._sources[locale] = sources
            self.keys[locale] = set(sources)
        # translators by language and defaults: every update binds one, and a handful of
        # them serve everyone
        self._bound: dict[tuple[Any, ...], T] = {}

    def _bundle_with(self, locale: str, key: str) -> FluentBundle:
        """The locale's bundle, with the text `key` parsed into it if it was not yet."""
        bundle = self._bundles[locale]
        source = self._sources[locale].pop(key, None)
        if source is not None:
            # without source positions (spans): nothing reads them, and they slow parsing
            resource = FluentParser(with_spans=False).parse(source)
            for entry in resource.body:
                if isinstance(entry, ast.Junk):
                    junk = (entry.content or "").strip()[:60]
                    raise ValueError(f"{locale}: cannot parse {junk!r}")
            bundle.add_resource(resource)
        return bundle

    def load_all(self) -> None:
        """Every text parsed now (a text that cannot be parsed raises)."""
        for locale, sources in self._sources.items():
            for key in list(sources):
                self._bundle_with(locale, key)

    def get(self, locale: str, key: str, **kwargs: Any) -> str:
        if locale not in self._bundles:
            locale = self.locales[0]
        bundle = self._bundle_with(locale, key)
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


# a line that begins an entry: a message's identifier and «=» at the start of the line
ENTRY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*=", re.MULTILINE)


def entries(text: str) -> list[tuple[str, str]]:
    """A .ftl file cut into its messages: (key, source) each, a message's source running to
    the line that begins the next one (comments before a message go with the one above)."""
    starts = [(m.start(), m.group(1)) for m in ENTRY.finditer(text)]
    return [(key, text[start:starts[n + 1][0] if n + 1 < len(starts) else len(text)])
            for n, (start, key) in enumerate(starts)]


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
