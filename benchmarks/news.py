"""How fast people page through the news feed.

    .venv/bin/python benchmarks/news.py [--quick]

On a temporary SQLite database holding 100 000 users, 40 partners and 10 000 published posts
(written with bulk SQL: a post every few hours over three years, each of one quantum or none,
a fifth of them a partner's project, a tenth with a photo), requests per second in one
process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated Bot API, no
network), Update objects built beforehand. A pool of users, each on the feed message /news
sent them, press ◀️ ▶️ between two neighbouring pages — every user their own pair, among the
first hundred pages, so every edit changes the text — and a quarter of them do the same in
the feed filtered by a quantum. Beside it, in the same run, the bare aiogram echo and press of
benchmarks/bare_bot.py on the same pool (the press edits with a keyboard shaped like a feed
page's).

Also printed, without a floor: the same presses right after a post is published (the feed's
memory dropped, every page read and rendered again); for reference, the same users paging
the catalogue of quanta (CataloguePage: screens rendered once for the bot's lifetime, the
cheapest press the bot has); and the feed cache's hits and misses during the timed rounds (a
miss is a database read).

Floor: the feed's ◀️ ▶️ ≥ 0.4 × the bare echo.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import platform
import random
import tempfile
import time as timer
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiogram
from aiogram.types import InlineKeyboardMarkup

from benchmarks.common import (
    ANSWER,
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    DB_USERS,
    EDIT,
    OurBot,
    Person,
    Sample,
    bare_throughput,
    fill_users,
    population,
    table,
)
from bot.ui.callbacks import CataloguePage, NewsFeed
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.news import PostContent

FLOOR = 0.4
POSTS = 10_000
PARTNERS = 40
FEED_PAGES = 100  # the pages people press among
QUANTUM_PAGES = 20  # of a quantum's feed
BODY = ("Команда квантума собрала <b>прототип {n}</b> и показала его на защите проектов.\n"
        "Подробности — у наставников.")


@dataclass(frozen=True)
class Plan:
    pool: int  # users who press, timed
    rounds: int  # each user's presses (◀️ or ▶️ in turn)
    bare_rounds: int  # the bare bot's messages and presses per user


FULL = Plan(pool=1000, rounds=6, bare_rounds=BARE_ROUNDS)
QUICK = Plan(pool=300, rounds=4, bare_rounds=BARE_ROUNDS_QUICK)


async def seed_news(db: Database, quanta: list[str], rng: random.Random) -> None:
    """Partners and published posts, newest every few hours back from now, in one
    transaction."""
    now = utcnow()
    stamp = to_db(now)
    partners = [(i + 1, f"Партнёр {i + 1}", f"partner {i + 1}", f"Компания номер {i + 1}",
                 stamp, stamp) for i in range(PARTNERS)]
    posts = []
    for n in range(POSTS):
        published = to_db(now - timedelta(hours=2.6 * (POSTS - n)))
        quantum = rng.choice(quanta) if rng.random() < 0.9 else None
        partner = rng.randint(1, PARTNERS) if rng.random() < 0.2 else None
        photo = f"AgACAgIAAxkBAAI{n:06d}" if rng.random() < 0.1 else None
        posts.append((f"Проект {n}: модель, прототип и защита", BODY.format(n=n), photo,
                      quantum, partner, 9001, "published", published, published, published))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO partners (id, name, name_key, description, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", partners)
        await conn.executemany(
            "INSERT INTO posts (title, body, photo, quantum_code, partner_id, author_id,"
            " status, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)", posts)


def feed_keyboard(rows: int = 9) -> InlineKeyboardMarkup:
    """A keyboard shaped like a feed page's (five posts, ◀️ ▶️, filter and partners, menu),
    for the bare press."""
    sizes = [1, 1, 1, 1, 1, 2, 2, 1][:rows]
    buttons = [[{"text": f"{r}.{c} кнопка ленты", "callback_data": f"nf:{r}:{c}"}
                for c in range(size)] for r, size in enumerate(sizes)]
    return InlineKeyboardMarkup.model_validate({"inline_keyboard": buttons})


@dataclass
class Result:
    echo: Sample
    press: Sample
    feed: Sample
    quantum: Sample
    cold: Sample
    catalogue: Sample
    fill_seconds: float
    hits: int
    misses: int
    problems: list[str]


def pages_of(index: int, quanta: list[str]) -> tuple[str, int]:
    """The filter (a quantum's code, or '' for all) and the first of the two pages this user
    presses between."""
    if index % 4 == 3:
        return quanta[index % len(quanta)], index % (QUANTUM_PAGES - 1)
    return "", index % (FEED_PAGES - 1)


async def run(plan: Plan) -> Result:
    rng = random.Random(20_261_201)
    everyone = population(DB_USERS)
    people: list[Person] = rng.sample(everyone, plan.pool)
    echo, press = await bare_throughput(plan.bare_rounds, people, feed_keyboard())
    with tempfile.TemporaryDirectory(prefix="bench-news-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3", user_updates_per_minute=0)
        quanta = [q.code for q in app.catalogue.quanta]
        db = app.db
        try:
            started = timer.perf_counter()
            await fill_users(db, everyone)
            await seed_news(db, quanta, rng)
            fill_seconds = timer.perf_counter() - started
            h = app.harness(people)
            built = app.built
            ids = [p.id for p in people]
            await h.feed([h.message(u, "/news") for u in ids])
            targets = {u: h.newest_bot_message(u) for u in ids}
            plans = {u: pages_of(i, quanta) for i, u in enumerate(ids)}

            def presses(r: int, only_filtered: bool | None = None) -> list[Any]:
                return [
                    h.press(u, targets[u], NewsFeed(page=plans[u][1] + r % 2,
                                                    quantum=plans[u][0]).pack())
                    for u in ids if only_filtered is None or bool(plans[u][0]) == only_filtered
                ]

            # warm-up: every user's both pages
            await h.feed(presses(1))
            await h.feed(presses(0))
            views = built[0][1].news_views
            hits, misses = views.hits, views.misses
            feed, quantum = Sample(), Sample()
            for r in range(1, plan.rounds + 1):
                feed += await h.feed(presses(r, only_filtered=False))
                quantum += await h.feed(presses(r, only_filtered=True))
            hits, misses = views.hits - hits, views.misses - misses
            catalogue_pages = Sample()
            await h.feed([h.press(u, targets[u], CataloguePage(page=0).pack()) for u in ids])
            for r in range(1, plan.rounds + 1):
                catalogue_pages += await h.feed(
                    [h.press(u, targets[u], CataloguePage(page=r % 2).pack()) for u in ids])
            cold = Sample()
            for r in range(plan.rounds + 1, plan.rounds + 3):
                # a new post: the next presses read and render their pages again
                await built[0][1].news.create(
                    PostContent(title=f"Свежий проект {r}", body="Текст"), by=9001,
                    today=utcnow().date())
                cold += await h.feed(presses(r))
            await h.close()
        finally:
            await app.close()
    problems = []
    for name, sample in (("feed", feed), ("feed by quantum", quantum), ("after a post", cold),
                         ("catalogue", catalogue_pages)):
        problems += [f"{name}: {count} x {error}" for error, count in sample.errors.items()]
        calls = {ANSWER: sample.updates, EDIT: sample.updates}
        if dict(sample.calls) != calls:
            problems.append(f"{name}: Bot API calls {dict(sample.calls)}, expected {calls}")
    return Result(echo, press, feed, quantum, cold, catalogue_pages, fill_seconds, hits, misses,
                  problems)


def report(result: Result, plan: Plan) -> bool:
    print(f"News feed benchmark — aiogram {aiogram.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}")
    print()
    print(f"  {DB_USERS:,} users, {POSTS:,} posts, {PARTNERS} partners written in "
          f"{result.fill_seconds:.1f} s; pool of {plan.pool:,} users, {plan.rounds} presses "
          "each")
    echo, press = result.echo.rate, result.press.rate
    rows = [
        ["bare echo", f"{result.echo.updates:,}", f"{echo:,.0f}", "1.00", "",
         f"{result.echo.emulator_share:.0%}", ""],
        ["bare press (edit)", f"{result.press.updates:,}", f"{press:,.0f}",
         f"{press / echo:.2f}", "1.00", f"{result.press.emulator_share:.0%}", ""],
    ]
    ok = True
    for name, sample, floored in (("feed ◀️ ▶️", result.feed, True),
                                  ("feed by quantum ◀️ ▶️", result.quantum, True),
                                  ("after a new post", result.cold, False),
                                  ("catalogue page (reference)", result.catalogue, False)):
        ratio = sample.rate / echo if echo else 0.0
        if floored:
            ok = ok and ratio >= FLOOR
        rows.append([name, f"{sample.updates:,}", f"{sample.rate:,.0f}", f"{ratio:.2f}",
                     f"{sample.rate / press:.2f}", f"{sample.emulator_share:.0%}",
                     ("PASS" if ratio >= FLOOR else "FAIL") if floored else "(no floor)"])
    print(table(["requests", "updates", "per second", "× echo", "× press", "Bot API",
                 f"floor {FLOOR}"], rows))
    print("  (Bot API: the share of the time spent in the emulated Telegram)")
    print(f"  cache during the timed presses: {result.hits:,} hits, {result.misses:,} misses "
          "(a miss reads the database)")
    for problem in result.problems:
        print(f"  ! {problem}")
    ok = ok and not result.problems
    print(f"  {'PASS' if ok else 'FAIL'}: the feed's pages at ≥ {FLOOR} × the bare echo")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a shorter run (fewer presses)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    report(asyncio.run(run(plan)), plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
