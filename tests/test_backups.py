"""Backups: `python -m bot backup` beside a running bot and when killed half-way, `restore` and
everything it refuses, and the nightly copies (names, how many are kept, the admins told once
when they fail and once when they work again)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.__main__ import main
from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from bot.lock import ProcessLock
from bot.ops.backups import FAILING_SINCE, nightly_backup
from bot.settings import Settings
from storage.db import Database, latest_version
from storage.db_files import backup_file
from storage.users import StaffRole, UserRepo
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.process import ROOT, TOKEN, env, spawn, texts_to

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py

EN_ADMIN = 9002
STAFF = 9003


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def count(path: Path, table: str = "users") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(path: Path, rows: int, size: int = 4000, first_id: int = 100_000) -> None:
    """Users with long names: `rows` × `size` bytes of data, quickly."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)"
            " INSERT INTO users (id, language, first_name, first_seen, last_seen)"
            " SELECT ? + i, 'ru', hex(randomblob(? / 2)), '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00' FROM n",
            (rows, first_id, size),
        )
    sqlite3.connect(path).close()


async def cli(tmp_path: Path, *args: str, **extra: str) -> tuple[int, str, str]:
    """`python -m bot ...` as its own process, without blocking the loop (a bot may be
    polling the local Bot API served by this very loop)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env(tmp_path, **extra), cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    *args: str,
) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---- backup -----------------------------------------------------------------------------


async def test_backup_while_another_connection_writes(db: Database, tmp_path: Path) -> None:
    """The copy is taken from one snapshot: it passes the integrity check and holds every row
    committed before it began, and a gapless run of the ones after."""
    users = UserRepo(db)
    stop = asyncio.Event()
    written = 0

    async def writer() -> None:
        nonlocal written
        while not stop.is_set():
            await users.create(50_000 + written, language="ru", first_name="x" * 200,
                               username=None)
            written += 1

    fill(db.path, 3000, size=2000)
    task = asyncio.create_task(writer())
    try:
        while written < 20:
            await asyncio.sleep(0.001)
        before = written
        target = tmp_path / "copy.sqlite3"
        size = await db.backup(target)
        during = written - before
    finally:
        stop.set()
        await task
    assert during > 0  # the writes went on while the copy was taken
    assert size == target.stat().st_size
    assert integrity(target) == "ok"
    assert target.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(target) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM users WHERE id >= 50000"
                                              " AND id < 100000 ORDER BY id")]
    assert len(ids) >= before
    assert ids == list(range(50_000, 50_000 + len(ids)))
    # one file on its own: no journal or WAL beside it, nothing half-written left
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == \
        ["copy.sqlite3"]


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    server = LocalBotApi(TOKEN, Emulator(bot_id=123456789))
    await server.start()
    yield server
    await server.stop()


async def test_backup_beside_a_running_bot(api: LocalBotApi, tmp_path: Path) -> None:
    """The running bot holds the process lock: a backup goes ahead (and holds what the bot
    wrote), a restore is refused."""
    process = await spawn(api, tmp_path)
    try:
        await api.wait_for(lambda e: api.get_updates_calls > 0, timeout=40)
        api.emulator.add_user(555, "Лена", "ru")
        await api.push(api.emulator.message_update(555, "/start"))
        await api.wait_for(texts_to(555))

        code, out, err = await cli(tmp_path, "backup", "copy.sqlite3")
        assert (code, err) == (0, "")
        assert out.startswith("Backup written: copy.sqlite3 (")
        assert out.endswith(" kB), integrity ok.\n")
        copy = tmp_path / "copy.sqlite3"
        assert integrity(copy) == "ok"
        assert copy.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT first_name FROM users WHERE id = 555").fetchone() == \
                ("Лена",)

        code, out, err = await cli(tmp_path, "restore", "copy.sqlite3")
        assert code == 1 and out == ""
        assert "bot process (pid " in err and "is running on" in err
        assert "Nothing was changed." in err and err.count("\n") == 1
        assert not list(tmp_path.glob("bot.sqlite3.before-restore-*"))
    finally:
        with contextlib.suppress(ProcessLookupError):  # gone already: its output says why
            process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, output.decode()


# Copies in small steps, saying when it is half-way, so a kill lands in the middle of the copy.
SLOW_BACKUP = """
import functools, sys, time
import storage.db_files

said = []

def progress(status, remaining, total):
    if remaining < total // 2 and not said:
        said.append(1)
        print("half-way", flush=True)
    time.sleep(0.002)

