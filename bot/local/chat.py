"""A person chatting with the bot in-process: what the demo and the tests drive.

`send("/start")`, `press("📚 Квантумы")`, then read `last_text()` and `buttons()`; each action
feeds a real Update through the real dispatcher and waits for its handlers to finish.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.local.emulator import Emulator


@dataclass
class Button:
    text: str
    data: str | None
    url: str | None
    message_id: int


@dataclass
class Key:
    """A button of the reply keyboard under the input field: tapped, it sends its text, or
    the person's contact when it asks for one."""

    text: str
    contact: bool = False


class NoSuchButton(LookupError):
    pass


Labelled = TypeVar("Labelled", Button, Key)


def pick(items: list[Labelled], label: str | int, what: str) -> Labelled:
    """The item numbered `label` (from 1) or the one whose text it is."""
    if isinstance(label, int):
        if not 1 <= label <= len(items):
            raise NoSuchButton(f"no {what} number {label}; there are {len(items)}")
        return items[label - 1]
    for item in items:
        if item.text == label:
            return item
    labels = ", ".join(repr(item.text) for item in items)
    raise NoSuchButton(f"no {what} {label!r}; the {what}s are: {labels or 'none'}")


def demo_phone(user_id: int) -> str:
    """A made-up Russian mobile number of this person's own, as the contact button sends it
    (digits, no plus): 7 900 followed by the id's last seven digits."""
    return f"7900{user_id % 10**7:07d}"


class LocalChat:
    def __init__(
        self, dp: Dispatcher, bot: Bot, emulator: Emulator, user_id: int = 1001,
        first_name: str = "Аня", language_code: str | None = "ru",
        username: str | None = None,
    ) -> None:
        self.dp, self.bot, self.emulator = dp, bot, emulator
        self.user_id = user_id
        self.first_name = first_name
        emulator.add_user(user_id, first_name, language_code, username)
        self._mark = len(emulator.calls)
        self._albums = 0
        # run after every action, e.g. to deliver what the action put in the outbox
        self.after_action: Callable[[], Awaitable[None]] | None = None

    async def feed(self, update: dict[str, Any]) -> None:
        self._mark = len(self.emulator.calls)
        parsed = Update.model_validate(update, context={"bot": self.bot})
        await self.dp.feed_update(self.bot, parsed)
        if self.after_action is not None:
            await self.after_action()

    async def send(self, text: str) -> None:
        await self.feed(self.emulator.message_update(self.user_id, text))

    async def send_formatted(self, text: str, entities: list[dict[str, Any]]) -> None:
        await self.feed(self.emulator.formatted_update(self.user_id, text, entities))

    async def send_photo(
        self, caption: str | None = None, entities: list[dict[str, Any]] | None = None,
        name: str = "photo", album: str | None = None,
    ) -> None:
        await self.feed(self.emulator.photo_update(self.user_id, caption, entities, name,
                                                   album))

    async def send_album(self, count: int, name: str = "photo") -> None:
        """`count` photos picked together: Telegram delivers them as one update per photo,
        sharing a media_group_id (files `{name}0`, `{name}1`, …)."""
        self._albums += 1
        album = f"{self.user_id}-{self._albums}"
        for n in range(count):
            await self.send_photo(name=f"{name}{n}", album=album)

    async def forward(
        self, text: str, *, origin: dict[str, Any] | None = None, hidden_name: str | None = None
    ) -> None:
        update = self.emulator.forward_update(
            self.user_id, text, origin=origin, hidden_name=hidden_name
        )
        await self.feed(update)

    async def send_contact(self, phone: str) -> None:
        await self.feed(self.emulator.contact_update(self.user_id, phone))

    async def tap(self, label: str | int) -> None:
        """Tap a button of the reply keyboard (by its label or 1-based number): its text is
        sent, or this person's contact (`demo_phone`) for «share my number»."""
        key = self.find_key(label)
        if key.contact:
            await self.send_contact(demo_phone(self.user_id))
        else:
            await self.send(key.text)

    def find_key(self, label: str | int) -> Key:
        return pick(self.keys(), label, "key")

    def keys(self) -> list[Key]:
        """The reply keyboard under the input field, until the bot removes it."""
        rows = self.emulator.chats[self.user_id].keyboard or []
        return [Key(key, False) if isinstance(key, str) else
                Key(str(key.get("text") or ""), bool(key.get("request_contact")))
                for row in rows for key in row]

    def keyboard_message(self) -> int | None:
        """The message that brought the reply keyboard now under the input field."""
        return self.emulator.chats[self.user_id].keyboard_message

    async def send_sticker(self) -> None:
        await self.feed(self.emulator.sticker_update(self.user_id))

    async def press(self, label: str | int, *, message_id: int | None = None) -> None:
        """Press a button by its exact label (or its 1-based number) on the newest message
        that has buttons, or on the given message."""
        button = self.find(label, message_id=message_id)
        if button.data is None:
            raise NoSuchButton(f"{button.text!r} is a link, not a callback button")
        update = self.emulator.callback_update(self.user_id, button.message_id, button.data)
        await self.feed(update)

    async def press_data(self, data: str, message_id: int | None = None) -> None:
        """A callback with arbitrary data: how a forged or stale button arrives."""
        if message_id is None:
            message_id = self.messages()[-1]["message_id"]
        await self.feed(self.emulator.callback_update(self.user_id, message_id, data))

    def find(self, label: str | int, *, message_id: int | None = None) -> Button:
        return pick(self.buttons(message_id), label, "button")

    def mark_seen(self) -> None:
        """From now on, `calls()` are what comes next (someone else acted meanwhile)."""
        self._mark = len(self.emulator.calls)

    # ---- what the person sees --------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        return self.emulator.sent(self.user_id)

    def last(self) -> dict[str, Any]:
        messages = self.messages()
        if not messages:
            raise AssertionError("the bot has sent nothing")
        return messages[-1]

    def last_text(self) -> str:
        message = self.last()
        return str(message.get("text") or message.get("caption") or "")

    def texts(self) -> list[str]:
        return [str(m.get("text") or m.get("caption") or "") for m in self.messages()]

    def buttons(self, message_id: int | None = None) -> list[Button]:
        """Inline buttons of the given message, or of the newest message that has any."""
        if message_id is None:
            candidates = self.messages()
        else:
            message = self.emulator.messages.get((self.user_id, message_id))
            candidates = [message] if message and message["from"] is self.emulator.me else []
        for message in reversed(candidates):
            markup = message.get("reply_markup") or {}
            rows = markup.get("inline_keyboard")
            if rows:
                return [
                    Button(b["text"], b.get("callback_data"), b.get("url"), message["message_id"])
                    for row in rows for b in row
                ]
        return []

    def labels(self, message_id: int | None = None) -> list[str]:
        return [b.text for b in self.buttons(message_id)]

    def calls(self, method: str | None = None) -> list[Any]:
        """Bot API calls made during the last action."""
        calls = self.emulator.calls[self._mark :]
        return [c for c in calls if method is None or c.method == method]

    def answers(self) -> list[Any]:
        return self.calls("answerCallbackQuery")
