"""Settings from the environment or `.env`, checked before anything heavy is imported."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOGUE = PROJECT_ROOT / "data" / "catalogue.toml"
DEFAULT_FAQ = PROJECT_ROOT / "data" / "faq.toml"
LOCALES = ("ru", "en")
TOKEN_RE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,100}$")
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def host_port(value: str) -> tuple[str, int]:
    """«127.0.0.1:8080» → ("127.0.0.1", 8080); ValueError when it is not host:port."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{value!r} is not host:port, e.g. 127.0.0.1:8080")
    return host.strip("[]"), int(port)

ENV_NAMES = {
    "bot_token": "BOT_TOKEN",
    "telegram_api_url": "TELEGRAM_API_URL",
    "database_path": "DATABASE_PATH",
    "admin_ids": "ADMIN_IDS",
    "timezone": "TIMEZONE",
    "default_locale": "DEFAULT_LOCALE",
    "russian_language_codes": "RUSSIAN_LANGUAGE_CODES",
    "catalogue_path": "CATALOGUE_PATH",
    "faq_path": "FAQ_PATH",
    "shutdown_timeout": "SHUTDOWN_TIMEOUT",
    "user_updates_per_minute": "USER_UPDATES_PER_MINUTE",
    "send_rate": "SEND_RATE",
    "send_rate_per_chat": "SEND_RATE_PER_CHAT",
    "offer_hours": "OFFER_HOURS",
    "reminder_evening_at": "REMINDER_EVENING_AT",
    "webhook_url": "WEBHOOK_URL",
    "webhook_listen": "WEBHOOK_LISTEN",
    "webhook_secret": "WEBHOOK_SECRET",
    "backup_dir": "BACKUP_DIR",
    "backup_at": "BACKUP_AT",
    "backup_keep": "BACKUP_KEEP",
    "retention_months": "RETENTION_MONTHS",
    "metrics_listen": "METRICS_LISTEN",
    "log_format": "LOG_FORMAT",
}


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it and never contains the token."""


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    telegram_api_url: AnyHttpUrl | None = None
    database_path: Path = Path("data/kvantorium.sqlite3")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Moscow"
    default_locale: Literal["ru", "en"] = "ru"
    russian_language_codes: Annotated[frozenset[str], NoDecode] = frozenset(
        {"ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az", "tt", "ba"}
    )
    catalogue_path: Path = DEFAULT_CATALOGUE
    faq_path: Path = DEFAULT_FAQ
    # How long a shutdown waits for running handlers before closing the database.
    shutdown_timeout: float = Field(default=10.0, gt=0)
    # Flood control: updates one user may send in a burst, refilled over a minute (0: off).
    user_updates_per_minute: int = Field(default=120, ge=0)
    # Messages the bot sends on its own: per second overall, and to any one chat.
    send_rate: float = Field(default=25.0, gt=0, le=10_000)
    send_rate_per_chat: float = Field(default=1.0, gt=0, le=100)
    # How long a seat offered from the waitlist is held for the family.
    offer_hours: float = Field(default=24.0, gt=0, le=24 * 14)
    # When the evening-before class reminder goes out, local time (HH:MM).
    reminder_evening_at: time = time(19, 0)
    # Webhook mode (the public HTTPS address Telegram posts to); unset: long polling.
    webhook_url: AnyHttpUrl | None = None
    webhook_listen: str = "127.0.0.1:8080"
    # The secret Telegram sends with every update (1–256 of A-Z a-z 0-9 _ -); unset: one is
    # generated and kept in the database.
    webhook_secret: SecretStr | None = None
    # Nightly backups: the folder (unset: none), the local time, how many to keep.
    backup_dir: Path | None = None
    backup_at: time = time(3, 30)
    backup_keep: int = Field(default=14, ge=1, le=1000)
    # Applications closed or never placed, idle families and the traces of people who left
    # the family are deleted once nothing of them changed for this many months (nightly).
    retention_months: int = Field(default=12, ge=1, le=1200)
    # /healthz and /metrics on this address (e.g. 127.0.0.1:9108); unset: not served.
    metrics_listen: str | None = None
    log_format: Literal["text", "json"] = "text"

    @field_validator("telegram_api_url", "webhook_url", "webhook_secret", "backup_dir",
                     "metrics_listen", mode="before")
    @classmethod
    def _empty_url(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("webhook_url")
    @classmethod
    def _https(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        if value is not None and value.scheme != "https":
            raise ValueError("Telegram posts updates to https:// addresses only")
        return value

    @field_validator("webhook_listen", "metrics_listen")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None:
            host_port(value)
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SECRET_RE.fullmatch(value.get_secret_value()):
            raise ValueError("1 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admins(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("russian_language_codes", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        parts = _split_csv(value)
        if isinstance(parts, list):
            return [str(part).lower() for part in parts]
        return parts

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/Moscow") from exc
        return value

    @field_validator("bot_token", mode="before")
    @classmethod
    def _token(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not TOKEN_RE.match(value):
                # The value itself is never echoed back.
                raise ValueError("malformed")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def token(self) -> str:
        if self.bot_token is None:
            raise SettingsError(TOKEN_HELP)
        return self.bot_token.get_secret_value()


TOKEN_HELP = (
    "BOT_TOKEN is not set. Get a token from @BotFather in Telegram "
    "(it looks like 123456789:AAH...) and put it in the environment or in .env."
)
TOKEN_MALFORMED = (
    "BOT_TOKEN is malformed: a token looks like 123456789:AAH... "
    "Copy it again from @BotFather in Telegram."
)


def load_settings(*, require_token: bool) -> Settings:
    """Read settings; raise SettingsError with one clear line on any problem."""
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        if field == "bot_token":
            raise SettingsError(TOKEN_MALFORMED) from None
        name = ENV_NAMES.get(field, field.upper())
        reason = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} is invalid: {reason}.") from None
    except (ValueError, OSError) as exc:  # e.g. ADMIN_IDS that is not a list of numbers
        raise SettingsError(f"Settings could not be read: {exc}") from None
    if require_token:
        settings.token()
    return settings


def check_database(path: Path, name: str = "DATABASE_PATH") -> None:
    """Raise SettingsError unless `path` can hold the database: its directory exists or can be
    created and takes new files (SQLite keeps its -wal and -shm files beside the database), and
    the file, if there is one, can be written and is a SQLite database. Checked at start, so a
    wrong path is one line now rather than a traceback from the first write."""

    def problem(what: str) -> SettingsError:
        return SettingsError(f"{name} {path} cannot be used: {what}.")

    if path.is_dir():
        raise problem(f"it is a directory; name a file in it, e.g. {path / 'kvantorium.sqlite3'}")
    directory = path.parent
    for ancestor in (directory, *directory.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise problem(f"{ancestor} is a file, not a directory")
            break
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise problem(f"cannot create the directory {exc.filename or directory} "
                      f"({exc.strerror or exc})") from None
    try:
        # root writes through permission bits, so only a real attempt tells
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise problem(f"cannot create files in {directory} ({exc.strerror or exc})") from None
    if not path.exists():
        return
    try:
        with path.open("r+b"):
            pass
    except OSError as exc:
        raise problem(f"the file cannot be opened for writing ({exc.strerror or exc})") from None
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA schema_version")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise problem(f"it is not a SQLite database ({exc})") from None
