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
    return f"ev:{event_id}:ticket:{registration_id}:{n}"


def ticket_payload(caption: str, token: str, buttons: list[list[dict[str, str]]] | None = None,
                   ) -> dict[str, object]:
    """An outbox payload for a ticket: the QR code is drawn when the message is sent, from the
    token (the link needs the bot's username, which the sender knows)."""
    payload: dict[str, object] = {"text": caption, "qr_token": token}
    if buttons:
        payload["buttons"] = buttons
    return payload


# a module of the code is 8 pixels, with the 4-module quiet zone the standard asks for: about
# 300–400 pixels across, read by a phone's camera from a screen at arm's length
QR_SCALE = 8
QR_BORDER = 4


def qr_png(link: str) -> bytes:
    """The ticket's QR code as a PNG, drawn in memory (segno is imported here, when a ticket
    is sent, not at the bot's start)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make_qr(link, error="m").save(out, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return out.getvalue()


def ticket_caption(t: T, event: Event, names: Sequence[str], code: str, zone: ZoneInfo,
                   companions: int = 0) -> str:
    """The ticket's text, under its QR code: the event, when and where, who comes (the
    children with a seat, the adults with them), and the code to type at the door (names and
    the place escaped here)."""
    return t(
        "ticket-caption",
        title=html.quote(event.title(t.locale)),
        when=html.quote(dates.event_time(event.starts_at, event.ends_at, zone, t.locale)),
        place=html.quote(event.place),
        names=html.quote(", ".join(names)) if names else "",
        named="yes" if names else "no",
        companions=companions,
        code=code,
    )
