"""An in-process stand-in for the Telegram Bot API.

It answers Bot API methods the way Telegram does (same result shapes, same error texts for the
mistakes a bot can make: malformed HTML, too long texts, oversized callback data, editing a
message that is unchanged or gone, writing to a chat that never started the bot or blocked it)
and records every call. The webhook methods are in `bot.local.webhooks`, the updates a user's
app sends in `bot.local.updates`. The demo, the tests, the benchmarks and the local HTTP Bot
API server (`bot.local.api`) all use it. It knows nothing of aiogram: requests and results are
plain dicts.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.local.limits import (
    MAX_CAPTION,
    ApiError,
    bad_request,
    check_alert,
    check_commands,
    check_markup,
    check_text,
)
from bot.local.messages import Messages
from bot.local.updates import ChatState, IncomingUpdates
from bot.local.webhooks import WebhookMethods


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None
    error: ApiError | None = None
    at: float = field(default_factory=time.monotonic)


Failure = Callable[[str, dict[str, Any]], ApiError | None]


class Emulator(IncomingUpdates, WebhookMethods):
    def __init__(self, bot_id: int = 7_000_000_001, username: str = "kvantorium_demo_bot"):
        self.me = {
            "id": bot_id, "is_bot": True, "first_name": "Кванториум", "username": username,
            "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.chats: dict[int, ChatState] = {}
        self.messages = Messages(self.me)
        self.calls: list[Call] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.failures: list[Failure] = []
        self.record = True
        self.webhook = None
        # updates not yet fetched, for getWebhookInfo (the HTTP server holds the queue)
        self.pending_updates: Callable[[], int] = lambda: 0
        # the bytes of documents sent, by file_id, when the transport passes them on
        # (`document_data`: the local HTTP Bot API server does)
        self.files: dict[str, bytes] = {}
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)

    def skip_file_ids(self, past: int) -> None:
        """Files and albums sent from now on are numbered after `past` (chats kept from an
        earlier run hold those up to it)."""
        self._file_ids = itertools.count(max(next(self._file_ids), past + 1))

    # ---- the Bot API -------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Answer one Bot API call; raise ApiError as Telegram would fail it."""
        call = Call(method, params)
        if self.record:
            self.calls.append(call)
        try:
            for failure in self.failures:
                error = failure(method, params)
                if error is not None:
                    raise error
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            call.result = handler(params)
        except ApiError as exc:
            call.error = exc
            raise
        return call.result

    def respond(self, method: str, params: dict[str, Any]) -> tuple[int, str]:
        """HTTP status and JSON body for one call, as the Bot API server would send them."""
        try:
            result = self.call(method, params)
        except ApiError as exc:
            return exc.code, json.dumps(exc.response())
        return 200, json.dumps({"ok": True, "result": result}, ensure_ascii=False)

    def _target(self, params: dict[str, Any]) -> int:
        try:
            chat_id = int(params["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("chat not found") from None
        state = self.chats.get(chat_id)
        if state is None:
            raise bad_request("chat not found")
        if state.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _store(
        self, chat_id: int, extra: dict[str, Any], params: dict[str, Any]
    ) -> dict[str, Any]:
        quoted = self._quoted(chat_id, params)
        if quoted is not None:
            extra = {**extra, "reply_to_message": quoted}
        state = self.chats[chat_id]
        message_id = state.next_id
        state.next_id += 1
        message: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()), "chat": self._chat(chat_id),
            "from": self.me, **extra,
        }
        markup = check_markup(params)
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        elif markup and "keyboard" in markup:
            # under the input field, not in the message (Telegram's message has no trace of
            # it): kept beside it, as "html" is, for whoever shows the chat
            state.keyboard, state.keyboard_message = markup["keyboard"], message_id
            message["reply_keyboard"] = markup["keyboard"]
        elif markup and markup.get("remove_keyboard"):
            state.keyboard = state.keyboard_message = None
        self.messages[(chat_id, message_id)] = message
        return message

    def _quoted(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any] | None:
        """The message a send replies to (`reply_parameters`), as Telegram nests it; a
        missing one is an error unless `allow_sending_without_reply`."""
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            reply = json.loads(reply)
        if not reply:
            return None
        quoted = self.messages.get((chat_id, int(reply.get("message_id") or 0)))
        if quoted is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        return {key: value for key, value in quoted.items() if key != "reply_to_message"}

    def _m_getme(self, params: dict[str, Any]) -> Any:
        return self.me

    def _m_getupdates(self, params: dict[str, Any]) -> Any:
        self.check_no_webhook()
        return []

    def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands") or []
        if isinstance(commands, str):
            commands = json.loads(commands)
        check_commands(commands)
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        key = (json.dumps(scope, sort_keys=True), str(params.get("language_code") or ""))
        self.commands[key] = commands
        return True

    def _m_deletemycommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        key = (json.dumps(scope, sort_keys=True), str(params.get("language_code") or ""))
        self.commands.pop(key, None)
        return True

    def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._target(params)
        text = check_text(params)
        return self._store(chat_id, {"text": text, "html": params.get("text")}, params)

    def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        chat_id = self._target(params)
        caption = check_text(params, "caption", MAX_CAPTION)
        file_id, data = str(params.get("photo")), params.get("photo_data")
        if isinstance(data, bytes):  # an upload: kept by a new id, as a document's bytes
            file_id = f"photo{next(self._file_ids)}"
            self.files[file_id] = data
        photo = [{"file_id": file_id, "file_unique_id": file_id, "width": 800, "height": 600}]
        return self._store(chat_id, {"photo": photo, "caption": caption,
                                     "html": params.get("caption")}, params)

    def _m_sendmediagroup(self, params: dict[str, Any]) -> Any:
        """An album: 2 to 10 photos, each a message of its own sharing a media_group_id;
        captions checked as a photo's. The first message keeps the album's size (the demo
        shows it as one message)."""
        chat_id = self._target(params)
        media = params.get("media") or []
        if isinstance(media, str):
            media = json.loads(media)
        if not 2 <= len(media) <= 10:
            raise bad_request("wrong number of media in the album")
        group = f"album{next(self._file_ids)}"
        items = []
        for n, item in enumerate(media):
            if item.get("type") != "photo" or not item.get("media"):
                raise bad_request("wrong media in the album")
            caption = check_text(item, "caption", MAX_CAPTION)
            photo = [{"file_id": str(item["media"]), "file_unique_id": f"p{n}",
                      "width": 800, "height": 600}]
            extra: dict[str, Any] = {"photo": photo, "media_group_id": group}
            if caption:
                extra.update(caption=caption, html=item.get("caption"))
            if n == 0:
                extra["album_size"] = len(media)
            items.append(self._store(chat_id, extra, {}))
        return items

    def _m_senddocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._target(params)
        caption = check_text(params, "caption", MAX_CAPTION)
        file_id = f"doc{next(self._file_ids)}"
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id,
                                    "file_name": str(params.get("document_name") or "file")}
        data = params.get("document_data")
        if isinstance(data, bytes):
            self.files[file_id] = data
            document["file_size"] = len(data)
        return self._store(chat_id, {"document": document, "caption": caption}, params)

    def _m_sendvenue(self, params: dict[str, Any]) -> Any:
        chat_id = self._target(params)
        try:
            latitude, longitude = float(params["latitude"]), float(params["longitude"])
        except (KeyError, TypeError, ValueError):
            raise bad_request("wrong latitude or longitude") from None
        title, address = str(params.get("title") or ""), str(params.get("address") or "")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not title or not address:
            raise bad_request("wrong venue")
        location = {"latitude": latitude, "longitude": longitude}
        venue = {"location": location, "title": title, "address": address}
        return self._store(chat_id, {"venue": venue, "location": location}, params)

    def _edited(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = self._target(params)
        message = self.messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None or message["from"] is not self.me:
            raise bad_request("message to edit not found")
        return chat_id, message

    def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        _, message = self._edited(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text = check_text(params)
        markup = check_markup(params)
        if text == message["text"] and markup == message.get("reply_markup") and (
            params.get("text") == message.get("html")
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message.update(text=text, html=params.get("text"), edit_date=int(time.time()))
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        _, message = self._edited(params)
        markup = check_markup(params)
        if markup == message.get("reply_markup"):
            raise bad_request("message is not modified")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _m_deletemessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._target(params)
        if self.messages.pop((chat_id, int(params.get("message_id") or 0)), None) is None:
            raise bad_request("message to delete not found")
        return True

    def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        check_alert(params)
        return True

    def _m_sendchataction(self, params: dict[str, Any]) -> Any:
        self._target(params)
        return True

    # ---- reading what the bot did -----------------------------------------------------

    def sent(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages from the bot in this chat, oldest first, in their current (edited) form."""
        return self.messages.from_bot(chat_id)
