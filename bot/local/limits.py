"""What Telegram refuses, as the emulated Bot API checks it: its limits, its error answers,
and the checks of texts (HTML that parses, lengths) and inline keyboards (rows, buttons,
callback data) with Telegram's own error texts."""

from __future__ import annotations

import json
from typing import Any

from bot.services.telegram_html import HtmlError, to_plain

MAX_TEXT = 4096
MAX_CAPTION = 1024
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
    if len(text) > limit:
        what = "message" if key == "text" else "message caption"
        raise bad_request(f"{what} is too long")
    return text
