"""Fixtures: a clean environment, the texts and catalogue, a database per test (a copy of one
migrated once), and a running bot from the harness (tests/helpers/harness.py).

The bot and its libraries are imported by the fixtures, not here: with xdist the controlling
process loads this file too, only for its hooks, and importing aiogram costs it seconds of
CPU before it starts the first worker."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import hypothesis
import pytest

if TYPE_CHECKING:
    import time_machine

    from bot.i18n import Texts
    from bot.local.chat import LocalChat
    from bot.services.catalogue import Catalogue
    from bot.settings import Settings
    from storage.db import Database
    from tests.helpers.harness import App

# the test modules' compiled form (their asserts rewritten by pytest) is kept in __pycache__
# even where PYTHONDONTWRITEBYTECODE is set: otherwise every test worker rewrites every test
# module again on every run, about 8 s of CPU each, before the first test starts
sys.dont_write_bytecode = False

# property tests check results, not speed: on a busy machine an example may take longer than
# hypothesis's 200 ms deadline without anything being wrong
hypothesis.settings.register_profile("no-deadline", deadline=None)
hypothesis.settings.load_profile("no-deadline")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Where tests run (not in xdist's controller): the texts parsed once, and the forking
    interpreter for `python -m bot` forked from here, before any test (tests/helpers/warm.py):
    its bots start with the libraries imported and the texts parsed."""
    if session.config.pluginmanager.hasplugin("dsession"):
        return
    _parse_each_text_once()
    from bot.i18n import Texts
    from tests.helpers.warm import FORKER

    Texts()
    FORKER.start_here()


def _parse_each_text_once() -> None:
    """Fluent's parser keeps what it parsed, by the file's text: every `Texts()` of the run
    (the fixture's, each command run in this process, each bot forked from it) would parse
    the same .ftl files again, about 2 s of CPU each time. Only the parsing is shared: a
    changed file is parsed anew, and every bundle is built from the syntax tree as before."""
    from fluent import syntax

    original = syntax.FluentParser
    parsed: dict[tuple[bool, str], syntax.ast.Resource] = {}

    class ParseOnce(original):  # type: ignore[misc,valid-type]
        def parse(self, source: str) -> syntax.ast.Resource:
            key = (self.with_spans, source)
            if key not in parsed:
                parsed[key] = super().parse(source)
            return parsed[key]

    syntax.FluentParser = ParseOnce  # type: ignore[misc]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow (real bot processes, the crawl, a thousand groups) are dealt out: each
    worker's share of the run (pytest-xdist gives each a stretch of this order) starts with
    its part of them, so none is left finishing a long test alone at the end."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    rest = [item for item in items if item.get_closest_marker("slow") is None]
    share = -(-len(rest) // workers)  # rounded up
    items[:] = [
        item for n in range(workers)
        for item in (*slow[n::workers], *rest[n * share:(n + 1) * share])
    ]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's own environment: every variable the settings know is
    cleared (and `.env` is not read: the fixtures pass `_env_file=None`)."""
    from bot.settings import Settings

    known = {name.upper() for name in Settings.model_fields}
    for name in list(os.environ):
        if name.upper() in known:
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _own_logging() -> Iterator[None]:
    """A test that sets up the bot's logging (as `python -m bot` does, to the standard error
    of that moment) leaves no handler behind: a later test's log line would go to a stream
    pytest has closed since, and print «--- Logging error ---» into that test's output."""
    root = logging.getLogger()
    before, level = set(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before and not type(handler).__module__.startswith("_pytest"):
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """The tests' NOW (Monday 30 November 2026, 09:00 in Moscow), the clock standing still;
    `frozen.shift(seconds)` moves it on."""
    import time_machine

    from tests.helpers.schedule import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def texts() -> Texts:
    from bot.i18n import Texts

    return Texts()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    from bot.services.catalogue import load_catalogue
    from bot.settings import DEFAULT_CATALOGUE

    return load_catalogue(DEFAULT_CATALOGUE)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with every migration applied, made once for the session."""
    from storage.db import Database

    path = tmp_path_factory.mktemp("migrated") / "bot.sqlite3"

    async def create() -> None:
        await (await Database.open(path)).close()

    asyncio.run(create())
    # the last connection closed folded the WAL into the file: the file alone is the database
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    from bot.settings import Settings
    from tests.helpers.harness import ADMIN_ID

    return Settings(
        _env_file=None,
        database_path=tmp_path / "bot.sqlite3",
        admin_ids=frozenset({ADMIN_ID}),
        send_rate=1000,
        send_rate_per_chat=100,
    )


@pytest.fixture
async def db(
    settings: Settings, catalogue: Catalogue, migrated: Path
) -> AsyncIterator[Database]:
    """Real migrations, run once: each test's database starts as a copy of `migrated`."""
    from storage.db import Database
    from storage.quanta import QuantaRepo

    shutil.copyfile(migrated, settings.database_path)
    database = await Database.open(settings.database_path)
    await QuantaRepo(database).sync(q.model_dump() for q in catalogue.quanta)
    yield database
    await database.close()


@pytest.fixture
def app(db: Database, settings: Settings, catalogue: Catalogue, texts: Texts) -> App:
    from tests.helpers.harness import make_app

    return make_app(db, settings, catalogue, texts)


@pytest.fixture
def chat(app: App) -> LocalChat:
    return app.chat()


@pytest.fixture
def en_chat(app: App) -> LocalChat:
    return app.chat(user_id=1002, language_code="en", first_name="Anna")


@pytest.fixture
def project_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parent.parent
