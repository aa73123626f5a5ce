"""A post being written or changed: what the form has gathered so far, kept in the
conversation's state (it survives a restart) until it is written; and the parsers of what staff
type into it. Pure: no Telegram, no database."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.news import TITLE_LIMIT
from bot.services.schedule import at
from bot.services.telegram_text import Refused, blank_kind, visible_text
from bot.services.validators import parse_lesson_day, parse_lesson_time
from storage.news import Post, PostContent

PARTNER_NAME_LIMIT = 100
PARTNER_ABOUT_LIMIT = 300
# a post is scheduled at most this far ahead: further is more likely a typo in the year
HORIZON = timedelta(days=366)
FIELDS = ("title", "text", "photo", "quantum", "partner")


@dataclass(frozen=True, slots=True)
class PostDraft:
    post: int = 0  # the post being changed; 0 for a new one
    version: int = 0  # its version when staff began: a change meanwhile shows
    title: str = ""
    body: str = ""  # Telegram HTML, checked
    photo: str | None = None  # a file_id
    quantum: str | None = None
    partner: int | None = None
    editing: bool = False  # one thing asked again: back to the preview after it
    partner_new: str = ""  # a new partner's name, while its description is asked

    @property
    def is_new(self) -> bool:
        return self.post == 0

    def dump(self) -> dict[str, Any]:
        return {"post_draft": asdict(self)}

    @classmethod
    def load(cls, data: dict[str, Any]) -> PostDraft | None:
        """The draft in a conversation's data; None if there is none (or not a sound one)."""
        raw = data.get("post_draft")
        if not isinstance(raw, dict):
            return None
        try:
            return cls(
                post=int(raw.get("post") or 0), version=int(raw.get("version") or 0),
                title=str(raw.get("title") or ""), body=str(raw.get("body") or ""),
                photo=str(raw["photo"]) if raw.get("photo") else None,
                quantum=str(raw["quantum"]) if raw.get("quantum") else None,
                partner=int(raw["partner"]) if raw.get("partner") else None,
                editing=bool(raw.get("editing")),
                partner_new=str(raw.get("partner_new") or ""),
            )
        except (TypeError, ValueError):
            return None

    @classmethod
    def of(cls, post: Post) -> PostDraft:
        """A published (or any) post, to be changed."""
        return cls(post=post.id, version=post.version, title=post.title, body=post.body,
                   photo=post.photo, quantum=post.quantum_code, partner=post.partner_id,
                   editing=True)

    def with_(self, **changes: Any) -> PostDraft:
        return replace(self, **changes)

    def content(self) -> PostContent:
        """What storage writes."""
        return PostContent(title=self.title, body=self.body, photo=self.photo,
                           quantum_code=self.quantum, partner_id=self.partner)

    def as_post(self, partner_name: str | None, partner_name_en: str = "") -> Post:
        """The post as it would be: what the preview and the length check render."""
        return Post(
            id=self.post, title=self.title, body=self.body, photo=self.photo,
            quantum_code=self.quantum, partner_id=self.partner, partner_name=partner_name,
            author_id=None, status="draft", publish_at=None, published_at=None,
            version=self.version, partner_name_en=partner_name_en,
        )


def parse_title(value: str) -> str:
    """A post's title: plain text, one line, 1–120 characters (emoji are fine), something
    in it visible."""
    blank = blank_kind(value)
    if blank is not None:
        raise Refused(f"post-title-{blank}")
    title = visible_text(value)
    if len(title) > TITLE_LIMIT:
        raise Refused("post-title-too-long", limit=TITLE_LIMIT, length=len(title))
    return title


def parse_partner_name(value: str) -> str:
    name = visible_text(value)
    if not any(char.isalnum() for char in name):
        raise Refused("post-partner-name-empty")
    if len(name) > PARTNER_NAME_LIMIT:
        raise Refused("post-partner-name-too-long", limit=PARTNER_NAME_LIMIT,
                      length=len(name))
    return name


def parse_partner_about(value: str) -> str:
    about = visible_text(value)
    if not about:
        raise Refused("post-partner-about-empty")
    if len(about) > PARTNER_ABOUT_LIMIT:
        raise Refused("post-partner-about-too-long", limit=PARTNER_ABOUT_LIMIT,
                      length=len(about))
    return about


CLOCK = re.compile(r"^[0-9]{1,2}[:.][0-9]{2}$")
FILLER_WORDS = frozenset({"в", "во", "at", "on"})
# the day parser's reasons, as they read for a post
DAY_PROBLEMS = {
    "ls-day-format": "post-when-format", "ls-day-no-such": "post-when-no-such-day",
    "ls-day-past": "post-when-past", "ls-day-far": "post-when-far",
}


def parse_when(value: str, now: datetime, zone: ZoneInfo) -> datetime:
    """When a scheduled post goes out, typed on the technopark's clock: «28.11 18:00»,
    «28.11.2026 18:00», «завтра 10:00», «завтра в 10:00», «18:00» (today). The moment in UTC,
    later than `now` and within a year."""
    words = [w for w in visible_text(value).lower().replace(",", " ").split()
             if w not in FILLER_WORDS]
    if len(words) == 2 and ":" in words[0] and ":" not in words[1]:
        words = [words[1], words[0]]  # «18:00 28.11»
    # the time comes last; alone, it is today's and needs its colon (28.11 is a day)
    if not 1 <= len(words) <= 2 or not CLOCK.match(words[-1]) or (
            len(words) == 1 and ":" not in words[0]):
        raise Refused("post-when-format")
    today = now.astimezone(zone).date()
    try:
        start, end = parse_lesson_time(words[-1])
    except Refused:
        raise Refused("post-when-no-such-time") from None
    if end is not None:
        raise Refused("post-when-format")
    if len(words) == 1:
        day = today
    else:
        try:
            day = parse_lesson_day(words[0], today)
        except Refused as exc:
            raise Refused(DAY_PROBLEMS.get(exc.key, "post-when-format")) from None
    moment = at(day, start, zone)
    if moment <= now:
        raise Refused("post-when-past")
    if moment - now > HORIZON:
        raise Refused("post-when-far")
    return moment
