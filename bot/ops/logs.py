"""Logging: one line per event with the level, the logger, and the update and user it belongs
to, as text or as JSON (LOG_FORMAT=json) for log collectors; the token never appears.

The update and user ids come from context variables the dispatcher's outermost middleware
sets for each update, so every line a handler, a repository or aiogram writes while handling
it carries them. Nothing personal (names, phones, message texts) is logged at INFO.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

update_id: ContextVar[int | None] = ContextVar("update_id", default=None)
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)


class Redact(logging.Filter):
    """Keeps the token out of every log line, whatever a library puts in a message or in an
    exception's text (an error naming the request's URL)."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            message = record.getMessage()
            if self.secret in message:
                record.msg = message.replace(self.secret, "<BOT_TOKEN>")
                record.args = None
            if record.exc_info and not record.exc_text:
                # formatters use the text kept here rather than format the exception again
                record.exc_text = _TRACEBACKS.formatException(record.exc_info)
            if record.exc_text and self.secret in record.exc_text:
                record.exc_text = record.exc_text.replace(self.secret, "<BOT_TOKEN>")
        return True


_TRACEBACKS = logging.Formatter()


class Context(logging.Filter):
    """Puts the current update's and user's ids on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id.get()
        record.user_id = user_id.get()
        return True


class TextFormat(logging.Formatter):
    """«2026-11-27 06:00:00,123 INFO bot.app [update 42 user 1001]: message»."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(where)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = []
        if (update := getattr(record, "update_id", None)) is not None:
            parts.append(f"update {update}")
        if (user := getattr(record, "user_id", None)) is not None:
            parts.append(f"user {user}")
        record.where = f" [{' '.join(parts)}]" if parts else ""
        return super().format(record)


class JsonFormat(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, and the update
    and user ids when there are some; an exception as its traceback text."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("update_id", "user_id"):
            value = getattr(record, key, None)
            if value is not None:
                line[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def setup_logging(secret: str = "", fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormat() if fmt == "json" else TextFormat())
    handler.addFilter(Context())
    handler.addFilter(Redact(secret))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    # the scheduler's per-job chatter says nothing a technopark needs
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
