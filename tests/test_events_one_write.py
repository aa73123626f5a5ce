"""«✅ Записаться» as one write: the registration, its seats, the ticket, the reminders and the
end of the form commit together or not at all (a failed write keeps the form, and «🔁 Ещё
раз» registers); and the registration made in one trip to the database's thread writes what
the transaction of awaits writes, for every outcome."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import Texts
from bot.services import event_booking_trip, event_seating
from bot.services.catalogue import Catalogue
from bot.services.event_booking_rules import Booked, ChildIn, Request
from bot.settings import Settings
from bot.ui.callbacks_event_booking import EbGo
from storage.db import Database
from tests.helpers.events import NOW, add_event, add_family, add_pupil, booking, born, kids
from tests.helpers.harness import App, make_app

T0 = NOW.astimezone(UTC)
pytestmark = pytest.mark.usefixtures("frozen")  # the tests' NOW, the clock standing still


async def form_of(app: App, user_id: int) -> str | None:
    """The state of the person's conversation as stored (None: no form)."""
    value = await app.db.fetchval("SELECT state FROM fsm_states WHERE key GLOB ?",
                                  (f"*:{user_id}:{user_id}:*",))
    return None if value is None else str(value)


async def written(app: App, event_id: int) -> tuple[int, int, int]:
    """The event's registrations, seats and outbox rows."""
    counts = []
    for sql in ("SELECT count(*) FROM event_registrations WHERE event_id = ?",
                "SELECT count(*) FROM event_seats WHERE event_id = ?",
                "SELECT count(*) FROM outbox WHERE dedupe_key GLOB 'ev:' || ? || ':*'"):
        counts.append(int(await app.db.fetchval(sql, (event_id,))))
    return counts[0], counts[1], counts[2]


async def to_summary(app: App, user_id: int, new_child: bool) -> None:
    """Through the form to its summary: a known child, or a child new to the technopark
    (whose consent the parent gives)."""
    chat = app.chat(user_id)
    await chat.send("/start ev_robo-mk")
    await chat.press("✍️ Записаться")
    if new_child:
        await chat.press("➕ Другой ребёнок")
        await chat.send("Иванов Ваня")
        await chat.send(born(8).strftime("%d.%m.%Y"))
    else:
        await chat.press("Иванова Маша")
    await chat.press("➡️ Дальше")
    await chat.press("1")
    await chat.send("8 912 345-67-89")
    if new_child:
        await chat.press("✅ Согласен(на)")
    assert "Взрослых: 1" in chat.last_text()


async def test_the_registration_and_the_end_of_its_form_are_one_commit(app: App) -> None:
    event = await add_event(app, seats=5)
    await add_family(app, 1001, [("Иванова Маша", 9)])
    await to_summary(app, 1001, new_child=False)
    assert await form_of(app, 1001) == "EventSignup:summary"
    before = app.db.commits
    chat = app.chat(1001)
    await chat.press("✅ Записаться")
    assert "Место есть у: Иванова Маша" in chat.last_text()
    assert app.db.commits == before + 1
    assert await form_of(app, 1001) is None
    registrations, seats, queued = await written(app, event)
    assert (registrations, seats) == (1, 1) and queued == 3  # the ticket, two reminders
    # the summary's button, pressed again (it was replaced by the answer): the form is over
    await chat.press_data(EbGo(action="submit").pack())
    assert chat.last_text().startswith("Эта кнопка от старой записи.")
    assert await written(app, event) == (1, 1, 3)


@pytest.mark.parametrize("new_child", [False, True], ids=["known child", "new child"])
async def test_a_failed_registration_keeps_the_form_and_try_again_registers(
    app: App, monkeypatch: pytest.MonkeyPatch, new_child: bool
) -> None:
    event = await add_event(app, seats=5)
    await add_family(app, 1001, [("Иванова Маша", 9)])
    await to_summary(app, 1001, new_child)

    def failing(*args: object, **kwargs: object) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    async def failing_async(*args: object, **kwargs: object) -> bool:
        failing()
        return False

    # the ticket's row fails, after the registration and its seats were written
    monkeypatch.setattr(event_booking_trip, "enqueue_here", failing)
    monkeypatch.setattr(event_seating, "enqueue", failing_async)
    chat = app.chat(1001)
    await chat.press("✅ Записаться")
    assert chat.last_text().startswith("⚠️ Не получилось сохранить")
    assert await written(app, event) == (0, 0, 0)
    assert await form_of(app, 1001) == "EventSignup:summary"
    monkeypatch.undo()
    await chat.press("🔁 Ещё раз")
    name = "Иванов Ваня" if new_child else "Иванова Маша"
    assert f"Место есть у: {name}" in chat.last_text()
    assert (await written(app, event))[:2] == (1, 1)
    assert await form_of(app, 1001) is None


