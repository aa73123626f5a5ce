"""The emulator's messages: every message by (chat id, message id), and beside them each chat's
messages from the bot in the order of their ids, kept as messages come and go. Reading one
chat (what `Emulator.sent` and so every LocalChat look does) then takes a copy of that chat's
list instead of sorting every message of every chat: a long crawl reads its chat thousands of
times."""

from __future__ import annotations

from collections import UserDict
from typing import Any

Key = tuple[int, int]
Message = dict[str, Any]


class Messages(UserDict[Key, Message]):
    """A dict of messages (every way of changing it goes through __setitem__ or __delitem__)
    that also keeps the bot's messages of each chat in id order."""

    def __init__(self, me: Message) -> None:
        self._me = me
        self._from_bot: dict[int, dict[int, Message]] = {}
        super().__init__()

    def __setitem__(self, key: Key, message: Message) -> None:
        self.data[key] = message
        chat_id, message_id = key
        chat = self._from_bot.setdefault(chat_id, {})
        if message["from"] is not self._me:
            chat.pop(message_id, None)
            return
        newest = next(reversed(chat), None)
        chat[message_id] = message
        if newest is not None and message_id < newest:  # an older id: put it in its place
            self._from_bot[chat_id] = dict(sorted(chat.items()))

    def __delitem__(self, key: Key) -> None:
        del self.data[key]
        self._from_bot.get(key[0], {}).pop(key[1], None)

    def from_bot(self, chat_id: int) -> list[Message]:
        """The bot's messages in this chat, oldest first."""
        return list(self._from_bot.get(chat_id, {}).values())
