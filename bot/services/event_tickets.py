"""An event ticket: the unguessable token its QR link carries (`?start=in_<token>`) and the
short code typed at the door. Neither is the registration's id."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from storage.events import Event

# no 0/O, 1/I/L: a code is read from a phone screen and typed
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TOKEN_BYTES = 12  # 96 bits, 16 characters of base64url


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def ticket_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start=in_{token}"


def normal_code(typed: str) -> str:
    """A typed code as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def ticket_key(event_id: int, registration_id: int, n: int) -> str:
    """The outbox key of a registration's n-th ticket. Every outbox row about an event starts
    with `ev:{event}:`, so cancelling the event can cancel what is still pending of it."""
    return f"{tickets_prefix(event_id, registration_id)}{n}"


def tickets_prefix(event_id: int, registration_id: int) -> str:
    """What the keys of a registration's tickets start with (to count them)."""
    return f"ev:{event_id}:ticket:{registration_id}:"


def ticket_payload(caption: str, token: str, buttons: list[list[dict[str, str]]] | None = None,
                   code: str | None = None) -> dict[str, object]:
    """An outbox payload for a ticket: the QR code is drawn when the message is sent, from the
    token (the link needs the bot's username, which the sender knows), with the door code
    written under it when given."""
    payload: dict[str, object] = {"text": caption, "qr_token": token}
    if code:
        payload["qr_code"] = code
    if buttons:
        payload["buttons"] = buttons
    return payload


# a module of the code is 8 pixels, with the 4-module quiet zone the standard asks for: about
# 300–400 pixels across, read by a phone's camera from a screen at arm's length
QR_SCALE = 8
QR_BORDER = 4
CODE_SIZE = 44  # the door code's letters under the QR code, in pixels
CODE_BAND = 64  # the white band they are written in


def qr_png(link: str, code: str | None = None) -> bytes:
    """The ticket's QR code as a PNG, drawn in memory, the door code written under it (a
    screenshot or a forwarded picture keeps it). segno and Pillow are imported here, when a
    ticket is sent, not at the bot's start."""
    import io

    import segno

    out = io.BytesIO()
    segno.make_qr(link, error="m").save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    if not code:
        return out.getvalue()
    from PIL import Image, ImageDraw, ImageFont

    qr = Image.open(io.BytesIO(out.getvalue())).convert("L")
    picture = Image.new("L", (qr.width, qr.height + CODE_BAND), 255)
    picture.paste(qr, (0, 0))
    font = ImageFont.load_default(size=CODE_SIZE)
    # the code centred in the band, which starts inside the QR's own white border
    ImageDraw.Draw(picture).text((qr.width // 2, qr.height - QR_BORDER * QR_SCALE // 2
                                  + CODE_BAND // 2), code, fill=0, font=font, anchor="mm")
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


# Telegram refuses a photo whose caption is longer than this (after the HTML is parsed; the
# bound is kept on the HTML itself, tags and all, to be safe)
CAPTION_LIMIT = 1024
TITLE_MAX = 200  # a longer title or place is cut, with «…»
PLACE_MAX = 200
NAME_MAX = 60  # a child's name in the list
NAMES_MAX = 900  # the list of names, at most


def utf16_length(text: str) -> int:
    """A text's length as Telegram counts it: in UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def ticket_caption(t: T, event: Event, names: Sequence[str], code: str, zone: ZoneInfo,
                   companions: int = 0) -> str:
    """The ticket's text, under its QR code: the event, when and where, who comes (the
    children with a seat, the adults with them), and the code to type at the door (names and
    the place escaped here). It always fits a photo's caption: a long title or place is cut,
    and the names that do not fit become «и ещё 17»."""

    rendered: dict[tuple[int, int], str] = {}  # each tried once: the last try is the answer

    def caption(title_max: int, shown: int) -> str:
        if (title_max, shown) in rendered:
            return rendered[title_max, shown]
        listed = html.quote(", ".join(cut(name, NAME_MAX) for name in names[:shown]))
        rest = len(names) - shown
        if rest:
            listed = t("ticket-names-more", names=listed, count=rest)
        text = rendered[title_max, shown] = t(
            "ticket-caption",
            title=html.quote(cut(event.title(t.locale), title_max)),
            when=html.quote(dates.event_time(event.starts_at, event.ends_at, zone, t.locale)),
            place=html.quote(cut(event.place, title_max * PLACE_MAX // TITLE_MAX)),
            names=listed,
            named="yes" if names else "no",
            companions=companions,
            code=code,
        )
        return text

    most, length = 0, 0  # never more names than a caption could hold
    for name in names:
        length += len(html.quote(cut(name, NAME_MAX))) + 2
        if length > NAMES_MAX:
            break
        most += 1
    for title_max in (TITLE_MAX, TITLE_MAX // 2, TITLE_MAX // 4):
        low, high = min(len(names), 1), max(most, 1)  # the most names that fit, by halving
        if utf16_length(caption(title_max, low)) > CAPTION_LIMIT:
            continue
        while low < high:
            middle = (low + high + 1) // 2
            if utf16_length(caption(title_max, middle)) <= CAPTION_LIMIT:
                low = middle
            else:
                high = middle - 1
        return caption(title_max, low)
    # not reached: with the title and place at a quarter, one name and the rest are short
    return caption(TITLE_MAX // 4, min(len(names), 1))
