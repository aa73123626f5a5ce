"""Small steps that many conversations share."""

from __future__ import annotations

from pathlib import Path

from bot.local.chat import LocalChat
from tests.helpers.harness import App

ROLE_BUTTONS = {
    ("ru", "pupil"): "🧒 Я учусь",
    ("ru", "parent"): "👪 Я родитель",
    ("en", "pupil"): "🧒 I'm a pupil",
    ("en", "parent"): "👪 I'm a parent",
}


async def start_as(chat: LocalChat, role: str = "pupil", lang: str = "ru") -> None:
    """/start and answer the role question."""
    await chat.send("/start")
    await chat.press(ROLE_BUTTONS[(lang, role)])


async def join_by_invite(chat: LocalChat, code: str, as_: str = "parent") -> None:
    """/start fam_<code>; someone new says who they are in the family."""
    await chat.send(f"/start fam_{code}")
    role = "pupil" if as_ == "child" else "parent"
    for lang in ("ru", "en"):
        if ROLE_BUTTONS[(lang, role)] in chat.labels():
            await chat.press(ROLE_BUTTONS[(lang, role)])
            return


async def family_invite(chat: LocalChat) -> str:
    """The invite code from «Мои дети» → «🔗 Пригласить в семью»."""
    await chat.send("/children")
    await chat.press("🔗 Пригласить в семью")
    assert chat.last_text().startswith("🔗 Приглашение в семью")
    return chat.last_text().split("fam_")[-1].strip()


def raw_bytes(app: App) -> bytes:
    """The database's files as they lie on disk: the main file and the WAL."""
    path = Path(app.settings.database_path)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def toast(chat: LocalChat) -> str | None:
    """The pop-up over the last button pressed, if it had one."""
    text = chat.answers()[-1].params.get("text")
    return None if text is None else str(text)


def said_once(chat: LocalChat) -> str:
    """What the last press told: its toast or the newest message, which never repeats the
    toast (a screen that says it needs no pop-up saying it too)."""
    shown = toast(chat)
    assert shown is None or shown not in chat.last_text(), (shown, chat.last_text())
    return shown if shown is not None else chat.last_text()