# ---- one trip, or the transaction of awaits: the same rows ------------------------------


async def scenario(app: App) -> list[Any]:
    """Registrations of every outcome the one trip makes, and what they wrote."""
    event = await add_event(app, seats=2, companions=1)
    a, (masha, petya) = await add_family(app, 1001, [("Иванова Маша", 9), ("Иванов Петя", 8)])
    b, (anya, borya) = await add_family(app, 1002, [("Петрова Аня", 10), ("Петров Боря", 9)],
                                        lang="en")
    c, _ = await add_family(app, 1003, [])
    await add_pupil(app, a, 1004, "Маша")
    unlimited = await add_event(app, "open-day", seats=0, kind="open_day")
    register = booking(app).register

    def known(*pairs: tuple[str, int, int]) -> tuple[ChildIn, ...]:
        return tuple(ChildIn(name, born(age), child_id) for name, age, child_id in pairs)

    results: list[Booked] = [
        await register(Request(event, 1001, a, known(("Иванова Маша", 9, masha)),
                               companions=1, phone="+79123456789"), T0),
        await register(Request(event, 1002, b, known(("Петрова Аня", 10, anya),
                                                     ("Петров Боря", 9, borya))), T0),
        await register(Request(event, 1002, b, known(("Петрова Аня", 10, anya),
                                                     ("Петров Боря", 9, borya)),
                               mode="split"), T0),
        await register(Request(event, 1003, c, kids(("Гоша", 10))), T0),
        await register(Request(event, 1001, a, known(("Иванова Маша", 9, masha))), T0),
        await register(Request(event, 1001, a, known(("Иванов Петя", 8, petya)),
                               companions=3), T0),
        await register(Request(event, 1001, a, known(("Иванов Петя", 8, petya)),
                               companions=2), T0),
        await register(Request(event, 1003, c, kids(("Старший", 16))), T0),
        await register(Request(999, 1003, c, kids(("Гоша", 10))), T0),
        # a pupil's own account registering a young brother: the parents read it too
        await register(Request(unlimited, 1004, a, known(("Иванов Петя", 8, petya))), T0),
    ]
    codes = {r["code"]: f"CODE{r['id']}" for r in await app.db.fetchall(
        "SELECT id, code, token FROM event_registrations")}
    codes |= {r["token"]: f"TOKEN{r['id']}" for r in await app.db.fetchall(
        "SELECT id, token FROM event_registrations")}

    def plain(payload: str) -> Any:
        return json.loads(re.sub("|".join(map(re.escape, codes)),
                                 lambda m: codes[m.group(0)], payload))

    rows = [tuple(r[:-1]) + (plain(r[-1]),) for r in await app.db.fetchall(
        "SELECT kind, chat_id, dedupe_key, due_at, expires_at, priority, status, family_id,"
        " payload FROM outbox ORDER BY id")]
    seats = [tuple(r) for r in await app.db.fetchall(
        "SELECT registration_id, event_id, child_id, name, birth_date, status, queued_at"
        " FROM event_seats ORDER BY id")]
    regs = [tuple(r) for r in await app.db.fetchall(
        "SELECT id, event_id, user_id, family_id, companions, phone FROM event_registrations"
        " ORDER BY id")]
    return [results, rows, seats, regs]


async def test_one_trip_writes_what_the_transaction_of_awaits_writes(
    app: App, migrated: Path, tmp_path: Path, settings: Settings, catalogue: Catalogue,
    texts: Texts, monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = await scenario(app)
    outcomes = [b.outcome for b in here[0]]
    assert outcomes == ["booked", "choose", "booked", "booked", "already", "companions",
                        "booked", "age", "gone", "booked"]
    assert [b.position for b in here[0] if b.outcome == "booked"] == [0, 1, 2, 3, 0]
    assert [row[1] for row in here[1] if row[2].startswith("ev:2:ticket:")] == [1004, 1001]
    path = tmp_path / "awaits.sqlite3"
    shutil.copyfile(migrated, path)
    other = await Database.open(path)
    try:
        monkeypatch.setattr(event_booking_trip.RegisterHere, "_booked_here",
                            lambda *args: None)  # always the transaction of awaits
        awaited = await scenario(make_app(other, settings, catalogue, texts))
    finally:
        await other.close()
    assert here == awaited
