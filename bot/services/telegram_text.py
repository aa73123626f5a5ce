"""Text as Telegram takes it, in one place: the one exception for refused input, the length
Telegram counts (UTF-16 code units) and shortening to it, whether typed text shows anything,
Telegram's HTML subset (checked as Telegram checks it, with the links staff may send), and what
staff type or format in the app (a post, an answer to a question, a broadcast) read as HTML."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # read as plain attributes: the emulated Bot API uses this module too
    from aiogram.types import Message


class Refused(ValueError):
    """Input that is not taken: `key` names the text that says what to fix, `kwargs` its
    arguments."""

    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key = key
        self.kwargs = kwargs


# ---- length, as Telegram counts it ----------------------------------------------------------

# the longest message and photo caption Telegram takes, counted in the text a reader sees,
# and the longest answer to a button's press (a toast or an alert)
TELEGRAM_TEXT, TELEGRAM_CAPTION, TELEGRAM_ALERT = 4096, 1024, 200


def tg_len(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (🤖 is two, 👨‍👩‍👧 eight)."""
    return len(text.encode("utf-16-le")) // 2


def check_length(plain: str, limit: int, key: str, **kwargs: object) -> None:
    """Refuses (`key` with the length and the limit) text a reader sees that is longer than
    `limit`; never cuts it."""
    length = tg_len(plain)
    if length > limit:
        raise Refused(key, length=length, limit=limit, **kwargs)


def shorten(text: str, limit: int) -> str:
    """Plain text cut to at most `limit` (as Telegram counts) with «…», if longer: for a
    preview or a card, never for what is delivered."""
    if tg_len(text) <= limit:
        return text
    cut = text[:limit]
    while tg_len(cut) > limit - 1:
        cut = cut[: len(cut) - max(1, (tg_len(cut) - limit + 1) // 2)]
    return cut.rstrip() + "…"


def clip(text: str, limit: int) -> str:
    """A one-line preview of plain text, at most `limit` long."""
    return shorten(" ".join(text.split()), limit)


# ---- what shows -----------------------------------------------------------------------------

# Characters that show as nothing (or as a blank) yet are letters or symbols to Unicode, so a
# "name" of them passes a letter count: the Hangul fillers, the blank Braille pattern, the
# Khmer inherent vowels, the grapheme joiner, the Khitan filler and the variation selectors.
FILLERS = frozenset(
    "\u115f\u1160\u17b4\u17b5\u034f\u2800\u3164\uffa0\U00016fe4"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)


def is_invisible(char: str) -> bool:
    """Format characters (zero-width spaces and joiners, soft hyphens, direction marks, tags)
    and the fillers above."""
    return char in FILLERS or unicodedata.category(char) == "Cf"


def is_blank(char: str) -> bool:
    """Shows nothing: a space, a control character or an invisible one."""
    return char.isspace() or is_invisible(char) or unicodedata.category(char) == "Cc"


def has_visible_text(value: str) -> bool:
    """Does anything in `value` show? Text made only of spaces, control characters, format
    characters (zero-width spaces and joiners, U+2060, U+FEFF…) and the fillers above is
    refused wherever people type free text: a question, an answer, a post, a broadcast, a
    name."""
    return not all(is_blank(char) for char in value)


def blank_kind(value: str) -> str | None:
    """Why nothing shows, for the message that says so: "empty" (nothing, or only spaces)
    or "invisible" (invisible characters, perhaps among spaces); None when something shows."""
    if has_visible_text(value):
        return None
    return "invisible" if value.strip() else "empty"


def visible_text(value: str) -> str:
    """The text as people see it: composed (й, not и + ˘), without invisible or control
    characters, single spaces."""
    value = unicodedata.normalize("NFC", value)
    shown = "".join(char for char in value if char.isspace() or not is_blank(char))
    return " ".join(shown.split())


# ---- Telegram's HTML ------------------------------------------------------------------------

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
    """What Telegram would refuse, in words close to its own: `problem`, the tag involved and,
    for a link that is not allowed, the link. What staff type gets it as a Refused (`readable`);
    the emulated Bot API answers it as Telegram does."""

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


def readable(html: str, keys: str) -> str:
    """`check_typed`, refusing with `{keys}-html-{problem}` ("q" for an answer, "bc" for a
    broadcast or a post) and the tag or the link."""
    try:
        return check_typed(html)
    except HtmlError as exc:
        raise Refused(f"{keys}-html-{exc.problem}", **exc.kwargs) from None


# ---- what staff send: typed with tags, or formatted in the app -------------------------------

# entities that are formatting (a link, a mention or a command Telegram finds by itself is not)
FORMATTING = frozenset({
    "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "text_link",
    "blockquote", "expandable_blockquote", "custom_emoji",
})


@dataclass(frozen=True, slots=True)
class Typed:
    """What staff sent, checked: its Telegram HTML (trimmed), the text a reader sees and why
    nothing shows ("empty", "invisible"; None when something does)."""

    html: str
    plain: str
    blank: str | None


def check_staff(raw: str, formatted: str | None, keys: str) -> Typed:
    """Staff's text as Telegram HTML: formatting made in Telegram is kept (`formatted`, the
    message's entities as HTML), tags typed by hand (`raw`) are checked as Telegram would check
    them, and every link must open a web page or Telegram (refused as `readable` says)."""
    html = formatted if formatted is not None else from_typed(raw)
    plain = readable(html, keys)
    return Typed(html.strip(), plain, blank_kind(plain))


def formatted_html(message: Message) -> str | None:
    """The text (or caption) with the formatting made in Telegram, as HTML; None when none
    was: what was typed is then read as HTML, tags and all."""
    entities = message.entities or message.caption_entities or []
    return message.html_text if any(e.type in FORMATTING for e in entities) else None


def read_staff(message: Message, keys: str) -> Typed | None:
    """A message's text, or its photo's caption, as `check_staff` takes it; None when it has
    neither (a sticker, a photo alone)."""
    raw = message.text if message.text is not None else message.caption
    if raw is None:
        return None
    return check_staff(raw, formatted_html(message), keys)


def photo_of(message: Message) -> str | None:
    """The largest size of the message's photo, if it has one."""
    return message.photo[-1].file_id if message.photo else None
