"""What a line typed in the offline demo means: a button pressed, a key of the keyboard under
the input field tapped, or a message sent.

A number presses a button only when the newest message has a button of that number (1..N, as
printed); any other number (a phone typed in digits, a year, a code) is a message. A button's
label presses it as printed, a link's with or without its «↗». A label of the keyboard under the
input field taps it wherever its message is, as in Telegram, where that keyboard stays until the
bot removes it. A line that begins with an apostrophe is sent as it follows it: `'2` sends «2»
even under buttons, `':as` sends «:as»."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.local.chat import Button, LocalChat
from bot.local.demo_view import LINK_MARK

AS_TEXT = "'"  # a line that begins with it is a message, whatever follows
NUMBER = re.compile(r"[1-9][0-9]*")  # as buttons are numbered: no sign, no leading zero


@dataclass(frozen=True)
class Press:
    button: Button
    number: int  # its number on the newest message


@dataclass(frozen=True)
class Tap:
    label: str | int  # a key's label, or its number on the newest message


@dataclass(frozen=True)
class Say:
    text: str


def unmarked(label: str) -> str:
    """A link's label as printed, without the «↗» the demo puts after it."""
    return label.removesuffix(LINK_MARK.strip()).rstrip()


def read(line: str, chat: LocalChat) -> Press | Tap | Say:
    text = line.strip()
    if text.startswith(AS_TEXT) and len(text) > len(AS_TEXT):
        return Say(text[len(AS_TEXT):])
    messages = chat.messages()
    newest = messages[-1]["message_id"] if messages else None
    buttons = chat.buttons(newest) if newest is not None else []
    keys = chat.keys()
    if NUMBER.fullmatch(text):
        number = int(text)
        if 1 <= number <= len(buttons):
            return Press(buttons[number - 1], number)
        if newest is not None and chat.keyboard_message() == newest and (
                1 <= number <= len(keys)):
            return Tap(number)
        return Say(line)
    for number, button in enumerate(buttons, 1):
        if text == button.text or (button.url is not None and unmarked(text) == button.text):
            return Press(button, number)
    if any(key.text == text for key in keys):
        return Tap(text)
    return Say(line)
