"""Telegram's HTML subset: checking it as Telegram does, and turning typed text into it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
})
LONE_AMPERSAND = re.compile(r"&(?!#?[A-Za-z0-9]+;)")
BARE_LT = re.compile(r"<(?![A-Za-z/])")


class HtmlError(ValueError):
    """What is wrong, in words close to Telegram's own: `problem` and the tag involved."""

    def __init__(self, problem: str, tag: str = "") -> None:
        super().__init__(f"{problem} {tag}".strip())
        self.problem = problem
        self.tag = tag


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.error: HtmlError | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in ALLOWED_TAGS:
            self.error = HtmlError("unsupported", tag)
            return
        if tag == "a" and not dict(attrs).get("href"):
            self.error = HtmlError("no-href", tag)
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.error:
            self.error = HtmlError("unsupported", tag)

    def handle_endtag(self, tag: str) -> None:
        if self.error:
            return
        if not self.stack or self.stack[-1] != tag:
            self.error = HtmlError("unexpected-end", tag)
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def to_plain(html: str) -> str:
    """The text a reader sees; raises HtmlError where Telegram would refuse the message."""
    if BARE_LT.search(html):
        raise HtmlError("bare-lt")
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.error:
        raise checker.error
    if checker.stack:
        raise HtmlError("unclosed", checker.stack[-1])
    return "".join(checker.parts)


def from_typed(text: str) -> str:
    """Text typed with HTML tags by hand: lone ampersands escaped, tags kept for checking."""
    return LONE_AMPERSAND.sub("&amp;", text)
