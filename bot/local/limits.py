"""What Telegram refuses, as the emulated Bot API checks it: its limits, its error answers,
and the checks of texts (HTML that parses, lengths) and inline keyboards (rows, buttons,
callback data) with Telegram's own error texts. Lengths are counted as the bot counts them
(bot.services.telegram_text): UTF-16 code units of the text as Telegram sees it, after the
HTML is parsed."""

from __future__ import annotations

import json
from typing import Any

from bot.services.telegram_text import (
    TELEGRAM_ALERT,
    TELEGRAM_CAPTION,
    TELEGRAM_TEXT,
    HtmlError,
    tg_len,
    to_plain,
)

MAX_TEXT = TELEGRAM_TEXT
MAX_CAPTION = TELEGRAM_CAPTION
MAX_ALERT = TELEGRAM_ALERT  # a callback query's answer
MAX_COMMAND, MAX_DESCRIPTION = 32, 256  # a command in the menu
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100
MAX_ROW = 8

class ApiError(Exception):
    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def response(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False, "error_code": self.code, "description": self.description
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


def html_to_text(html: str) -> str:
    try:
        return to_plain(html)
    except HtmlError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None


def check_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not markup:
        return None
    rows = markup.get("inline_keyboard")
    if rows is not None:
        count = 0
        for row in rows:
            if len(row) > MAX_ROW:
                raise bad_request("too many buttons in a row")
            for button in row:
                count += 1
                if not button.get("text"):
                    raise bad_request("text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
        if count > MAX_BUTTONS:
            raise bad_request("too many buttons")
    return dict(markup)

def check_text(params: dict[str, Any], key: str = "text", limit: int = MAX_TEXT) -> str:
    raw = str(params.get(key) or "")
    text = html_to_text(raw) if params.get("parse_mode") == "HTML" else raw
    if key == "text" and not text.strip():
        raise bad_request("message text is empty")
    if tg_len(text) > limit:
        what = "message" if key == "text" else "message caption"
        raise bad_request(f"{what} is too long")
    return text


def check_alert(params: dict[str, Any]) -> None:
    """A callback query's answer (a toast or an alert)."""
    if tg_len(str(params.get("text") or "")) > MAX_ALERT:
        raise bad_request("MESSAGE_TOO_LONG")


def check_commands(commands: list[dict[str, str]]) -> None:
    """The commands of a menu: a name and a description each."""
    for command in commands:
        name, description = command["command"], command["description"]
        if not 1 <= tg_len(name) <= MAX_COMMAND or not 1 <= tg_len(description) <= (
                MAX_DESCRIPTION):
            raise bad_request("BOT_COMMAND_INVALID")
