"""Telegram's HTML subset: checking it as Telegram does, and turning typed text into it; the
links staff may send."""

from __future__ import annotations

import re
import unicodedata
from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
})
LONE_AMPERSAND = re.compile(r"&(?!#?[A-Za-z0-9]+;)")
BARE_LT = re.compile(r"<(?![A-Za-z/])")
# a link opens a web page or something in Telegram; never a script, a file or inline data
LINK_SCHEMES = frozenset({"http", "https", "tg"})
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
LINK_SHOWN = 40  # characters of a refused link its message shows


class HtmlError(ValueError):
    """What is wrong, in words close to Telegram's own: `problem`, the tag involved and, for
    a link that is not allowed, the link."""

    def __init__(self, problem: str, tag: str = "", link: str = "") -> None:
        super().__init__(f"{problem} {tag} {link}".strip())
        self.problem = problem
        self.tag = tag
        self.link = link

    @property
    def kwargs(self) -> dict[str, object]:
        """The tag and the link for the message that explains the problem (HTML, escaped)."""
        return {"tag": escape(self.tag, quote=False), "link": escape(self.link, quote=False)}


def bare_link(href: str) -> str:
    """A link as a browser reads it: control and format characters (a tab, a zero-width
    space) taken out, leading spaces dropped — «java\\tscript:» is «javascript:»."""
    kept = "".join(char for char in href if unicodedata.category(char) not in ("Cc", "Cf"))
    return kept.lstrip()


def link_allowed(href: str) -> bool:
    """Is this an http://, https:// or tg:// link (in any case)? One without a scheme is
    not: it is a slip, or something a browser would read another way."""
    match = SCHEME.match(bare_link(href))
    return match is not None and match[1].lower() in LINK_SCHEMES


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []
        self.links: list[str] = []
        self.error: HtmlError | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in ALLOWED_TAGS:
            self.error = HtmlError("unsupported", tag)
            return
        if tag == "a":
            if not dict(attrs).get("href"):
                self.error = HtmlError("no-href", tag)
                return
            self.links += [value or "" for name, value in attrs if name == "href"]
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


def _parsed(html: str) -> _Checker:
    if BARE_LT.search(html):
        raise HtmlError("bare-lt")
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.error:
        raise checker.error
    if checker.stack:
        raise HtmlError("unclosed", checker.stack[-1])
    return checker


def to_plain(html: str) -> str:
    """The text a reader sees; raises HtmlError where Telegram would refuse the message."""
    return "".join(_parsed(html).parts)


def check_typed(html: str) -> str:
    """What staff send, before it is kept or sent (a post, an answer, a broadcast): the text
    a reader sees, as `to_plain` gives it, and every link an http(s) or tg one — whether its
    tag was typed or the link made in Telegram. Raises HtmlError ("bad-link" with the link)."""
    checker = _parsed(html)
    for href in checker.links:
        link = bare_link(href)
        if not link:
            raise HtmlError("no-href", "a")
        if not link_allowed(link):
            shown = link if len(link) <= LINK_SHOWN else link[: LINK_SHOWN - 1] + "…"
            raise HtmlError("bad-link", "a", shown)
    return "".join(checker.parts)


def from_typed(text: str) -> str:
    """Text typed with HTML tags by hand: lone ampersands escaped, tags kept for checking."""
    return LONE_AMPERSAND.sub("&amp;", text)