storage.db_files.backup_file = functools.partial(storage.db_files.backup_file, pages=8,
                                                 progress=progress)
from bot.__main__ import main
sys.exit(main(["backup", sys.argv[1]]))
"""


async def test_a_backup_killed_half_way_leaves_no_backup(tmp_path: Path) -> None:
    """SIGKILL in the middle of copying 50 MB: the database is intact, FILE still holds the
    earlier backup (only FILE.partial is half-written), and the next backup clears it up."""
    database = tmp_path / "bot.sqlite3"
    await (await Database.open(database)).close()
    fill(database, 100)
    target = tmp_path / "nightly.sqlite3"
    backup_file(database, target)
    earlier = digest(target)
    fill(database, 12_500, first_id=200_000)  # about 50 MB
    assert database.stat().st_size > 50_000_000
    rows = count(database)

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SLOW_BACKUP, str(target), env=env(tmp_path), cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        assert line == b"half-way\n"
        assert (tmp_path / "nightly.sqlite3.partial").stat().st_size > 0
    finally:
        process.kill()
        await process.wait()
    assert process.returncode == -signal.SIGKILL

    assert integrity(database) == "ok" and count(database) == rows
    assert digest(target) == earlier  # never replaced by a half-written copy
    assert (tmp_path / "nightly.sqlite3.partial").exists()

    code, out, _ = await cli(tmp_path, "backup", "nightly.sqlite3")
    assert code == 0 and "integrity ok" in out and " MB)" in out
    assert count(target) == rows
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("nightly")) == \
        ["nightly.sqlite3"]


def limit_file_size() -> None:
    """A full disk, near enough: no file of the process may grow past 200 kB (writes past it
    fail with EFBIG, where a full disk fails them with ENOSPC)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


async def test_backup_failures_are_one_line(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    await (await Database.open(database)).close()
    fill(database, 200)
    (tmp_path / "notes.txt").write_text("not a folder\n", encoding="utf-8")

    cases = {
        "notes.txt/copy.sqlite3": "Not a directory",
        "missing/copy.sqlite3": "No such file or directory",
        "bot.sqlite3": "is the database itself",
        ".": "is a directory; name a file in it",
    }
    for target, message in cases.items():
        code, out, err = await cli(tmp_path, "backup", target)
        assert code == 1 and out == "", target
        assert err.startswith("error: ") and err.count("\n") == 1, err
        assert message in err and "Traceback" not in err
    assert not (tmp_path / "missing").exists()

    full = subprocess.run(
        [sys.executable, "-m", "bot", "backup", "copy.sqlite3"], env=env(tmp_path),
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        preexec_fn=limit_file_size,  # noqa: PLW1509 - a plain function, no threads involved
    )
    assert full.returncode == 1, full.stderr
    assert full.stderr.startswith("error: the backup to copy.sqlite3 failed: ")
    # SQLite says «database or disk is full» for ENOSPC, «disk I/O error» for this limit
    assert "disk I/O error" in full.stderr or "disk is full" in full.stderr
    assert full.stderr.count("\n") == 1 and "Traceback" not in full.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == []
    assert integrity(database) == "ok" and count(database) == 200

    database.unlink()
    code, _, err = await cli(tmp_path, "backup", "copy.sqlite3")
    assert code == 1 and "there is no database at" in err


# ---- restore ----------------------------------------------------------------------------


async def make_backup(tmp_path: Path, *names: str) -> Path:
    """The database with these users, and a backup of it; the database gets «Later» after."""
    database = tmp_path / "bot.sqlite3"
    db = await Database.open(database)
    users = UserRepo(db)
    for n, name in enumerate(names, start=1):
        await users.create(n, language="ru", first_name=name, username=None)
    backup = tmp_path / "backups" / "good.sqlite3"
    backup.parent.mkdir()
    await db.backup(backup)
    await users.create(10_000, language="ru", first_name="Later", username=None)
    await db.close()
    return backup


def write_and_die(path: Path, sql: str) -> None:
    """A process that writes and is gone before it closes the database, as a bot killed
    outright: the write is in the WAL only."""
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = WAL')\n"
        "c.execute(sys.argv[2])\n"
        "os._exit(0)\n"), str(path), sql], check=True, timeout=30)
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT first_name FROM users ORDER BY id")]
    finally:
        conn.close()


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in folder.iterdir() if p.is_file()}


