"""The links staff may send (http, https and tg only) and the check of what they type:
examples and properties, without Telegram."""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.telegram_text import (
    HtmlError,
    bare_link,
    check_typed,
    link_allowed,
    to_plain,
)

# what a browser skips in a link's scheme, or what hides in it unseen
HIDDEN = ["\t", "\n", "\r", "\x00", "\x1f", "\u200b", "\u2060", "\ufeff", "\u00ad"]
LEADING = [" ", "\t", "\n", "\x01", "\u00a0", "\u3000", "\u200b"]
REFUSED = ["javascript", "data", "vbscript", "file", "mailto", "ftp", "about", "intent",
           "chrome", "jar", "blob"]
ALLOWED = ["http", "https", "tg"]


def any_case(word: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips + [False] * 20,
                                                               strict=False))


def hide(word: str, extra: list[str], positions: list[int]) -> str:
    chars = list(word)
    for char, position in zip(extra, positions, strict=False):
        chars.insert(position % (len(chars) + 1), char)
    return "".join(chars)


def anchor(href: str) -> str:
    return f'Текст <a href="{escape(href)}">ссылка</a>.'


def refused_link(html: str) -> HtmlError:
    with pytest.raises(HtmlError) as caught:
        check_typed(html)
    return caught.value


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
    "\x01javascript:alert(1)", "java\nscript:alert(1)", "\u200bjavascript:x",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "file:///etc/passwd",
    "FILE://c:/windows", "mailto:a@b.c", "example.org", "//example.org", "/path", "#top",
    "ht\u3164tp://example.org", "tg", "https//example.org",
])
def test_links_that_are_refused(href: str) -> None:
    assert not link_allowed(href)
    error = refused_link(anchor(href))
    assert error.problem == "bad-link"
    assert error.link == bare_link(href)[:40]


@pytest.mark.parametrize("href", [
    "http://example.org", "https://example.org/a?b=1&c=2", "HTTPS://EXAMPLE.ORG",
    "  https://example.org", "tg://resolve?domain=durov", "TG://user?id=1", "tg:resolve",
    "\thttp://example.org",
])
def test_links_that_are_allowed(href: str) -> None:
    assert link_allowed(href)
    assert check_typed(anchor(href)) == "Текст ссылка."


def test_a_link_is_shown_short_and_escaped_in_the_message() -> None:
    assert refused_link(anchor("javascript:" + "x" * 50)).link == "javascript:" + "x" * 28 + "…"
    error = refused_link(anchor('javascript:"<b>&amp;'))
    assert error.kwargs["link"] == 'javascript:"&lt;b&gt;&amp;amp;'
    # a tag's name, too, goes into the message escaped: «<x<y>» would break the reply
    with pytest.raises(HtmlError) as caught:
        check_typed("Смотрите <x<y>")
    assert caught.value.kwargs["tag"] == "x&lt;y"


def test_every_link_is_checked_and_rendering_stays_lenient() -> None:
    html = '<a href="https://a.ru">a</a> <a href="javascript:x">b</a>'
    assert refused_link(html).link == "javascript:x"
    # what is already stored still renders (the check is for what is typed)
    assert to_plain(html) == "a b"
    # a character reference or an empty address hides nothing
    assert refused_link('<a href="&#106;ava&Tab;script:x">a</a>').link == "javascript:x"
    assert refused_link('<a href=" \u200b">a</a>').problem == "no-href"


@given(st.sampled_from(REFUSED), st.lists(st.booleans(), max_size=12),
       st.lists(st.sampled_from(LEADING), max_size=3),
       st.lists(st.sampled_from(HIDDEN), max_size=4), st.lists(st.integers(0, 20), min_size=4),
       st.text(max_size=20))
def test_other_schemes_are_refused_however_written(
    scheme: str, flips: list[bool], leading: list[str], hidden: list[str],
    positions: list[int], rest: str,
) -> None:
    href = "".join(leading) + hide(any_case(scheme, flips), hidden, positions) + ":" + rest
    assert not link_allowed(href)
    assert refused_link(anchor(href)).problem in ("bad-link", "no-href")


@given(st.sampled_from(ALLOWED), st.lists(st.booleans(), max_size=6),
       st.lists(st.sampled_from(LEADING), max_size=3),
       st.text(alphabet=st.characters(categories=["L", "N", "P"]), min_size=1, max_size=30))
def test_web_and_telegram_links_are_allowed_however_written(
    scheme: str, flips: list[bool], leading: list[str], rest: str,
) -> None:
    href = "".join(leading) + any_case(scheme, flips) + "://" + rest
    assert link_allowed(href)
    assert check_typed(anchor(href)) == "Текст ссылка."


@given(st.text(max_size=40))
def test_an_allowed_link_starts_with_an_allowed_scheme(href: str) -> None:
    if link_allowed(href):
        assert bare_link(href).lower().startswith(("http:", "https:", "tg:"))


@given(st.text(max_size=60))
def test_check_typed_agrees_with_to_plain_or_explains(html: str) -> None:
    try:
        plain = check_typed(html)
    except HtmlError as exc:
        assert exc.problem in {"bad-link", "no-href", "unsupported", "unclosed",
                               "unexpected-end", "bare-lt"}
    else:
        assert plain == to_plain(html)
