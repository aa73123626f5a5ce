"""The updates a user's Telegram app sends, as the emulated Bot API hands them to the bot: a
message (a command gets its entity), formatted text, a photo, a forward, a contact, a sticker,
a button pressed; and the users (chats) the emulator knows."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from bot.local.messages import Messages
from bot.services.telegram_text import tg_len


@dataclass
class ChatState:
    user: dict[str, Any]
    blocked: bool = False
    next_id: int = 1
    # the reply keyboard under the input field (rows of buttons), until the bot removes or
    # replaces it, and the message that brought it
    keyboard: list[list[Any]] | None = None
    keyboard_message: int | None = None


class IncomingUpdates:
    """What a user does, as updates; mixed into the Emulator, which owns the state."""

    chats: dict[int, ChatState]
    messages: Messages
    _update_ids: itertools.count[int]
    _callback_ids: itertools.count[int]

    def add_user(
        self, user_id: int, first_name: str = "Тест", language_code: str | None = "ru",
        username: str | None = None,
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        state = self.chats.get(user_id)
        if state is None:
            self.chats[user_id] = ChatState(user=user)
        else:
            state.user = user
        return user

    def block(self, user_id: int, blocked: bool = True) -> None:
        self.chats[user_id].blocked = blocked

    def message_update(self, user_id: int, text: str) -> dict[str, Any]:
        state = self.chats[user_id]
        message_id = state.next_id
        state.next_id += 1
        message: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()),
            "chat": self._chat(user_id), "from": state.user, "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": tg_len(command)}]
        self.messages[(user_id, message_id)] = message
        return {"update_id": next(self._update_ids), "message": message}

    def _incoming(self, user_id: int, **content: Any) -> dict[str, Any]:
        state = self.chats[user_id]
        message_id = state.next_id
        state.next_id += 1
        message = {
            "message_id": message_id, "date": int(time.time()), "chat": self._chat(user_id),
            "from": state.user, **content,
        }
        self.messages[(user_id, message_id)] = message
        return {"update_id": next(self._update_ids), "message": message}

    def formatted_update(
        self, user_id: int, text: str, entities: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Text formatted in the Telegram app (bold, links...): plain text plus entities."""
        return self._incoming(user_id, text=text, entities=entities)

    def photo_update(
        self, user_id: int, caption: str | None = None,
        entities: list[dict[str, Any]] | None = None, name: str = "photo",
        album: str | None = None,
    ) -> dict[str, Any]:
        """A photo (in two sizes); `name` tells one picture's file ids from another's. Photos
        sent together as an album come one message each, sharing the `album`'s
        media_group_id."""
        photo = [{"file_id": f"{name}-{user_id}-{size}", "file_unique_id": f"{name}{size}",
                  "width": size, "height": size} for size in (90, 800)]
        content: dict[str, Any] = {"photo": photo}
        if caption is not None:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        if album is not None:
            content["media_group_id"] = album
        return self._incoming(user_id, **content)

    def forward_update(
        self, user_id: int, text: str, *, origin: dict[str, Any] | None = None,
        hidden_name: str | None = None,
    ) -> dict[str, Any]:
        """A message forwarded from someone (their account, or only a name if hidden)."""
        if origin is not None:
            forward = {"type": "user", "date": int(time.time()), "sender_user": origin}
        else:
            forward = {"type": "hidden_user", "date": int(time.time()),
                       "sender_user_name": hidden_name or "Someone"}
        return self._incoming(user_id, text=text, forward_origin=forward)

    def contact_update(self, user_id: int, phone: str) -> dict[str, Any]:
        contact = {"phone_number": phone, "first_name": self.chats[user_id].user["first_name"],
                   "user_id": user_id}
        return self._incoming(user_id, contact=contact)

    def sticker_update(self, user_id: int) -> dict[str, Any]:
        return self._incoming(user_id, sticker={
            "file_id": "sticker", "file_unique_id": "sticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
        })

    def callback_update(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        state = self.chats[user_id]
        message = self.messages.get((user_id, message_id))
        query: dict[str, Any] = {
            "id": str(next(self._callback_ids)), "from": state.user,
            "chat_instance": f"ci{user_id}", "data": data,
        }
        if message is not None:
            query["message"] = message
        return {"update_id": next(self._update_ids), "callback_query": query}

    def _chat(self, chat_id: int) -> dict[str, Any]:
        user = self.chats[chat_id].user
        return {"id": chat_id, "type": "private", "first_name": user["first_name"]}