OWN_FILES = ["bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm", "bot.sqlite3-journal",
             "bot.sqlite3.lock"]


def own_file_spellings(tmp_path: Path) -> list[tuple[str, str]]:
    """Each of the bot's own files named plainly, relatively through «..», absolutely, and by
    a symlink to it (which may dangle, as a WAL that is not there yet): (path, the file)."""
    (tmp_path / "sub").mkdir(exist_ok=True)
    spellings = []
    for name in OWN_FILES:
        link = tmp_path / "sub" / f"link-to{name.removeprefix('bot.sqlite3')}"
        if not link.is_symlink():
            link.symlink_to(tmp_path / name)
        spellings += [(name, name), (f"sub/../{name}", name), (str(tmp_path / name), name),
                      (f"sub/{link.name}", name)]
    return spellings


async def test_backup_and_restore_refuse_the_bots_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    backup = await make_backup(tmp_path, "Оля")
    database = tmp_path / "bot.sqlite3"
    lock = ProcessLock(database)  # a bot running on the database
    lock.acquire()
    try:
        before = snapshot(tmp_path)
        lock_inode = (tmp_path / "bot.sqlite3.lock").stat().st_ino
        for path, own in own_file_spellings(tmp_path):
            code, out, err = run_main(monkeypatch, capsys, tmp_path, "backup", path)
            assert (code, out) == (1, ""), path
            what = ("the database itself" if own == "bot.sqlite3" else
                    f"{tmp_path / own}, a file the bot itself uses")
            assert err == f"error: {path} is {what}; name another file.\n", path
        assert snapshot(tmp_path) == before
        assert (tmp_path / "bot.sqlite3.lock").stat().st_ino == lock_inode
        # so a restore is still refused while the bot runs
        code, _, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
        assert code == 1 and "is running on" in err
    finally:
        lock.release()
    # with the bot stopped, none of them is taken as a backup to restore either
    for path, own in own_file_spellings(tmp_path):
        code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", path)
        assert (code, out) == (1, ""), path
        what = ("the database itself" if own == "bot.sqlite3" else
                f"{tmp_path / own}, a file the bot itself uses")
        assert err == f"error: {path} is {what}. Nothing was changed.\n", path
    assert names(database)[-1] == "Later"


async def test_restore_is_refused_while_the_lock_is_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    backup = await make_backup(tmp_path, "Оля")
    lock = ProcessLock(tmp_path / "bot.sqlite3")
    lock.acquire()
    try:
        before = snapshot(tmp_path)
        code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
    finally:
        lock.release()
    assert code == 1 and out == ""
    assert err == (f"error: a bot process (pid {os.getpid()}) is running on "
                   f"{tmp_path / 'bot.sqlite3'}; stop it first, then restore. "
                   "Nothing was changed.\n")
    assert snapshot(tmp_path) == before


