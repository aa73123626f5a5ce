"""`python -m bot` as a real process: settings errors, the offline demo through a pipe, and
long polling over HTTP against a local Bot API server."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from tests.helpers.process import (
    ROOT,
    TOKEN,
    call,
    run,
    run_warm,
    signal_until_gone,
    spawn,
    spawn_fresh,
    texts_to,
)

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py


def test_missing_token_is_one_clear_line(tmp_path: Path) -> None:
    result, seconds = run([], tmp_path)
    assert result.returncode == 2
    assert seconds < 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "BOT_TOKEN is not set" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("token", ["not-a-token", "123456:abc def", "bot123:ABC"])
def test_malformed_token_is_never_echoed(tmp_path: Path, token: str) -> None:
    result, seconds = run([], tmp_path, BOT_TOKEN=token)
    assert result.returncode == 2 and seconds < 3
    assert "BOT_TOKEN is malformed" in result.stderr
    assert token not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("name", "value"),
    [("TIMEZONE", "Mars/Olympus"), ("ADMIN_IDS", "12,abc"), ("DEFAULT_LOCALE", "de"),
     ("TELEGRAM_API_URL", "ftp://example"), ("REMINDER_EVENING_AT", "25:00")],
)
def test_any_invalid_setting_is_named(tmp_path: Path, name: str, value: str) -> None:
    result, seconds = run([], tmp_path, BOT_TOKEN=TOKEN, **{name: value})
    assert result.returncode == 2 and seconds < 3
    assert result.stderr.startswith(f"error: {name} is invalid")
    assert TOKEN not in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_catalogue_stops_the_start(tmp_path: Path) -> None:
    bad = tmp_path / "park.toml"
    bad.write_text('version = 1\n[[quantum]]\ncode = "x"\n', encoding="utf-8")
    result, _ = run([], tmp_path, BOT_TOKEN=TOKEN, CATALOGUE_PATH=str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr and "quantum[1]" in result.stderr


def unusable_database(tmp_path: Path, case: str) -> Path:
    """A DATABASE_PATH that cannot hold the database, even for root (who writes through
    permission bits): a path under a regular file, a directory, a file that is not SQLite."""
    file = tmp_path / "notes.txt"
    file.write_text("not a database\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return {
        "under a file": file / "bot.sqlite3",
        "deeper under a file": file / "data" / "bot.sqlite3",
        "a directory": tmp_path / "folder",
        "not sqlite": file,
    }[case]


DATABASE_PROBLEMS = {
    "under a file": "notes.txt is a file, not a directory",
    "deeper under a file": "notes.txt is a file, not a directory",
    "a directory": "it is a directory; name a file in it",
    "not sqlite": "it is not a SQLite database",
}


@pytest.mark.parametrize("command", [[], ["import", "groups", "groups.csv"]],
                         ids=["run", "import"])
@pytest.mark.parametrize("case", list(DATABASE_PROBLEMS))
def test_an_unusable_database_path_is_one_line(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    (tmp_path / "groups.csv").write_bytes((ROOT / "data" / "groups.sample.csv").read_bytes())
    path = unusable_database(tmp_path, case)
    result, seconds = run(command, tmp_path, BOT_TOKEN=TOKEN, DATABASE_PATH=str(path),
                          TELEGRAM_API_URL="http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert seconds < 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: DATABASE_PATH {path} cannot be used: ")
    assert DATABASE_PROBLEMS[case] in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not a database\n"


@pytest.mark.parametrize("command", [[], ["import", "groups", "groups.csv"]],
                         ids=["run", "import"])
def test_a_database_failing_only_at_open_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """Should the file change between the check at start and the open, sqlite's error is
    still one line with the path, not a traceback."""
    import bot.settings
    from bot.__main__ import main

    (tmp_path / "groups.csv").write_bytes((ROOT / "data" / "groups.sample.csv").read_bytes())
    path = unusable_database(tmp_path, "not sqlite")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(bot.settings, "check_database", lambda *args: None)

    assert main(command) == 2
    err = capsys.readouterr().err
    assert err == f"error: the database {path} cannot be opened or written: " \
        "file is not a database.\n"


def test_a_database_from_a_newer_version_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "groups.csv").write_bytes((ROOT / "data" / "groups.sample.csv").read_bytes())
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    result, _ = call(["import", "groups", "groups.csv"], tmp_path, DATABASE_PATH=str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "written by a newer version of the bot" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_is_fast(tmp_path: Path) -> None:
    result, seconds = run(["--help"], tmp_path)
    assert result.returncode == 0 and seconds < 3
    assert "demo" in result.stdout


def test_demo_through_a_pipe(tmp_path: Path) -> None:
    result, _ = run_warm(["demo"], tmp_path, stdin="/start\n1\n1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "👋 Привет, Аня! Это бот Кванториума" in out
    assert "[1] 🧒 Я учусь   [2] 👪 Я родитель" in out
    assert "> 1" in out
    assert "[1] 📚 Все квантумы   [2] 🎯 Какой квантум мой?" in out
    assert "📚 Квантумы — 13 направлений" in out
    assert "\033[" not in out  # no terminal colours in a pipe


def test_demo_in_english_presses_buttons_by_label(tmp_path: Path) -> None:
    stdin = "/start\n👪 I'm a parent\n🎯 Which quantum is mine?\n9\n"
    result, _ = call(["demo", "--lang", "en"], tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "Where would you like to start?" in result.stdout
    assert "Question 1 of 6" in result.stdout
    # a number no button on the screen has is a message: the chat says what it can do
    assert result.stdout.rstrip().endswith("[4] 🗓 Schedule   [5] 🏠 Menu")
    assert "If it's a question, press \"❓ Ask the staff\"" in result.stdout
    assert "There's no button number" not in result.stdout


# ---- the real process over HTTP ------------------------------------------------------


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    server = LocalBotApi(TOKEN, Emulator(bot_id=123456789))
    await server.start()
    yield server
    await server.stop()


async def test_long_polling_over_http(api: LocalBotApi, tmp_path: Path) -> None:
    """A new user talks to the running bot; a second process is refused; SIGTERM stops it
    cleanly; the token appears nowhere in its output."""
    process = await spawn_fresh(api, tmp_path)
    try:
        await api.wait_for(lambda e: api.get_updates_calls > 0, timeout=40)
        api.emulator.add_user(555, "Лена", "ru")
        await api.push(api.emulator.message_update(555, "/start"))
        texts = await api.wait_for(texts_to(555))
        assert texts[0].startswith("👋 Привет, Лена!")
        message = api.emulator.sent(555)[0]
        await api.push(api.emulator.callback_update(555, message["message_id"], "r:parent"))
        await api.wait_for(lambda e: "Выберите, с чего начать" in texts_to(555)(e)[0])
        # the commands menu is set in both languages
        await api.wait_for(lambda e: len(e.commands) == 3)

        second, _ = await asyncio.to_thread(
            run_warm, [], tmp_path, BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=f"http://127.0.0.1:{api.port}")
        assert second.returncode == 1
        assert "already running" in second.stderr
    finally:
        # more SIGTERMs while it stops change nothing
        log = await asyncio.wait_for(signal_until_gone(process), timeout=30)
    assert process.returncode == 0, log
    assert "Stopped" in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Traceback" not in log


async def test_rejected_token_is_reported(tmp_path: Path) -> None:
    server = LocalBotApi("999:OTHERtokenTHATtheSERVERexpects")
    await server.start()
    try:
        process = await spawn(server, tmp_path)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=40)
    finally:
        await server.stop()
    assert process.returncode == 2
    text = output.decode()
    assert "Telegram rejected BOT_TOKEN" in text
    assert TOKEN not in text


async def test_broadcast_survives_sigkill(api: LocalBotApi, tmp_path: Path) -> None:
    """A broadcast being sent when the process is killed outright continues after a restart:
    everyone gets it, and only what was in flight may arrive twice."""
    from bot.services.broadcast_compose import new_broadcast
    from storage.audience import Audience
    from storage.db import Database
    from storage.users import UserRepo

    db = await Database.open(tmp_path / "bot.sqlite3")
    users = UserRepo(db)
    ids = list(range(7000, 7120))
    for uid in [1, *ids]:
        await users.create(uid, language="ru", first_name=f"U{uid}", username=None,
                           family_role="pupil" if uid != 1 else None,
                           staff_role="staff" if uid == 1 else None)
        api.emulator.add_user(uid, f"U{uid}")
    await new_broadcast(db, 1, "Важное объявление", None, Audience(role="pupil"))
    await db.close()

    def received(emulator: Emulator) -> list[int]:
        return [int(c.params["chat_id"]) for c in emulator.calls
                if c.method == "sendMessage" and c.error is None
                and c.params.get("text") == "Важное объявление"]

    rate = "40"
    process = await spawn(api, tmp_path, SEND_RATE=rate)
    try:
        await api.wait_for(lambda e: len(received(e)) >= 50, timeout=60)
    finally:
        process.kill()
        await process.wait()
    killed_at = len(received(api.emulator))
    assert killed_at < len(ids)

    process = await spawn(api, tmp_path, SEND_RATE=rate)
    try:
        await api.wait_for(lambda e: set(received(e)) == set(ids), timeout=60)
        # the author's report arrives once the last delivery is recorded
        await api.wait_for(
            lambda e: any("Рассылка №1 завершена" in str(m.get("text")) for m in e.sent(1)),
            timeout=30,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.communicate(), timeout=30)
    counts = {uid: received(api.emulator).count(uid) for uid in ids}
    assert all(n >= 1 for n in counts.values())
    # at most one batch (one second's worth at SEND_RATE) was in flight when it died
    assert sum(n - 1 for n in counts.values()) <= int(rate)


def test_heavy_libraries_wait_until_they_are_used(tmp_path: Path) -> None:
    """Start-up and idle memory stay near a bare bot's: the workbook, calendar and image
    libraries are imported by the press that needs them, not by the bot's start."""
    heavy = ("openpyxl", "icalendar", "matplotlib", "qrcode", "segno", "PIL", "rapidfuzz",
             "snowballstemmer", "Stemmer", "hypothesis")
    probe = (
        "import sys, bot.app, bot.dispatcher; from handlers import get_routers; get_routers(); "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