def corrupt(path: Path) -> None:
    """Scribble over the middle pages, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    for offset in range(middle * page, (middle + 3) * page, 7):
        data[offset] = (data[offset] + 0x5A) % 256
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("case", ["damaged", "not sqlite", "empty", "newer", "no bot data",
                                  "missing"])
async def test_restore_refuses_a_bad_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    case: str,
) -> None:
    backup = await make_backup(tmp_path, *(f"Ученик {n}" for n in range(300)))
    if case == "damaged":
        corrupt(backup)
    elif case == "not sqlite":
        backup.write_text("name;phone\nОля;+7900\n", encoding="utf-8")
    elif case == "empty":
        backup.write_bytes(b"")
    elif case == "newer":
        with sqlite3.connect(backup) as conn:
            conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    elif case == "no bot data":
        backup.unlink()
        with sqlite3.connect(backup) as conn:
            conn.execute("CREATE TABLE other (x)")
    else:
        backup.unlink()
    before = snapshot(tmp_path)
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
    assert code == 1 and out == ""
    expected = {
        "damaged": f"{backup} is damaged",
        "not sqlite": f"{backup} is not a SQLite database",
        "empty": f"{backup} is not a SQLite database",
        "newer": f"{backup} was written by a newer version of the bot (schema "
                 f"{latest_version() + 1}, this one knows {latest_version()}); update the "
                 "bot first.",
        "no bot data": f"{backup} holds no data of this bot",
        "missing": f"{backup} does not exist",
    }[case]
    assert err.startswith(f"error: {expected}"), err
    assert err.endswith(" Nothing was changed.\n") and err.count("\n") == 1
    # the lock file may be new; nothing else is
    after = snapshot(tmp_path)
    after.pop("bot.sqlite3.lock")
    assert after == before
    assert names(tmp_path / "bot.sqlite3")[-1] == "Later"


async def test_restore_puts_the_backup_in_place_and_keeps_the_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    backup = await make_backup(tmp_path, "Оля", "Петя")
    database = tmp_path / "bot.sqlite3"
    write_and_die(database, "UPDATE users SET first_name = 'Later, in the WAL' WHERE id = 10000")
    bot_user = 4321
    if os.geteuid() == 0:  # restored by root, the database stays the bot's user's
        os.chown(database, bot_user, bot_user)

    code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
    assert (code, err) == (0, "")
    asides = list(tmp_path.glob("bot.sqlite3.before-restore-*"))
    assert len(asides) == 1
    aside = asides[0]
    assert out.startswith(f"Restored {backup} to {database} (")
    assert f", schema {latest_version()}; integrity ok).\n" in out
    assert f"The previous database is kept as {aside}.\n" in out
    assert f"To undo: python -m bot restore {aside}\n" in out
    assert names(database) == ["Оля", "Петя"]
    assert database.stat().st_mode & 0o777 == 0o600
    if os.geteuid() == 0:
        assert (database.stat().st_uid, database.stat().st_gid) == (bot_user, bot_user)
    # the old database whole in one file: its WAL folded in, nothing stale beside the new one
    assert names(aside) == ["Оля", "Петя", "Later, in the WAL"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bot.")) == \
        sorted(["bot.sqlite3", "bot.sqlite3.lock", aside.name])

    # the bot opens it as ever; and the undo it printed works
    await (await Database.open(database)).close()
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(aside))
    assert code == 0, err
    assert names(database)[-1] == "Later, in the WAL"


async def test_a_database_too_damaged_to_open_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """The very case a restore is for: the bot refuses the database, the restore does not."""
    backup = await make_backup(tmp_path, "Оля")
    database = tmp_path / "bot.sqlite3"
    database.write_bytes(b"\0" * 8192)
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "backup", "copy.sqlite3")
    assert code == 2 and "it is not a SQLite database" in err
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
    assert code == 0, err
    assert names(database) == ["Оля"]
    (aside,) = tmp_path.glob("bot.sqlite3.before-restore-*")
    assert aside.read_bytes() == b"\0" * 8192
    assert f"To undo: python -m bot restore {aside}" in out


async def test_a_backup_with_its_wal_beside_it_is_restored_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A database copied with its -wal (or set aside with it) is restored with what the WAL
    holds, and no WAL is left beside the restored database."""
    backup = await make_backup(tmp_path, "Оля")
    write_and_die(backup, "UPDATE users SET first_name = 'Оля (WAL)' WHERE id = 1")
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(backup))
    assert code == 0, err
    assert names(tmp_path / "bot.sqlite3") == ["Оля (WAL)"]
    assert not (tmp_path / "bot.sqlite3-wal").exists()
    assert not list(tmp_path.glob("bot.sqlite3.restoring*"))


async def test_an_older_backup_is_restored_and_migrated_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    old = tmp_path / "old.sqlite3"
    await (await Database.open(old, migrate_to=3)).close()
    fill(old, 1, first_id=1)
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "restore", str(old))
    assert code == 0, err
    assert f"schema 3, brought up to {latest_version()} at the next start" in out
    assert "There was no database at" in out
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        assert await db.user_version() == latest_version()
        assert await db.fetchval("SELECT count(*) FROM users WHERE id = 1") == 1
    finally:
        await db.close()


# ---- the nightly backup -----------------------------------------------------------------


def nightly(settings: Settings, folder: Path, keep: int = 3) -> Settings:
    return settings.model_copy(update={"backup_dir": folder, "backup_keep": keep})


async def test_nightly_names_by_local_date_and_keeps_the_last_n(
    app: App, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    folder = tmp_path / "backups"
    config = nightly(settings, folder)
    caplog.set_level(logging.INFO, logger="bot.ops.backups")
    # 00:30 UTC is 03:30 in Moscow
    first = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    with time_machine.travel(first - timedelta(hours=1)):  # 23:30 UTC: already the 1st there
        await nightly_backup(config, app.db, app.repos)
    assert sorted(p.name for p in folder.iterdir()) == ["kvantorium-2026-03-01.sqlite3"]
    assert folder.stat().st_mode & 0o777 == 0o700
    assert "Backup written: kvantorium-2026-03-01.sqlite3 (" in caplog.text

    # files that are not nightly backups are never touched; a crash's leftovers are removed
    keep = ["notes.txt", "kvantorium-2026-01-01.sqlite3.bak", "kvantorium-latest.sqlite3"]
    for name in keep:
        (folder / name).write_text("mine\n", encoding="utf-8")
    (folder / "kvantorium-2026-02-27.sqlite3.partial").write_bytes(b"half")
    (folder / "kvantorium-2026-02-27.sqlite3.partial-journal").write_bytes(b"half")
    for day in range(1, 6):
        with time_machine.travel(first + timedelta(days=day)):
            await nightly_backup(config, app.db, app.repos)
    backups = sorted(p.name for p in folder.iterdir() if p.name not in keep)
    assert backups == ["kvantorium-2026-03-04.sqlite3", "kvantorium-2026-03-05.sqlite3",
                       "kvantorium-2026-03-06.sqlite3"]
    for name in backups:
        assert (folder / name).stat().st_mode & 0o777 == 0o600
        assert integrity(folder / name) == "ok"
    for name in keep:
        assert (folder / name).read_text(encoding="utf-8") == "mine\n"
    assert "Old backups removed: kvantorium-2026-03-01.sqlite3" in caplog.text
    assert not await app.db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'ops'")


async def admins(app: App) -> None:
    users = app.repos.users
    people: list[tuple[int, str, StaffRole]] = [
        (ADMIN_ID, "ru", "admin"), (EN_ADMIN, "en", "admin"), (STAFF, "ru", "staff")]
    for uid, lang, role in people:
        await users.create(uid, language=lang, first_name=f"U{uid}", username=None,
                           staff_role=role)
        app.emulator.add_user(uid, f"U{uid}", lang)


async def test_a_failing_nightly_backup_is_told_once_and_so_is_the_recovery(
    app: App, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    await admins(app)
    folder = tmp_path / "backups"
    folder.write_text("a file where the folder should be\n", encoding="utf-8")
    config = nightly(settings, folder)
    first = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)
    for day in range(3):
        with time_machine.travel(first + timedelta(days=day)):
            await nightly_backup(config, app.db, app.repos)
            await app.deliver()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 3
    assert all("Not a directory" in r.getMessage() for r in errors)
    assert await app.db.fetchval("SELECT value FROM kv WHERE name = ?", (FAILING_SINCE,))

    ru = texts_to(ADMIN_ID)(app.emulator)
    en = texts_to(EN_ADMIN)(app.emulator)
    assert len(ru) == 1 and len(en) == 1
    assert ru[0].startswith("⚠️ Резервная копия базы не создана")
    assert f"Папка: {folder}" in ru[0] and "Not a directory" in ru[0]
    assert "завтра в 03:30" in ru[0]
    assert en[0].startswith("⚠️ The database backup was not written")
    assert not app.emulator.sent(STAFF)

    folder.unlink()
    for day in range(3, 5):
        with time_machine.travel(first + timedelta(days=day)):
            await nightly_backup(config, app.db, app.repos)
            await app.deliver()
    ru = texts_to(ADMIN_ID)(app.emulator)
    en = texts_to(EN_ADMIN)(app.emulator)
    assert len(ru) == 2 and len(en) == 2
    assert ru[1].startswith("✅ Резервные копии снова создаются: kvantorium-2026-03-04.sqlite3")
    assert ru[1].endswith("Сбой длился с 1 марта.")
    assert "МБ)" in ru[1]
    assert en[1].startswith("✅ Backups work again: kvantorium-2026-03-04.sqlite3")
    assert en[1].endswith("They had been failing since 1 March.")
    assert await app.db.fetchval("SELECT value FROM kv WHERE name = ?", (FAILING_SINCE,)) \
        is None

    # a new failure later is news again
    (folder / "kvantorium-2026-03-07.sqlite3").mkdir()
    with time_machine.travel(first + timedelta(days=6)):
        await nightly_backup(config, app.db, app.repos)
        await app.deliver()
    assert len(texts_to(ADMIN_ID)(app.emulator)) == 3
    assert await app.db.fetchval(
        "SELECT count(*) FROM outbox WHERE kind = 'ops' AND staff_only = 1") == 6


def test_backup_and_restore_are_in_the_help() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True,
                            text=True, cwd=ROOT, timeout=30, check=False)
    assert "backup" in result.stdout and "restore" in result.stdout
